"""One fault, one message: the same fault gives the same ValueError text everywhere.

Every public function that takes a distribution is registered below (``REGISTRY``)
through each of its distribution arguments.  Each fault (NaN, infinities, a
negative entry, an entry above 1, a bad sum, empty input, a scalar, a wrong dtype,
a ragged list, a bad base, a bad axis) is fed to every entry, as a short list and
padded to a long array (the fast route's two paths), and the message must be
exactly the one ``infocourse._validation`` gives for that fault and argument name:
so the messages agree with each other, and every function validates through the
one module.

To register a function, add a ``Takes`` line: ``call(d, **kw)`` must place the
faulty distribution ``d`` in the argument named ``arg`` and fill the others with
valid values (``good_like(d)`` is a valid distribution of ``d``'s shape).

Functions whose distribution argument is 1-D only, or that take no ``base=``
or ``axis=``, say so in their ``Takes`` line; the form and content faults apply to
all of them.  Optional distributions that default to uniform (``signals``'
``p=None``) are called with a value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import infocourse as ic
from infocourse import _validation, coding, handcalc, losses, numerics, optim, signals


def size_of(d: object) -> int:
    """The number of outcomes of ``d`` if it is a usable 1-D shape, else 2."""
    try:
        shape = np.shape(d)
    except ValueError:  # ragged
        return 2
    return shape[0] if len(shape) == 1 and shape[0] else 2


def good_like(d: object) -> object:
    """A valid distribution of the shape of ``d``; [0.5, 0.5] when ``d`` has none."""
    try:
        shape = np.shape(d)
    except ValueError:  # ragged
        return [0.5, 0.5]
    if not shape or 0 in shape:
        return [0.5, 0.5]
    return np.full(shape, 1.0 / shape[-1])


@dataclass(frozen=True)
class Takes:
    """A public function, seen through one of its distribution arguments."""

    label: str
    call: Callable[..., object]
    arg: str = "p"
    #: takes ``base=``
    base: bool = True
    #: how the axis message names the arguments (``None``: no ``axis=`` argument)
    axis: str | None = "p"
    #: accepts 1-D distributions only
    one_d: bool = False
    #: ``None`` is a valid value (the uniform distribution), not a fault
    optional: bool = False


def both(name: str, fn: Callable[..., object], **flags: object) -> list[Takes]:
    """``fn(p, q)`` seen through ``p`` and through ``q`` (the other one valid)."""
    return [
        Takes(f"{name} (p)", lambda d, **kw: fn(d, good_like(d), **kw), **flags),
        Takes(f"{name} (q)", lambda d, **kw: fn(good_like(d), d, **kw), arg="q", **flags),
    ]


#: A function of 1-D distributions only, with neither ``base=`` nor ``axis=``.
ONE_D = {"base": False, "axis": None, "one_d": True}

REGISTRY = [
    Takes("entropy", lambda d, **kw: ic.entropy(d, **kw)),
    *both("cross_entropy", ic.cross_entropy, axis="p and q"),
    *both("kl_divergence", ic.kl_divergence, axis="p and q"),
    *both("kl_terms", ic.kl_terms, axis=None, one_d=True),
    *both("js_divergence", ic.js_divergence, axis="p and q"),
    *both("perplexity", losses.perplexity, base=False, axis="p and q"),
    Takes("hand_entropy", lambda d, **kw: handcalc.hand_entropy(d, **kw), **ONE_D),
    *both("hand_cross_entropy", handcalc.hand_cross_entropy, **ONE_D),
    *both("hand_kl", handcalc.hand_kl, **ONE_D),
    Takes(
        "ideal_code_lengths",
        lambda d, **kw: coding.ideal_code_lengths(d, **kw),
        arg="q",
        axis=None,
        one_d=True,
    ),
    Takes(
        "shannon_code_lengths",
        lambda d, **kw: coding.shannon_code_lengths(d, **kw),
        arg="q",
        **ONE_D,
    ),
    Takes("huffman_lengths", lambda d, **kw: coding.huffman_lengths(d, **kw), **ONE_D),
    Takes(
        "expected_code_length",
        lambda d, **kw: coding.expected_code_length(d, np.ones(size_of(d)), **kw),
        **ONE_D,
    ),
    Takes(
        "signal_power",
        lambda d, **kw: signals.signal_power(np.arange(size_of(d), dtype=float), d, **kw),
        optional=True,
        **ONE_D,
    ),
    Takes(
        "received_distribution",
        lambda d, **kw: signals.received_distribution(d, np.eye(size_of(d)), **kw),
        **ONE_D,
    ),
    Takes(
        "symbol_error_rate",
        lambda d, **kw: signals.symbol_error_rate(d, np.eye(size_of(d)), **kw),
        **ONE_D,
    ),
    Takes(
        "cross_entropy_gradient",
        lambda d, **kw: optim.cross_entropy_gradient(d, np.zeros(size_of(d)), **kw),
        **ONE_D,
    ),
    Takes(
        "kl_gradient",
        lambda d, **kw: optim.kl_gradient(d, np.zeros(size_of(d)), **kw),
        **ONE_D,
    ),
    *both("kl_by_subtraction", numerics.kl_by_subtraction, **ONE_D),
    *both("kl_clipped", numerics.kl_clipped, **ONE_D),
    both("kl_naive_log_ratio", numerics.kl_naive_log_ratio, **ONE_D)[0],
    *both("kl_reference", numerics.kl_reference, **ONE_D),
]

#: Faults in the entries: each is also tried padded with zeros to 40 entries.
CONTENT = {
    "NaN": [0.5, math.nan],
    "+inf": [0.5, math.inf],
    "-inf": [-math.inf, 1.0],
    "negative entry": [0.6, -0.1, 0.5],
    "entry above 1": [1.5, -0.5],
    "sum 0.9": [0.3, 0.6],
    "sum just above tolerance": [0.5, 0.5 + 2e-6],
}

#: Faults in the form of the input.
FORM = {
    "empty": [],
    "empty 2-D": np.zeros((3, 0)),
    "scalar": 0.5,
    "strings": ["0.5", "0.5"],
    "bools": [True, False],
    "complex": [0.5 + 0j, 0.5],
    "ragged": [[0.5, 0.5], [1.0]],
    "None": None,
    "object array": np.array([0.5, None], dtype=object),
}

#: Faults in one distribution of a batch (the message names its index).
BATCH = {
    "row sum": [[0.5, 0.5], [0.3, 0.6], [0.2, 0.2]],
    "entry in a row": [[0.5, 0.5], [0.5, -0.5]],
}

BAD_BASES = [0, 1, 1.0, -2, math.nan, math.inf, "2", True, [2], 1j]
BAD_AXES = [1, -2, 0.5, True, "0", None]


def message(fn: Callable[[], object]) -> str:
    with pytest.raises(ValueError) as err:
        fn()
    return str(err.value)


def expected(bad: object, takes: Takes) -> str:
    """What _validation says about ``bad`` in the argument ``takes.arg``."""
    return message(lambda: _validation.as_distribution(bad, takes.arg))


def padded(values: list[float]) -> np.ndarray:
    return np.array(values + [0.0] * (40 - len(values)))


IDS = [t.label for t in REGISTRY]


@pytest.mark.parametrize("takes", REGISTRY, ids=IDS)
@pytest.mark.parametrize("fault", CONTENT)
@pytest.mark.parametrize("form", ["list", "long array"])
def test_content_faults(takes, fault, form):
    bad = CONTENT[fault] if form == "list" else padded(CONTENT[fault])
    assert message(lambda: takes.call(bad)) == expected(bad, takes)


@pytest.mark.parametrize("takes", REGISTRY, ids=IDS)
@pytest.mark.parametrize("fault", FORM)
def test_form_faults(takes, fault):
    bad = FORM[fault]
    if bad is None and takes.optional:
        pytest.skip("None is this argument's default (the uniform distribution)")
    assert message(lambda: takes.call(bad)) == expected(bad, takes)


@pytest.mark.parametrize(
    "takes", [t for t in REGISTRY if not t.one_d], ids=[t.label for t in REGISTRY if not t.one_d]
)
@pytest.mark.parametrize("fault", BATCH)
def test_batch_faults(takes, fault):
    bad = np.array(BATCH[fault])
    assert message(lambda: takes.call(bad)) == expected(bad, takes)


@pytest.mark.parametrize(
    "takes", [t for t in REGISTRY if t.base], ids=[t.label for t in REGISTRY if t.base]
)
@pytest.mark.parametrize("base", BAD_BASES, ids=repr)
def test_bad_base(takes, base):
    good = [0.25, 0.75]
    assert message(lambda: takes.call(good, base=base)) == message(
        lambda: _validation.log_base(base)
    )


@pytest.mark.parametrize(
    "takes", [t for t in REGISTRY if t.axis], ids=[t.label for t in REGISTRY if t.axis]
)
@pytest.mark.parametrize("axis", BAD_AXES, ids=repr)
def test_bad_axis(takes, axis):
    good = [0.25, 0.75]
    assert message(lambda: takes.call(good, axis=axis)) == message(
        lambda: _validation.check_axis(axis, 1, takes.axis)
    )


def test_a_base_fault_is_reported_before_a_content_fault():
    # the same order everywhere: base, then conversion, shapes, axis, contents
    for takes in [t for t in REGISTRY if t.base]:
        assert message(lambda t=takes: t.call([1.5, -0.5], base=0)).startswith("base ")


def test_registry_messages_agree_with_each_other():
    # The point of the test above, stated directly for one fault and argument p.
    bad = [0.3, 0.6]
    texts = {message(lambda t=t: t.call(bad)) for t in REGISTRY if t.arg == "p"}
    assert texts == {"p must sum to 1 along axis -1 (tolerance 1e-06), got 0.9"}


#: Functions that take one probability (a number in [0, 1]), by argument name.
PROBABILITIES = [
    ("surprise", lambda x: ic.surprise(x), "prob"),
    ("binary", lambda x: ic.binary(x), "p"),
    ("binary_entropy", lambda x: ic.binary_entropy(x), "p"),
]


@pytest.mark.parametrize(
    "fn,arg", [(f, a) for _, f, a in PROBABILITIES], ids=[n for n, _, _ in PROBABILITIES]
)
@pytest.mark.parametrize(
    "bad", [math.nan, -0.1, 1.5, math.inf, -math.inf, "0.5", True, None], ids=repr
)
def test_probability_faults(fn, arg, bad):
    assert message(lambda: fn(bad)) == message(lambda: _validation.as_probability(bad, arg))

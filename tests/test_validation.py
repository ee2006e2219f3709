"""Every fault in the input gives a ValueError naming the argument and the fault.

Each case runs through all public reductions, on the small pure-Python path (lists)
and on the vectorised path (large arrays), which must agree on the messages.
"""

import math
import re
import warnings

import numpy as np
import pytest

import infocourse as ic
from infocourse import SUM_TOLERANCE, cross_entropy, entropy, kl_divergence, normalize

OK = [0.25, 0.75]


def call(fn, bad, which):
    """Call fn with ``bad`` in the position of argument ``which`` ('p' or 'q')."""
    if fn is entropy:
        return fn(bad)
    good = np.full(np.shape(bad), 1.0 / np.shape(bad)[-1]) if np.ndim(bad) else OK
    if isinstance(bad, list) and np.ndim(bad) == 1:
        good = good.tolist()
    return fn(bad, good) if which == "p" else fn(good, bad)


CASES = [
    ([0.5, float("nan")], r"{n} must not contain NaN, found NaN at index 1"),
    ([0.5, float("inf")], r"{n} must contain finite numbers, found inf at index 1"),
    ([float("-inf"), 1.0], r"{n} must contain finite numbers, found -inf at index 0"),
    ([1.5, -0.5], r"{n} must contain probabilities in \[0, 1\], found 1.5 > 1 at index 0"),
    ([-0.1, 1.1], r"{n} must contain probabilities in \[0, 1\], found 1.1 > 1 at index 1"),
    (
        [0.6, -0.1, 0.5],
        r"{n} must contain probabilities in \[0, 1\], found the negative "
        r"entry -0.1 at index 1",
    ),
    ([0.3, 0.6], r"{n} must sum to 1 along axis -1 \(tolerance 1e-06\), got 0.9$"),
    ([0.5, 0.5 + 2e-6], r"{n} must sum to 1 along axis -1 \(tolerance 1e-06\), got 1.000002"),
]


@pytest.mark.parametrize(
    "fn,which",
    [
        (entropy, "p"),
        (cross_entropy, "p"),
        (cross_entropy, "q"),
        (kl_divergence, "p"),
        (kl_divergence, "q"),
    ],
)
@pytest.mark.parametrize("bad,pattern", CASES)
@pytest.mark.parametrize("path", ["small", "array"])
def test_content_faults(fn, which, bad, pattern, path):
    if path == "array":  # pad with zeros past the small-input limit: same message
        bad = np.array(bad + [0.0] * 40)
    with pytest.raises(ValueError, match=pattern.format(n=which)):
        call(fn, bad, which)


def test_tolerance_is_documented_value():
    assert SUM_TOLERANCE == 1e-6
    assert entropy([0.5, 0.5 + 0.9e-6]) > 0  # inside the tolerance


@pytest.mark.parametrize("fn", [entropy, cross_entropy, kl_divergence])
def test_empty(fn):
    args = ([],) if fn is entropy else ([], [])
    with pytest.raises(ValueError, match=r"p must not be empty, got shape \(0,\)"):
        fn(*args)
    with pytest.raises(ValueError, match=r"p must not be empty, got shape \(3, 0\)"):
        fn(*([np.zeros((3, 0))] * len(args)))


@pytest.mark.parametrize("fn", [cross_entropy, kl_divergence])
def test_shape_mismatch_is_not_broadcast(fn):
    msg = r"p and q must have the same shape \(no broadcasting\), got p \(2,\) and q \(3,\)"
    with pytest.raises(ValueError, match=msg):
        fn([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=r"got p \(2, 2\) and q \(2,\)"):
        fn(np.full((2, 2), 0.5), np.array([0.5, 0.5]))


@pytest.mark.parametrize("base", [0, -2, 1, 1.0, float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("fn", [entropy, cross_entropy, kl_divergence])
def test_bad_base(fn, base):
    args = (OK,) if fn is entropy else (OK, OK)
    with pytest.raises(ValueError, match=r"base must be a finite number > 0 and != 1, got"):
        fn(*args, base=base)


@pytest.mark.parametrize("base", ["2", True, [2], 1j])
def test_base_of_wrong_type(base):
    with pytest.raises(ValueError, match=r"base must be a real number > 0 and != 1"):
        entropy(OK, base=base)


@pytest.mark.parametrize("fn", [entropy, cross_entropy, kl_divergence])
def test_axis_out_of_range(fn):
    args = (OK,) if fn is entropy else (OK, OK)
    name = "p" if fn is entropy else "p and q"
    with pytest.raises(
        ValueError,
        match=re.escape(f"axis 1 is out of range for {name} with 1 dimension (valid: -1 to 0)"),
    ):
        fn(*args, axis=1)
    with pytest.raises(ValueError, match=r"axis -3 is out of range .* with 2 dimensions"):
        fn(*[np.full((2, 2), 0.5)] * len(args), axis=-3)
    with pytest.raises(ValueError, match=r"axis must be an integer, got 0.5"):
        fn(*args, axis=0.5)


def test_batch_sum_fault_names_the_row():
    p = np.array([[0.5, 0.5], [0.3, 0.6], [0.2, 0.2]])
    with pytest.raises(
        ValueError,
        match=r"p must sum to 1 along axis -1 \(tolerance 1e-06\), got 0.9 for the "
        r"distribution at index \(1,\) \(2 of 3 distributions are off\)",
    ):
        entropy(p)
    with pytest.raises(ValueError, match=r"q must contain .* at index \(0, 1\)"):
        kl_divergence(np.full((2, 2), 0.5), np.array([[0.5, -0.5], [0.5, 0.5]]))


@pytest.mark.parametrize(
    "bad,pattern",
    [
        ("abc", r"p must contain real numbers, got an array of dtype <U3"),
        (["0.5", "0.5"], r"p must contain real numbers"),
        ([True, False], r"p must contain real numbers, got an array of dtype bool"),
        ([0.5 + 0j, 0.5], r"p must contain real numbers, got an array of dtype complex128"),
        ([[0.5, 0.5], [1.0]], r"p must be an array-like of numbers with a regular shape"),
        (0.5, r"p must be a distribution \(at least 1-D\), got the scalar 0.5"),
        (None, r"p must contain real numbers"),
    ],
)
def test_not_numbers(bad, pattern):
    with pytest.raises(ValueError, match=pattern):
        entropy(bad)


def test_integers_are_accepted():
    assert entropy([1, 0]) == 0.0
    assert entropy(np.array([0, 1], dtype=np.int64)) == 0.0


def test_no_runtime_warning_escapes():
    cases = [
        (entropy, ([1.0, 0.0],)),
        (entropy, (np.eye(100)[0],)),
        (cross_entropy, ([0.5, 0.5], [1.0, 0.0])),
        (cross_entropy, (np.eye(100)[0], np.eye(100)[0])),
        (kl_divergence, ([0.5, 0.5], [1e-310, 1.0])),
        (kl_divergence, (np.eye(100)[0], np.eye(100)[1])),
        (kl_divergence, (np.eye(100)[0], np.full(100, 0.01))),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fn, args in cases:
            fn(*args)
        for bad in ([float("nan"), 1.0], np.array([float("nan")] * 50)):
            with pytest.raises(ValueError):
                entropy(bad)


def test_normalize():
    assert normalize([3, 1]).tolist() == [0.75, 0.25]
    np.testing.assert_allclose(normalize([[1, 3], [2, 2]]), [[0.25, 0.75], [0.5, 0.5]])
    np.testing.assert_allclose(normalize([[1, 3], [2, 2]], axis=0), [[1 / 3, 0.6], [2 / 3, 0.4]])
    with pytest.raises(
        ValueError,
        match=r"weights must be non-negative, found the negative entry -1 "
        r"at index 1",
    ):
        normalize([2, -1])
    with pytest.raises(ValueError, match=r"weights must have a positive sum along axis -1, got 0$"):
        normalize([0, 0])
    with pytest.raises(
        ValueError, match=r"positive sum along axis -1, got 0 for the distribution at index \(1,\)"
    ):
        normalize([[1, 0], [0, 0]])
    with pytest.raises(ValueError, match=r"weights must not contain NaN, found NaN at index 0"):
        normalize([math.nan, 1])
    with pytest.raises(
        ValueError, match=r"weights must contain finite numbers, found inf at index 0"
    ):
        normalize([math.inf, 1])
    with pytest.raises(ValueError, match=r"weights must not be empty"):
        normalize([])
    with pytest.raises(ValueError, match=r"axis 2 is out of range for weights"):
        normalize([1, 2], axis=2)


def test_constructors():
    assert ic.uniform(3).tolist() == pytest.approx([1 / 3] * 3)
    assert ic.binary(0.3).tolist() == [0.3, 0.7]
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
        ic.uniform(0)
    with pytest.raises(ValueError, match=r"p must be a probability in \[0, 1\], got -0.2"):
        ic.binary(-0.2)


def test_probability_scalars():
    from infocourse._validation import as_probability

    assert as_probability(1, "prob") == 1.0
    with pytest.raises(ValueError, match=r"^prob must be a probability in \[0, 1\], got nan$"):
        as_probability(math.nan, "prob")
    with pytest.raises(ValueError, match=r"^prob must be a real number, got True$"):
        as_probability(True, "prob")


def test_weights_checks():
    from infocourse._validation import check_nonnegative

    check_nonnegative(np.array([0.0, 3.0]), "weights")
    with pytest.raises(
        ValueError,
        match=r"^weights must contain finite numbers, found -inf at "
        r"index \(0, 1\)$",
    ):
        check_nonnegative(np.array([[1.0, -math.inf]]), "weights")
    with pytest.raises(ValueError, match=r"weights are too large: their sum overflows float64"):
        normalize([1e308, 1e308])


def test_in_units():
    from infocourse._validation import in_units

    assert in_units(np.float64(-0.0), 1.0) == 0.0
    assert math.copysign(1.0, in_units(np.float64(-0.0), 1.0)) == 1.0
    assert type(in_units(np.float64(2.0), math.log(2))) is float
    assert in_units(np.array([0.0, math.log(4)]), math.log(2)).tolist() == [0.0, 2.0]
    out = in_units(np.array([0.0]), math.log(0.5))
    assert math.copysign(1.0, out[0]) == 1.0

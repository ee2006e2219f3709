"""The fast route (infocourse._fast) against the readable definitions, class by class.

Every input class of bench/ (2-4 entry lists; dense; 1 % and 50 % zeros in p;
one-hot rows; batches along axis 0 with zeros; float32) and the special cases the
fast route treats apart (zeros and subnormals in q, integers, odd layouts) give
the same numbers both ways, with the same types.  ``readable`` switches the fast
route off; ``tiny_blocks`` shrinks its blocks so that small arrays cross many.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import pairs
from hypothesis import given
from hypothesis import strategies as st

from infocourse import _fast, cross_entropy, entropy, kl_divergence

FUNCTIONS = {
    "entropy": lambda p, q, **kw: entropy(p, **kw),
    "cross_entropy": cross_entropy,
    "kl_divergence": kl_divergence,
}


def readable(fn, *args, **kw):
    _fast.ENABLED = False
    try:
        return fn(*args, **kw)
    finally:
        _fast.ENABLED = True


class tiny_blocks:  # a context manager: hypothesis forbids function-scoped fixtures
    def __enter__(self):
        self.saved = _fast.BLOCK
        _fast.BLOCK = 8

    def __exit__(self, *exc):
        _fast.BLOCK = self.saved


def positive(rng, shape, axis=-1):
    w = rng.random(shape) + 1e-3
    return w / w.sum(axis=axis, keepdims=True)


def with_zeros(rng, shape, frac, axis=-1):
    w = rng.random(shape) + 1e-3
    w[rng.random(shape) < frac] = 0.0
    first = [slice(None)] * len(shape)
    first[axis] = 0
    w[tuple(first)] += 1.0
    return w / w.sum(axis=axis, keepdims=True)


def one_hot(rng, rows, cols):
    p = np.zeros((rows, cols))
    p[np.arange(rows), rng.integers(0, cols, rows)] = 1.0
    return p


def classes():
    """(name, p, q, axis): the bench classes at sizes that cross several blocks."""
    rng = np.random.default_rng(12)
    n = 3 * _fast.BLOCK + 7
    q = positive(rng, (n,))
    yield "dense", positive(rng, (n,)), q, -1
    yield "zeros 1%", with_zeros(rng, (n,), 0.01), q, -1
    yield "zeros 50%", with_zeros(rng, (n,), 0.5), q, -1
    near = q * (1.0 + 1e-6 * rng.standard_normal(n))
    yield "q close to p (KL about 5e-13)", q, near / near.sum(), -1
    yield "one-hot rows", one_hot(rng, 1000, 300), positive(rng, (1000, 300)), -1
    long = np.zeros(n)
    long[n // 2] = 1.0
    yield "one-hot, one long row", long, q, -1
    yield (
        "axis 0 with zeros",
        with_zeros(rng, (300, 1000), 0.5, 0),
        positive(rng, (300, 1000), 0),
        0,
    )
    yield (
        "one-hot columns, axis 0",
        np.ascontiguousarray(one_hot(rng, 300, 1000).T),
        positive(rng, (1000, 300), 0),
        0,
    )
    yield "float32", positive(rng, (n,)).astype(np.float32), q.astype(np.float32), -1
    yield "mid size", positive(rng, (1000,)), positive(rng, (1000,)), -1
    yield "short batch", positive(rng, (4, 3)), positive(rng, (4, 3)), -1
    yield "3-D, middle axis", positive(rng, (3, 50, 40), 1), positive(rng, (3, 50, 40), 1), 1
    yield "transposed", positive(rng, (200, 300)).T, positive(rng, (200, 300)).T, 0
    yield "integers (one-hot)", one_hot(rng, 50, 7).astype(int), positive(rng, (50, 7)), -1
    qz = with_zeros(rng, (n,), 0.3)
    pz = np.where(qz > 0, positive(rng, (n,)), 0.0)
    yield "zeros in q (p = 0 there)", pz / pz.sum(), qz, -1
    yield "zeros in q where p > 0 (inf)", positive(rng, (n,)), qz, -1
    gone = _fast.BLOCK + rng.permutation(n - _fast.BLOCK)[: n // 3]  # none in block 1
    late_p, late_q = positive(rng, (n,)), positive(rng, (n,))
    late_p[gone] = late_q[gone] = 0.0
    late_p, late_q = late_p / late_p.sum(), late_q / late_q.sum()
    yield "zeros in p after the first block only", late_p, q, -1
    yield "zeros in q after the first block only (p = 0 there)", late_p, late_q, -1
    yield "zeros in q after the first block only (inf)", q, late_q, -1
    sub = q.copy()
    sub[5] = 1e-310
    yield "subnormal q (overflowing ratio)", positive(rng, (n,)), sub / sub.sum(), -1


CLASSES = list(classes())


@pytest.mark.parametrize("name,p,q,axis", CLASSES, ids=[c[0] for c in CLASSES])
@pytest.mark.parametrize("fn", FUNCTIONS, ids=list(FUNCTIONS))
@pytest.mark.parametrize("base", [None, 2, 0.5])
def test_fast_equals_readable(fn, name, p, q, axis, base):
    f = FUNCTIONS[fn]
    fast = f(p, q, base=base, axis=axis)
    slow = readable(f, p, q, base=base, axis=axis)
    assert type(fast) is type(slow)
    # near Q = P both are within about 1e-12 of the exact KL (summing 1e5 terms that
    # cancel to 5e-13), not of each other; the goal is 1e-9 (bench_accuracy.py)
    rtol = 1e-10 if name.startswith("q close to p") else 1e-12
    np.testing.assert_allclose(fast, slow, rtol=rtol, atol=0.0)
    assert not np.any(np.signbit(fast) & (np.asarray(fast) == 0.0))  # never -0.0


def test_the_classes_take_the_fast_route(monkeypatch):
    # If the fast route declined (returned None), the comparison above would compare
    # the definition with itself.
    calls = []
    for name in ("entropy", "cross_entropy", "kl_divergence"):
        original = getattr(_fast, name)

        def spy(*args, _original=original, _name=name):
            out = _original(*args)
            calls.append((_name, out is not None))
            return out

        monkeypatch.setattr(_fast, name, spy)
    for _, p, q, axis in CLASSES:
        entropy(p, axis=axis)
        cross_entropy(p, q, axis=axis)
        kl_divergence(p, q, axis=axis)
    assert calls and all(ok for _, ok in calls)


@pytest.mark.parametrize(
    "p,q",
    [
        ([0.2, 0.8], [0.3, 0.7]),
        ([0.2, 0.3, 0.5], [0.25, 0.25, 0.5]),
        ([0.1, 0.2, 0.3, 0.4], [0.25] * 4),
        ([1.0, 0.0], [0.5, 0.5]),
        ([0.5, 0.5], [1.0, 0.0]),
        ((0.5, 0.5, 0.0), (0.5, 0.5, 0.0)),
        ([1, 0], [0, 1]),
        ([0.5, 0.5], [1e-310, 1.0]),
        (np.array([0.6, 0.3, 0.1], np.float32), np.array([0.3, 0.3, 0.4], np.float32)),
    ],
)
@pytest.mark.parametrize("fn", FUNCTIONS, ids=list(FUNCTIONS))
@pytest.mark.parametrize("base", [None, 2, 0.5])
def test_short_inputs(fn, p, q, base):
    f = FUNCTIONS[fn]
    fast = f(p, q, base=base)
    slow = readable(f, p, q, base=base)
    assert type(fast) is float and type(slow) is float
    assert fast == pytest.approx(slow, rel=1e-14, abs=0.0)
    assert math.copysign(1.0, fast) == math.copysign(1.0, slow) or fast == slow == 0.0
    if fast == 0.0:
        assert math.copysign(1.0, fast) == 1.0


def test_full_size_class():
    # One class at the benchmark's size, n = 1e7, with 50 % zeros in p.
    rng = np.random.default_rng(5)
    n = 10_000_000
    p = with_zeros(rng, (n,), 0.5)
    q = positive(rng, (n,))
    for f in FUNCTIONS.values():
        assert f(p, q) == pytest.approx(readable(f, p, q), rel=1e-12)


@given(pairs(positive_q=False), st.sampled_from([None, 2.0, 0.5]))
def test_random_short_pairs(pq, base):
    p, q = pq
    for f in FUNCTIONS.values():
        for cast in (list, np.asarray):
            fast = f(cast(p), cast(q), base=base)
            slow = readable(f, cast(p), cast(q), base=base)
            if math.isinf(slow):
                assert fast == slow
            else:
                assert fast == pytest.approx(slow, rel=1e-12, abs=1e-300)


@st.composite
def batches(draw):
    """(p, q, axis): random shapes, axes, zeros in p and in q, sometimes float32."""
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 7), min_size=ndim, max_size=ndim)))
    axis = draw(st.integers(-ndim, ndim - 1))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    zp, zq = draw(st.sampled_from([0.0, 0.3, 0.9])), draw(st.sampled_from([0.0, 0.0, 0.3]))
    p = with_zeros(rng, shape, zp, axis)
    q = with_zeros(rng, shape, zq, axis) if zq else positive(rng, shape, axis)
    if draw(st.booleans()):
        q = np.where(rng.random(shape) < 0.5, p, q)  # entries with q = p exactly
        q = q / q.sum(axis=axis, keepdims=True)
    if draw(st.integers(0, 4)) == 0:
        p, q = p.astype(np.float32), q.astype(np.float32)
    return p, q, axis


@given(batches())
def test_random_batches_with_tiny_blocks(pqa):
    p, q, axis = pqa
    for f in FUNCTIONS.values():
        with tiny_blocks():
            fast = f(p, q, axis=axis)
        slow = readable(f, p, q, axis=axis)
        assert type(fast) is type(slow)
        np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-300)


def test_disabled_route_declines():
    _fast.ENABLED = False
    try:
        assert _fast.entropy([0.5, 0.5], None, -1) is None
    finally:
        _fast.ENABLED = True
    assert _fast.entropy([0.5, 0.5], None, -1) == pytest.approx(math.log(2))
    # faults and unusual input: the definition decides (and raises)
    assert _fast.entropy([0.5, 0.6], None, -1) is None
    assert _fast.entropy(np.r_[0.5, -0.0, 0.5, np.zeros(50)], None, -1) is None
    assert _fast.entropy([True, False], None, -1) is None
    assert _fast.entropy(np.zeros(100), None, -1) is None
    assert _fast.entropy(np.full(100, 0.01), None, 0.0) is None

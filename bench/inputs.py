"""The input classes of issue 12, built once for every benchmark that needs them.

Each class is a valid ``(p, q, axis)`` triple: ``p`` the reference distribution(s),
``q`` a strictly positive model (as a softmax output is), ``axis`` the axis that
holds each distribution.  The zeros are in ``p``, where machine learning has them
(one-hot targets, sparse empirical distributions).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class InputClass:
    key: str
    label: str
    p: np.ndarray
    q: np.ndarray
    axis: int
    #: judged against the one-log floor (the 1-D classes at n = 1e7)
    floor_goal: bool


def _positive(rng: np.random.Generator, shape: tuple[int, ...], axis: int) -> np.ndarray:
    w = rng.random(shape) + 1e-3
    return w / w.sum(axis=axis, keepdims=True)


def _with_zeros(
    rng: np.random.Generator, shape: tuple[int, ...], axis: int, frac: float
) -> np.ndarray:
    w = rng.random(shape) + 1e-3
    w[rng.random(shape) < frac] = 0.0
    # keep at least one positive entry in every distribution
    first = [slice(None)] * len(shape)
    first[axis] = 0
    w[tuple(first)] += 1.0
    return w / w.sum(axis=axis, keepdims=True)


def large_classes(n: int = 10_000_000, rows: int = 10_000, seed: int = 0) -> list[InputClass]:
    """The large classes: 1-D at ``n``, and ``rows x (n // rows)`` batches."""
    rng = np.random.default_rng(seed)
    cols = n // rows
    q1 = _positive(rng, (n,), -1)
    out = [
        InputClass("dense", f"dense, n = {n:.0e}", _positive(rng, (n,), -1), q1, -1, True),
        InputClass(
            "zeros1", f"1 % zeros in p, n = {n:.0e}", _with_zeros(rng, (n,), -1, 0.01), q1, -1, True
        ),
        InputClass(
            "zeros50",
            f"50 % zeros in p, n = {n:.0e}",
            _with_zeros(rng, (n,), -1, 0.5),
            q1,
            -1,
            True,
        ),
    ]
    onehot = np.zeros((rows, cols))
    onehot[np.arange(rows), rng.integers(0, cols, rows)] = 1.0
    out.append(
        InputClass(
            "onehot",
            f"one-hot rows, {rows} x {cols}",
            onehot,
            _positive(rng, (rows, cols), -1),
            -1,
            False,
        )
    )
    out.append(
        InputClass(
            "axis0",
            f"axis 0, 50 % zeros, {cols} x {rows}",
            _with_zeros(rng, (cols, rows), 0, 0.5),
            _positive(rng, (cols, rows), 0),
            0,
            False,
        )
    )
    p32 = _positive(rng, (n,), -1).astype(np.float32)
    q32 = q1.astype(np.float32)
    out.append(InputClass("float32", f"float32, dense, n = {n:.0e}", p32, q32, -1, False))
    return out


SMALL = {
    "2 entries": ([0.2, 0.8], [0.3, 0.7]),
    "3 entries": ([0.2, 0.3, 0.5], [0.25, 0.25, 0.5]),
    "4 entries": ([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]),
}

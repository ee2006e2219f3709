"""Benchmark 2: the large input classes of issue 12, against scipy and one log pass.

For every class (bench/inputs.py: dense, 1 % and 50 % zeros in p at n = 1e7,
one-hot rows, a batch along axis 0 with zeros, float32), one interleaved run times

* the floor ``np.log(q, out=buf)``: one logarithm per entry, no allocation;
* ``entropy``, ``cross_entropy`` and ``kl_divergence`` as a user calls them;
* the readable definitions alone (``infocourse._fast.ENABLED = False``), which
  shows where the fast path earns its keep;
* scipy's ufuncs summed along the axis, the fastest way scipy offers:
  ``entr(p).sum(axis)``, ``-xlogy(p, q).sum(axis)`` (scipy has no
  cross-entropy), ``rel_entr(p, q).sum(axis)``.
"""

from __future__ import annotations

import numpy as np
import scipy.special
from common import Section, fmt_time, interleaved, verdict
from inputs import large_classes

import infocourse as ic

#: Goals at n = 1e7 for the 1-D classes, as multiples of np.log(q, out=buf).
FLOOR_GOALS = {"entropy": 2.0, "cross_entropy": 2.0, "kl_divergence": 3.0}

try:
    from infocourse import _fast
except ImportError:  # before the fast path was split out
    _fast = None


def _readable(fn):
    def call():
        _fast.ENABLED = False
        try:
            return fn()
        finally:
            _fast.ENABLED = True

    return call


def candidates(p: np.ndarray, q: np.ndarray, axis: int) -> dict:
    buf = np.empty_like(q)
    ours = {
        "entropy": lambda: ic.entropy(p, axis=axis),
        "cross_entropy": lambda: ic.cross_entropy(p, q, axis=axis),
        "kl_divergence": lambda: ic.kl_divergence(p, q, axis=axis),
    }
    fns = {"floor": lambda: np.log(q, out=buf), **ours}
    if _fast is not None:
        fns.update({f"readable {k}": _readable(f) for k, f in ours.items()})
    fns.update(
        {
            "scipy entropy": lambda: scipy.special.entr(p).sum(axis=axis),
            "scipy cross_entropy": lambda: -scipy.special.xlogy(p, q).sum(axis=axis),
            "scipy kl_divergence": lambda: scipy.special.rel_entr(p, q).sum(axis=axis),
        }
    )
    return fns


def run(quick: bool = False) -> Section:
    sec = Section(
        title="2. Large inputs: every class against scipy and one log pass",
        goal="on every class, each function no slower than scipy's ufunc summed along "
        "the axis; on the 1-D classes at n = 1e7 (dense and with zeros), entropy and "
        "cross_entropy <= 2x, kl_divergence <= 3x the time of np.log(q, out=buf).",
        header=[
            "input class",
            "function",
            "infocourse",
            "readable only",
            "scipy",
            "vs scipy",
            "vs log floor",
            "goal",
        ],
    )
    classes = large_classes(n=1000, rows=10) if quick else large_classes()
    for c in classes:
        fns = candidates(c.p, c.q, c.axis)
        if quick:
            t = interleaved(fns, rounds=1, target=0.0)
        else:
            t = interleaved(fns, rounds=7, target=0.05)
        floor = t["floor"]
        for k in FLOOR_GOALS:
            vs_scipy = t[k] / t[f"scipy {k}"]
            vs_floor = t[k] / floor
            ok = vs_scipy <= 1.0
            goal = f"vs scipy {verdict(ok)}"
            sec.checks.append((f"{c.key}: {k} vs scipy", f"{vs_scipy:.2f}x", "<= 1x", ok))
            if c.floor_goal:
                ok_floor = vs_floor <= FLOOR_GOALS[k]
                goal += f", floor {verdict(ok_floor)}"
                sec.checks.append(
                    (
                        f"{c.key}: {k} vs log floor",
                        f"{vs_floor:.2f}x",
                        f"<= {FLOOR_GOALS[k]:g}x",
                        ok_floor,
                    )
                )
            readable = t.get(f"readable {k}")
            sec.rows.append(
                [
                    c.label if k == "entropy" else "",
                    k,
                    fmt_time(t[k]),
                    fmt_time(readable) if readable is not None else "—",
                    fmt_time(t[f"scipy {k}"]),
                    f"{vs_scipy:.2f}x",
                    f"{vs_floor:.2f}x",
                    goal,
                ]
            )
        sec.rows.append(["", "np.log(q, out=buf)", fmt_time(floor), "", "", "", "1.00x", ""])
    sec.notes.append(
        "Medians over interleaved rounds; ratios are infocourse / scipy and infocourse / "
        "np.log(q, out=buf) on the same class's q (float32 for the float32 class), all "
        "in the same run. Validation is included in every infocourse figure; scipy "
        "validates nothing. q is strictly positive in every class (a model's output); "
        "the zeros are in p."
    )
    return sec


if __name__ == "__main__":
    import sys

    print(run("--quick" in sys.argv).markdown())

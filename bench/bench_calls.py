"""Benchmark 1: per-call cost on course-size inputs (2, 3 and 4 entries, Python lists).

References, measured in the same run on the same lists: ``scipy.stats.entropy``
(which validates nothing and normalises silently) and scipy's ufuncs summed:
``entr(p).sum()``, ``-xlogy(p, q).sum()`` (scipy has no cross-entropy),
``rel_entr(p, q).sum()``.
"""

from __future__ import annotations

import scipy.special
import scipy.stats
from common import Section, fmt_time, interleaved, verdict
from inputs import SMALL

import infocourse as ic

GOAL_SECONDS = 3e-6


def run(quick: bool = False) -> Section:
    sec = Section(
        title="1. Per-call cost on course-size inputs",
        goal="each call <= 3 µs, validation included (p and q are Python lists), and "
        "no slower than any scipy reference. The 3 µs goal is absolute, so it depends "
        "on the machine; the ratios to scipy, measured in the same run, travel better.",
        header=[
            "input",
            "function",
            "infocourse",
            "scipy.stats.entropy",
            "scipy ufunc + sum",
            "vs fastest scipy",
            "goal",
        ],
    )
    for label, (p, q) in SMALL.items():
        fns = {
            "entropy": lambda p=p: ic.entropy(p),
            "cross_entropy": lambda p=p, q=q: ic.cross_entropy(p, q),
            "kl_divergence": lambda p=p, q=q: ic.kl_divergence(p, q),
            "stats entropy": lambda p=p: scipy.stats.entropy(p),
            "stats kl_divergence": lambda p=p, q=q: scipy.stats.entropy(p, q),
            "ufunc entropy": lambda p=p: scipy.special.entr(p).sum(),
            "ufunc cross_entropy": lambda p=p, q=q: -scipy.special.xlogy(p, q).sum(),
            "ufunc kl_divergence": lambda p=p, q=q: scipy.special.rel_entr(p, q).sum(),
        }
        t = interleaved(fns, rounds=3 if quick else 15, target=0.001 if quick else 0.02)
        for k in ("entropy", "cross_entropy", "kl_divergence"):
            stats = t.get(f"stats {k}")
            fastest = min(v for name, v in t.items() if name in (f"stats {k}", f"ufunc {k}"))
            ok = t[k] <= GOAL_SECONDS and t[k] <= fastest
            sec.rows.append(
                [
                    label if k == "entropy" else "",
                    k,
                    fmt_time(t[k]),
                    fmt_time(stats) if stats is not None else "—",
                    fmt_time(t[f"ufunc {k}"]),
                    f"{t[k] / fastest:.2f}x",
                    verdict(ok),
                ]
            )
            sec.checks.append(
                (
                    f"per call, {k}, {label}",
                    f"{fmt_time(t[k])} ({t[k] / fastest:.2f}x scipy)",
                    "<= 3 µs, <= 1x scipy",
                    ok,
                )
            )
    sec.notes.append(
        "scipy.stats.entropy(p, q) is scipy's KL divergence; scipy has no cross-entropy. "
        "Ratios below 1 mean infocourse is faster."
    )
    return sec


if __name__ == "__main__":
    import sys

    print(run("--quick" in sys.argv).markdown())

"""Benchmark 1: per-call cost on course-size inputs (2 and 4 categories, lists).

References, measured in the same run: ``scipy.stats.entropy`` (which does no
validation) and the raw ufunc ``np.sum(scipy.special.entr(p))``.
"""

from __future__ import annotations

import numpy as np
import scipy.special
import scipy.stats
from common import Section, fmt_time, interleaved, verdict

import infocourse as ic

GOAL_SECONDS = 10e-6

INPUTS = {
    "2 categories": ([0.2, 0.8], [0.3, 0.7]),
    "4 categories": ([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]),
}


def run(quick: bool = False) -> Section:
    sec = Section(
        title="1. Per-call cost on course-size inputs",
        goal="each infocourse call <= 10 µs, validation included (p and q are Python "
        "lists). The goal is absolute, so it depends on the machine: the ratios to "
        "scipy and to the raw ufunc, measured in the same run, are the portable part.",
        header=["input", "function", "infocourse", "scipy.stats.entropy",
                "np.sum(entr(p))", "vs scipy", "vs ufunc", "<= 10 µs"],
    )
    for label, (p, q) in INPUTS.items():
        fns = {
            "H": lambda p=p: ic.entropy(p),
            "CE": lambda p=p, q=q: ic.cross_entropy(p, q),
            "KL": lambda p=p, q=q: ic.kl_divergence(p, q),
            "scipy H": lambda p=p: scipy.stats.entropy(p),
            "scipy KL": lambda p=p, q=q: scipy.stats.entropy(p, q),
            "ufunc": lambda p=p: np.sum(scipy.special.entr(p)),
        }
        t = interleaved(fns, rounds=3 if quick else 15, target=0.001 if quick else 0.02)
        for name, fn_label, scipy_key in (
            ("H", "entropy", "scipy H"),
            ("CE", "cross_entropy", None),
            ("KL", "kl_divergence", "scipy KL"),
        ):
            ok = t[name] <= GOAL_SECONDS
            vs_scipy = f"{t[name] / t[scipy_key]:.2f}x" if scipy_key else "—"
            sec.rows.append([
                label, fn_label, fmt_time(t[name]),
                fmt_time(t[scipy_key]) if scipy_key else "—",
                fmt_time(t["ufunc"]), vs_scipy, f"{t[name] / t['ufunc']:.2f}x", verdict(ok),
            ])
            sec.checks.append(
                (f"per call, {fn_label}, {label}", fmt_time(t[name]), "<= 10 µs", ok)
            )
    sec.notes.append(
        "scipy.stats.entropy(p, q) is scipy's KL divergence; scipy has no cross-entropy. "
        "Ratios below 1 mean infocourse is faster."
    )
    return sec


if __name__ == "__main__":
    import sys

    print(run("--quick" in sys.argv).markdown())

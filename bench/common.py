"""Shared helpers for the benchmarks: interleaved timing, machine notes, tables.

Every benchmark compares the code under test with a *reference measured in the
same run* (numpy, scipy, an empty notebook, a clean build...) and reports the
ratio: absolute times on a shared machine mean little, ratios travel better.
Timings are interleaved (one round runs every candidate once, in rotating order)
and summarised by the median over rounds, so a burst of load from another process
hits all candidates alike instead of biasing one of them.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The clock of ``calibrate`` and ``interleaved``: wall time by default; ``run.py
#: --clock cpu`` switches to this process's CPU time, which other processes on a
#: busy machine disturb less (they still compete for caches and memory bandwidth).
CLOCK: Callable[[], float] = time.perf_counter
PYTHON = str(ROOT / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():  # e.g. run with another interpreter
    PYTHON = sys.executable


def calibrate(fn: Callable[[], object], target: float) -> int:
    """Number of calls of ``fn`` that take about ``target`` seconds (at least 1)."""
    number = 1
    while True:
        t0 = CLOCK()
        for _ in range(number):
            fn()
        dt = CLOCK() - t0
        if dt >= target or number >= 1 << 20:
            break
        number = max(number * 2, int(number * target / max(dt, 1e-9) * 0.8))
    return max(1, int(number * target / max(dt, 1e-9)))


def interleaved(
    fns: Mapping[str, Callable[[], object]], *, rounds: int, target: float
) -> dict[str, float]:
    """Median seconds per call of each function, over ``rounds`` interleaved rounds.

    Each round times every function once (``number`` calls calibrated to about
    ``target`` seconds), starting from a different function each round.
    """
    names = list(fns)
    numbers = {k: calibrate(fns[k], target) for k in names}
    samples: dict[str, list[float]] = {k: [] for k in names}
    for i in range(rounds):
        for k in names[i % len(names) :] + names[: i % len(names)]:
            fn, number = fns[k], numbers[k]
            t0 = CLOCK()
            for _ in range(number):
                fn()
            samples[k].append((CLOCK() - t0) / number)
    return {k: statistics.median(v) for k, v in samples.items()}


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("PASS" if ok else "FAIL")


@dataclass
class Section:
    """The result of one benchmark: a markdown table plus notes."""

    title: str
    goal: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: (what, measured, goal, pass) for the summary table
    checks: list[tuple[str, str, str, bool | None]] = field(default_factory=list)

    def markdown(self) -> str:
        out = [f"## {self.title}", "", f"Goal: {self.goal}", ""]
        out.append("| " + " | ".join(self.header) + " |")
        out.append("|" + "|".join("---" for _ in self.header) + "|")
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        if self.notes:
            out.append("")
            out += self.notes
        return "\n".join(out) + "\n"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def versions(names: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = "not installed"
    return out


def machine() -> list[str]:
    """Markdown lines describing the machine and the library versions."""
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "n/a"
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    libs = versions(
        (
            "infocourse",
            "numpy",
            "scipy",
            "mpmath",
            "nbclient",
            "ipykernel",
            "matplotlib",
            "jupyter-book",
            "jupyter-cache",
            "myst-nb",
            "sphinx",
        )
    )
    import numpy as np

    blas = "?"
    try:
        cfg = np.show_config(mode="dicts")
        blas = "{} {}".format(
            cfg["Build Dependencies"]["blas"]["name"], cfg["Build Dependencies"]["blas"]["version"]
        )
    except Exception:  # informational only
        pass
    return [
        f"- CPU: {cpu_model()}; {os.cpu_count()} logical cores ({affinity} usable); "
        f"load average at start {load}",
        f"- Python {platform.python_version()} on {platform.platform()}",
        "- " + ", ".join(f"{k} {v}" for k, v in libs.items()) + f"; BLAS: {blas}",
    ]

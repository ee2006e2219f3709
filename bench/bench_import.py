"""Benchmark 4: the cost of ``import infocourse`` on top of ``import numpy``.

Fresh interpreters (subprocesses), interleaved, median over many repeats.
"""

from __future__ import annotations

import statistics
import subprocess
import time

from common import PYTHON, Section, verdict

GOAL_SECONDS = 0.030

HEAVY = ("scipy", "matplotlib", "ipywidgets", "IPython", "pandas", "sympy")

SNIPPETS = {
    "python": "pass",
    "numpy": "import numpy",
    "numpy + infocourse": "import numpy, infocourse",
}


def _time(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([PYTHON, "-c", code], check=True)
    return time.perf_counter() - t0


def importtime_breakdown(rounds: int) -> list[tuple[str, float]]:
    """Median cumulative import time (s) of each ``infocourse.*`` module, slowest first."""
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        err = subprocess.run(
            [PYTHON, "-X", "importtime", "-c", "import numpy, infocourse"],
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        for line in err.splitlines():
            parts = [x.strip() for x in line.split("|")]
            if len(parts) == 3 and parts[2].startswith("infocourse"):
                samples.setdefault(parts[2], []).append(int(parts[1]) * 1e-6)
    med = {k: statistics.median(v) for k, v in samples.items()}
    return sorted(med.items(), key=lambda kv: -kv[1])


def run(quick: bool = False) -> Section:
    rounds = 1 if quick else 25
    samples: dict[str, list[float]] = {k: [] for k in SNIPPETS}
    names = list(SNIPPETS)
    _time("import numpy, infocourse")  # warm the file-system cache and .pyc files
    for i in range(rounds):
        for k in names[i % 3 :] + names[: i % 3]:
            samples[k].append(_time(SNIPPETS[k]))
    med = {k: statistics.median(v) for k, v in samples.items()}
    extra = med["numpy + infocourse"] - med["numpy"]
    numpy_cost = med["numpy"] - med["python"]
    loaded = subprocess.run(
        [
            PYTHON,
            "-c",
            "import sys, infocourse; print(' '.join(sorted({m.split('.')[0] "
            "for m in sys.modules})))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    heavy = [m for m in HEAVY if m in loaded]
    modules = importtime_breakdown(3 if quick else 15)
    ok = extra <= GOAL_SECONDS
    sec = Section(
        title="4. Import cost",
        goal="`import infocourse` costs <= 30 ms beyond `import numpy` (fresh "
        "interpreters, median).",
        header=[
            "interpreter start",
            "import numpy (beyond start)",
            "import infocourse (beyond numpy)",
            "ratio to numpy's import",
            "goal",
        ],
        rows=[
            [
                f"{med['python'] * 1e3:.1f} ms",
                f"{numpy_cost * 1e3:.1f} ms",
                f"{extra * 1e3:.1f} ms",
                f"{extra / numpy_cost:.2f}x",
                verdict(ok),
            ]
        ],
    )
    sec.notes.append(
        f"{rounds} interleaved rounds. Heavy packages loaded by `import infocourse`: "
        f"{', '.join(heavy) if heavy else 'none'} (checked: {', '.join(HEAVY)})."
    )
    sec.notes.append(
        "Median cumulative import time of each infocourse module (`python -X "
        "importtime`, numpy already imported; includes the stdlib modules it pulls "
        "in first): " + ", ".join(f"{m} {t * 1e3:.1f} ms" for m, t in modules) + "."
    )
    sec.checks.append(("import infocourse beyond numpy", f"{extra * 1e3:.1f} ms", "<= 30 ms", ok))
    return sec


if __name__ == "__main__":
    import sys

    print(run("--quick" in sys.argv).markdown())

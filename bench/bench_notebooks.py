"""Benchmark 5: execution time of each chapter against an (almost) empty notebook.

The reference notebook has one cell importing numpy, matplotlib.pyplot and
infocourse, so the ratio shows what a chapter costs beyond starting a kernel and
the imports every chapter needs.  Notebooks are read from chapters/ and executed
in memory with nbclient, with a temporary copy of chapters/ as working directory:
nothing is ever written to chapters/.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat
from common import PYTHON, ROOT, Section, verdict
from nbclient import NotebookClient

GOAL = 3.0

EMPTY_SOURCE = "import numpy as np\nimport matplotlib.pyplot as plt\nimport infocourse"


def empty_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(EMPTY_SOURCE))
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def execute(nb: nbformat.NotebookNode, cwd: Path) -> float:
    """Seconds to execute ``nb`` (kernel start included) in ``cwd``."""
    t0 = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return time.perf_counter() - t0


def slowest_cell(nb: nbformat.NotebookNode) -> str:
    """The slowest code cell of an executed notebook, from nbclient's timings."""
    best = (0.0, -1, "")
    for i, cell in enumerate(nb.cells):
        ex = cell.get("metadata", {}).get("execution", {})
        try:
            t0 = datetime.fromisoformat(ex["iopub.execute_input"].replace("Z", "+00:00"))
            t1 = datetime.fromisoformat(ex["shell.execute_reply"].replace("Z", "+00:00"))
        except (KeyError, ValueError):
            continue
        dt = (t1 - t0).total_seconds()
        if dt > best[0]:
            first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
            best = (dt, i, first[:50].replace("|", "/"))
    return f"cell {best[1]} ({best[0]:.2f} s): `{best[2]}`" if best[1] >= 0 else "—"


def glue_import_note() -> str:
    """How long the first ``glue`` call's imports take (chapters glue values)."""
    code = (
        "import numpy, matplotlib.pyplot, infocourse, IPython, time\n"
        "t = time.perf_counter()\nfrom myst_nb.ext.glue import glue\n"
        "print(time.perf_counter() - t)"
    )
    ts = [
        float(
            subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True).stdout
        )
        for _ in range(3)
    ]
    return (
        f"The first use of `myst_nb.glue` imports nbformat -> jsonschema -> "
        f"rfc3987_syntax, which builds a Lark parser at import: "
        f"{statistics.median(ts):.2f} s (median of 3, fresh interpreters), paid once "
        "by every chapter that glues a value and not by the reference notebook."
    )


def run(quick: bool = False, rounds: int = 1) -> Section:
    sec = Section(
        title="5. Notebook execution cost",
        goal=f"each chapter executes in <= {GOAL:g}x the time of a notebook that only "
        "imports numpy, matplotlib.pyplot and infocourse (kernel start included in both).",
        header=["chapter", "time", "ratio to empty notebook", "goal", "slowest cell"],
    )
    chapters = [] if quick else sorted((ROOT / "chapters").glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="infocourse-nb-") as tmp:
        work = Path(tmp) / "chapters"
        shutil.copytree(
            ROOT / "chapters", work, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
        empty: list[float] = []
        samples: dict[str, list[float]] = {c.name: [] for c in chapters}
        slow: dict[str, str] = {}
        errors: dict[str, str] = {}
        empty.append(execute(empty_notebook(), work))  # warm-up, also a sample
        for _ in range(rounds):
            for c in chapters:
                if c.name in errors:
                    continue
                try:
                    nb = nbformat.read(c, as_version=4)  # a fresh copy each time
                    samples[c.name].append(execute(nb, work))
                    slow[c.name] = slowest_cell(nb)
                except Exception as exc:  # chapters being written may fail
                    last = (str(exc).strip().splitlines() or [""])[-1][:120]
                    errors[c.name] = f"{type(exc).__name__}: {last}"
                empty.append(execute(empty_notebook(), work))
    base = statistics.median(empty)
    sec.rows.append(["(empty notebook)", f"{base:.2f} s", "1.00x", "—", "—"])
    for name, v in samples.items():
        if name in errors:
            sec.rows.append([name, "error", errors[name].replace("|", "/"), "—", "—"])
            continue
        t = statistics.median(v)
        ok = t / base <= GOAL
        sec.rows.append([name, f"{t:.2f} s", f"{t / base:.2f}x", verdict(ok), slow[name]])
        sec.checks.append((f"notebook {name}", f"{t / base:.2f}x empty", f"<= {GOAL:g}x", ok))
    if not quick:
        sec.notes.append(glue_import_note())
    sec.notes.append(
        f"{rounds} run(s) per chapter, each followed by a run of the empty notebook "
        f"({len(empty)} runs, median). Chapters are measured as they exist at run time; "
        "one that fails to execute is listed as an error, not timed."
    )
    return sec


if __name__ == "__main__":
    import sys

    print(run("--quick" in sys.argv).markdown())

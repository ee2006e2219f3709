"""Refresh the exercise column of the week plan in the teacher's guide from the chapters.

The week plan (``chapters/94_teachers_guide.md``) is a table with one row per week::

    | 3 | {ref}`ch-kl` | `ex-kl-spam`, `ex-kl-zero` (read) |

The week numbers, the chapters and any row without a chapter are written by hand; the
exercise list of each chapter row is generated here from the chapter notebook (the chapter
whose first cell carries the label), in the order of the notebook, with ``(read)`` after each
exercise that has no autograded answer.  Run it after a chapter's exercises change::

    .venv/bin/python -m coursework.week_plan            # rewrite the guide in place
    .venv/bin/python -m coursework.week_plan --check    # exit 1 if the guide is stale

``tests/test_coursework.py::test_teachers_guide_lists_every_exercise`` fails while the guide
is stale, so a forgotten refresh is caught.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

from coursework.make_student import ROOT, exercises

GUIDE = ROOT / "chapters" / "94_teachers_guide.md"
ROW = re.compile(r"^(\| \d+ \| \{ref\}`(ch-[\w-]+)` \| )(.*)( \|)$", re.M)
LABEL = re.compile(r"\((ch-[\w-]+)\)=")


def exercise_lists(chapters: Path = ROOT / "chapters") -> dict[str, str]:
    """The exercise cell of the week plan for every chapter label, e.g. ``{"ch-kl": "..."}``."""
    lists = {}
    for path in sorted(chapters.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        label = LABEL.match(nb.cells[0].source) if nb.cells else None
        if not label:
            continue
        lists[label.group(1)] = (
            ", ".join(
                f"`{ex.label}`" + ("" if ex.answers else " (read)")
                for ex in exercises(nb, path.name)
            )
            or "(no exercises yet)"
        )
    return lists


def refresh(text: str, lists: dict[str, str]) -> str:
    """Return ``text`` with the exercise cell of every chapter row replaced from ``lists``."""

    def row(m: re.Match) -> str:
        label = m.group(2)
        if label not in lists:
            raise KeyError(f"the week plan names {label!r}, but no chapter carries that label")
        return f"{m.group(1)}{lists[label]}{m.group(4)}"

    return ROW.sub(row, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report whether it is stale")
    parser.add_argument("--guide", type=Path, default=GUIDE)
    args = parser.parse_args(argv)
    old = args.guide.read_text(encoding="utf-8")
    new = refresh(old, exercise_lists())
    if new == old:
        print(f"{args.guide}: week plan up to date")
        return 0
    if args.check:
        print(f"{args.guide}: week plan is stale; run python -m coursework.week_plan")
        return 1
    args.guide.write_text(new, encoding="utf-8")
    print(f"{args.guide}: week plan refreshed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

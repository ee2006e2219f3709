"""Grade collected submissions of one chapter with its otter autograder, into a CSV.

Usage (from the repository root, after ``make student``)::

    python -m coursework.grade _build/autograder/01_entropy.zip submissions/01_entropy \\
        -o grades/01_entropy.csv

SUBMISSIONS are notebook files or folders searched recursively for ``*.ipynb``.  Every
submission is run with ``otter.api.grade_submission`` (otter's non-containerised grading, the
same as ``otter run``) in the current environment, so run it in the course environment.
It executes the students' code on your machine: for untrusted code use ``otter grade``
(Docker containers) instead.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from otter.api import grade_submission


def submissions(paths: list[Path]) -> list[Path]:
    """The notebooks named by ``paths`` (files, or folders searched recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        elif path.suffix == ".ipynb":
            found.append(path)
        else:
            raise ValueError(f"submission must be a notebook or a folder, got {path}")
    return sorted(found)


def grade(autograder: Path, paths: list[Path]) -> list[dict[str, object]]:
    """One row per submission: the submission, the score of every exercise, total, possible."""
    rows = []
    for nb in submissions(paths):
        result = grade_submission(str(nb), str(autograder), quiet=True)
        row: dict[str, object] = {"submission": str(nb)}
        for name in sorted(result.test_files):
            row[name] = result.get_score(name)
        row["total"] = result.total
        row["possible"] = result.possible
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("autograder", type=Path, help="the chapter's autograder zip")
    parser.add_argument("submissions", type=Path, nargs="+", help="notebooks or folders")
    parser.add_argument("-o", "--output", type=Path, help="CSV file to write")
    args = parser.parse_args(argv)
    rows = grade(args.autograder, args.submissions)
    if not rows:
        print("error: no submissions found", file=sys.stderr)
        return 1
    fields = list(dict.fromkeys(k for row in rows for k in row))
    out = open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout
    try:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if args.output:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

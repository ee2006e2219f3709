"""Mark the chapters' explorer cells for the website (idempotent; metadata only).

A code cell that calls one of the ipywidgets explorers of ``infocourse.widgets``
(``binary_entropy_explorer``, ``binary_cross_explorer``, ``categorical_explorer``,
``equivalence_trainer``) gets the cell metadata ``"infocourse": {"explorer": KIND}``;
on the website (``_ext/course_explorers.py``) its output is then the in-page
JavaScript explorer of that kind.  A marker on a cell that no longer calls an
explorer is removed.  Nothing else in the notebook changes: no source, no output.

    python tools/mark_explorers.py            # mark chapters/*.ipynb in place
    python tools/mark_explorers.py --check    # exit 1 (and list them) if a cell needs marking
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
KINDS = {
    "binary_entropy_explorer": "entropy",
    "binary_cross_explorer": "binary",
    "categorical_explorer": "categorical",
    "equivalence_trainer": "trainer",
}


def explorer_kind(source: str) -> str | None:
    """The kind of the explorer that ``source`` calls, or None.

    >>> explorer_kind("from infocourse.widgets import categorical_explorer\\n"
    ...               'categorical_explorer("weather")')
    'categorical'
    >>> explorer_kind("import infocourse.widgets as w\\nw.equivalence_trainer()")
    'trainer'
    >>> explorer_kind("print(1)") is None
    True
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)
            if name in KINDS:
                return KINDS[name]
    return None


def mark(nb) -> list[str]:
    """Set or clear the markers of ``nb`` in place; the changes, one line each."""
    changes = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kind = explorer_kind(cell.source)
        meta = cell.metadata.get("infocourse")
        current = meta.get("explorer") if isinstance(meta, dict) else None
        if kind == current:
            continue
        if kind is None:
            del meta["explorer"]
            if not meta:
                del cell.metadata["infocourse"]
        else:
            cell.metadata.setdefault("infocourse", {})["explorer"] = kind
        changes.append(f"cell {cell.get('id', '?')}: explorer {current!r} -> {kind!r}")
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: chapters/*.ipynb")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    pending = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        changes = mark(nb)
        for line in changes:
            print(f"{path.name}: {line}")
        if changes and not args.check:
            path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        pending += len(changes)
    if args.check and pending:
        print(f"{pending} explorer cell(s) need marking: run python tools/mark_explorers.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

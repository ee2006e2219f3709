"""Generate the student edition of the chapter notebooks.

Usage (from the repository root)::

    python -m coursework.make_student [--chapters chapters] [--out student]
                                      [--autograder-dir _build/autograder]

For every ``chapters/*.ipynb`` this writes

* ``student/<chapter>.ipynb``: the chapter with every solution removed (the run of cells from
  ``:::{solution-start} <label>`` to ``:::{solution-end}``, splitting markdown cells that share
  a directive with other text), and in its place

  - for each answer cell (a solution code cell with ``"infocourse": {"answer": ...}`` metadata)
    a stub ``ans_xxx = ...  # your answer here`` and a self-check cell
    ``grader.check("<label>")`` that says right or wrong and shows the hint;
  - for an exercise without answer metadata, an empty ``# your work here`` cell.

  All outputs, execution counts and the widget state are cleared (students run the notebook
  themselves; nothing computed by a solution can leak through a stored output).  Glued
  numbers of the narrative ({glue:text}`key`) are written in as plain text and the hidden
  glue cell is dropped (it may use variables that only the solutions define).
* ``student/tests/<chapter>/<label>.py``: one otter-grader OK-format test per autograded
  exercise, generated from the ``check`` expression, with the ``hint`` as failure message.
* ``<autograder-dir>/<chapter>.zip``: the otter autograder for that chapter, for
  ``otter run -a <zip> <submission.ipynb>`` (or Gradescope).

The metadata contract of an autograded answer cell::

    "infocourse": {"exercise": "<label>", "answer": "ans_<name>",
                   "check": "<Python boolean expression, may use ic, np, math>",
                   "hint": "<sentence>", "points": 1}
"""

from __future__ import annotations

import argparse
import ast
import base64
import contextlib
import copy
import io
import pprint
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent

FENCE_CLOSE = re.compile(r"^\s*:{3,}\s*$")
SOL_START = re.compile(r"^\s*:{3,}\{solution-start\}\s+(\S+)")
SOL_END = re.compile(r"^\s*:{3,}\{solution-end\}")
SOL_PLAIN = re.compile(r"^\s*(:{3,})\{solution\}")  # non-gated solution directive
EXERCISE = re.compile(r"^\s*:{3,}\{exercise\}")
LABEL = re.compile(r"^\s*:label:\s*(\S+)")
GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`([^`]+)`")
ANSWER_NAME = re.compile(r"^ans_[A-Za-z0-9_]+$")

WORK_CELL = "# your work here"
OTTER_INIT = (
    "# Self-checks: run this cell once.  After answering an exercise, run its\n"
    '# grader.check("...") cell: it tells you whether your answer is right.\n'
    "import otter\n\n"
    'grader = otter.Notebook("{nb}", tests_dir="tests/{stem}")'
)


class ContractError(ValueError):
    """A chapter does not follow the exercise / solution / answer-metadata contract."""


@dataclass
class Answer:
    """One autograded answer: the contract metadata of a solution code cell."""

    exercise: str
    answer: str
    check: str
    hint: str
    points: float = 1

    @classmethod
    def from_cell(cls, cell: dict, label: str, where: str) -> Answer:
        meta = cell["metadata"]["infocourse"]
        missing = [k for k in ("exercise", "answer", "check", "hint") if k not in meta]
        if missing:
            raise ContractError(f"{where}: answer metadata lacks {', '.join(missing)}")
        ans = cls(
            exercise=str(meta["exercise"]),
            answer=str(meta["answer"]),
            check=str(meta["check"]),
            hint=str(meta["hint"]).strip(),
            points=meta.get("points", 1),
        )
        if ans.exercise != label:
            raise ContractError(
                f"{where}: answer metadata names exercise {ans.exercise!r} but the cell is in "
                f"the solution of {label!r}"
            )
        if not ANSWER_NAME.match(ans.answer):
            raise ContractError(
                f"{where}: answer must be a variable name starting with 'ans_', got {ans.answer!r}"
            )
        try:
            ast.parse(ans.check, mode="eval")
        except SyntaxError as exc:
            raise ContractError(f"{where}: check is not a Python expression: {exc}") from exc
        names = {n.id for n in ast.walk(ast.parse(ans.check)) if isinstance(n, ast.Name)}
        if ans.answer not in names:
            raise ContractError(f"{where}: check {ans.check!r} does not use {ans.answer}")
        if not ans.hint:
            raise ContractError(f"{where}: hint must not be empty")
        number = isinstance(ans.points, int | float) and not isinstance(ans.points, bool)
        if not number or ans.points <= 0:
            raise ContractError(f"{where}: points must be a positive number, got {ans.points!r}")
        try:
            tree = ast.parse(cell["source"])
        except SyntaxError as exc:
            raise ContractError(f"{where}: the answer cell is not plain Python: {exc}") from exc
        assigned = {
            t.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)
        }
        if ans.answer not in assigned:
            raise ContractError(f"{where}: the answer cell never assigns {ans.answer}")
        return ans


@dataclass
class Chapter:
    """The student edition of one chapter and what was found in it."""

    notebook: nbformat.NotebookNode
    exercises: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    removed_sources: list[str] = field(default_factory=list)  # solution text and code


def _split_markdown(source: str, in_solution: str | None, where: str):
    """Split a markdown cell into kept text pieces and solution events.

    Yields ("text", str), ("exercise", label), ("start", label), ("end", label).
    ``in_solution`` is the label of the solution open when the cell begins (or None).
    Returns the state at the end through the final ("state", label-or-None) item.
    """
    lines = source.splitlines(keepends=True)
    kept: list[str] = []
    removed: list[str] = []
    in_exercise = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if in_solution is None:
            m = SOL_START.match(line)
            plain = SOL_PLAIN.match(line)
            if m or plain:
                if kept:
                    yield ("text", "".join(kept))
                    kept = []
                if m:
                    in_solution = m.group(1)
                    yield ("start", in_solution)
                    # skip the options up to the directive's closing fence
                    i += 1
                    while i < len(lines) and not FENCE_CLOSE.match(lines[i]):
                        removed.append(lines[i])
                        i += 1
                else:  # {solution} <label> ... closing fence with the same colons
                    fence = plain.group(1)
                    label = line.split("}", 1)[1].strip()
                    yield ("start", label)
                    i += 1
                    while i < len(lines) and lines[i].strip() != fence:
                        removed.append(lines[i])
                        i += 1
                    yield ("removed", "".join(removed))
                    removed = []
                    yield ("end", label)
                i += 1
                continue
            kept.append(line)
            if EXERCISE.match(line):
                in_exercise = True
            elif in_exercise and (lm := LABEL.match(line)):
                yield ("exercise", lm.group(1))
                in_exercise = False
            elif FENCE_CLOSE.match(line):
                in_exercise = False
            i += 1
        else:
            if SOL_END.match(line):
                i += 1
                if i < len(lines) and FENCE_CLOSE.match(lines[i]):
                    i += 1
                yield ("removed", "".join(removed))
                removed = []
                yield ("end", in_solution)
                in_solution = None
                continue
            if SOL_START.match(line):
                raise ContractError(
                    f"{where}: solution-start inside the open solution of {in_solution!r}"
                )
            removed.append(line)
            i += 1
    if kept:
        yield ("text", "".join(kept))
    if removed:
        yield ("removed", "".join(removed))
    yield ("state", in_solution)


def _glue_values(nb) -> dict[str, str]:
    """Text values glued by myst-nb, read from the stored outputs of the chapter."""
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            scrapbook = out.get("metadata", {}).get("scrapbook", {})
            key = scrapbook.get("name")
            text = out.get("data", {}).get(scrapbook.get("mime_prefix", "") + "text/plain")
            if key and text is not None:
                try:
                    value = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    value = text
                values[key] = str(value)
    return values


def _is_glue_cell(cell) -> bool:
    return (
        cell.cell_type == "code"
        and "remove-cell" in cell.metadata.get("tags", [])
        and "glue(" in cell.source
    )


def _clean_code(cell):
    cell = copy.deepcopy(cell)
    cell.outputs = []
    cell.execution_count = None
    cell.metadata.pop("execution", None)
    cell.metadata.pop("infocourse", None)
    return cell


def student_chapter(nb, name: str = "chapter") -> Chapter:
    """Build the student edition of notebook ``nb`` (not modified)."""
    stem = Path(name).stem
    glue = _glue_values(nb)
    out = Chapter(notebook=copy.deepcopy(nb))
    student = out.notebook
    student.metadata.pop("widgets", None)
    cells = []
    counter = 0

    def new_id(base: str) -> str:
        nonlocal counter
        counter += 1
        return f"{base[:40]}-s{counter}"

    in_solution: str | None = None
    block: list = []  # code cells of the open solution
    labelled_solutions: set[str] = set()
    exercise_cells: list[tuple[int, list[str]]] = []  # (position in cells, labels)

    def close_block(label: str) -> None:
        answers = []
        for code in block:
            if "infocourse" in code.metadata and "answer" in code.metadata["infocourse"]:
                answers.append(Answer.from_cell(code, label, f"{name}: solution of {label!r}"))
        if not answers:
            cells.append(nbformat.v4.new_code_cell(WORK_CELL, id=new_id(label)))
        for ans in answers:
            stub = nbformat.v4.new_code_cell(
                f"{ans.answer} = ...  # your answer here", id=new_id(label)
            )
            stub.metadata["infocourse_student"] = {"exercise": label, "answer": ans.answer}
            cells.append(stub)
        if answers:
            check = nbformat.v4.new_code_cell(f'grader.check("{label}")', id=new_id(label))
            check.metadata["infocourse_student"] = {"exercise": label, "check": True}
            cells.append(check)
        out.answers.extend(answers)
        labelled_solutions.add(label)

    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}"
        if cell.cell_type == "markdown":
            pieces = list(_split_markdown(cell.source, in_solution, where))
            labels_here = []
            first = True
            for kind, value in pieces:
                if kind == "text":
                    if not value.strip():
                        continue
                    value = GLUE_ROLE.sub(lambda m: glue.get(m.group(1), m.group(0)), value)
                    md = copy.deepcopy(cell)
                    md.source = value.strip("\n")
                    md.id = cell.get("id", "md") if first else new_id(cell.get("id", "md"))
                    first = False
                    cells.append(md)
                elif kind == "exercise":
                    out.exercises.append(value)
                    labels_here.append(value)
                elif kind == "start":
                    if value in labelled_solutions:
                        raise ContractError(f"{where}: a second solution for {value!r}")
                    in_solution = value
                    block = []
                elif kind == "removed":
                    out.removed_sources.append(value)
                elif kind == "end":
                    close_block(value)
                    in_solution = None
                elif kind == "state":
                    in_solution = value
            if labels_here:
                exercise_cells.append((len(cells), labels_here))
        elif in_solution is not None:
            if cell.cell_type == "code":
                block.append(cell)
            out.removed_sources.append(cell.source)
        elif _is_glue_cell(cell):
            continue
        elif cell.cell_type == "code":
            cells.append(_clean_code(cell))
        else:
            cells.append(copy.deepcopy(cell))
    if in_solution is not None:
        raise ContractError(f"{name}: the solution of {in_solution!r} is never closed")

    unknown = labelled_solutions - set(out.exercises)
    if unknown:
        raise ContractError(f"{name}: solutions for unknown exercises {sorted(unknown)}")
    # exercises without any solution: an empty work cell right after their text
    for position, labels in reversed(exercise_cells):
        for label in reversed(labels):
            if label not in labelled_solutions:
                cells.insert(position, nbformat.v4.new_code_cell(WORK_CELL, id=new_id(label)))

    if out.answers:
        init = nbformat.v4.new_code_cell(
            OTTER_INIT.format(nb=f"{stem}.ipynb", stem=stem), id=f"otter-init-{stem}"
        )
        first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
        cells.insert(first_code, init)
    names = [a.answer for a in out.answers]
    for what, seq in (("exercise", out.exercises), ("answer", names)):
        dupes = sorted({x for x in seq if seq.count(x) > 1})
        if dupes:
            raise ContractError(f"{name}: duplicate {what} names {dupes}")
    student.cells = cells
    nbformat.validate(student)
    return out


def ok_test(label: str, answers: list[Answer]) -> str:
    """An otter-grader OK-format test file for one exercise.

    The check expression is stored base64-encoded, so the failure report a student sees does
    not spell out the expected value; any exception (e.g. the stub's Ellipsis) counts as wrong.
    """
    cases = []
    for ans in answers:
        program = (
            "import math\nimport numpy as np\nimport infocourse as ic\n"
            f"try:\n    _infocourse_ok = bool({ans.check})\n"
            "except Exception:\n    _infocourse_ok = False\n"
        )
        encoded = base64.b64encode(program.encode()).decode()
        # one doctest line, run in a copy of the notebook's globals (nothing is added to them)
        body = (
            ">>> (lambda g: exec(__import__('base64').b64decode("
            f"{encoded!r}).decode(), g) or g['_infocourse_ok'])(dict(globals()))\nTrue"
        )
        cases.append(
            {
                "name": f"{label}: {ans.answer}",
                "code": body,
                "hidden": False,
                "locked": False,
                "points": ans.points,
                "success_message": f"Right: {ans.answer} passes the check.",
                "failure_message": f"Not yet: {ans.answer} does not pass the check. "
                f"Hint: {ans.hint}",
            }
        )
    spec = {
        "name": label,
        "points": sum(a.points for a in answers),
        "suites": [
            {
                "cases": cases,
                "scored": True,
                "setup": "",
                "teardown": "",
                "type": "doctest",
            }
        ],
    }
    header = f"# Generated by coursework.make_student from the metadata of {label}; do not edit.\n"
    body = pprint.pformat(spec, width=100, sort_dicts=False)
    return f"{header}OK_FORMAT = True\n\ntest = {body}\n"


def write_tests(chapter: Chapter, tests_dir: Path) -> list[Path]:
    """Write one OK test per autograded exercise of ``chapter`` into ``tests_dir``."""
    tests_dir.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[Answer]] = {}
    for ans in chapter.answers:
        by_label.setdefault(ans.exercise, []).append(ans)
    paths = []
    for label, answers in by_label.items():
        path = tests_dir / f"{label}.py"
        path.write_text(ok_test(label, answers), encoding="utf-8")
        paths.append(path)
    return paths


def make_autograder(tests_dir: Path, zip_path: Path) -> Path:
    """``otter generate`` for one chapter's tests (no requirements, no config: local grading)."""
    from otter.generate import main as otter_generate  # slow import: only when needed

    zip_path = zip_path.resolve()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.chdir(zip_path.parent), contextlib.redirect_stdout(io.StringIO()):
        otter_generate(
            tests_dir=str(tests_dir.resolve()),
            output_path=str(zip_path),
            no_config=True,
            no_requirements=True,
            no_environment=True,
        )
    return zip_path


STUDENT_README = """\
# Student edition

Open the chapters with JupyterLab in the course environment: in the course repository,
`make install` builds it (or `pip install -r requirements.txt` and `pip install -e .`), then
`.venv/bin/jupyter lab student` opens this folder.

Each exercise is followed by an empty cell (`# your work here`) or, for an autograded exercise,
by a stub `ans_... = ...  # your answer here` and a self-check cell `grader.check("...")`:
replace the `...` with your answer, run the cell, then run the check.  It tells you straight
away whether your answer is right and gives a hint when it is not.  Run the notebook from the
top (the first code cells load the course package and the checker).

Hand in the notebook file itself (for example `01_entropy.ipynb`), saved after running it.
"""


def make_student(
    chapters: Path = ROOT / "chapters",
    out: Path = ROOT / "student",
    autograder_dir: Path | None = ROOT / "_build" / "autograder",
) -> dict[str, Chapter]:
    """Write the student edition of every chapter; return the chapters by stem."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "README.md").write_text(STUDENT_README, encoding="utf-8")
    result = {}
    for path in sorted(Path(chapters).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        chapter = student_chapter(nb, path.name)
        nbformat.write(chapter.notebook, out / path.name)
        if chapter.answers:
            tests_dir = out / "tests" / path.stem
            write_tests(chapter, tests_dir)
            if autograder_dir is not None:
                make_autograder(tests_dir, Path(autograder_dir) / f"{path.stem}.zip")
        result[path.stem] = chapter
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapters", type=Path, default=ROOT / "chapters")
    parser.add_argument("--out", type=Path, default=ROOT / "student")
    parser.add_argument("--autograder-dir", type=Path, default=ROOT / "_build" / "autograder")
    args = parser.parse_args(argv)
    try:
        result = make_student(args.chapters, args.out, args.autograder_dir)
    except ContractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for stem, chapter in result.items():
        points = sum(a.points for a in chapter.answers)
        print(
            f"{stem}: {len(chapter.exercises)} exercises, "
            f"{len(chapter.answers)} autograded ({points:g} points)"
        )
    print(f"Student edition: {args.out}")
    if any(c.answers for c in result.values()):
        print(f"Autograders:     {args.autograder_dir}/<chapter>.zip")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build the coursework of the chapters with Otter Assign (otter-grader).

Usage (from the repository root)::

    python -m coursework.make_student [--only 01_entropy ...] [--wheel dist/infocourse-*.whl]

For every chapter with exercises this writes an *Otter Assign source notebook* (the format
teachers who use otter author in: raw cells ``# ASSIGNMENT CONFIG``, ``# BEGIN QUESTION``,
``# BEGIN SOLUTION``, ``# BEGIN TESTS``) and runs ``otter assign`` on it, which builds the
student notebook, its public tests and the autograder zip::

    _build/otter/<chapter>/<chapter>.ipynb     source notebook (edit it, then rebuild with
    _build/otter/<chapter>/requirements.txt    `otter assign <chapter>.ipynb dist` in that folder)
    _build/otter/<chapter>/dist/               what otter assign writes
    student/<chapter>/                         copy of dist/student: notebook and tests/
    _build/autograder/<chapter>.zip            copy of the autograder zip (Gradescope, otter run)

The contract between a chapter and its assignment lives in cell metadata, never in the text:

* the exercise's markdown cell: ``"infocourse": {"exercise": "<label>"}``, with
  ``"manual": <points>`` when the teacher grades a written part (proofs, explanations);
* every cell of its solution, markdown or code, right after it:
  ``"infocourse": {"solution": "<label>"}``;
* an autograded answer is a solution code cell that assigns a variable ``ans_<name>`` and adds
  ``"answer": "ans_<name>", "check": "<Python condition>", "hint": "<sentence>", "points": 1``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build" / "otter"
AUTOGRADER_DIR = ROOT / "_build" / "autograder"
GRADESCOPE = "/autograder/source/files"  # where the zip's files/ are on the grading machine
GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`([^`]+)`")
ANSWER_PROMPT = '""" # BEGIN PROMPT\n{answer} = ...  # your answer here\n""" # END PROMPT'
WORK_PROMPT = '""" # BEGIN PROMPT\n# your work here\n""" # END PROMPT'


class ContractError(ValueError):
    """A chapter does not follow the exercise / solution / answer metadata contract."""


@dataclass
class Answer:
    """An autograded answer: the metadata of a solution code cell."""

    answer: str
    check: str
    hint: str
    points: float = 1


@dataclass
class Exercise:
    """An exercise of a chapter: its cell, its solution cells and its answers."""

    label: str
    cell: int
    manual: float | None = None
    solution: list[int] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)


def _positive(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _answer(cell, where: str) -> Answer:
    meta = cell.metadata["infocourse"]
    missing = [k for k in ("answer", "check", "hint") if k not in meta]
    if missing:
        raise ContractError(f"{where}: answer metadata lacks {', '.join(missing)}")
    ans = Answer(meta["answer"], meta["check"], str(meta["hint"]).strip(), meta.get("points", 1))
    if not re.fullmatch(r"ans_\w+", ans.answer):
        raise ContractError(f"{where}: answer must be a name starting with 'ans_': {ans.answer!r}")
    try:
        names = {
            n.id for n in ast.walk(ast.parse(ans.check, mode="eval")) if isinstance(n, ast.Name)
        }
        tree = ast.parse(cell.source)
    except SyntaxError as exc:
        raise ContractError(f"{where}: check or answer cell is not valid Python: {exc}") from exc
    assigned = {
        t.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Name)
    }
    if ans.answer not in names:
        raise ContractError(f"{where}: check {ans.check!r} does not use {ans.answer}")
    if ans.answer not in assigned:
        raise ContractError(f"{where}: the answer cell never assigns {ans.answer}")
    if not ans.hint:
        raise ContractError(f"{where}: hint must not be empty")
    if not _positive(ans.points):
        raise ContractError(f"{where}: points must be a positive number, got {ans.points!r}")
    return ans


def exercises(nb, name: str = "chapter") -> list[Exercise]:
    """The exercises of a chapter notebook, read from its cell metadata (checked)."""
    found: list[Exercise] = []
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata.get("infocourse", {})
        where = f"{name}, cell {i}"
        if "exercise" in meta:
            if cell.cell_type != "markdown":
                raise ContractError(f"{where}: an exercise cell must be a markdown cell")
            manual = meta.get("manual")
            if manual is not None and not _positive(manual):
                raise ContractError(f"{where}: manual must be a positive number, got {manual!r}")
            found.append(Exercise(meta["exercise"], i, manual))
        elif "solution" in meta:
            ex = found[-1] if found else None
            if ex is None or meta["solution"] != ex.label:
                raise ContractError(f"{where}: solution of {meta['solution']!r} is not under it")
            if (ex.solution[-1] if ex.solution else ex.cell) != i - 1:
                raise ContractError(f"{where}: the solution cells of {ex.label!r} are not together")
            ex.solution.append(i)
            if "answer" in meta:
                ex.answers.append(_answer(cell, where))
        elif "{solution" in cell.source or ":::{exercise}" in cell.source:
            raise ContractError(f"{where}: exercise or solution text in a cell without metadata")
    labels = [e.label for e in found]
    names = [a.answer for e in found for a in e.answers]
    for what, seq in (("exercise", labels), ("answer", names)):
        if len(set(seq)) < len(seq):
            raise ContractError(f"{name}: duplicate {what} names")
    for ex in found:
        if not ex.answers and ex.manual is None:
            raise ContractError(f"{name}: {ex.label!r} has no answer: give it manual points")
    return found


def _glue_values(nb) -> dict[str, str]:
    """Text values glued by myst-nb, read from the stored outputs of the chapter."""
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook", {})
            text = out.get("data", {}).get(scrap.get("mime_prefix", "") + "text/plain")
            if scrap.get("name") and text is not None:
                try:
                    values[scrap["name"]] = str(ast.literal_eval(text))
                except (ValueError, SyntaxError):
                    values[scrap["name"]] = text
    return values


def _raw(text: str):
    return nbformat.v4.new_raw_cell(text)


def _test_cell(ans: Answer):
    """An exception-based otter test: one readable assert per condition, the hint as message."""
    tree = ast.parse(ans.check, mode="eval").body
    parts = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    modules = {"math": "import math", "np": "import numpy as np", "ic": "import infocourse as ic"}
    body = [f"    {line}" for name, line in modules.items() if name in used]
    body += [f"    assert {ast.get_source_segment(ans.check, p)}, {ans.hint!r}" for p in parts]
    func = f"test_{ans.answer}"
    return nbformat.v4.new_code_cell(
        f'""" # BEGIN TEST CONFIG\npoints: {ans.points}\n""" # END TEST CONFIG\n'
        f"def {func}({ans.answer}):\n" + "\n".join(body) + f"\n\n\n{func}({ans.answer})"
    )


def _solution_code(cell):
    """The solution code cell for otter: the chapter's code, and what the student sees instead."""
    meta = cell.metadata.get("infocourse", {})
    prompt = ANSWER_PROMPT.format(answer=meta["answer"]) if "answer" in meta else WORK_PROMPT
    return nbformat.v4.new_code_cell(
        f"# BEGIN SOLUTION NO PROMPT\n{cell.source}\n# END SOLUTION\n{prompt}"
    )


def _question(name: str, config: str, prompt, solution: list, tests: list) -> list:
    cells = [_raw(f"# BEGIN QUESTION\nname: {name}\n{config}"), prompt, _raw("# BEGIN SOLUTION")]
    cells += [*solution, _raw("# END SOLUTION")]
    if tests:
        cells += [_raw("# BEGIN TESTS"), *tests, _raw("# END TESTS")]
    return [*cells, _raw("# END QUESTION")]


def assignment_config(stem: str, files: list[str]) -> str:
    listed = "".join(f"\n  - {f}" for f in files)
    return (
        f"# ASSIGNMENT CONFIG\nname: {stem}\ninit_cell: true\ncheck_all_cell: false\n"
        "export_cell: false\nrun_tests: true\npython_version: '3.11'\n"
        "tests:\n  files: true\n  ok_format: false\n"
        "requirements: requirements.txt\noverwrite_requirements: true\n"
        f"autograder_files:{listed}\ngenerate:\n  pdf: false\n  show_stdout: true\n"
    )


def source_notebook(nb, stem: str, files: list[str] = ()) -> nbformat.NotebookNode:
    """The Otter Assign source notebook of a chapter (``nb`` is not modified)."""
    found = {ex.cell: ex for ex in exercises(nb, stem)}
    glue = _glue_values(nb)
    skip = {i for ex in found.values() for i in ex.solution}

    def clean(cell):
        cell = copy.deepcopy(cell)
        cell.metadata.pop("infocourse", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        else:
            cell.source = GLUE_ROLE.sub(lambda m: glue.get(m.group(1), m.group(0)), cell.source)
        return cell

    cells = [_raw(assignment_config(stem, list(files)))]
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if i in skip or (
            cell.cell_type == "code" and "remove-cell" in tags and "glue(" in cell.source
        ):
            continue  # solutions come with their exercise; glue cells may use solution variables
        if i not in found:
            cells.append(clean(cell))
            continue
        ex = found[i]
        sol = [clean(nb.cells[j]) for j in ex.solution]
        written = [c for c in sol if c.cell_type == "markdown"]
        code = [_solution_code(nb.cells[j]) for j in ex.solution if nb.cells[j].cell_type == "code"]
        tests = [_test_cell(a) for a in ex.answers]
        points = f"points: {[a.points for a in ex.answers]}"
        if ex.manual is None:
            cells += _question(ex.label, points, clean(cell), written + code, tests)
        elif not ex.answers:
            cells += _question(
                ex.label, f"manual: true\npoints: {ex.manual}", clean(cell), written + code, []
            )
        else:  # a written part read by the teacher, then the autograded check
            names = ", ".join(f"`{a.answer}`" for a in ex.answers)
            cells += _question(
                f"{ex.label}-written",
                f"manual: true\npoints: {ex.manual}",
                clean(cell),
                written,
                [],
            )
            check = nbformat.v4.new_markdown_cell(
                f"**Check ({ex.label}).** Compute it in code: assign your result to {names}."
            )
            cells += _question(ex.label, points, check, code, tests)
    source = copy.deepcopy(nb)
    source.metadata.pop("widgets", None)
    source.cells = cells
    nbformat.validate(source)
    return source


def locked_pins() -> dict[str, str]:
    """``name==version`` of every package in the course lock (requirements.txt, written by
    ``make lock``: one ``name==version [; marker] \\`` line per package, then its hashes)."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith(("#", "--")):
            pin = line.split()[0]
            pins[pin.split("==")[0].lower().replace("_", "-")] = pin
    return pins


def requirements(nb, wheel: str) -> str:
    """What the autograder installs: the course wheel, otter, and the pinned imports of the code."""
    pins = locked_pins()
    imported = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:  # IPython magics: not grading dependencies
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    mods = (
                        [a.name for a in node.names]
                        if isinstance(node, ast.Import)
                        else [node.module or ""]
                    )
                    imported |= {m.split(".")[0].lower() for m in mods}
    extra = sorted(pins[m] for m in imported if m in pins and m != "ipython")
    return (
        "\n".join(
            [
                "# What the autograder installs (setup.sh, pip); pins: the course requirements.txt",
                f"-c {GRADESCOPE}/constraints.txt",
                pins["otter-grader"].replace("otter-grader", "otter-grader[grading]"),
                f"infocourse[widgets] @ file://{GRADESCOPE}/{wheel}",
                *extra,
            ]
        )
        + "\n"
    )


def build_wheel(out: Path) -> Path:
    """A wheel of the course package, built from a copy of src/ (setuptools writes build/)."""
    tree = out / "tree"
    shutil.copytree(
        ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(tree),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("infocourse-*.whl"))


def otter_assign(source: Path, quiet: bool = True) -> Path:
    """Run ``otter assign <source> dist`` in the source's folder; return the autograder zip."""
    subprocess.run(
        [sys.executable, "-m", "otter", "assign", source.name, "dist"],
        cwd=source.parent,
        check=True,
        capture_output=quiet,
        preexec_fn=lambda: os.nice(10),
    )
    return next((source.parent / "dist" / "autograder").glob("*-autograder_*.zip"))


STUDENT_README = """\
# Student edition

One folder per chapter: the notebook and its `tests/`.  Open the notebooks in the course
environment (`make install` in the course repository, then `.venv/bin/jupyter lab student`).

Each exercise is followed by a cell for your answer: `ans_... = ...  # your answer here` for
an exercise with an automatic check (replace the `...`, run the cell, then run the
`grader.check("...")` cell under it: it says whether the answer passes and gives a hint), or
`# your work here` and a text cell for work your teacher reads (proofs, explanations).
Run the notebook from the top; hand in the notebook file itself.
"""


def make_student(
    chapters: Path = ROOT / "chapters",
    build: Path = BUILD,
    student: Path = ROOT / "student",
    autograder_dir: Path = AUTOGRADER_DIR,
    wheel: Path | None = None,
    only: list[str] | None = None,
    quiet: bool = True,
) -> dict[str, list[Exercise]]:
    """Write the source notebooks, run otter assign on each; return the exercises by chapter."""
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        wheel = Path(wheel) if wheel else build_wheel(Path(tmp))
        for path in sorted(Path(chapters).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            found = exercises(nb, path.name)
            if not found or (only and path.stem not in only):
                continue
            folder = Path(build) / path.stem
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            shutil.copy(wheel, folder / wheel.name)
            # Plain pins: pip takes no hashes in a constraints file.
            (folder / "constraints.txt").write_text(
                "\n".join(sorted(locked_pins().values())) + "\n"
            )
            (folder / "requirements.txt").write_text(requirements(nb, wheel.name))
            source = folder / path.name
            nbformat.write(source_notebook(nb, path.stem, [wheel.name, "constraints.txt"]), source)
            zip_path = otter_assign(source, quiet)
            shutil.rmtree(Path(student) / path.stem, ignore_errors=True)
            shutil.copytree(folder / "dist" / "student", Path(student) / path.stem)
            Path(autograder_dir).mkdir(parents=True, exist_ok=True)
            shutil.copy(zip_path, Path(autograder_dir) / f"{path.stem}.zip")
            result[path.stem] = found
    (Path(student) / "README.md").write_text(STUDENT_README)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="chapter stems, e.g. 01_entropy")
    parser.add_argument("--wheel", type=Path, help="course wheel to install (default: build one)")
    args = parser.parse_args(argv)
    try:
        result = make_student(wheel=args.wheel, only=args.only, quiet=False)
    except ContractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for stem, found in result.items():
        auto = sum(a.points for e in found for a in e.answers)
        manual = sum(e.manual or 0 for e in found)
        print(f"{stem}: {len(found)} exercises, {auto:g} points autograded, {manual:g} by you")
    print(
        f"Source notebooks: {BUILD}/<chapter>/  Student edition: student/  "
        f"Autograders: {AUTOGRADER_DIR}/<chapter>.zip"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

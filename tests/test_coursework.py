"""The coursework: Otter Assign source notebooks from the chapters, otter assign, grading.

Unit tests read the cell-metadata contract of a small sample chapter built here.  End to end,
one real chapter (01_entropy) goes through ``otter assign``; the solutions notebook earns full
marks, the untouched student notebook less, a partly answered one a score in between.  The
other chapters, the sample's student edition and grading, a teacher's rebuild with ``otter
assign`` and the Gradescope-style install of an autograder zip into a fresh venv are marked
``slow`` (``pytest -m slow tests/test_coursework.py``; .ci/run runs them).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

pytest.importorskip("otter")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # coursework/ is a top-level folder, not an installed package
    sys.path.insert(0, str(ROOT))

from otter.api import grade_submission  # noqa: E402
from otter.test_files.exception_test import ExceptionTestFile  # noqa: E402

from coursework.grade import grade  # noqa: E402
from coursework.make_student import (  # noqa: E402
    ContractError,
    build_wheel,
    exercises,
    make_student,
    source_notebook,
)

# otter 7.0.0 calls DataFrame.drop(inplace=True), deprecated in pandas 3.1: not our code
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop")

CHAPTERS = [
    p
    for p in sorted((ROOT / "chapters").glob("*.ipynb"))
    if exercises(nbformat.read(p, as_version=4), p.name)
]
DEFAULT_CHAPTER = "01_entropy"


def ic_meta(**info):
    return {"infocourse": info}


def sample_notebook():
    """A chapter in miniature: an autograded exercise (ex-a), a proof with a check (ex-b, 2
    points read + 2 autograded), a read-only exercise (ex-c), glue, outputs, widget state."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    glue_cell = new_code_cell(
        'from myst_nb import glue\n\nglue("secret_glue", f"{ans_h:.4f}", display=False)\n'
        'glue("narrative_value", "0.7219", display=False)',
        metadata={"tags": ["remove-cell"]},
    )
    glue_cell.outputs = [  # as myst-nb stores a glued text value
        new_output(
            "display_data",
            data={"application/papermill.record/text/plain": "'0.7219'"},
            metadata={
                "scrapbook": {
                    "name": "narrative_value",
                    "mime_prefix": "application/papermill.record/",
                }
            },
        )
    ]
    nb.cells = [
        new_markdown_cell(
            "(ch-sample)=\n# 1. Sample\n\nThe value is {glue:text}`narrative_value`."
        ),
        new_code_cell("import math\n\nimport numpy as np\n\nimport infocourse as ic"),
        new_markdown_cell("## Exercises"),
        new_markdown_cell(
            ":::{exercise}\n:label: ex-a\n\nEntropy of (1/2, 1/4, 1/4) in bits?\n:::",
            metadata=ic_meta(exercise="ex-a"),
        ),
        new_markdown_cell(
            ":::{solution-start} ex-a\n:class: dropdown\n:::\n\nSECRET-TEXT-A.",
            metadata=ic_meta(solution="ex-a"),
        ),
        new_code_cell(
            "ans_h = ic.entropy([0.5, 0.25, 0.25], base=2)  # SECRET-CODE-A\nprint(ans_h)",
            metadata=ic_meta(
                solution="ex-a",
                answer="ans_h",
                points=1,
                check="isinstance(ans_h, float) and abs(ans_h - 1.5) < 1e-9",
                hint="Average the surprises.",
            ),
        ),
        new_markdown_cell(":::{solution-end}\n:::", metadata=ic_meta(solution="ex-a")),
        new_markdown_cell(
            ":::{exercise}\n:label: ex-b\n\n*(Proof.)* Prove it; then compute"
            " the bits of 8 outcomes.\n:::",
            metadata=ic_meta(exercise="ex-b", manual=2),
        ),
        new_markdown_cell(
            ":::{solution-start} ex-b\n:::\n\nSECRET-PROOF-B by induction.",
            metadata=ic_meta(solution="ex-b"),
        ),
        new_code_cell("secret_n = 8  # SECRET-CODE-B", metadata=ic_meta(solution="ex-b")),
        new_code_cell(
            "ans_bits = ic.entropy(ic.uniform(secret_n), base=2)  # SECRET-CODE-B2",
            metadata=ic_meta(
                solution="ex-b",
                answer="ans_bits",
                points=2,
                check="math.isclose(ans_bits, 3)",
                hint="Use log2(n).",
            ),
        ),
        new_markdown_cell(":::{solution-end}\n:::", metadata=ic_meta(solution="ex-b")),
        new_markdown_cell(
            ":::{exercise}\n:label: ex-c\n\nExplain in words.\n:::",
            metadata=ic_meta(exercise="ex-c", manual=1),
        ),
        new_markdown_cell(
            ":::{solution-start} ex-c\n:::\n\nSECRET-TEXT-C.\n\n:::{solution-end}\n:::",
            metadata=ic_meta(solution="ex-c"),
        ),
        glue_cell,
    ]
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.outputs:
            cell.outputs = [new_output("stream", name="stdout", text="SECRET-OUTPUT\n")]
            cell.execution_count = 3
    return nb


SECRETS = ("SECRET", "secret_glue", "secret_n", "1.5000")


def test_exercises_are_read_from_cell_metadata():
    found = exercises(sample_notebook(), "sample.ipynb")
    assert [(e.label, e.manual, [a.answer for a in e.answers]) for e in found] == [
        ("ex-a", None, ["ans_h"]),
        ("ex-b", 2, ["ans_bits"]),
        ("ex-c", 1, []),
    ]
    assert found[1].solution == [8, 9, 10, 11] and found[1].answers[0].points == 2


def _answer_cell(nb):
    return nb.cells[5].metadata["infocourse"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda nb: _answer_cell(nb).update(answer="h"), "starting with 'ans_'"),
        (lambda nb: _answer_cell(nb).update(answer="ans_q"), "does not use ans_q"),
        (lambda nb: _answer_cell(nb).update(check="ans_h <"), "not valid Python"),
        (lambda nb: _answer_cell(nb).update(check="ans_z > 0", answer="ans_z"), "never assigns"),
        (lambda nb: _answer_cell(nb).update(hint=" "), "hint must not be empty"),
        (lambda nb: _answer_cell(nb).update(points=0), "points must be a positive number"),
        (lambda nb: _answer_cell(nb).update(solution="ex-b"), "is not under it"),
        (lambda nb: nb.cells[12].metadata["infocourse"].pop("manual"), "give it manual points"),
        (lambda nb: nb.cells[4].metadata.pop("infocourse"), "text in a cell without metadata"),
        (lambda nb: nb.cells.insert(9, new_markdown_cell("between")), "are not together"),
        (
            lambda nb: [
                nb.cells[i].metadata["infocourse"].update({k: "ex-a"})
                for i, k in ((12, "exercise"), (13, "solution"))
            ],
            "duplicate",
        ),
    ],
)
def test_contract_violations_are_reported(change, message):
    nb = sample_notebook()
    change(nb)
    with pytest.raises(ContractError, match=re.escape(message)):
        exercises(nb, "sample.ipynb")


def test_source_notebook_in_otter_assign_format():
    nb = sample_notebook()
    before = copy.deepcopy(nb)
    source = source_notebook(nb, "01_sample", ["course.whl"])
    assert nb == before  # the chapter is not modified
    raw = [c.source for c in source.cells if c.cell_type == "raw"]
    assert raw[0].startswith("# ASSIGNMENT CONFIG\nname: 01_sample\n")
    assert "ok_format: false" in raw[0] and "autograder_files:\n  - course.whl" in raw[0]
    assert [r for r in raw if r.startswith("# BEGIN QUESTION")] == [
        "# BEGIN QUESTION\nname: ex-a\npoints: [1]",
        "# BEGIN QUESTION\nname: ex-b-written\nmanual: true\npoints: 2",
        "# BEGIN QUESTION\nname: ex-b\npoints: [2]",
        "# BEGIN QUESTION\nname: ex-c\nmanual: true\npoints: 1",
    ]
    sources = [c.source for c in source.cells]
    test = next(s for s in sources if "def test_ans_bits" in s)
    assert "    import math\n    assert math.isclose(ans_bits, 3), 'Use log2(n).'" in test
    assert "The value is 0.7219." in sources[1]  # glued numbers written in
    assert not any("glue(" in s for s in sources)  # the glue cell is gone
    assert all("infocourse" not in c.metadata and not c.get("outputs") for c in source.cells)
    assert "widgets" not in source.metadata


def test_exception_test_file_right_wrong_and_hint(tmp_path):
    """The test file otter writes from a generated test cell: readable asserts, hint shown."""
    source = source_notebook(sample_notebook(), "01_sample")
    cell = next(c.source for c in source.cells if "def test_ans_h" in c.source)
    body = cell.split("# END TEST CONFIG\n")[1].rsplit("\n\n\n", 1)[0]
    path = tmp_path / "ex-a.py"
    path.write_text(
        f'from otter.test_files import test_case\n\nOK_FORMAT = False\nname = "ex-a"\n'
        f"points = [1]\n\n@test_case(points=1)\n{body}\n"
    )
    test = ExceptionTestFile.from_file(str(path))
    for env, passed in [
        ({"ans_h": 1.5}, True),
        ({"ans_h": 2.0}, False),
        ({"ans_h": ...}, False),
        ({}, False),
    ]:
        test.run(env)
        assert test.passed_all is passed, env
    assert "Average the surprises." in test.summary()


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The course wheel: the site's download or dist/ if one was built, else a fresh one."""
    found = sorted((ROOT / "_build" / "html" / "_downloads").glob("**/infocourse-*.whl"))
    found += sorted((ROOT / "dist").glob("infocourse-*.whl"))
    if found:
        return found[-1]
    return build_wheel(tmp_path_factory.mktemp("wheel"))  # pip wheel --no-deps, on a copy


def build(root: Path, chapters: Path, stems: list[str], wheel: Path):
    return make_student(
        chapters, root / "otter", root / "student", root / "autograder", wheel=wheel, only=stems
    )


def partly_answered(stem: str, out: Path, root: Path) -> Path:
    """The student notebook with the first autograded question answered from the solutions."""
    student = nbformat.read(out / "student" / stem / f"{stem}.ipynb", as_version=4)
    solved = nbformat.read(
        out / "otter" / stem / "dist" / "autograder" / f"{stem}.ipynb", as_version=4
    )
    answers = [c for c in student.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
    solutions = [
        c
        for c in solved.cells
        if c.cell_type == "code" and "otter_assign_solution_cell" in c.metadata.get("tags", [])
    ]
    assert len(answers) >= len(solutions) > 1
    code_answers = [c for c in answers if c.cell_type == "code"]
    first_check = next(
        i for i, c in enumerate(student.cells) if c.source.startswith("grader.check")
    )
    for cell, sol in zip(code_answers, solutions):
        if student.cells.index(cell) > first_check:
            break
        cell.source = sol.source
    path = root / f"{stem}-partial.ipynb"
    nbformat.write(student, path)
    return path


def scores(stem: str, out: Path, partial: Path) -> dict[str, dict]:
    """Grade the solutions and the partly answered notebook with coursework.grade, and the
    untouched student notebook with otter directly, in debug mode: a cell error fails."""
    zip_path = out / "autograder" / f"{stem}.zip"
    solution = out / "otter" / stem / "dist" / "autograder" / f"{stem}.ipynb"
    rows = {Path(str(r["submission"])): r for r in grade(zip_path, [solution, partial])}
    untouched = out / "student" / stem / f"{stem}.ipynb"
    result = grade_submission(str(untouched), str(zip_path), quiet=True, debug=True)
    return {
        "solution": rows[solution],
        "partial": rows[partial],
        "untouched": {"total": result.total, "possible": result.possible},
    }


@pytest.fixture(scope="module")
def sample_course(tmp_path_factory, wheel, monkeypatch_module):
    root = tmp_path_factory.mktemp("course")
    (root / "chapters").mkdir()
    nbformat.write(sample_notebook(), root / "chapters" / "01_sample.ipynb")
    build(root, root / "chapters", ["01_sample"], wheel)
    return root


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MPLBACKEND", "agg")  # no inline figures while grading: faster
        yield mp


@pytest.mark.slow  # make test checks a real chapter's student edition (test_chapter_end_to_end)
def test_sample_student_edition_has_no_solution(sample_course):
    folder = sample_course / "student" / "01_sample"
    text = "\n".join(p.read_text() for p in [folder / "01_sample.ipynb", *folder.glob("tests/*")])
    for secret in SECRETS:
        assert secret not in text
    assert "solution-start" not in text and "{glue" not in text
    assert sorted(p.name for p in folder.glob("tests/*.py")) == ["ex-a.py", "ex-b.py"]
    student = nbformat.read(folder / "01_sample.ipynb", as_version=4)
    sources = [c.source for c in student.cells]
    assert "ans_h = ...  # your answer here" in sources and 'grader.check("ex-a")' in sources
    assert sources.count("_Type your answer here, replacing this text._") == 2  # ex-b, ex-c
    assert (sample_course / "autograder" / "01_sample.zip").is_file()


@pytest.mark.slow  # make test grades a real chapter end to end (test_chapter_end_to_end)
def test_grading_the_sample(sample_course):
    """Solutions: full marks; untouched: nothing; the first question answered: its point."""
    by = scores(
        "01_sample", sample_course, partly_answered("01_sample", sample_course, sample_course)
    )
    assert by["solution"]["total"] == by["solution"]["possible"] == 3
    assert (by["untouched"]["total"], by["untouched"]["possible"]) == (0, 3)
    assert (by["partial"]["ex-a"], by["partial"]["ex-b"], by["partial"]["total"]) == (1, 0, 1)


@pytest.mark.slow
def test_a_teacher_edits_the_source_notebook_and_rebuilds_with_otter_assign(
    sample_course, tmp_path
):
    """The documented rebuild: `otter assign 01_sample.ipynb dist` in the source's folder."""
    folder = tmp_path / "01_sample"
    shutil.copytree(
        sample_course / "otter" / "01_sample", folder, ignore=shutil.ignore_patterns("dist")
    )
    nb = nbformat.read(folder / "01_sample.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "def test_ans_h" in c.source)
    cell.source = cell.source.replace("Average the surprises.", "Use base=2, then average.")
    nbformat.write(nb, folder / "01_sample.ipynb")
    otter = Path(sys.executable).parent / "otter"
    subprocess.run(
        [str(otter), "assign", "01_sample.ipynb", "dist"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    assert "Use base=2, then average." in (folder / "dist/student/tests/ex-a.py").read_text()
    assert list((folder / "dist" / "autograder").glob("01_sample-autograder_*.zip"))


def chapter_param(path: Path):
    marks = [] if path.stem == DEFAULT_CHAPTER else [pytest.mark.slow]
    return pytest.param(path, id=path.stem, marks=marks)


@pytest.fixture(scope="module")
def editions(tmp_path_factory, wheel, monkeypatch_module):
    """Each chapter's coursework, built on first use."""
    cache: dict[str, Path] = {}

    def get(stem: str) -> Path:
        if stem not in cache:
            out = tmp_path_factory.mktemp(stem)
            build(out, ROOT / "chapters", [stem], wheel)
            cache[stem] = out
        return cache[stem]

    return get


@pytest.mark.parametrize("path", [chapter_param(p) for p in CHAPTERS])
def test_chapter_end_to_end(path, editions):
    """otter assign builds the chapter; solution full, untouched less, partial in between."""
    out = editions(path.stem)
    chapter = nbformat.read(path, as_version=4)
    found = exercises(chapter, path.name)
    student_nb = out / "student" / path.stem / f"{path.stem}.ipynb"
    text = "\n".join(p.read_text() for p in [student_nb, *student_nb.parent.glob("tests/*")])
    assert "solution-start" not in text and "{glue" not in text
    # every line of a solution that is not also elsewhere in the chapter is gone
    everywhere = Counter(s.strip() for c in chapter.cells for s in c.source.splitlines())
    in_solutions = Counter(
        s.strip() for e in found for i in e.solution for s in chapter.cells[i].source.splitlines()
    )
    lines = {line.strip() for line in text.splitlines()}
    for line, count in in_solutions.items():
        if len(line) >= 12 and everywhere[line] <= count and not line.startswith(":::"):
            assert line not in lines, f"solution line leaked: {line!r}"

    by = scores(path.stem, out, partly_answered(path.stem, out, out))
    possible = sum(a.points for e in found for a in e.answers)
    print(
        f"{path.stem}: " + ", ".join(f"{k} {v['total']:g}/{v['possible']:g}" for k, v in by.items())
    )
    assert by["solution"]["total"] == by["solution"]["possible"] == possible
    assert by["untouched"]["possible"] == possible and by["untouched"]["total"] < possible
    assert by["untouched"]["total"] < by["partial"]["total"] < possible


@pytest.mark.slow
def test_autograder_zip_installs_from_the_wheel_in_a_fresh_venv(editions, tmp_path):
    """As on Gradescope: the zip unpacked, its pip requirements (the course wheel from files/)
    installed in a new environment, a submission graded there with otter run."""
    stem = DEFAULT_CHAPTER
    out = editions(stem)
    source = tmp_path / "source"  # stands for /autograder/source
    with zipfile.ZipFile(out / "autograder" / f"{stem}.zip") as zf:
        zf.extractall(source)
    setup = (source / "setup.sh").read_text()
    assert "mamba env create -f /autograder/source/environment.yml" in setup  # the step done here
    env = (source / "environment.yml").read_text()
    pip = [line.strip()[2:] for line in env.split("- pip:")[1].splitlines() if line.strip()]
    assert any(p.startswith("infocourse") and "/autograder/source/files/" in p for p in pip)
    (tmp_path / "requirements.txt").write_text(
        "\n".join(p.replace("/autograder/source", str(source)) for p in pip) + "\n"
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run(
        ["nice", str(py), "-m", "pip", "install", "-q", "-r", str(tmp_path / "requirements.txt")],
        check=True,
    )
    subprocess.run(
        [str(py), "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"],
        check=True,
        capture_output=True,
    )
    shown = subprocess.run(
        [str(py), "-c", "import infocourse, sys; print(infocourse.__file__)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert shown.startswith(str(venv))  # the wheel's package, not this checkout's
    partial = partly_answered(stem, out, tmp_path)
    (tmp_path / "results").mkdir()
    run = subprocess.run(
        [
            "nice",
            str(venv / "bin" / "otter"),
            "run",
            "-a",
            str(out / "autograder" / f"{stem}.zip"),
            "-o",
            str(tmp_path / "results"),
            str(partial),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((tmp_path / "results" / "results.json").read_text())
    scored = [t for t in results["tests"] if "score" in t]  # Gradescope's format
    found = exercises(nbformat.read(ROOT / "chapters" / f"{stem}.ipynb", as_version=4), stem)
    assert {t["name"] for t in scored} == {e.label for e in found if e.answers}
    assert sum(t["max_score"] for t in scored) == sum(a.points for e in found for a in e.answers)
    earned = sum(t["score"] for t in scored)
    expected = grade(out / "autograder" / f"{stem}.zip", [partial])[0]["total"]
    assert earned == expected and 0 < earned


def test_teachers_guide_lists_every_exercise():
    """The week plan of the teacher's guide names exactly the exercises of each chapter."""
    guide = (ROOT / "chapters" / "94_teachers_guide.md").read_text(encoding="utf-8")
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| \d+ \| \{ref\}`(ch-[\w-]+)` \| (.*) \|$", guide, re.M)
    }
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        label = re.match(r"\((ch-[\w-]+)\)=", nb.cells[0].source)
        found = exercises(nb, path.name)
        row = rows.get(label.group(1), "")
        assert set(re.findall(r"`(ex-[\w-]+)`", row)) == {e.label for e in found}, path.name
        marked = set(re.findall(r"`(ex-[\w-]+)` \(read\)", row))
        assert marked == {e.label for e in found if not e.answers}, f"{path.name}: (read) marks"


def test_autograder_requirements_are_one_pin_per_line():
    # The lock has `name==version \` lines followed by hashes; the autograder's files take
    # plain requirements (pip accepts no hashes in a constraints file).
    from packaging.requirements import Requirement

    from coursework.make_student import locked_pins, requirements

    nb = nbformat.v4.new_notebook(cells=[new_code_cell("import numpy as np\nimport scipy")])
    lines = [
        ln
        for ln in requirements(nb, "infocourse-0.1.0-py3-none-any.whl").splitlines()
        if ln and not ln.startswith(("#", "-c "))
    ]
    assert [ln.split("==")[0] for ln in lines] == [
        "otter-grader[grading]",
        "infocourse[widgets] @ file:///autograder/source/files/infocourse-0.1.0-py3-none-any.whl",
        "numpy",
        "scipy",
    ]
    for ln in lines:
        Requirement(ln)  # raises on anything pip would not read
    pins = locked_pins()
    assert pins["otter-grader"] == "otter-grader==7.0.0"
    assert all(" " not in p and "\\" not in p for p in pins.values())

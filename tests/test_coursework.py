"""The student edition (coursework.make_student) and its autograding with otter-grader.

Unit tests run the generator on a small sample notebook built here.  The grading tests run
otter on real kernels: the sample's solution notebook earns full marks and its untouched
student notebook none; then every chapter with answer metadata is graded the same way (and the
test fails if no chapter has any, so the coverage cannot silently disappear).
"""

from __future__ import annotations

import copy
import re
import sys
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
from otter.test_files.ok_test import OKTestFile  # noqa: E402

from coursework.grade import grade  # noqa: E402
from coursework.make_student import (  # noqa: E402
    ContractError,
    make_student,
    ok_test,
    student_chapter,
    write_tests,
)

# otter 7.0.0 calls DataFrame.drop(inplace=True), deprecated in pandas 3.1: not our code
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop")

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def answer_meta(label, answer, check, hint="Think again.", points=1):
    return {
        "infocourse": {
            "exercise": label,
            "answer": answer,
            "check": check,
            "hint": hint,
            "points": points,
        }
    }


def sample_notebook():
    """A chapter in miniature, with the layouts the chapters use.

    ex-a: exercise and solution-start share one cell, autograded; ex-b: no answer metadata;
    its solution-end shares a cell with the next exercise ex-c, autograded (2 points);
    ex-d: an exercise without a solution.
    """
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    imports = new_code_cell("import math\n\nimport numpy as np\n\nimport infocourse as ic")
    imports.outputs = [new_output("stream", name="stdout", text="loaded\n")]
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
            "(ch-sample)=\n# 1. Sample\n\nThe value is {glue:text}`narrative_value` bits."
        ),
        imports,
        new_markdown_cell(
            "## Exercises\n\n:::{exercise}\n:label: ex-a\n\nCompute the entropy of (1/2, 1/4, 1/4)"
            " in bits.\n:::\n\n:::{solution-start} ex-a\n:class: dropdown\n:::\n\n"
            "SECRET-TEXT-A: average the surprises {glue:text}`secret_glue`."
        ),
        new_code_cell(
            "ans_h = ic.entropy([0.5, 0.25, 0.25], base=2)  # SECRET-CODE-A\nprint(f'{ans_h:.4f}')",
            metadata=answer_meta(
                "ex-a", "ans_h", "abs(ans_h - 1.5) < 1e-9", "Average the surprises."
            ),
        ),
        new_markdown_cell(
            ":::{solution-end}\n:::\n\n:::{exercise}\n:label: ex-b\n\nExplain in words.\n:::"
        ),
        new_markdown_cell(
            ":::{solution-start} ex-b\n:class: dropdown\n:::\n\nSECRET-TEXT-B because of reasons."
        ),
        new_code_cell("secret_b = 42  # SECRET-CODE-B\nprint(secret_b)"),
        new_markdown_cell(
            ":::{solution-end}\n:::\n\n:::{exercise}\n:label: ex-c\n\nHow many bits does a"
            " uniform choice among 8 outcomes carry?\n:::\n\n:::{solution-start} ex-c\n"
            ":class: dropdown\n:::"
        ),
        new_markdown_cell("SECRET-TEXT-C: three."),
        new_code_cell(
            "ans_bits = ic.entropy(ic.uniform(8), base=2)  # SECRET-CODE-C",
            metadata=answer_meta(
                "ex-c", "ans_bits", "math.isclose(ans_bits, 3)", "Use log2(n).", 2
            ),
        ),
        new_markdown_cell(":::{solution-end}\n:::\n\n:::{exercise}\n:label: ex-d\n\nOpen.\n:::"),
        glue_cell,
    ]
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.outputs:
            cell.outputs = [new_output("stream", name="stdout", text="SECRET-OUTPUT\n")]
            cell.execution_count = 3
    return nb


SECRETS = ("SECRET-TEXT", "SECRET-CODE", "SECRET-OUTPUT", "secret_glue", "1.5000", "secret_b")


def test_solutions_are_removed_and_nothing_leaks():
    student = student_chapter(sample_notebook(), "sample.ipynb").notebook
    text = nbformat.writes(student)
    for secret in SECRETS:
        assert secret not in text
    assert "solution-start" not in text and "solution-end" not in text
    assert "widgets" not in student.metadata
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_structure_of_the_student_notebook():
    chapter = student_chapter(sample_notebook(), "sample.ipynb")
    cells = chapter.notebook.cells
    sources = [c.source for c in cells]
    assert chapter.exercises == ["ex-a", "ex-b", "ex-c", "ex-d"]
    assert [a.answer for a in chapter.answers] == ["ans_h", "ans_bits"]
    # the self-check set-up comes before the first code cell of the chapter
    assert sources[1].startswith("# Self-checks") and 'tests_dir="tests/sample"' in sources[1]
    assert "import infocourse as ic" in sources[2]

    # each exercise text is followed by its stub and check, or by a work cell
    def after(label):
        i = next(i for i, s in enumerate(sources) if f":label: {label}" in s)
        return sources[i + 1 : i + 3]

    assert after("ex-a") == ["ans_h = ...  # your answer here", 'grader.check("ex-a")']
    assert after("ex-b")[0] == "# your work here"
    assert after("ex-c") == ["ans_bits = ...  # your answer here", 'grader.check("ex-c")']
    assert after("ex-d")[0] == "# your work here"
    # the exercise text that shared a cell with a solution-end is kept whole
    assert any(s.startswith(":::{exercise}\n:label: ex-c") and s.endswith(":::") for s in sources)
    # glued narrative numbers are written in; the glue cell (uses solution variables) is gone
    assert "The value is 0.7219 bits." in sources[0]
    assert not any("glue(" in s for s in sources)
    assert len({c.id for c in cells}) == len(cells)
    nbformat.validate(chapter.notebook)


def test_the_chapter_is_not_modified():
    nb = sample_notebook()
    before = copy.deepcopy(nb)
    student_chapter(nb, "sample.ipynb")
    assert nb == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"answer": "h"}, "starting with 'ans_'"),
        ({"answer": "ans_other"}, "does not use ans_other"),
        ({"check": "abs(ans_h - 1.5) <"}, "not a Python expression"),
        ({"check": "ans_q == 1", "answer": "ans_q"}, "never assigns ans_q"),
        ({"exercise": "ex-b"}, "in the solution of 'ex-a'"),
        ({"hint": " "}, "hint must not be empty"),
        ({"points": 0}, "positive number"),
    ],
)
def test_contract_violations_are_reported(change, message):
    nb = sample_notebook()
    nb.cells[3].metadata["infocourse"].update(change)
    with pytest.raises(ContractError, match=re.escape(message)):
        student_chapter(nb, "sample.ipynb")


def test_unclosed_solution_is_reported():
    nb = sample_notebook()
    nb.cells = nb.cells[:4]
    with pytest.raises(ContractError, match="never closed"):
        student_chapter(nb, "sample.ipynb")


def test_ok_test_right_wrong_and_hint(tmp_path):
    chapter = student_chapter(sample_notebook(), "sample.ipynb")
    paths = write_tests(chapter, tmp_path)
    assert sorted(p.name for p in paths) == ["ex-a.py", "ex-c.py"]
    assert "1.5" not in (tmp_path / "ex-a.py").read_text()  # the check is not spelled out
    test = OKTestFile.from_file(str(tmp_path / "ex-c.py"))
    for env, passed in [
        ({"ans_bits": 3.0}, True),
        ({"ans_bits": 2.0}, False),
        ({"ans_bits": ...}, False),  # the untouched stub
        ({"ans_bits": "three"}, False),  # an exception counts as wrong
        ({}, False),  # the stub cell was never run
    ]:
        before = dict(env)
        test.run(env)
        assert test.passed_all is passed
        assert env == before  # the check leaves the notebook's variables alone
    assert test.score == 0 and test.possible == 2
    assert "Hint: Use log2(n)." in test.summary()


def test_ok_test_is_a_valid_python_file():
    source = ok_test("ex-x", student_chapter(sample_notebook(), "s.ipynb").answers[:1])
    namespace: dict = {}
    exec(compile(source, "ex-x.py", "exec"), namespace)
    assert namespace["OK_FORMAT"] is True and namespace["test"]["points"] == 1


@pytest.fixture(scope="module")
def sample_course(tmp_path_factory, monkeypatch_module):
    """The sample notebook as a chapter folder, its student edition and its autograder."""
    root = tmp_path_factory.mktemp("course")
    (root / "chapters").mkdir()
    nbformat.write(sample_notebook(), root / "chapters" / "01_sample.ipynb")
    make_student(root / "chapters", root / "student", root / "autograder")
    return root


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MPLBACKEND", "agg")  # no inline figures while grading: faster
        yield mp


def test_make_student_writes_the_edition(sample_course):
    student = sample_course / "student"
    assert (student / "README.md").is_file()
    assert sorted(p.name for p in (student / "tests" / "01_sample").iterdir()) == [
        "ex-a.py",
        "ex-c.py",
    ]
    assert (sample_course / "autograder" / "01_sample.zip").is_file()


def test_grading_the_sample(sample_course):
    """Solution: full marks; untouched student notebook: nothing; a right answer: its points."""
    ag = sample_course / "autograder" / "01_sample.zip"
    answered = nbformat.read(sample_course / "student" / "01_sample.ipynb", as_version=4)
    for cell in answered.cells:
        if cell.source.startswith("ans_bits = ..."):
            cell.source = "ans_bits = math.log2(8)"
    nbformat.write(answered, sample_course / "answered.ipynb")
    rows = grade(
        ag,
        [
            sample_course / "chapters" / "01_sample.ipynb",
            sample_course / "student" / "01_sample.ipynb",
            sample_course / "answered.ipynb",
        ],
    )
    solution, student, answered_row = (
        next(r for r in rows if str(r["submission"]).endswith(end))
        for end in ("chapters/01_sample.ipynb", "student/01_sample.ipynb", "answered.ipynb")
    )
    assert solution["total"] == solution["possible"] == 3
    assert student["total"] == 0 and student["possible"] == 3
    assert (answered_row["ex-a"], answered_row["ex-c"], answered_row["total"]) == (0, 2, 2)


def has_answers(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    return any("answer" in c.metadata.get("infocourse", {}) for c in nb.cells)


AUTOGRADED = [p for p in CHAPTERS if has_answers(p)]


def test_some_chapter_is_autograded():
    assert AUTOGRADED, "no chapter has answer metadata: the autograding is not exercised"


@pytest.fixture(scope="module")
def course_edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition")
    chapters = make_student(ROOT / "chapters", out / "student", out / "autograder")
    return out, chapters


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_student_edition_does_not_leak(path, course_edition):
    out, chapters = course_edition
    chapter = chapters[path.stem]
    student = nbformat.read(out / "student" / path.name, as_version=4)
    text = "\n".join(c.source for c in student.cells)
    assert "solution-start" not in text and "solution-end" not in text
    assert "{glue" not in text  # every glued number of the narrative is written in
    assert "widgets" not in student.metadata
    assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")
    # every line of a solution that is not also in the rest of the chapter is gone
    original = nbformat.read(path, as_version=4)
    everywhere = Counter(
        line.strip() for c in original.cells for line in c.source.splitlines() if line.strip()
    )
    in_solutions = Counter(
        line.strip() for s in chapter.removed_sources for line in s.splitlines() if line.strip()
    )
    student_lines = {line.strip() for line in text.splitlines()}
    for line, count in in_solutions.items():
        if len(line) >= 12 and everywhere[line] <= count and not line.startswith(":::"):
            assert line not in student_lines, f"solution line leaked: {line!r}"
    n_checks = sum(c.source.startswith('grader.check("') for c in student.cells)
    assert n_checks == len({a.exercise for a in chapter.answers})


# The first autograded chapter is graded end to end in every run; the others are `slow`
# (.ci/run runs them): each grading executes the whole chapter in a kernel.
@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=[pytest.mark.slow] if i else []) for i, p in enumerate(AUTOGRADED)],
    ids=[p.stem for p in AUTOGRADED],
)
def test_chapter_autograding(path, course_edition, monkeypatch_module):
    """The chapter (it defines every answer) earns full marks; the stubs earn nothing."""
    out, chapters = course_edition
    ag = out / "autograder" / f"{path.stem}.zip"
    result = grade_submission(str(path), str(ag), quiet=True)
    failed = [n for n in result.test_files if result.get_score(n) < result.get_result(n).possible]
    assert not failed, f"checks failing on the solutions: {failed}"
    assert result.total == result.possible == sum(a.points for a in chapters[path.stem].answers)
    # the untouched student edition: every check fails on the stubs (run without a kernel)
    for test_path in sorted((out / "student" / "tests" / path.stem).glob("*.py")):
        test = OKTestFile.from_file(str(test_path))
        stubs = {a.answer: ... for a in chapters[path.stem].answers}
        test.run(stubs)
        assert test.score == 0, f"{test_path.name} passes on the untouched stub"


@pytest.mark.slow  # a second whole-chapter execution; the chapter above is the default one
def test_untouched_student_chapter_scores_nothing(course_edition, monkeypatch_module):
    """End to end on the first autograded chapter: the student notebook runs, scores 0."""
    if not AUTOGRADED:
        pytest.skip("no autograded chapter (test_some_chapter_is_autograded fails)")
    out, _ = course_edition
    stem = AUTOGRADED[0].stem
    result = grade_submission(
        str(out / "student" / f"{stem}.ipynb"),
        str(out / "autograder" / f"{stem}.zip"),
        quiet=True,
        debug=True,  # debug: an error in the student notebook fails the test
    )
    assert result.possible > 0 and result.total == 0


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
        chapter = student_chapter(nb, path.name)
        if not label or not chapter.exercises:
            continue
        row = rows.get(label.group(1), "")
        assert set(re.findall(r"`(ex-[\w-]+)`", row)) == set(chapter.exercises), path.name
        autograded = {a.exercise for a in chapter.answers}
        marked = set(re.findall(r"`(ex-[\w-]+)` \(read\)", row))
        assert marked == set(chapter.exercises) - autograded, f"{path.name}: (read) marks"

"""coursework.week_plan: the exercise column of the teacher's guide, generated from the chapters."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursework.week_plan import GUIDE, exercise_lists, main, refresh

ROOT = Path(__file__).resolve().parent.parent


def test_refresh_fills_chapter_rows_and_keeps_the_others():
    lists = {"ch-kl": "`ex-a`, `ex-b` (read)"}
    text = "intro\n| 3 | {ref}`ch-kl` | stale |\n| 10 | revision and project | any |\n"
    assert refresh(text, lists) == (
        "intro\n| 3 | {ref}`ch-kl` | `ex-a`, `ex-b` (read) |\n| 10 | revision and project | any |\n"
    )


def test_refresh_refuses_an_unknown_chapter():
    with pytest.raises(KeyError, match="ch-nowhere"):
        refresh("| 1 | {ref}`ch-nowhere` | x |\n", {"ch-kl": "`ex-a`"})


def test_lists_mark_exercises_without_autograded_answer():
    lists = exercise_lists()
    assert "`ex-numerics-sterbenz` (read)" in lists["ch-numerics"]
    assert "`ex-numerics-clip`," in lists["ch-numerics"]  # autograded: no mark


def test_the_committed_guide_is_up_to_date(capsys):
    assert main(["--check", "--guide", str(GUIDE)]) == 0, capsys.readouterr().out

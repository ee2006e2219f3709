"""Self-check quizzes: validation, deterministic HTML, and the feedback in a browser."""

import json
import os
import re
from pathlib import Path

import pytest

from infocourse.quiz import Choice, Numeric, Quiz


def _quiz() -> Quiz:
    return Quiz(
        "t-1",
        [
            Choice(
                "Which is larger?",
                ["H(P)", "H(P, Q)"],
                answer=1,
                hint="Gibbs' inequality.",
                explanation="H(P, Q) ≥ H(P).",
            ),
            Numeric(
                "Entropy of a fair coin in bits?",
                answer=1.0,
                tolerance=0.01,
                hint="Two equally likely outcomes.",
                unit="bits",
                digits=2,
            ),
        ],
    )


def test_html_is_deterministic_and_self_contained():
    a, b = _quiz().html(), _quiz().html()
    assert a == b
    assert "http" not in a and "src=" not in a  # loads nothing
    ids = re.findall(r'id="([^"]+)"', a)
    assert len(ids) == len(set(ids))
    assert all(i.startswith("icq-t-1") for i in ids)
    assert "icq-t-1-1-check" in ids and "icq-t-1-2-input" in ids


def test_every_control_has_a_label():
    h = _quiz().html()
    for control in re.findall(r'<input[^>]*id="([^"]+)"', h):
        assert f'for="{control}"' in h
    assert h.count("<legend>") == 2
    assert "<summary>Show the answer to question 2</summary>" in h
    assert "1.00 bits" in h and "Your answer (bits):</label>" in h


def test_prompts_are_escaped():
    h = Quiz("esc", [Choice("a < b & c?", ["<x>", "y"], answer=0, hint="h")]).html()
    assert "a &lt; b &amp; c?" in h and "&lt;x&gt;" in h and "<x>" not in h


def test_spec_and_repr():
    q = _quiz()
    spec = q.spec()
    assert spec[0]["kind"] == "choice" and spec[0]["answer"] == 1
    assert spec[1]["kind"] == "numeric" and spec[1]["tolerance"] == 0.01
    assert repr(q) == "Quick check: 2 questions (interactive in HTML)"
    assert q._repr_html_() == q.html()
    assert q.questions[1].is_right(1.005) and not q.questions[1].is_right(1.02)
    assert not q.questions[1].is_right(float("nan"))


def test_script_data_cannot_close_the_script_tag():
    h = Quiz("x", [Choice("p", ["a", "b"], answer=0, hint="</script><b>")]).html()
    assert h.count("</script>") == 1


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Choice("p", ["a"], answer=0, hint="h"), "options must have at least 2"),
        (lambda: Choice("p", ["a", "b"], answer=2, hint="h"), "answer must be an index"),
        (lambda: Choice("p", ["a", "b"], answer=True, hint="h"), "answer must be an index"),
        (lambda: Choice("p", ["a", "b"], answer=0, hint=" "), "hint must not be empty"),
        (lambda: Numeric("p", answer=float("nan"), tolerance=0.1, hint="h"), "answer must be"),
        (lambda: Numeric("p", answer=1.0, tolerance=0.0, hint="h"), "tolerance must be"),
        (lambda: Quiz("Bad Key", [Choice("p", ["a", "b"], answer=0, hint="h")]), "key must"),
        (lambda: Quiz("k", []), "questions must not be empty"),
        (lambda: Quiz("k", ["not a question"]), r"questions\[0\] must be"),
    ],
)
def test_validation(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_feedback_in_a_browser():
    """Click through the quiz in chromium: right, wrong (with hint), and no input."""
    chromium = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    if not chromium.exists():
        pytest.skip("needs chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.set_content(f"<html><body>{_quiz().html()}</body></html>")
            fb1, fb2 = page.locator("#icq-t-1-1-fb"), page.locator("#icq-t-1-2-fb")
            page.click("#icq-t-1-1-check")
            assert fb1.text_content() == "Pick an option first."
            page.check("#icq-t-1-1-o0")
            page.click("#icq-t-1-1-check")
            assert fb1.text_content() == "Not quite. Hint: Gibbs' inequality."
            page.check("#icq-t-1-1-o1")
            page.click("#icq-t-1-1-check")
            assert fb1.text_content() == "Right. H(P, Q) ≥ H(P)."
            page.fill("#icq-t-1-2-input", "1,004")
            page.click("#icq-t-1-2-check")
            assert fb2.text_content().startswith("Right.")
            page.fill("#icq-t-1-2-input", "2")
            page.click("#icq-t-1-2-check")
            assert "Hint: Two equally likely outcomes." in fb2.text_content()
            page.fill("#icq-t-1-2-input", "abc")
            page.click("#icq-t-1-2-check")
            assert fb2.text_content() == "Type a number first."
            assert errors == []
            assert json.loads(json.dumps(_quiz().spec()))  # spec is plain JSON
        finally:
            browser.close()

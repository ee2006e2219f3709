"""Quick self-checks for the chapters: multiple-choice and numeric questions with
immediate feedback, as self-contained HTML and a few lines of JavaScript.

The output needs no kernel and loads nothing: on the static website the
feedback appears in the browser, offline.  Element ids are built from the quiz
``key`` given by the author (no random ids), so a re-executed notebook has
byte-identical outputs and strict nbval needs no sanitising.  Question text is
plain text (HTML-escaped): write maths with Unicode, e.g. "H(P, Q) ≥ H(P)".

The quiz's own words (buttons, labels, feedback) follow the language of
:mod:`infocourse.i18n`; the questions are shown as given, so a chapter passes them
through ``tr`` to have them translated.

>>> q = Quiz("demo", [Choice("Two plus two?", ["3", "4"], answer=1, hint="Count.")])
>>> 'id="icq-demo-1"' in q.html() and "Two plus two?" in q.html()
True
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .i18n import tr

__all__ = ["Choice", "Numeric", "Quiz"]

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Choice:
    """A multiple-choice question with exactly one right option (``answer`` is its
    0-based index).  ``hint`` is shown after a wrong choice, ``explanation``
    (optional) after the right one."""

    prompt: str
    options: Sequence[str]
    answer: int
    hint: str
    explanation: str = ""

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise ValueError(f"options must have at least 2 entries, got {len(self.options)}")
        if (
            isinstance(self.answer, bool)
            or not isinstance(self.answer, int)
            or not (0 <= self.answer < len(self.options))
        ):
            raise ValueError(
                f"answer must be an index into options (0 to {len(self.options) - 1}), "
                f"got {self.answer!r}"
            )
        if not self.hint.strip():
            raise ValueError("hint must not be empty")


@dataclass(frozen=True)
class Numeric:
    """A question answered with a number, right within ``tolerance`` (absolute) of
    ``answer``.  ``unit`` is shown next to the input box; ``digits`` is the number of
    decimals used when the answer is revealed."""

    prompt: str
    answer: float
    tolerance: float
    hint: str
    unit: str = ""
    explanation: str = ""
    digits: int = 4

    def __post_init__(self) -> None:
        if not math.isfinite(self.answer):
            raise ValueError(f"answer must be a finite number, got {self.answer!r}")
        if not (math.isfinite(self.tolerance) and self.tolerance > 0):
            raise ValueError(f"tolerance must be a positive number, got {self.tolerance!r}")
        if not self.hint.strip():
            raise ValueError("hint must not be empty")

    def is_right(self, value: float) -> bool:
        """The rule the page applies: ``|value - answer| <= tolerance``."""
        return math.isfinite(value) and abs(value - self.answer) <= self.tolerance


_CSS = """<style>
.icq{border:1px solid #888;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
.icq fieldset{border:0;margin:0 0 .8rem 0;padding:0}
.icq legend{font-size:1em;font-weight:600;line-height:1.4;padding:0;margin-bottom:.3rem;
 float:none;width:auto}
.icq .icq-opt{display:block;margin:.15rem 0}
.icq button{display:block;margin-top:.4rem;padding:.15rem .7rem;border:1px solid #555;
 border-radius:4px;
 background:transparent;color:inherit;cursor:pointer}
.icq input[type=text]{width:8rem;color:inherit;background:transparent;border:1px solid #555;
 padding:.1rem .3rem}
.icq .icq-fb{margin:.3rem 0 0 0;min-height:1.2em}
.icq .icq-fb.icq-right{border-left:4px solid #009E73;padding-left:.5rem}
.icq .icq-fb.icq-wrong{border-left:4px solid #D55E00;padding-left:.5rem}
.icq details{margin:.2rem 0 0 0}
</style>"""

# One small handler, bound by id to this quiz's own elements.  Numbers may be typed
# with a decimal comma.  No network and no globals (an IIFE).  Where scripts do not
# run (an untrusted notebook), the <details> under each question still reveals the answer.
# The %(...)s are JSON strings: the spec and the feedback's words in the current language.
_JS = """<script>
(function () {
  var spec = %(spec)s;
  spec.forEach(function (q) {
    var button = document.getElementById(q.id + "-check");
    var fb = document.getElementById(q.id + "-fb");
    if (!button || !fb) { return; }
    button.addEventListener("click", function () {
      var ok = null;
      if (q.kind === "choice") {
        var picked = document.querySelector("input[name='" + q.id + "']:checked");
        if (!picked) { fb.className = "icq-fb"; fb.textContent = %(pick)s; return; }
        ok = Number(picked.value) === q.answer;
      } else {
        var raw = document.getElementById(q.id + "-input").value.trim().replace(",", ".");
        var x = Number(raw);
        if (raw === "" || !isFinite(x)) {
          fb.className = "icq-fb"; fb.textContent = %(type)s; return;
        }
        ok = Math.abs(x - q.answer) <= q.tolerance;
      }
      fb.className = "icq-fb " + (ok ? "icq-right" : "icq-wrong");
      fb.textContent = ok ? %(right)s + q.explanation : %(wrong)s + q.hint;
    });
  });
})();
</script>"""


class Quiz:
    """A titled group of questions, displayed as HTML in a notebook or on the site.

    ``key`` (lowercase letters, digits and hyphens) must be unique on the page: it
    prefixes every element id, e.g. ``icq-<key>-1-check``.
    """

    def __init__(
        self, key: str, questions: Sequence[Choice | Numeric], *, title: str | None = None
    ) -> None:
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValueError(f"key must be lowercase letters, digits and hyphens, got {key!r}")
        if not questions:
            raise ValueError("questions must not be empty")
        for i, q in enumerate(questions):
            if not isinstance(q, (Choice, Numeric)):
                raise ValueError(f"questions[{i}] must be a Choice or a Numeric, got {q!r}")
        self.key = key
        self.title = tr("Quick check") if title is None else title
        self.questions = tuple(questions)

    def _id(self, i: int) -> str:
        return f"icq-{self.key}-{i + 1}"

    def spec(self) -> list[dict]:
        """What the page's script needs to know (answers, tolerances, feedback)."""
        out = []
        for i, q in enumerate(self.questions):
            d: dict[str, object] = {"id": self._id(i), "hint": q.hint, "explanation": q.explanation}
            if isinstance(q, Choice):
                d.update(kind="choice", answer=q.answer)
            else:
                d.update(kind="numeric", answer=q.answer, tolerance=q.tolerance)
            out.append(d)
        return out

    def _question_html(self, i: int, q: Choice | Numeric) -> str:
        qid = self._id(i)
        e = html.escape
        if isinstance(q, Choice):
            opts = "".join(
                f'<label class="icq-opt" for="{qid}-o{j}">'
                f'<input type="radio" id="{qid}-o{j}" name="{qid}" value="{j}"> {e(opt)}</label>'
                for j, opt in enumerate(q.options)
            )
            body = f'<fieldset id="{qid}"><legend>{i + 1}. {e(q.prompt)}</legend>{opts}'
        else:
            your = tr("Your answer ({unit}):").format(unit=q.unit) if q.unit else tr("Your answer:")
            body = (
                f'<fieldset id="{qid}"><legend>{i + 1}. {e(q.prompt)}</legend>'
                f'<label for="{qid}-input">{e(your)}</label> '
                f'<input type="text" inputmode="decimal" id="{qid}-input" autocomplete="off">'
            )
        if isinstance(q, Choice):
            solution = f"{q.options[q.answer]}"
        else:
            solution = f"{q.answer:.{q.digits}f}{' ' + q.unit if q.unit else ''}"
        if q.explanation:
            solution = tr("{answer}. {explanation}").format(
                answer=solution, explanation=q.explanation
            )
        check = tr("Check answer {n}").format(n=i + 1)
        show = tr("Show the answer to question {n}").format(n=i + 1)
        return (
            f'{body}<button type="button" id="{qid}-check">{e(check)}</button>'
            f'<p class="icq-fb" id="{qid}-fb" role="status" aria-live="polite"></p>'
            f"<details><summary>{e(show)}</summary>"
            f"<p>{e(solution)}</p></details></fieldset>"
        )

    def html(self) -> str:
        """The quiz as one self-contained HTML fragment (style, form, script)."""
        questions = "".join(self._question_html(i, q) for i, q in enumerate(self.questions))

        def js(value) -> str:
            return json.dumps(value, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")

        script = _JS % {
            "spec": js(self.spec()),
            "pick": js(tr("Pick an option first.")),
            "type": js(tr("Type a number first.")),
            "right": js(tr("Right. ")),
            "wrong": js(tr("Not quite. Hint: ")),
        }
        note = html.escape(
            tr("{title} (answers are checked in your browser; nothing is sent anywhere)")
        ).format(title=f"<strong>{html.escape(self.title)}</strong>")
        return (
            f'{_CSS}<div class="icq" id="icq-{self.key}" role="group" '
            f'aria-label="{html.escape(self.title)}">'
            f"<p>{note}</p>{questions}</div>{script}"
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        n = len(self.questions)
        return f"{self.title}: {n} question{'s' if n != 1 else ''} (interactive in HTML)"

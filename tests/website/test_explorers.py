"""The in-page explorers (_ext/static/explorers.js) in a real browser.

One source of truth: every number an explorer shows is compared, as the string the page
displays, with the value ``infocourse`` computes (formatted with 4 decimals, "+∞" for an
infinite value) — for every preset, in nats and in bits, and for at least 50 seeded
random configurations per explorer, set through the page's own controls.  Then the
address (``?P=...&Q=...``), bad typed input, the +∞ case, the keyboard and the text
alternatives of the charts.
"""

from __future__ import annotations

import math
import random
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

import infocourse as ic
from infocourse.widgets import (
    binary_cross_view,
    categorical_view,
    equivalence_view,
)

from .conftest import SITE
from .pages import EDITION, PREFIX

CH1 = PREFIX + "chapters/01_entropy.html"
CH2 = PREFIX + "chapters/02_cross_entropy.html"
CH3 = PREFIX + "chapters/03_kl_divergence.html"
CH5 = PREFIX + "chapters/05_equivalence.html"
LANG = {"zh": "zh_CN"}.get(EDITION, "en")

#: What the explorers' messages say, in the edition's language: each English fragment the
#: tests look for, and the same fragment of the Chinese message (locale/.../infocourse.po).
ZH_FRAGMENTS = {
    "is not a number": "不是一个数",
    "not a number": "不是一个数",
    "cannot be negative": "不能为负",
    "add up to 0": "权重之和为 0",
    "as many": "个数必须相同",
    "2 to 6 outcomes": "2 到 6 个结果",
    "not Q": "没有设定 Q",
    "is not one of": "之一",
    "default values": "默认值",
    "between 0.01 and 0.99": "在 0.01 与 0.99 之间",
    "between 0.00 and 1.00": "在 0.00 与 1.00 之间",
    "between": "之间",
    "learning rate": "学习率",
    "the field is empty": "输入框是空的",
    "empty": "空",
    "last valid": "最后一组有效",
    "The Q weights add up to 0": "Q 的权重之和为 0",
    "infinitely surprising": "无限惊讶",
}


def M(fragment: str) -> str:
    """A fragment of an explorer message, in the edition's language."""
    return ZH_FRAGMENTS[fragment] if LANG != "en" else fragment


def W(message: str, **values) -> str:
    """A whole explorer message (or an example's label) as the page shows it."""
    from infocourse.i18n import gettext

    return gettext(message, lang=LANG).format(**values)


RANDOM_CONFIGS = 60
BAD_WORDS = ("NaN", "undefined", "Infinity", "null")

pytestmark = pytest.mark.skipif(not (SITE / CH2).exists(), reason="no built site")


def f4(x: float) -> str:
    return "+∞" if x == math.inf else f"{x:.4f}"


def base(unit: str) -> float | None:
    return 2 if unit == "bits" else None


# --------------------------------------------------------------- page helpers

READ = """root => {
  const out = {};
  root.querySelectorAll('[data-ic-key]').forEach(e => { out[e.dataset.icKey] = e.textContent; });
  return out;
}"""

SET_INPUT = """([root, selector, value]) => {
  const el = root.querySelector(selector);
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
}"""

SET_UNIT = """([root, unit]) => {
  const el = root.querySelector(`.ic-units input[value="${unit}"]`);
  el.checked = true;
  el.dispatchEvent(new Event('change', {bubbles: true}));
}"""


class Explorer:
    def __init__(self, page, root):
        self.page, self.root = page, root

    def values(self) -> dict[str, str]:
        return self.page.evaluate(READ, self.root)

    def set(self, selector: str, value) -> None:
        self.page.evaluate(SET_INPUT, [self.root, selector, str(value)])

    def unit(self, unit: str) -> None:
        self.page.evaluate(SET_UNIT, [self.root, unit])

    def text(self) -> str:
        return self.root.text_content() or ""

    def alts(self) -> list[str]:
        return self.page.evaluate(
            "root => Array.from(root.querySelectorAll('svg[data-ic-alt]'))"
            ".map(s => s.getAttribute('aria-label'))",
            self.root,
        )

    def messages(self) -> str:
        return " ".join(
            self.page.evaluate(
                "root => Array.from(root.querySelectorAll('.ic-message')).map(e => e.textContent)",
                self.root,
            )
        )


@pytest.fixture
def open_explorer(browser, server):
    contexts = []

    def _open(path: str, query: str = "", width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/{path}{query}", wait_until="load")
        page.wait_for_selector(".ic-explorer.ic-ready", timeout=15_000)
        ex = Explorer(page, page.locator(".ic-explorer.ic-ready").first.element_handle())
        ex.errors = errors
        return ex

    yield _open
    for c in contexts:
        c.close()


def assert_clean(ex: Explorer) -> None:
    text = ex.text() + " ".join(ex.alts())
    for word in BAD_WORDS:
        assert word not in text, f"{word!r} shown: {text[:300]}"
    assert ex.errors == [], ex.errors


# ----------------------------------------------------- expected values (infocourse)


def expected_entropy(p: float, unit: str) -> dict[str, str]:
    b = base(unit)
    return {
        "p": f"{p:.2f}",
        "1-p": f"{1 - p:.2f}",
        "H": f4(ic.binary_entropy(p, base=b)),
        "s_heads": f4(ic.surprise(p, base=b)),
        "s_tails": f4(ic.surprise(1 - p, base=b)),
    }


def expected_binary(p: float, q: float, unit: str) -> dict[str, str]:
    b = base(unit)
    bp, bq = ic.binary(p), ic.binary(q)
    out = {
        "p": f"{p:.2f}",
        "1-p": f"{1 - p:.2f}",
        "q": f"{q:.2f}",
        "1-q": f"{1 - q:.2f}",
        "HP": f4(ic.entropy(bp, base=b)),
        "HPQ": f4(ic.cross_entropy(bp, bq, base=b)),
        "KLPQ": f4(ic.kl_divergence(bp, bq, base=b)),
        "KLQP": f4(ic.kl_divergence(bq, bp, base=b)),
        "HQ": f4(ic.entropy(bq, base=b)),
    }
    if unit == "nats":  # the ipywidgets explorer's own view gives the same numbers
        v = binary_cross_view(p, q)
        assert out["HPQ"] == f4(v.cross_entropy_pq) and out["KLQP"] == f4(v.kl_qp)
    return out


def expected_categorical(labels, pw, qw, unit: str) -> dict[str, str]:
    v = categorical_view(labels, pw, qw)  # what the ipywidgets explorer shows (nats)
    ln = math.log(2) if unit == "bits" else 1.0
    p, q = np.array(v.p), np.array(v.q)
    b = base(unit)
    out = {
        "HP": f4(ic.entropy(p, base=b)),
        "HPQ": f4(ic.cross_entropy(p, q, base=b)),
        "KLPQ": f4(ic.kl_divergence(p, q, base=b)),
    }
    kl_terms = ic.kl_terms(p, q, base=b)
    for i in range(len(labels)):
        out[f"P{i}"] = f4(v.p[i])
        out[f"Q{i}"] = f4(v.q[i])
        out[f"ce{i}"] = f4(v.cross_entropy_terms[i] / ln + 0.0)
        out[f"kl{i}"] = f4(float(kl_terms[i]))
    if unit == "nats":
        assert out["KLPQ"] == f4(v.kl_pq) and out["HPQ"] == f4(v.cross_entropy_pq)
    return out


def expected_trainer(example: str, objective: str, lr: float, steps: int, unit: str):
    v = equivalence_view(example, objective, lr, steps)
    ex = ic.get_example(example)
    b = base(unit)
    p, q = np.array(v.p), np.array(v.q)
    ln = math.log(2) if unit == "bits" else 1.0
    out = {
        "step": str(steps),
        "HPQ": f4(ic.cross_entropy(p, q, base=b)),
        "KLPQ": f4(ic.kl_divergence(p, q, base=b)),
        "gap": f4(v.gap / ln),
        "HP": f4(ic.entropy(p, base=b)),
        "exact": W("yes") if v.max_gap_error < 1e-12 else W("no"),
    }
    if unit == "nats":
        assert out["HPQ"] == f4(v.cross_entropy[-1]) and out["KLPQ"] == f4(v.kl[-1])
    for i in range(len(ex.labels)):
        out[f"P{i}"] = f4(ex.p[i])
        out[f"Q0_{i}"] = f4(ex.q[i])
        out[f"Q{i}"] = f4(v.q[i])
    return out


def compare(shown: dict[str, str], expected: dict[str, str], where: str) -> None:
    missing = set(expected) - set(shown)
    assert not missing, f"{where}: not shown: {sorted(missing)}"
    wrong = {k: (shown[k], v) for k, v in expected.items() if shown[k] != v}
    assert not wrong, f"{where}: shown != infocourse: {wrong}"


# ------------------------------------------------------------ one source of truth


def test_entropy_explorer_matches_infocourse(open_explorer):
    ex = open_explorer(CH1)
    compare(ex.values(), expected_entropy(0.3, "nats"), "default")
    rng = random.Random(11)
    grid = [0.0, 1.0, 0.5] + [rng.randrange(101) / 100 for _ in range(RANDOM_CONFIGS)]
    for unit in ("nats", "bits"):
        ex.unit(unit)
        for k in grid:
            p = round(k * 100) / 100
            ex.set('input[type="range"]', p)
            compare(ex.values(), expected_entropy(p, unit), f"p={p} {unit}")
    ex.set('input[type="range"]', 0.0)
    assert "+∞" in ex.values()["s_tails"] or "+∞" in ex.values()["s_heads"]
    assert M("infinitely surprising") in ex.text()
    assert_clean(ex)


def test_binary_explorer_matches_infocourse(open_explorer):
    ex = open_explorer(CH2)
    compare(ex.values(), expected_binary(0.2, 0.3, "nats"), "default")
    rng = random.Random(12)
    configs = [(0.4, 0.4), (0.01, 0.99), (0.99, 0.01)] + [
        (rng.randrange(1, 100) / 100, rng.randrange(1, 100) / 100) for _ in range(RANDOM_CONFIGS)
    ]
    ranges = ex.root.query_selector_all('input[type="range"]')
    assert len(ranges) == 2
    for unit in ("nats", "bits"):
        ex.unit(unit)
        for p, q in configs:
            ex.page.evaluate(
                """([a, b, p, q]) => {
                     a.value = p; a.dispatchEvent(new Event('input', {bubbles: true}));
                     b.value = q; b.dispatchEvent(new Event('input', {bubbles: true})); }""",
                [ranges[0], ranges[1], str(p), str(q)],
            )
            compare(ex.values(), expected_binary(p, q, unit), f"p={p} q={q} {unit}")
    p, q = configs[-1]
    alts = ex.alts()
    shown = expected_binary(p, q, "bits")
    assert len(alts) == 2 and f"P = ({p:.2f}, {1 - p:.2f})" in alts[0]
    bits = W("bits")
    assert f"H(P) = {shown['HP']} {bits}" in alts[1] and f"H(Q) = {shown['HQ']} {bits}" in alts[1]
    assert_clean(ex)


def _set_categorical(ex: Explorer, pw, qw) -> None:
    count = ex.root.query_selector_all("select")[1]
    ex.page.evaluate(
        "([s, n]) => { s.value = n; s.dispatchEvent(new Event('change', {bubbles: true})); }",
        [count, str(len(pw))],
    )
    for i, (a, b) in enumerate(zip(pw, qw)):
        ex.set(f'input[data-ic-weight="P{i}"]', a)
        ex.set(f'input[data-ic-weight="Q{i}"]', b)


def test_categorical_explorer_presets_match_infocourse(open_explorer):
    ex = open_explorer(CH3)
    preset = ex.root.query_selector_all("select")[0]
    for unit in ("nats", "bits"):
        ex.unit(unit)
        for key, example in ic.EXAMPLES.items():
            ex.page.evaluate(
                "([s, k]) => { s.value = k;"
                " s.dispatchEvent(new Event('change', {bubbles: true})); }",
                [preset, key],
            )
            compare(
                ex.values(),
                expected_categorical(example.labels, example.p, example.q, unit),
                f"{key} {unit}",
            )
            for lab in example.labels:
                assert W("{which} weight, {label}", which="P", label=W(lab)) in ex.text()
    assert_clean(ex)


def test_categorical_explorer_random_weights_match_infocourse(open_explorer):
    ex = open_explorer(CH3)
    rng = random.Random(13)
    weights = [0, 0, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 7, 12.5]
    done = 0
    while done < RANDOM_CONFIGS:
        n = rng.randrange(2, 7)
        pw = [rng.choice(weights) for _ in range(n)]
        qw = [rng.choice(weights) for _ in range(n)]
        if sum(pw) == 0 or sum(qw) == 0:
            continue
        unit = rng.choice(["nats", "bits"])
        ex.unit(unit)
        _set_categorical(ex, pw, qw)
        labels = [
            W("outcome {i}", i=i + 1) if i >= 3 else W(("sunny", "cloudy", "rain")[i])
            for i in range(n)
        ]
        shown_labels = ex.page.evaluate(
            "root => Array.from(root.querySelectorAll('.ic-table tbody th'))"
            ".map(e => e.textContent)",
            ex.root,
        )
        compare(
            ex.values(), expected_categorical(shown_labels, pw, qw, unit), f"P={pw} Q={qw} {unit}"
        )
        assert len(shown_labels) == n and shown_labels[3:] == labels[3:]
        done += 1
    assert_clean(ex)


def test_trainer_matches_infocourse(open_explorer):
    ex = open_explorer(CH5)
    compare(ex.values(), expected_trainer("vehicles", "cross_entropy", 0.5, 30, "nats"), "default")
    selects = ex.root.query_selector_all("select")
    ranges = ex.root.query_selector_all('input[type="range"]')
    rng = random.Random(14)
    configs = [(k, o, 0.5, 30) for k in ic.EXAMPLES for o in ("cross_entropy", "kl")]
    configs += [
        (
            rng.choice(list(ic.EXAMPLES)),
            rng.choice(["cross_entropy", "kl"]),
            rng.randrange(1, 41) / 20,
            rng.randrange(0, 201),
        )
        for _ in range(RANDOM_CONFIGS)
    ]
    for i, (key, objective, lr, steps) in enumerate(configs):
        unit = "bits" if i % 3 == 2 else "nats"
        ex.unit(unit)
        ex.page.evaluate(
            """([s1, s2, r1, r2, k, o, lr, st]) => {
                 const fire = (e, t) => e.dispatchEvent(new Event(t, {bubbles: true}));
                 s1.value = k; fire(s1, 'change'); s2.value = o; fire(s2, 'change');
                 r1.value = lr; fire(r1, 'input'); r2.value = st; fire(r2, 'input'); }""",
            [selects[0], selects[1], ranges[0], ranges[1], key, objective, str(lr), str(steps)],
        )
        compare(
            ex.values(),
            expected_trainer(key, objective, lr, steps, unit),
            f"{key} {objective} lr={lr} steps={steps} {unit}",
        )
    assert_clean(ex)


def test_trainer_buttons(open_explorer):
    ex = open_explorer(CH5)
    ex.root.query_selector(f"button:has-text('{W('Reset')}')").click()
    assert ex.values()["step"] == "0"
    ex.root.query_selector(f"button:has-text('{W('Step +10')}')").click()
    ex.root.query_selector(f"button:has-text('{W('Step +1')}')").click()
    compare(ex.values(), expected_trainer("vehicles", "cross_entropy", 0.5, 11, "nats"), "buttons")
    query = parse_qs(urlsplit(ex.page.url).query)
    assert query["steps"] == ["11"] and query["example"] == ["vehicles"]


# ----------------------------------------------------------------- the address


def test_categorical_reads_the_address(open_explorer):
    ex = open_explorer(CH3, "?P=0.6,0.3,0.1&Q=0.3,0.3,0.4")
    w = ic.get_example("weather")
    compare(ex.values(), expected_categorical(w.labels, w.p, w.q, "nats"), "weather from URL")
    assert ex.root.query_selector_all("select")[0].evaluate("s => s.value") == "weather"
    # weights, normalised as the explorer does: 2:8 is the ad-click example's P
    ex = open_explorer(CH3, "?P=2,8&Q=3,7&units=bits")
    compare(
        ex.values(),
        expected_categorical(["outcome 1", "outcome 2"], [2, 8], [3, 7], "bits"),
        "weights from URL",
    )
    assert ex.root.query_selector_all("select")[0].evaluate("s => s.value") == ""


def test_categorical_writes_the_address_and_reads_it_back(open_explorer):
    ex = open_explorer(CH3)
    _set_categorical(ex, [1, 2, 3, 4], [4, 3, 2, 1])
    query = parse_qs(urlsplit(ex.page.url).query)
    assert query["P"] == ["1,2,3,4"] and query["Q"] == ["4,3,2,1"]
    first = ex.values()
    again = open_explorer(CH3, "?" + urlsplit(ex.page.url).query)
    assert again.values() == first


@pytest.mark.parametrize(
    "query, message",
    [
        ("?P=a,b&Q=1,1", "is not a number"),
        ("?P=1,-1&Q=1,1", "cannot be negative"),
        ("?P=0,0&Q=1,1", "add up to 0"),
        ("?P=1,1,1&Q=1,1", "as many"),
        ("?P=1&Q=1", "2 to 6 outcomes"),
        ("?P=1,1", "not Q"),
        ("?example=nope", "is not one of"),
    ],
)
def test_categorical_bad_address_falls_back(open_explorer, query, message):
    ex = open_explorer(CH3, query)
    assert M(message) in ex.messages() and M("default values") in ex.messages()
    w = ic.get_example("weather")
    compare(ex.values(), expected_categorical(w.labels, w.p, w.q, "nats"), query)
    assert_clean(ex)


def test_binary_address(open_explorer):
    ex = open_explorer(CH2, "?P=0.7&Q=0.45")
    compare(ex.values(), expected_binary(0.7, 0.45, "nats"), "URL")
    for query, message in [("?P=1.5&Q=0.3", "between 0.01 and 0.99"), ("?P=x", "not a number")]:
        ex = open_explorer(CH2, query)
        assert M(message) in ex.messages()
        compare(ex.values(), expected_binary(0.2, 0.3, "nats"), query)
        assert_clean(ex)
    ex = open_explorer(CH2)
    ex.set('input[type="range"]', 0.65)
    assert parse_qs(urlsplit(ex.page.url).query)["P"] == ["0.65"]
    assert "q" not in parse_qs(urlsplit(ex.page.url).query)  # never Sphinx's search key


def test_trainer_and_entropy_address(open_explorer):
    ex = open_explorer(CH5, "?example=fruit&objective=kl&lr=1.25&steps=77")
    compare(ex.values(), expected_trainer("fruit", "kl", 1.25, 77, "nats"), "URL")
    ex = open_explorer(CH5, "?lr=0.33")
    assert M("learning rate") in ex.messages()
    compare(ex.values(), expected_trainer("vehicles", "cross_entropy", 0.5, 30, "nats"), "bad lr")
    ex = open_explorer(CH1, "?P=0.12&units=bits")
    compare(ex.values(), expected_entropy(0.12, "bits"), "URL")
    ex = open_explorer(CH1, "?P=-3")
    assert M("between 0.00 and 1.00") in ex.messages()
    compare(ex.values(), expected_entropy(0.3, "nats"), "bad URL")


# ------------------------------------------------------------------ typed input


@pytest.mark.parametrize(
    "typed, message",
    [
        ("abc", "is not a number"),
        ("-1", "cannot be negative"),
        ("", "the field is empty"),
        ("1,5", "is not a number"),
    ],
)
def test_categorical_bad_typed_weight(open_explorer, typed, message):
    ex = open_explorer(CH3)
    before = ex.values()
    box = ex.root.query_selector('input[data-ic-weight="P0"]')
    box.fill(typed)
    assert M(message) in ex.messages() and M("last valid") in ex.messages()
    assert box.get_attribute("aria-invalid") == "true"
    assert ex.values() == before  # the last valid numbers stay, never NaN
    assert_clean(ex)
    box.fill("2")
    assert ex.messages().strip() == ""
    assert box.get_attribute("aria-invalid") is None


def test_categorical_all_zero_weights(open_explorer):
    ex = open_explorer(CH3)
    for i in range(3):
        ex.root.query_selector(f'input[data-ic-weight="Q{i}"]').fill("0")
    assert M("The Q weights add up to 0") in ex.messages()
    assert_clean(ex)


def test_categorical_infinity_when_q_rules_out_an_outcome(open_explorer):
    ex = open_explorer(CH3)
    ex.root.query_selector('input[data-ic-weight="Q2"]').fill("0")  # Q(rain) = 0, P(rain) = 0.1
    shown = ex.values()
    assert shown["HPQ"] == "+∞" and shown["KLPQ"] == "+∞" and shown["kl2"] == "+∞"
    infinite = W(
        "+∞: Q gives probability 0 to {outcomes}, which P says can happen; its surprise "
        "−log Q(x) is infinite, and so are H(P, Q) and D_KL(P‖Q).",
        outcomes=W("rain"),
    )
    assert infinite in ex.text()
    compare(
        shown,
        expected_categorical(
            [W(x) for x in ("sunny", "cloudy", "rain")], (0.6, 0.3, 0.1), (0.3, 0.3, 0), "nats"
        ),
        "Q=0",
    )
    assert "+∞ (Q = 0)" in ex.root.inner_html()
    assert_clean(ex)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("abc", "not a number"),
        ("0", "between 0.01 and 0.99"),
        ("", "empty"),
        ("-0.5", "between"),
    ],
)
def test_binary_bad_typed_value(open_explorer, typed, message):
    ex = open_explorer(CH2)
    before = ex.values()
    box = ex.root.query_selector("input.ic-typed")
    box.fill(typed)
    assert M(message) in ex.messages()
    assert ex.values() == before
    assert_clean(ex)
    box.fill("0.35")
    compare(ex.values(), expected_binary(0.35, 0.3, "nats"), "typed 0.35")


# ------------------------------------------------------------ keyboard, a11y


def test_keyboard_and_live_regions(open_explorer):
    ex = open_explorer(CH2)
    slider = ex.root.query_selector('input[type="range"]')
    slider.focus()
    ex.page.keyboard.press("ArrowRight")
    compare(ex.values(), expected_binary(0.21, 0.3, "nats"), "ArrowRight")
    ex.page.keyboard.press("Tab")  # to the typed field of the same control
    assert ex.page.evaluate("document.activeElement.classList.contains('ic-typed')")
    assert ex.root.query_selector(".ic-results").get_attribute("aria-live") == "polite"
    # every control has a visible label
    unlabelled = ex.page.evaluate(
        """root => Array.from(root.querySelectorAll('input, select'))
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-labelledby'))
        .map(e => e.outerHTML)""",
        ex.root,
    )
    assert unlabelled == []


@pytest.mark.parametrize("path", [CH1, CH2, CH3, CH5])
def test_explorer_in_an_error_state_has_no_axe_violation(open_explorer, path):
    from .test_site import AXE

    ex = open_explorer(path, width=390)
    box = ex.root.query_selector("input[type=text]")
    if box:
        box.fill("abc")
    ex.page.add_script_tag(path=str(AXE))
    result = ex.page.evaluate(
        "async root => await axe.run(root, {resultTypes: ['violations']})", ex.root
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, bad


@pytest.mark.parametrize("path", [CH1, CH2, CH3, CH5])
def test_explorer_section_is_laid_out_lazily_except_the_explorer(open_explorer, path):
    """In an explorer's section, every other block is locked on its own
    (content-visibility: auto, course.css "speed"), the blocks holding the explorer are
    not: the build classes them (course_explorers.mark_path), no :has() in the browser."""
    ex = open_explorer(path)
    found = ex.page.evaluate(
        """root => {
          const cv = el => getComputedStyle(el).contentVisibility;
          const path = [], lazy = [];
          for (let el = root; !el.matches('.bd-article'); el = el.parentElement) {
            if (el.tagName !== 'SECTION') path.push(cv(el));
            const sec = el.parentElement;
            if (sec.tagName === 'SECTION' && sec.parentElement.closest('section'))
              for (const sib of sec.children)
                if (sib !== el && !/^(H[1-6]|SPAN|SECTION)$/.test(sib.tagName)) lazy.push(cv(sib));
          }
          return {path, lazy};
        }""",
        ex.root,
    )
    assert found["path"] and set(found["path"]) == {"visible"}, found
    assert found["lazy"] and set(found["lazy"]) == {"auto"}, found

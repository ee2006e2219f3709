"""The hand-calculation helper: steps, rounding rules and habits, rendering, drift."""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import infocourse as ic
from infocourse import get_example, hand_cross_entropy, hand_entropy, hand_kl
from infocourse.handcalc import (
    DEFAULT_HABIT,
    HABITS,
    RoundingHabit,
    drift_split,
    habit_table,
    hand_source_figure,
    hand_term_errors,
    round_decimal,
    round_half_up,
)

HALF = {h.rule: h for h in HABITS if not h.round_ratios and h.log_ratio == "ratio"}

# ------------------------------------------------------------------ rounding rules


def test_round_half_up_is_decimal_not_binary():
    assert round_half_up(Decimal("0.04055")) == Decimal("0.0406")
    assert round_half_up(-0.32188) == Decimal("-0.3219")
    assert round_half_up(0.00005) == Decimal("0.0001")
    assert round_half_up(2.675, 2) == Decimal("2.68")  # Python's round gives 2.67


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("half-away", ["-0.0406", "0.0406", "0.0405", "-0.0405", "0.1234", "-0.1235"]),
        ("half-even", ["-0.0406", "0.0406", "0.0404", "-0.0404", "0.1234", "-0.1235"]),
        ("half-toward-zero", ["-0.0405", "0.0405", "0.0404", "-0.0404", "0.1234", "-0.1235"]),
        ("half-ceiling", ["-0.0405", "0.0406", "0.0405", "-0.0404", "0.1234", "-0.1235"]),
        ("truncate", ["-0.0405", "0.0405", "0.0404", "-0.0404", "0.1234", "-0.1234"]),
    ],
)
def test_round_decimal_rules(rule, expected):
    xs = ["-0.04055", "0.04055", "0.04045", "-0.04045", "0.123449", "-0.123451"]
    assert [str(round_decimal(Decimal(x), 4, rule)) for x in xs] == expected


@given(
    st.fractions(min_value=-10, max_value=10, max_denominator=10**6),
    st.sampled_from(["half-away", "half-even", "half-toward-zero", "half-ceiling"]),
)
def test_round_to_nearest_is_within_half_a_unit(x, rule):
    # an exact decimal (the fraction cut to 12 places) rounded to 4 places
    d = Decimal(x.numerator) / Decimal(x.denominator)
    d = d.quantize(Decimal("1e-12"))
    r = round_decimal(d, 4, rule)
    err = abs(Fraction(r) - Fraction(d))
    assert err <= Fraction(1, 20000)
    if err == Fraction(1, 20000):  # a tie: the rule decides
        toward_zero = abs(r) < abs(d)
        assert {
            "half-away": not toward_zero,
            "half-toward-zero": toward_zero,
            "half-ceiling": r > d,
            "half-even": int(r.scaleb(4)) % 2 == 0,
        }[rule]


def test_round_decimal_rejects_unknown_rule():
    with pytest.raises(ValueError, match="rule must be one of half-away, half-even"):
        round_decimal(Decimal("0.1"), 4, "bankers")


# ------------------------------------------------------------------ one calculation


def test_steps_of_click_cross_entropy():
    e = get_example("click")
    calc = hand_cross_entropy(e.p, e.q, e.labels)
    assert [s.label for s in calc.steps] == ["click", "no click"]
    assert [s.log for s in calc.steps] == [Decimal("-1.2040"), Decimal("-0.3567")]
    assert [s.product for s in calc.steps] == [Decimal("-0.2408"), Decimal("-0.2854")]
    assert calc.hand == 0.5262
    assert f"{calc.exact:.6f}" == "0.526135"
    assert calc.exact_rounded == 0.5261
    assert calc.habit == DEFAULT_HABIT


def test_round_ratio_steps_of_fruit():
    e = get_example("fruit")
    calc = hand_kl(e.p, e.q, e.labels, round_ratio=True)
    assert [s.argument for s in calc.steps] == ["1.2000", "0.8000", "1.1429", "0.6667"]
    assert [str(s.product) for s in calc.steps] == ["0.0547", "-0.0446", "0.0534", "-0.0405"]
    assert calc.habit.round_ratios
    plain = hand_kl(e.p, e.q, e.labels)
    assert [s.argument for s in plain.steps] == ["1.2", "0.8", "1.142857…", "0.666667…"]
    assert str(plain.steps[-1].product) == "-0.0406"  # -0.04055, a half, away from zero


def test_the_pear_half_decides_the_fruit_direct_sum():
    e = get_example("fruit")
    away = hand_kl(e.p, e.q, habit=HALF["half-away"])
    toward = hand_kl(e.p, e.q, habit=HALF["half-toward-zero"])
    assert (away.hand, toward.hand) == (0.0229, 0.0230)
    assert [s.product for s in away.steps][:3] == [s.product for s in toward.steps][:3]
    assert (away.steps[3].product, toward.steps[3].product) == (
        Decimal("-0.0406"),
        Decimal("-0.0405"),
    )
    # exactly half-way, in decimal arithmetic: 0.1 x -0.4055 = -0.04055
    assert away.steps[3].p * away.steps[3].log == Decimal("-0.04055")


def test_the_pear_term_is_the_only_half_among_the_printed_figures():
    """The errata's claim: under the four round-to-nearest habits, of every product
    written in the ten hand calculations behind the source's figures, exactly one lies
    half-way between two 4-decimal numbers (and those habits write the same logs)."""
    nearest = [
        h
        for h in HABITS
        if h.rule.startswith("half-") and not h.round_ratios and h.log_ratio == "ratio"
    ]
    assert len(nearest) == 4
    for habit in nearest:
        halves = []
        for e in ic.EXAMPLES.values():
            for quantity in e.source:
                calc = hand_source_figure(e, quantity, habit=habit)
                for part in calc.parts or (calc,):
                    for s in part.steps:
                        raw = s.p * s.log
                        if abs(raw.scaleb(4) % 1) == Decimal("0.5"):
                            halves.append((e.key, quantity, s.label, raw))
        assert halves == [("fruit", "kl_direct", "pear", Decimal("-0.04055"))]


def test_decimal_work_ignores_the_callers_context():
    """The 40-digit arithmetic holds even if the caller lowered decimal's precision."""
    import decimal

    e = get_example("click")
    want = drift_split(hand_cross_entropy(e.p, e.q))
    want6 = hand_kl([0.123456, 0.876544], [0.654321, 0.345679], decimals=6)
    with decimal.localcontext() as ctx:
        ctx.prec = 6
        got = drift_split(hand_cross_entropy(e.p, e.q))
        got6 = hand_kl([0.123456, 0.876544], [0.654321, 0.345679], decimals=6)
        assert round_decimal(Decimal("-0.04055"), 4, "half-away") == Decimal("-0.0406")
    assert got == want
    assert got6 == want6
    assert ic.handcalc.DIGITS == 40


def test_log_ratio_as_difference_of_table_logs():
    e = get_example("click")
    habit = RoundingHabit("diff", log_ratio="difference")
    calc = hand_kl(e.p, e.q, habit=habit)
    # ln 0.2 - ln 0.3 = -1.6094 - (-1.2040); ln 0.8 - ln 0.7 = -0.2231 - (-0.3567)
    assert [s.log for s in calc.steps] == [Decimal("-0.4054"), Decimal("0.1336")]
    assert calc.hand == 0.0258
    assert calc.method.startswith("ln(P(x)/Q(x)) as ln P(x) - ln Q(x)")


def test_truncation_cuts_every_log_and_product():
    calc = hand_entropy([0.2, 0.8], habit=HALF["truncate"])
    assert [s.log for s in calc.steps] == [Decimal("-1.6094"), Decimal("-0.2231")]
    assert [s.product for s in calc.steps] == [Decimal("-0.3218"), Decimal("-0.1784")]
    assert calc.hand == 0.5002
    assert calc.method == "logs and products cut after 4 decimals"


def test_method_text_names_the_habit():
    e = get_example("fruit")
    assert hand_entropy(e.p).method == "logs and products rounded to 4 decimals"
    assert hand_kl(e.p, e.q, round_ratio=True).method == (
        "ratios, logs and products rounded to 4 decimals"
    )
    assert hand_kl(e.p, e.q, habit=HALF["half-toward-zero"]).method == (
        "logs and products rounded to 4 decimals, halves toward zero"
    )
    assert hand_cross_entropy(e.p, e.q, habit=HALF["half-even"]).method == (
        "logs and products rounded to 4 decimals, halves to the even digit"
    )


def test_text_rendering():
    e = get_example("click")
    text = str(hand_kl(e.p, e.q, e.labels, method="subtraction"))
    assert "D_KL(P‖Q) = H(P, Q) - H(P) = 0.5262 - 0.5004 = 0.0258" in text
    assert "exact: D_KL(P‖Q) = 0.025732 (rounded once: 0.0257)" in text
    assert "no click" in text and "||" not in text and "D(P" not in text
    assert repr(hand_entropy(e.p)) == "HandCalculation(H(P): hand 0.5004, exact 0.500402)"
    direct = str(hand_kl(e.p, e.q, e.labels))
    assert "D_KL(P‖Q) = [(-0.0811) + (+0.1068)] = 0.0257" in direct


def test_html_rendering_is_a_table():
    e = get_example("fruit")
    html = hand_cross_entropy(e.p, e.q, e.labels)._repr_html_()
    assert html.count("<tr>") == 5 and "<caption>H(P, Q) by hand" in html
    assert ">ln Q(x)</th>" in html and "<th scope='col'" in html and "1.3028" in html
    kl_html = hand_kl(e.p, e.q, e.labels)._repr_html_()
    assert "<caption>D_KL(P‖Q) by hand" in kl_html


def test_zero_probability_rows_and_infinite_results():
    calc = hand_entropy([1.0, 0.0])
    assert calc.hand == 0.0 and calc.steps[1].log is None
    assert hand_cross_entropy([0.5, 0.5], [1.0, 0.0]).hand == math.inf
    assert hand_kl([0.5, 0.5], [1.0, 0.0]).hand == math.inf
    assert "inf" in str(hand_kl([0.5, 0.5], [1.0, 0.0]))
    assert hand_kl([0.0, 1.0], [0.5, 0.5]).steps[0].product == 0


def test_errors():
    with pytest.raises(ValueError, match="q must sum to 1"):
        hand_cross_entropy([0.5, 0.5], [0.5, 0.6])
    with pytest.raises(ValueError, match="labels must have one name per outcome"):
        hand_entropy([0.5, 0.5], ["a"])
    with pytest.raises(ValueError, match="method must be 'direct' or 'subtraction'"):
        hand_kl([0.5, 0.5], [0.5, 0.5], method="other")
    with pytest.raises(ValueError, match="decimals must be an integer from 1 to 12"):
        hand_entropy([0.5, 0.5], decimals=0)
    with pytest.raises(ValueError, match="round_ratio applies only"):
        hand_kl([0.5, 0.5], [0.5, 0.5], method="subtraction", round_ratio=True)
    with pytest.raises(ValueError, match="habit must be a RoundingHabit or None"):
        hand_entropy([0.5, 0.5], habit="half-even")
    with pytest.raises(ValueError, match="rule must be one of"):
        RoundingHabit("x", rule="nearest")
    with pytest.raises(ValueError, match="log_ratio must be 'ratio' or 'difference'"):
        RoundingHabit("x", log_ratio="quotient")
    with pytest.raises(ValueError, match="round_ratios applies only to log_ratio='ratio'"):
        RoundingHabit("x", round_ratios=True, log_ratio="difference")


# ------------------------------------------------------------------ term errors


def test_hand_term_errors_vehicles():
    e = ic.get_example("vehicles")
    calc = ic.hand_cross_entropy(e.p, e.q, e.labels)
    errs = hand_term_errors(calc)
    assert [x.label for x in errs] == list(e.labels)
    for x, a, b in zip(errs, e.p, e.q):
        assert x.exact == pytest.approx(a * math.log(b), rel=1e-15)
        assert x.error == pytest.approx(x.from_log + x.from_product, abs=1e-15)
        assert x.from_ratio == 0.0
    total = sum(x.error for x in errs)
    assert f"{total:.6f}" == "0.000059"
    # the hand result is the exact one minus the summed errors
    assert calc.hand == pytest.approx(calc.exact - total, abs=1e-12)
    assert calc.hand == 1.3661
    assert calc.exact_rounded == 1.3662
    # 0.4 * -1.2040 and 0.2 * -1.2040 need no rounding: exactly 0, not -0.0
    assert [f"{x.from_product:+.6f}" for x in errs][:2] == ["+0.000000", "+0.000000"]


def test_hand_term_errors_entropy_and_zero():
    calc = ic.hand_entropy([0.5, 0.5, 0.0])
    errs = hand_term_errors(calc)
    assert errs[2].error == 0.0
    assert errs[0].exact == pytest.approx(0.5 * math.log(0.5), rel=1e-15)


def test_hand_term_errors_of_a_direct_kl_with_rounded_ratios():
    e = ic.get_example("fruit")
    calc = ic.hand_kl(e.p, e.q, e.labels, round_ratio=True)
    errs = hand_term_errors(calc)
    for x, t in zip(errs, ic.kl_terms(e.p, e.q)):
        assert x.exact == pytest.approx(t, rel=1e-14)
        assert x.error == pytest.approx(x.from_ratio + x.from_log + x.from_product, abs=1e-15)
    assert errs[0].from_ratio == 0.0  # 0.3/0.25 = 1.2 exactly: nothing to round
    assert errs[3].from_ratio == pytest.approx(
        0.1 * (math.log(0.6667) - math.log(2 / 3)), rel=1e-9
    )  # 0.1/0.15 written as 0.6667
    assert calc.hand == pytest.approx(calc.exact + sum(x.error for x in errs), abs=1e-12)


def test_hand_term_errors_rejects_subtraction_and_inf():
    with pytest.raises(ValueError, match=r"calc must be a hand H.*with steps, got D_KL"):
        hand_term_errors(ic.hand_kl([0.5, 0.5], [0.4, 0.6], method="subtraction"))
    with pytest.raises(ValueError, match="calc must be finite"):
        hand_term_errors(ic.hand_cross_entropy([0.5, 0.5], [1.0, 0.0]))
    with pytest.raises(ValueError, match="got float"):
        hand_term_errors(0.5)


# ------------------------------------------------------------------ drift split


def test_click_cross_entropy_drift_split():
    """The account of ch3 (sec-rounding-drift): +0.000025 logs, +0.000040 one product."""
    e = get_example("click")
    s = drift_split(hand_cross_entropy(e.p, e.q, e.labels))
    assert (f"{s.from_logs:+.6f}", f"{s.from_products:+.6f}", f"{s.total:+.6f}") == (
        "+0.000025",
        "+0.000040",
        "+0.000065",
    )
    assert s.from_ratios == 0.0
    # one product needed rounding: 0.2 * -1.2040 = -0.2408 exactly, 0.8 * -0.3567 = -0.28536
    assert [r.from_products for r in s.rows] == [0.0, pytest.approx(4e-5, abs=1e-18)]
    # exact: ln 0.3 and ln 0.7 rounded away from zero, weighted by P
    assert s.from_logs == pytest.approx(
        -(0.2 * (-1.2040 - math.log(0.3)) + 0.8 * (-0.3567 - math.log(0.7))), rel=1e-9
    )
    assert s.total == pytest.approx(s.hand - s.exact, abs=1e-15)
    assert s.exact == pytest.approx(ic.cross_entropy(e.p, e.q), rel=1e-15)


def test_click_subtraction_drift_is_difference_of_parts():
    e = get_example("click")
    sub = drift_split(hand_kl(e.p, e.q, e.labels, method="subtraction"))
    ce = drift_split(hand_cross_entropy(e.p, e.q))
    h = drift_split(hand_entropy(e.p))
    assert [r.label for r in sub.rows] == ["H(P, Q)", "-H(P)"]
    assert sub.total == pytest.approx(ce.total - h.total, abs=1e-15)
    assert sub.from_logs == pytest.approx(ce.from_logs - h.from_logs, abs=1e-15)
    assert sub.total == pytest.approx(0.0258 - ic.kl_divergence(e.p, e.q), abs=1e-15)
    assert f"{sub.total:+.6f}" == "+0.000068"


def test_drift_split_with_ratios_and_text():
    e = get_example("fruit")
    s = drift_split(hand_kl(e.p, e.q, e.labels, round_ratio=True))
    assert s.show_ratios and s.from_ratios > 0
    assert s.total == pytest.approx(0.0230 - ic.kl_divergence(e.p, e.q), abs=1e-15)
    text = str(s)
    assert text.splitlines()[0] == "hand - exact of D_KL(P‖Q), by what was rounded"
    assert "ratios" in text.splitlines()[2] and text.endswith("= +0.000066")
    assert repr(s) == "DriftSplit(D_KL(P‖Q): total +0.000066)"


@given(
    st.lists(st.integers(1, 9), min_size=2, max_size=6),
    st.lists(st.integers(1, 9), min_size=2, max_size=6),
    st.sampled_from(HABITS),
)
def test_drift_split_adds_up_to_hand_minus_exact(wp, wq, habit):
    n = min(len(wp), len(wq))
    p = [w / sum(wp[:n]) for w in wp[:n]]
    q = [w / sum(wq[:n]) for w in wq[:n]]
    for calc in (
        hand_entropy(p, habit=habit),
        hand_cross_entropy(p, q, habit=habit),
        hand_kl(p, q, habit=habit),
        hand_kl(p, q, method="subtraction", habit=habit),
    ):
        s = drift_split(calc)
        assert s.total == pytest.approx(s.from_ratios + s.from_logs + s.from_products, abs=1e-15)
        # the exact value of the split agrees with the package's float value
        assert s.total == pytest.approx(calc.hand - calc.exact, abs=1e-12)


def test_drift_split_errors():
    with pytest.raises(ValueError, match="calc must be finite"):
        drift_split(hand_kl([0.5, 0.5], [1.0, 0.0]))
    with pytest.raises(ValueError, match="calc must be a HandCalculation, got list"):
        drift_split([0.5])


# ------------------------------------------------------------------ the habit table


def test_habit_table_which_habit_gives_which_figure():
    t = habit_table()
    names = [h.name for h in t.habits]
    assert names == [
        "halves away from 0",
        "halves to even",
        "halves toward 0",
        "halves upward",
        "ratios rounded",
        "ln P - ln Q",
        "truncated",
    ]
    assert len(t.rows) == 10
    assert [r.printed for r in t.rows] == [
        0.5919,
        1.3661,
        0.5004,
        0.5262,
        0.0258,
        0.0257,
        1.2799,
        1.3028,
        0.0229,
        0.0230,
    ]
    assert t.reproduced() == (9, 9, 10, 10, 9, 8, 0)
    by_row = {(r.example, r.quantity): [h.name for h in t.explaining(r)] for r in t.rows}
    assert by_row[("fruit", "D_KL(P‖Q), direct")] == [
        "halves toward 0",
        "halves upward",
        "ratios rounded",
    ]
    assert by_row[("click", "D_KL(P‖Q), direct")] == names[:4]
    assert by_row[("click", "H(P, Q)")] == names[:6]
    # the ratio habit trades the fruit figure for the click one
    click_direct = next(r for r in t.rows if r.example == "click" and "direct" in r.quantity)
    assert click_direct.results[4] == 0.0258


def test_habit_table_rendering():
    t = habit_table()
    text = str(t)
    lines = text.splitlines()
    assert lines[0].split()[-7:] == list("ABCDEFG")
    assert lines[11].split()[1:] == ["9/10", "9/10", "10/10", "10/10", "9/10", "8/10", "0/10"]
    assert "fruit     D_KL(P‖Q), direct           0.0230  0.022934  0.0229  0.0229       ✓" in text
    assert (
        "C: halves toward 0 (logs and products rounded to 4 decimals, halves toward zero)" in text
    )
    html = t._repr_html_()
    assert html.count("<tr>") == 12 and "<caption>The source's printed figures" in html
    assert repr(t) == "HabitTable(10 figures × 7 habits)"


def test_habit_table_errors_and_subsets():
    t = habit_table([get_example("click")], [DEFAULT_HABIT])
    assert len(t.rows) == 4 and t.reproduced() == (4,)
    assert habit_table([get_example("weather")]).rows == ()  # nothing printed
    with pytest.raises(ValueError, match="habits must not be empty"):
        habit_table(habits=[])
    with pytest.raises(ValueError, match="quantity must be one of entropy, cross_entropy"):
        hand_source_figure(get_example("click"), "kl")

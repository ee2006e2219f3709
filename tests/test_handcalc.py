"""The hand-calculation helper: steps, rounding, rendering."""

from decimal import Decimal

import pytest

from infocourse import get_example, hand_cross_entropy, hand_entropy, hand_kl
from infocourse.handcalc import round_half_up


def test_round_half_up_is_decimal_not_binary():
    assert round_half_up(Decimal("0.04055")) == Decimal("0.0406")
    assert round_half_up(-0.32188) == Decimal("-0.3219")
    assert round_half_up(0.00005) == Decimal("0.0001")
    assert round_half_up(2.675, 2) == Decimal("2.68")  # Python's round gives 2.67


def test_steps_of_click_cross_entropy():
    e = get_example("click")
    calc = hand_cross_entropy(e.p, e.q, e.labels)
    assert [s.label for s in calc.steps] == ["click", "no click"]
    assert [s.log for s in calc.steps] == [Decimal("-1.2040"), Decimal("-0.3567")]
    assert [s.product for s in calc.steps] == [Decimal("-0.2408"), Decimal("-0.2854")]
    assert calc.hand == 0.5262
    assert f"{calc.exact:.6f}" == "0.526135"
    assert calc.exact_rounded == 0.5261


def test_round_ratio_steps_of_fruit():
    e = get_example("fruit")
    calc = hand_kl(e.p, e.q, e.labels, round_ratio=True)
    assert [s.argument for s in calc.steps] == ["1.2000", "0.8000", "1.1429", "0.6667"]
    assert [str(s.product) for s in calc.steps] == ["0.0547", "-0.0446", "0.0534", "-0.0405"]
    plain = hand_kl(e.p, e.q, e.labels)
    assert str(plain.steps[-1].product) == "-0.0406"


def test_text_rendering():
    e = get_example("click")
    text = str(hand_kl(e.p, e.q, e.labels, method="subtraction"))
    assert "D(P||Q) = H(P, Q) - H(P) = 0.5262 - 0.5004 = 0.0258" in text
    assert "exact: D(P||Q) = 0.025732 (rounded once: 0.0257)" in text
    assert "no click" in text
    assert repr(hand_entropy(e.p)) == "HandCalculation(H(P): hand 0.5004, exact 0.500402)"


def test_html_rendering_is_a_table():
    e = get_example("fruit")
    html = hand_cross_entropy(e.p, e.q, e.labels)._repr_html_()
    assert html.count("<tr>") == 5 and "<caption>H(P, Q) by hand" in html
    assert ">ln Q(x)</th>" in html and "<th scope='col'" in html and "1.3028" in html


def test_zero_probability_rows_and_infinite_results():
    calc = hand_entropy([1.0, 0.0])
    assert calc.hand == 0.0 and calc.steps[1].log is None
    assert hand_cross_entropy([0.5, 0.5], [1.0, 0.0]).hand == float("inf")
    assert hand_kl([0.5, 0.5], [1.0, 0.0]).hand == float("inf")
    assert "inf" in str(hand_kl([0.5, 0.5], [1.0, 0.0]))


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

"""Widgets: the pure view functions, and that each widget builds and updates headless."""

import math

import pytest

import infocourse as ic
from infocourse.widgets import (
    binary_cross_explorer,
    binary_cross_view,
    binary_entropy_explorer,
    binary_entropy_view,
    categorical_explorer,
    categorical_view,
    equivalence_trainer,
    equivalence_view,
)


def test_binary_entropy_view_numbers():
    v = binary_entropy_view(0.3)
    assert f"{v.bits:.4f}" == "0.8813" and f"{v.nats:.4f}" == "0.6109"
    assert f"{v.surprise_heads_bits:.3f}" == "1.737"
    assert binary_entropy_view(0.0).bits == 0.0
    assert binary_entropy_view(1.0).surprise_tails_bits == pytest.approx(float("inf"))


def test_binary_entropy_explorer_builds_and_updates():
    pytest.importorskip("ipywidgets")
    box = binary_entropy_explorer(p=0.3)
    slider, label, picture = box.children
    assert "0.8813 bits" in label.value
    assert 'alt="Binary entropy curve with a marker at p = 0.30' in picture.value
    slider.value = 0.5
    assert "1.0000 bits" in label.value
    assert "p = 0.50" in picture.value


# ----------------------------------------------------------- binary explorer


def test_binary_cross_view_numbers():
    v = binary_cross_view(0.2, 0.3)
    assert f"{v.entropy_p:.4f} {v.cross_entropy_pq:.4f}" == "0.5004 0.5261"
    assert f"{v.kl_pq:.4f} {v.kl_qp:.4f}" == "0.0257 0.0282"
    assert v.cross_entropy_pq - v.entropy_p == pytest.approx(v.kl_pq, abs=1e-12)
    same = binary_cross_view(0.4, 0.4)
    assert same.kl_pq == 0.0 and same.kl_qp == 0.0
    edge = binary_cross_view(0.0, 0.5)
    assert edge.entropy_p == 0.0 and edge.kl_qp == math.inf
    assert "D_KL(Q‖P) = ∞" in edge.text()


def test_binary_cross_explorer_builds_and_updates():
    pytest.importorskip("ipywidgets")
    box = binary_cross_explorer(p=0.2, q=0.3)
    p_slider, q_slider, label, picture = box.children
    assert p_slider.description and q_slider.description
    assert "D_KL(P‖Q) = 0.0257" in label.value and "D_KL(Q‖P) = 0.0282" in label.value
    assert 'alt="Left: bars of P = (0.20, 0.80) and Q = (0.30, 0.70)' in picture.value
    q_slider.value = 0.2
    assert "D_KL(P‖Q) = 0.0000" in label.value
    p_slider.value = 0.5
    assert "H(P) = 0.6931" in label.value and "p = 0.50" in picture.value


# ------------------------------------------------------ categorical explorer


def test_categorical_view_matches_the_package():
    for ex in ic.EXAMPLES.values():
        v = categorical_view(ex.labels, ex.p, ex.q)
        assert sum(v.kl_terms) == pytest.approx(ic.kl_divergence(ex.p, ex.q), abs=1e-12)
        assert sum(v.cross_entropy_terms) == pytest.approx(ic.cross_entropy(ex.p, ex.q))
        assert v.kl_pq == pytest.approx(v.cross_entropy_pq - v.entropy_p, abs=1e-12)


def test_categorical_view_normalises_weights_and_handles_zeros():
    v = categorical_view(["a", "b", "c"], [2, 2, 0], [1, 1, 2])
    assert v.p == (0.5, 0.5, 0.0) and v.q == (0.25, 0.25, 0.5)
    assert v.cross_entropy_terms[2] == 0.0 and v.kl_terms[2] == 0.0
    assert f"{v.kl_pq:.4f}" == f"{math.log(2):.4f}"
    both_zero = categorical_view(["a", "b", "c"], [1, 1, 0], [1, 1, 0])  # no numpy warning
    assert both_zero.cross_entropy_terms[2] == 0.0 and both_zero.kl_pq == 0.0
    ruled_out = categorical_view(["a", "b"], [1, 1], [1, 0])
    assert ruled_out.kl_pq == math.inf and ruled_out.cross_entropy_terms[1] == math.inf
    assert "∞" in ruled_out.table()


@pytest.mark.parametrize(
    "labels, p, q, message",
    [
        (["a"], [1], [1], "labels must have 2 to 6"),
        (["a", "b"], [1, 1, 1], [1, 1], "p_weights must have 2 entries"),
        (["a", "b"], [0, 0], [1, 1], "p_weights must have a positive total"),
        (["a", "b"], [1, 1], [1, -1], "must"),
    ],
)
def test_categorical_view_rejects_bad_input(labels, p, q, message):
    with pytest.raises(ValueError, match=message):
        categorical_view(labels, p, q)


def test_categorical_explorer_builds_and_updates():
    pytest.importorskip("ipywidgets")
    box = categorical_explorer("weather")
    preset, count, *rows, label, picture = box.children
    assert len(rows) == 6
    assert "D_KL(P‖Q) = 0.2773" in label.value
    assert [r.layout.display for r in rows] == ["", "", "", "none", "none", "none"]
    assert rows[0].children[0].description == "P weight, sunny"
    assert 'alt="Left: grouped bars of P and Q per outcome.' in picture.value
    preset.value = "spam"
    assert count.value == 2 and "D_KL(P‖Q) = 0.0915" in label.value
    rows[0].children[1].value = 0.8  # Q weight of spam: Q = (0.8, 0.4) / 1.2
    assert preset.value == ""  # edited: no longer the example
    expected = ic.kl_divergence([0.8, 0.2], ic.normalize([0.8, 0.4]))
    assert f"D_KL(P‖Q) = {expected:.4f}" in label.value
    count.value = 3
    assert rows[2].layout.display == "" and rows[2].children[0].description == "P weight, outcome 3"
    preset.value = "fruit"
    assert count.value == 4 and "H(P) = 1.2799" in label.value
    for row in rows[:4]:
        row.children[0].value = 0.0
    assert "positive total" in label.value  # a message, not a crash


# ------------------------------------------------------- equivalence trainer


@pytest.mark.parametrize("objective", ["cross_entropy", "kl"])
def test_equivalence_view_gap_is_entropy(objective):
    v = equivalence_view("vehicles", objective, lr=0.5, step=60)
    assert v.gap == pytest.approx(ic.entropy(ic.get_example("vehicles").p), abs=1e-12)
    assert v.max_gap_error < 1e-12
    assert v.kl[-1] < v.kl[0] and v.cross_entropy[-1] < v.cross_entropy[0]
    assert len(v.cross_entropy) == 61
    assert f"{v.cross_entropy[-1]:.4f}" == "1.2799"


def test_equivalence_view_objectives_take_the_same_steps():
    a = equivalence_view("weather", "cross_entropy", lr=1.0, step=25)
    b = equivalence_view("weather", "kl", lr=1.0, step=25)
    assert max(abs(x - y) for x, y in zip(a.q, b.q)) < 1e-12
    start = equivalence_view("click", step=0)
    assert start.q == pytest.approx(ic.get_example("click").q)
    with pytest.raises(ValueError, match="step must be"):
        equivalence_view(step=-1)
    with pytest.raises(ValueError, match="key must be one of"):
        equivalence_view("nope")


def test_equivalence_trainer_builds_and_updates():
    pytest.importorskip("ipywidgets")
    box = equivalence_trainer("vehicles", steps=30)
    preset, goal, rate, step, buttons, label, picture = box.children
    one, ten, reset = buttons.children
    assert all(c.description for c in (preset, goal, rate, step, one, ten, reset))
    assert label.value.startswith("<p>step 30 (cross_entropy")
    assert "= H(P) = 1.2799 nats" in label.value
    assert 'alt="Left: the cross-entropy and the KL divergence over 30 gradient-descent' in (
        picture.value
    )
    ten.click()
    assert step.value == 40 and "step 40" in label.value
    one.click()
    assert step.value == 41
    goal.value = "kl"
    assert "step 41 (kl" in label.value and "largest deviation from H(P) so far: " in label.value
    preset.value = "click"
    assert "H(P) = 0.5004 nats" in label.value
    reset.click()
    assert step.value == 0 and "over 0 gradient-descent steps" in picture.value
    step.value = 200
    ten.click()
    assert step.value == 200  # capped at the slider's maximum

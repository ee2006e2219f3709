"""Widgets: the pure view functions, and that each widget builds and updates headless."""

import pytest

from infocourse.widgets import binary_entropy_explorer, binary_entropy_view


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

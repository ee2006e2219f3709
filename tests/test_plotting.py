"""infocourse.plotting: the figures' labels follow the notation, the curves their formulas."""

import math

import matplotlib
import numpy as np
import pytest
from scipy import stats

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from infocourse.plotting import COLORS, plot_bars, plot_binary_entropy


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_binary_entropy_labels_use_h_b_not_differential_entropy():
    # NOTATION.md: the binary entropy function is H_b(p); h(p) is differential entropy
    ax = plot_binary_entropy(mark=[0.1, 0.5])
    assert ax.get_ylabel() == "binary entropy H_b(p) (bits)"
    assert ax.get_xlabel() == "probability of heads, p"
    assert ax.lines[0].get_label() == "binary entropy H_b(p)"
    assert _texts(ax) == ["p = 0.10\nH_b(p) = 0.469 bits", "p = 0.50\nH_b(p) = 1.000 bits"]
    labels = [ax.get_ylabel(), *(line.get_label() for line in ax.lines), *_texts(ax)]
    assert not any("h(p)" in s or "\nh =" in s for s in labels)


def test_binary_entropy_units_follow_the_base():
    assert plot_binary_entropy(base=None).get_ylabel() == "binary entropy H_b(p) (nats)"
    assert plot_binary_entropy(base=10).get_ylabel() == "binary entropy H_b(p) (base-10 units)"


@pytest.mark.parametrize("base", [2, None])
def test_binary_entropy_curve_is_the_formula(base):
    ax = plot_binary_entropy(base=base, points=101)
    x, y = ax.lines[0].get_data()
    assert x[0] == 0.0 and x[-1] == 1.0 and x.size == 101
    # independent reference: scipy's entropy of (p, 1 - p)
    ref = [stats.entropy([p, 1 - p], base=base) for p in x]
    assert np.allclose(y, ref, rtol=1e-12, atol=1e-15)
    assert y[50] == pytest.approx(1.0 if base == 2 else math.log(2), rel=1e-15)


def test_binary_entropy_markers_sit_on_the_curve():
    ax = plot_binary_entropy(mark=[0.1])
    marker = ax.lines[1]
    (mx,), (my,) = marker.get_data()
    assert mx == 0.1
    assert my == pytest.approx(stats.entropy([0.1, 0.9], base=2), rel=1e-12)
    assert marker.get_color() == COLORS["vermillion"]


def test_plot_bars_one_bar_per_outcome_and_series():
    ax = plot_bars(["a", "b", "c"], [[0.6, 0.3, 0.1], [0.3, 0.3, 0.4]], ["P", "Q"])
    heights = [round(p.get_height(), 12) for p in ax.patches]
    assert heights == [0.6, 0.3, 0.1, 0.3, 0.3, 0.4]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["P", "Q"]

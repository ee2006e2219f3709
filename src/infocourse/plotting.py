"""Figures for the chapters, in one consistent, colour-blind-safe style.

matplotlib is imported here only, so ``import infocourse`` stays light.  Every
function draws on an ``Axes`` (a new one if none is given) and returns it; the
chapters add captions and alt text through cell metadata, not titles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from .i18n import configure_matplotlib, tr

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["COLORS", "figure_html", "new_axes", "plot_binary_entropy", "plot_bars"]

#: Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

LINE_WIDTH = 2.0


def new_axes(width: float = 6.4, height: float = 3.6) -> Axes:
    """A fresh figure with one Axes, in the course style."""
    import matplotlib.pyplot as plt

    configure_matplotlib()
    _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, alpha=0.3)
    return ax


def plot_binary_entropy(
    ax: Axes | None = None,
    *,
    mark: Sequence[float] = (),
    base: float | None = 2,
    points: int = 501,
) -> Axes:
    """Draw the binary entropy ``H_b(p)`` for ``p`` in [0, 1], with optional markers.

    ``H_b(p) = -p log p - (1 - p) log(1 - p)``, in bits by default (``base=2``;
    ``base=None`` gives nats).  Each probability in ``mark`` gets a marker labelled
    with its ``H_b`` value.  (``h(p)`` is reserved for differential entropy.)
    """
    from ._entropy import binary_entropy

    configure_matplotlib()
    ax = ax or new_axes()
    p = np.linspace(0.0, 1.0, points)
    unit = (
        tr("bits")
        if base == 2
        else tr("nats")
        if base is None
        else tr("base-{base} units").format(base=f"{base:g}")
    )
    ax.plot(
        p,
        binary_entropy(p, base=base),
        color=COLORS["blue"],
        lw=LINE_WIDTH,
        label=tr("binary entropy H_b(p)"),
    )
    for m in mark:
        h = binary_entropy(float(m), base=base)
        ax.plot([m], [h], "o", color=COLORS["vermillion"], ms=8, zorder=3)
        # the label goes below the marker, on the side away from the peak, off the curve
        side = "left" if m < 0.45 else "right" if m > 0.55 else "center"
        dx = {"left": 8, "right": -8, "center": 0}[side]
        ax.annotate(
            f"p = {m:.2f}\nH_b(p) = {h:.3f} {unit}",
            (m, h),
            xytext=(dx, -12),
            textcoords="offset points",
            ha=side,
            va="top",
            fontsize=9,
        )
    ax.set_xlabel(tr("probability of heads, p"))
    ax.set_ylabel(tr("binary entropy H_b(p) ({unit})").format(unit=unit))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, None)
    return ax


def plot_bars(
    labels: Sequence[str],
    values: Sequence[ArrayLike],
    names: Sequence[str],
    *,
    ax: Axes | None = None,
    ylabel: str | None = None,
) -> Axes:
    """Grouped bars: one group per outcome, one bar per series (e.g. P and Q).
    ``ylabel`` defaults to "probability" (in the language of :mod:`infocourse.i18n`)."""
    configure_matplotlib()
    ax = ax or new_axes()
    ylabel = tr("probability") if ylabel is None else ylabel
    palette = [COLORS[c] for c in ("blue", "orange", "green", "purple", "sky")]
    hatches = ["", "//", "..", "xx", "\\\\"]
    x = np.arange(len(labels))
    width = 0.8 / len(values)
    for i, (v, name) in enumerate(zip(values, names)):
        ax.bar(
            x + (i - (len(values) - 1) / 2) * width,
            v,
            width,
            label=name,
            color=palette[i % 5],
            hatch=hatches[i % 5],
            edgecolor="white",
        )
    ax.set_xticks(x, labels)
    ax.set_ylabel(ylabel)
    ax.axhline(0, color=COLORS["black"], lw=0.8)
    ax.legend(frameon=False)
    return ax


def figure_html(fig, alt: str, *, width: str = "100%") -> str:
    """The figure as an ``<img>`` tag (inline PNG) with alt text, for HTML widgets.

    Widgets that show a figure use this instead of an Output area, so the picture
    keeps a real text alternative on the static website too.  Closes the figure.
    """
    import base64
    import html
    import io

    import matplotlib.pyplot as plt

    configure_matplotlib()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96)
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        f'style="width:{width};max-width:640px">'
    )

"""Interactive explorers for the chapters (ipywidgets).

Each widget is split into a pure function (control values -> numbers to show),
which is unit-tested, and the widget plumbing around it.  ipywidgets and
matplotlib are imported only when a widget is built.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BinaryEntropyView", "binary_entropy_view", "binary_entropy_explorer"]


@dataclass(frozen=True)
class BinaryEntropyView:
    """What the binary-entropy explorer shows for one slider position."""

    p: float
    bits: float
    nats: float
    surprise_heads_bits: float
    surprise_tails_bits: float

    def text(self) -> str:
        return (
            f"p(heads) = {self.p:.2f}: H = {self.bits:.4f} bits = {self.nats:.4f} nats; "
            f"surprise of heads {self.surprise_heads_bits:.3f} bits, "
            f"of tails {self.surprise_tails_bits:.3f} bits"
        )


def binary_entropy_view(p: float) -> BinaryEntropyView:
    """The numbers the explorer displays for heads-probability ``p``.

    >>> view = binary_entropy_view(0.5)
    >>> f"{view.bits:.4f} bits = {view.nats:.4f} nats"
    '1.0000 bits = 0.6931 nats'
    """
    from .entropy import binary_entropy, surprise

    return BinaryEntropyView(
        p=float(p),
        bits=binary_entropy(p, base=2),
        nats=binary_entropy(p),
        surprise_heads_bits=surprise(p, base=2),
        surprise_tails_bits=surprise(1.0 - float(p), base=2),
    )


def binary_entropy_explorer(p: float = 0.3):
    """A slider for the probability of heads, the entropy curve with a marker, and
    the numbers.  Returns the widget (a ``VBox``); display it in a notebook."""
    import ipywidgets as w

    from .plotting import figure_html, plot_binary_entropy

    slider = w.FloatSlider(value=p, min=0.0, max=1.0, step=0.01, description="p(heads)",
                           continuous_update=False, readout_format=".2f")
    label = w.HTML()
    picture = w.HTML()

    def draw(value: float) -> None:
        view = binary_entropy_view(value)
        label.value = f"<p>{view.text()}</p>"
        ax = plot_binary_entropy(mark=[value])
        ax.figure.set_size_inches(5.5, 3.0)
        picture.value = figure_html(
            ax.figure,
            f"Binary entropy curve with a marker at p = {value:.2f}, "
            f"where the entropy is {view.bits:.3f} bits.",
        )

    slider.observe(lambda change: draw(change["new"]), names="value")
    draw(p)
    return w.VBox([slider, label, picture])

"""Interactive explorers for the chapters (ipywidgets).

Each widget is split into a pure function (control values -> numbers to show),
which is unit-tested, and the widget plumbing around it.  ipywidgets and
matplotlib are imported only when a widget is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .optim import Objective

__all__ = [
    "BinaryCrossView",
    "BinaryEntropyView",
    "CategoricalView",
    "EquivalenceView",
    "binary_cross_explorer",
    "binary_cross_view",
    "binary_entropy_explorer",
    "binary_entropy_view",
    "categorical_explorer",
    "categorical_view",
    "equivalence_trainer",
    "equivalence_view",
]


@dataclass(frozen=True)
class BinaryEntropyView:
    """What the binary-entropy explorer shows for one slider position."""

    p: float
    bits: float
    nats: float
    surprise_heads_bits: float
    surprise_tails_bits: float

    def text(self) -> str:
        from .i18n import tr

        return tr(
            "p(heads) = {p}: H_b(p) = {bits} bits = {nats} nats; "
            "surprise s(heads) = {heads} bits, s(tails) = {tails} bits"
        ).format(
            p=f"{self.p:.2f}",
            bits=f"{self.bits:.4f}",
            nats=f"{self.nats:.4f}",
            heads=f"{self.surprise_heads_bits:.3f}",
            tails=f"{self.surprise_tails_bits:.3f}",
        )


def binary_entropy_view(p: float) -> BinaryEntropyView:
    """The numbers the explorer displays for heads-probability ``p``.

    >>> view = binary_entropy_view(0.5)
    >>> f"{view.bits:.4f} bits = {view.nats:.4f} nats"
    '1.0000 bits = 0.6931 nats'
    """
    from ._entropy import binary_entropy, surprise

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

    from .plotting import figure_html, new_axes, plot_binary_entropy

    slider = w.FloatSlider(
        value=p,
        min=0.0,
        max=1.0,
        step=0.01,
        description="p(heads)",
        continuous_update=False,
        readout_format=".2f",
    )
    label = w.HTML()
    picture = w.HTML()

    def draw(value: float) -> None:
        view = binary_entropy_view(value)
        label.value = f"<p>{view.text()}</p>"
        ax = plot_binary_entropy(new_axes(5.5, 3.0), mark=[value])
        picture.value = figure_html(
            ax.figure,
            f"Binary entropy curve with a marker at p = {value:.2f}, "
            f"where the entropy is {view.bits:.3f} bits.",
        )

    slider.observe(lambda change: draw(change["new"]), names="value")
    draw(p)
    return w.VBox([slider, label, picture])


# --------------------------------------------------------------------------------
# Shared helpers


def _fmt(x: float, digits: int = 4) -> str:
    """A number for the explorers' text: fixed decimals, or the infinity sign."""
    return "∞" if x == float("inf") else f"{x:.{digits}f}"


def _style_axes(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, alpha=0.3)


# --------------------------------------------------------------------------------
# 1. Binary explorer: two coins P = (p, 1 - p) and Q = (q, 1 - q)


@dataclass(frozen=True)
class BinaryCrossView:
    """What the binary explorer shows for sliders ``p`` and ``q`` (all in nats)."""

    p: float
    q: float
    entropy_p: float
    entropy_q: float
    cross_entropy_pq: float
    kl_pq: float
    kl_qp: float

    def text(self) -> str:
        from .i18n import tr

        return (
            f"P = ({self.p:.2f}, {1 - self.p:.2f}), Q = ({self.q:.2f}, {1 - self.q:.2f}): "
            f"H(P) = {_fmt(self.entropy_p)}, H(P, Q) = {_fmt(self.cross_entropy_pq)}, "
            f"D_KL(P‖Q) = {_fmt(self.kl_pq)}, D_KL(Q‖P) = {_fmt(self.kl_qp)} " + tr("nats")
        )


def binary_cross_view(p: float, q: float) -> BinaryCrossView:
    """Entropy, cross-entropy and both KL divergences of two binary distributions.

    ``p`` and ``q`` are the probabilities of the first outcome under P (the truth)
    and Q (the model).  Results in nats; ``inf`` where Q rules out an outcome that
    P allows.

    >>> v = binary_cross_view(0.2, 0.3)
    >>> f"{v.entropy_p:.4f} {v.cross_entropy_pq:.4f} {v.kl_pq:.4f} {v.kl_qp:.4f}"
    '0.5004 0.5261 0.0257 0.0282'
    """
    from ._cross_entropy import cross_entropy
    from ._entropy import entropy
    from .distributions import binary
    from .divergence import kl_divergence

    bp, bq = binary(p), binary(q)
    return BinaryCrossView(
        p=float(p),
        q=float(q),
        entropy_p=float(entropy(bp)),
        entropy_q=float(entropy(bq)),
        cross_entropy_pq=float(cross_entropy(bp, bq)),
        kl_pq=float(kl_divergence(bp, bq)),
        kl_qp=float(kl_divergence(bq, bp)),
    )


def binary_cross_figure(view: BinaryCrossView):
    """Bars of P and Q, and the binary-entropy curve (nats) with markers at p and q."""
    import matplotlib.pyplot as plt

    from .plotting import COLORS, plot_bars, plot_binary_entropy

    fig, (ax_bars, ax_curve) = plt.subplots(1, 2, figsize=(8.0, 3.0), layout="constrained")
    for ax in (ax_bars, ax_curve):
        _style_axes(ax)
    plot_bars(
        ["outcome 1", "outcome 2"],
        [[view.p, 1 - view.p], [view.q, 1 - view.q]],
        ["truth P", "model Q"],
        ax=ax_bars,
    )
    ax_bars.set_ylim(0, 1.05)
    plot_binary_entropy(ax_curve, base=None)
    ax_curve.plot(
        [view.p],
        [view.entropy_p],
        "o",
        color=COLORS["vermillion"],
        ms=8,
        zorder=3,
        label=f"P: H(P) = {view.entropy_p:.3f}",
    )
    ax_curve.plot(
        [view.q],
        [view.entropy_q],
        "s",
        color=COLORS["orange"],
        ms=8,
        zorder=3,
        label=f"Q: H(Q) = {view.entropy_q:.3f}",
    )
    ax_curve.set_xlabel("probability of outcome 1")
    ax_curve.legend(frameon=False, fontsize=8, loc="lower center")
    return fig


def binary_cross_alt(view: BinaryCrossView) -> str:
    return (
        f"Left: bars of P = ({view.p:.2f}, {1 - view.p:.2f}) and Q = ({view.q:.2f}, "
        f"{1 - view.q:.2f}). Right: the binary entropy curve in nats with a circle at "
        f"p = {view.p:.2f} (H(P) = {_fmt(view.entropy_p, 3)} nats) and a square at "
        f"q = {view.q:.2f} (H(Q) = {_fmt(view.entropy_q, 3)} nats)."
    )


def binary_cross_explorer(p: float = 0.2, q: float = 0.3):
    """Sliders for P = (p, 1 - p) and Q = (q, 1 - q); bars, the entropy curve with
    markers, and H(P), H(P, Q), D_KL(P‖Q), D_KL(Q‖P).  Returns a ``VBox``."""
    import ipywidgets as w

    from .plotting import figure_html

    common = dict(
        min=0.01,
        max=0.99,
        step=0.01,
        continuous_update=False,
        readout_format=".2f",
        style={"description_width": "initial"},
    )
    p_slider = w.FloatSlider(value=p, description="p = P(outcome 1)", **common)
    q_slider = w.FloatSlider(value=q, description="q = Q(outcome 1)", **common)
    label = w.HTML()
    picture = w.HTML()

    def draw(_change=None) -> None:
        view = binary_cross_view(p_slider.value, q_slider.value)
        label.value = f"<p>{view.text()}</p>"
        picture.value = figure_html(binary_cross_figure(view), binary_cross_alt(view))

    p_slider.observe(draw, names="value")
    q_slider.observe(draw, names="value")
    draw()
    return w.VBox([p_slider, q_slider, label, picture])


# --------------------------------------------------------------------------------
# 2. Categorical explorer: 2 to 6 outcomes, weights for P and Q, per-term bars

MAX_CATEGORIES = 6


@dataclass(frozen=True)
class CategoricalView:
    """What the categorical explorer shows: the normalised P and Q and where
    H(P, Q) and D_KL(P‖Q) come from, outcome by outcome (nats)."""

    labels: tuple[str, ...]
    p: tuple[float, ...]
    q: tuple[float, ...]
    cross_entropy_terms: tuple[float, ...]
    kl_terms: tuple[float, ...]
    entropy_p: float
    cross_entropy_pq: float
    kl_pq: float

    def text(self) -> str:
        from .i18n import tr

        return (
            f"H(P) = {_fmt(self.entropy_p)}, H(P, Q) = {_fmt(self.cross_entropy_pq)}, "
            f"D_KL(P‖Q) = {_fmt(self.kl_pq)} " + tr("nats")
        )

    def table(self) -> str:
        """The per-outcome numbers as plain text, one outcome per line."""
        from .i18n import ljust, tr

        rows = [f"{ljust(tr('outcome'), 10)} {'P':>6} {'Q':>6} {'-P log Q':>9} {'P log(P/Q)':>11}"]
        for lab, pp, qq, c, k in zip(
            self.labels, self.p, self.q, self.cross_entropy_terms, self.kl_terms
        ):
            rows.append(f"{ljust(tr(lab), 10)} {pp:6.3f} {qq:6.3f} {_fmt(c):>9} {_fmt(k):>11}")
        return "\n".join(rows)


def categorical_view(labels, p_weights, q_weights) -> CategoricalView:
    """Normalise the weights to P and Q and split H(P, Q) and D_KL(P‖Q) into terms.

    The cross-entropy term of outcome x is -P(x) log Q(x) (0 where P(x) = 0, +inf
    where P(x) > 0 = Q(x)); the KL terms are :func:`infocourse.kl_terms`.

    >>> v = categorical_view(["click", "no click"], [2, 8], [3, 7])
    >>> [f"{t:.4f}" for t in v.kl_terms], f"{v.kl_pq:.4f}"
    (['-0.0811', '0.1068'], '0.0257')
    """
    import numpy as np

    from ._cross_entropy import cross_entropy
    from ._entropy import entropy
    from .distributions import normalize
    from .divergence import kl_divergence, kl_terms

    labels = tuple(str(lab) for lab in labels)
    if not 2 <= len(labels) <= MAX_CATEGORIES:
        raise ValueError(f"labels must have 2 to {MAX_CATEGORIES} entries, got {len(labels)}")
    for name, wts in (("p_weights", p_weights), ("q_weights", q_weights)):
        if np.ndim(wts) != 1 or len(wts) != len(labels):
            raise ValueError(f"{name} must have {len(labels)} entries (one per label)")
        if float(np.sum(wts)) <= 0:
            raise ValueError(f"{name} must have a positive total, got {float(np.sum(wts))}")
    p = normalize(p_weights)
    q = normalize(q_weights)
    with np.errstate(divide="ignore", invalid="ignore"):  # P = Q = 0: 0 * inf, discarded
        ce_terms = np.where(p > 0, -p * np.log(np.where(q > 0, q, 0.0)), 0.0) + 0.0
    return CategoricalView(
        labels=labels,
        p=tuple(float(x) for x in p),
        q=tuple(float(x) for x in q),
        cross_entropy_terms=tuple(float(x) for x in ce_terms),
        kl_terms=tuple(float(x) for x in kl_terms(p, q)),
        entropy_p=float(entropy(p)),
        cross_entropy_pq=float(cross_entropy(p, q)),
        kl_pq=float(kl_divergence(p, q)),
    )


def categorical_figure(view: CategoricalView):
    """Left: bars of P and Q.  Right: per-outcome terms of H(P, Q) and D_KL(P‖Q)."""
    import matplotlib.pyplot as plt
    import numpy as np

    from .plotting import plot_bars

    fig, (ax_pq, ax_terms) = plt.subplots(1, 2, figsize=(8.0, 3.2), layout="constrained")
    for ax in (ax_pq, ax_terms):
        _style_axes(ax)
    plot_bars(view.labels, [view.p, view.q], ["truth P", "model Q"], ax=ax_pq)
    ce = np.array(view.cross_entropy_terms)
    kl = np.array(view.kl_terms)
    finite = np.isfinite(ce) & np.isfinite(kl)
    plot_bars(
        view.labels,
        [np.where(finite, ce, 0.0), np.where(finite, kl, 0.0)],
        ["term of H(P, Q): −P log Q", "term of D_KL(P‖Q): P log(P/Q)"],
        ax=ax_terms,
        ylabel="contribution (nats)",
    )
    ax_terms.legend(frameon=False, fontsize=8)
    for i in np.flatnonzero(~finite):  # P > 0 = Q: both terms are infinite
        ax_terms.annotate(
            "∞ (Q = 0)", (i, 0), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=9
        )
    if len(view.labels) > 4:
        for ax in (ax_pq, ax_terms):
            ax.tick_params(axis="x", labelsize=8, labelrotation=30)
    return fig


def categorical_alt(view: CategoricalView) -> str:
    parts = "; ".join(
        f"{lab}: P {pp:.2f}, Q {qq:.2f}, cross-entropy term {_fmt(c, 3)}, KL term {_fmt(k, 3)}"
        for lab, pp, qq, c, k in zip(
            view.labels, view.p, view.q, view.cross_entropy_terms, view.kl_terms
        )
    )
    return (
        "Left: grouped bars of P and Q per outcome. Right: each outcome's contribution to "
        f"the cross-entropy and to the KL divergence, in nats. {parts}."
    )


def categorical_explorer(example: str = "weather"):
    """Edit P and Q as weights for 2 to 6 outcomes (or start from one of the
    source's examples); see the normalised distributions and the per-outcome terms
    of H(P, Q) and D_KL(P‖Q).  Returns a ``VBox``."""
    import html

    import ipywidgets as w

    from .examples import EXAMPLES
    from .plotting import figure_html

    style = {"description_width": "initial"}
    preset = w.Dropdown(
        options=[(e.title, k) for k, e in EXAMPLES.items()] + [("custom", "")],
        value=example,
        description="example",
        style=style,
    )
    count = w.BoundedIntText(
        value=len(EXAMPLES[example].labels),
        min=2,
        max=MAX_CATEGORIES,
        description="number of outcomes",
        style=style,
        layout=w.Layout(width="14rem"),
    )
    layout = w.Layout(width="13rem")
    p_boxes = [
        w.BoundedFloatText(value=1.0, min=0.0, max=1000.0, step=0.05, style=style, layout=layout)
        for _ in range(MAX_CATEGORIES)
    ]
    q_boxes = [
        w.BoundedFloatText(value=1.0, min=0.0, max=1000.0, step=0.05, style=style, layout=layout)
        for _ in range(MAX_CATEGORIES)
    ]
    rows = [w.HBox([pb, qb]) for pb, qb in zip(p_boxes, q_boxes)]
    label = w.HTML()
    picture = w.HTML()
    outcome_labels = list(EXAMPLES[example].labels)
    busy = False  # True while load() or edited() set controls: their observers do nothing

    def names(n: int) -> list[str]:
        have = len(outcome_labels)
        return [outcome_labels[i] if i < have else f"outcome {i + 1}" for i in range(n)]

    def draw(_change=None) -> None:
        if busy:
            return
        n = count.value
        labels = names(n)
        for i, (row, pb, qb) in enumerate(zip(rows, p_boxes, q_boxes)):
            row.layout.display = "" if i < n else "none"
            if i < n:
                pb.description = f"P weight, {labels[i]}"
                qb.description = f"Q weight, {labels[i]}"
        try:
            view = categorical_view(
                labels, [b.value for b in p_boxes[:n]], [b.value for b in q_boxes[:n]]
            )
        except ValueError as err:
            label.value = f"<p>{html.escape(str(err))}</p>"
            return
        label.value = f"<p>{html.escape(view.text())}</p><pre>{html.escape(view.table())}</pre>"
        picture.value = figure_html(categorical_figure(view), categorical_alt(view))

    def load(change=None) -> None:
        nonlocal busy, outcome_labels
        key = preset.value
        if not key:
            return
        ex = EXAMPLES[key]
        busy = True
        outcome_labels = list(ex.labels)
        count.value = len(ex.labels)
        for i, (pb, qb) in enumerate(zip(p_boxes, q_boxes)):
            pb.value = ex.p[i] if i < len(ex.p) else 1.0
            qb.value = ex.q[i] if i < len(ex.q) else 1.0
        busy = False
        draw()

    def edited(_change=None) -> None:
        nonlocal busy
        if not busy and preset.value:
            busy = True
            preset.value = ""  # the numbers no longer match the example
            busy = False
        draw()

    preset.observe(load, names="value")
    count.observe(edited, names="value")
    for b in p_boxes + q_boxes:
        b.observe(edited, names="value")
    load()
    return w.VBox([preset, count, *rows, label, picture])


# --------------------------------------------------------------------------------
# 3. Equivalence trainer: gradient descent on Q's logits, both loss curves


@dataclass(frozen=True)
class EquivalenceView:
    """A gradient-descent run from the example's model Q towards its truth P, and
    what the trainer shows after ``step`` updates (nats)."""

    example: str
    objective: str
    lr: float
    step: int
    entropy_p: float
    cross_entropy: tuple[float, ...]
    kl: tuple[float, ...]
    q: tuple[float, ...]
    labels: tuple[str, ...]
    p: tuple[float, ...]

    @property
    def gap(self) -> float:
        """H(P, Q_t) - D_KL(P‖Q_t) at the current step: always H(P)."""
        return self.cross_entropy[self.step] - self.kl[self.step]

    @property
    def max_gap_error(self) -> float:
        """Largest |H(P, Q_t) - D_KL(P‖Q_t) - H(P)| along the path so far."""
        return max(
            abs(c - k - self.entropy_p)
            for c, k in zip(self.cross_entropy[: self.step + 1], self.kl[: self.step + 1])
        )

    def text(self) -> str:
        from .i18n import tr

        t = self.step
        return tr(
            "step {t} ({objective}, learning rate {lr}): H(P, Q) = {ce}, D_KL(P‖Q) = {kl}, "
            "gap H(P, Q) − D_KL(P‖Q) = {gap} = H(P) = {h} nats "
            "(largest deviation from H(P) so far: {dev})"
        ).format(
            t=t,
            objective=self.objective,
            lr=f"{self.lr:.2f}",
            ce=f"{self.cross_entropy[t]:.4f}",
            kl=f"{self.kl[t]:.4f}",
            gap=f"{self.gap:.4f}",
            h=f"{self.entropy_p:.4f}",
            dev=f"{self.max_gap_error:.1e}",
        )


def equivalence_view(
    example: str = "vehicles",
    objective: Objective = "cross_entropy",
    lr: float = 0.5,
    step: int = 0,
) -> EquivalenceView:
    """Run ``step`` gradient-descent updates on the logits of Q, starting from the
    example's model Q, minimising ``objective`` ("cross_entropy" or "kl").

    >>> v = equivalence_view("vehicles", "kl", lr=0.5, step=60)
    >>> f"{v.gap:.4f} {v.entropy_p:.4f}", v.max_gap_error < 1e-12
    ('1.2799 1.2799', True)
    """
    import numpy as np

    from ._entropy import entropy
    from .examples import get_example
    from .optim import gradient_descent

    ex = get_example(example)
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or step < 0:
        raise ValueError(f"step must be a non-negative integer, got {step!r}")
    run = gradient_descent(ex.p, np.log(ex.q_array), objective=objective, lr=lr, steps=int(step))
    return EquivalenceView(
        example=ex.key,
        objective=objective,
        lr=float(lr),
        step=int(step),
        entropy_p=float(entropy(ex.p)),
        cross_entropy=tuple(float(x) for x in run.cross_entropy),
        kl=tuple(float(x) for x in run.kl),
        q=tuple(float(x) for x in run.probs[-1]),
        labels=ex.labels,
        p=ex.p,
    )


def equivalence_figure(view: EquivalenceView):
    """Left: both loss curves against the step, with H(P) dashed.  Right: P and Q_t."""
    import matplotlib.pyplot as plt
    import numpy as np

    from .plotting import COLORS, LINE_WIDTH, plot_bars

    fig, (ax_loss, ax_bars) = plt.subplots(1, 2, figsize=(8.0, 3.2), layout="constrained")
    for ax in (ax_loss, ax_bars):
        _style_axes(ax)
    t = np.arange(view.step + 1)
    ax_loss.plot(
        t,
        view.cross_entropy,
        color=COLORS["blue"],
        lw=LINE_WIDTH,
        label="cross-entropy H(P, Q)",
        marker="o" if view.step == 0 else None,
    )
    ax_loss.plot(
        t,
        view.kl,
        color=COLORS["orange"],
        lw=LINE_WIDTH,
        ls="-.",
        label="KL divergence D_KL(P‖Q)",
        marker="s" if view.step == 0 else None,
    )
    ax_loss.axhline(
        view.entropy_p,
        color=COLORS["black"],
        lw=1,
        ls="--",
        label=f"entropy H(P) = {view.entropy_p:.3f}",
    )
    ax_loss.set_xlim(0, max(view.step, 1))
    ax_loss.set_ylim(0, None)
    ax_loss.set_xlabel("gradient-descent step")
    ax_loss.set_ylabel("loss (nats)")
    ax_loss.legend(frameon=False, fontsize=8)
    plot_bars(
        view.labels, [view.p, view.q], ["truth P", f"model Q after {view.step} steps"], ax=ax_bars
    )
    ax_bars.set_ylim(0, 1.0)
    return fig


def equivalence_alt(view: EquivalenceView) -> str:
    t = view.step
    return (
        f"Left: the cross-entropy and the KL divergence over {t} gradient-descent steps on "
        f"the {view.example} example; the cross-entropy falls from "
        f"{view.cross_entropy[0]:.3f} to {view.cross_entropy[t]:.3f} nats and stays exactly "
        f"H(P) = {view.entropy_p:.3f} nats above the KL divergence, which falls from "
        f"{view.kl[0]:.3f} to {view.kl[t]:.3f}. Right: bars of P and of the model Q after "
        f"{t} steps."
    )


def equivalence_trainer(
    example: str = "vehicles",
    objective: Objective = "cross_entropy",
    lr: float = 0.5,
    steps: int = 30,
):
    """Choose P (one of the source's examples), the objective and the learning rate,
    then step or run gradient descent on Q's logits; both loss curves and the gap
    H(P, Q) - D_KL(P‖Q) = H(P) update.  Returns a ``VBox``."""
    import ipywidgets as w

    from .examples import EXAMPLES
    from .plotting import figure_html

    style = {"description_width": "initial"}
    preset = w.Dropdown(
        options=[(e.title, k) for k, e in EXAMPLES.items()],
        value=example,
        description="target P",
        style=style,
    )
    goal = w.Dropdown(
        options=[("cross-entropy H(P, Q)", "cross_entropy"), ("KL divergence D_KL(P‖Q)", "kl")],
        value=objective,
        description="objective",
        style=style,
    )
    rate = w.FloatSlider(
        value=lr,
        min=0.05,
        max=2.0,
        step=0.05,
        description="learning rate",
        continuous_update=False,
        readout_format=".2f",
        style=style,
    )
    step = w.IntSlider(
        value=steps,
        min=0,
        max=200,
        step=1,
        description="steps taken",
        continuous_update=False,
        style=style,
    )
    one = w.Button(description="Step +1", tooltip="one more gradient-descent step")
    ten = w.Button(description="Step +10", tooltip="ten more gradient-descent steps")
    reset = w.Button(description="Reset", tooltip="back to the starting model Q")
    label = w.HTML()
    picture = w.HTML()

    def draw(_change=None) -> None:
        view = equivalence_view(preset.value, goal.value, rate.value, step.value)
        label.value = f"<p>{view.text()}</p>"
        picture.value = figure_html(equivalence_figure(view), equivalence_alt(view))

    def bump(k: int):
        def handler(_button) -> None:
            step.value = min(step.max, step.value + k)

        return handler

    one.on_click(bump(1))
    ten.on_click(bump(10))
    reset.on_click(lambda _button: setattr(step, "value", 0))
    for control in (preset, goal, rate, step):
        control.observe(draw, names="value")
    draw()
    return w.VBox([preset, goal, rate, step, w.HBox([one, ten, reset]), label, picture])

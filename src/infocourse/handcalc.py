"""Pencil-and-paper calculations, the way the source article does them.

A student (and the source article) computes H(P), H(P, Q) and D(P || Q) by
looking up each logarithm to 4 decimals, multiplying, rounding the product to 4
decimals, and adding.  The helpers here repeat exactly that in decimal
arithmetic (round half up), so they reproduce the printed figures, and they put
the exact value from :mod:`infocourse` beside the hand result, so the effect of
rounding the intermediate values is visible.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from numpy.typing import ArrayLike

__all__ = [
    "HandCalculation",
    "HandStep",
    "hand_cross_entropy",
    "hand_entropy",
    "hand_kl",
    "round_half_up",
]


def round_half_up(x: float | Decimal, decimals: int = 4) -> Decimal:
    """Round like a person does (halves away from zero), from the decimal digits.

    >>> str(round_half_up(-0.32188))
    '-0.3219'
    >>> str(round_half_up(Decimal("0.04055")))
    '0.0406'
    """
    d = x if isinstance(x, Decimal) else Decimal(repr(float(x)))
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class HandStep:
    """One row of a hand calculation: the outcome and its rounded intermediates.

    ``argument`` is the number whose logarithm is taken (as written by hand),
    ``log`` that logarithm rounded, ``product`` = P(x)·log rounded; ``log`` and
    ``product`` are ``None``/0 for an outcome with P(x) = 0 (0·log 0 = 0).
    """

    label: str
    p: Decimal
    q: Decimal | None
    argument: str
    log: Decimal | None
    product: Decimal


@dataclass(frozen=True)
class HandCalculation:
    """A finished hand calculation with the exact value alongside.

    Attributes
    ----------
    symbol : str
        The quantity, e.g. ``"H(P, Q)"``.
    hand : float
        The pencil-and-paper result (e.g. 0.5262).
    exact : float
        The full-precision value from :mod:`infocourse` (e.g. 0.526135...).
    steps : tuple of HandStep
        The rows of the table (empty for a subtraction, which has ``parts``).
    parts : tuple of HandCalculation
        For ``D = H(P, Q) - H(P)`` by subtraction: the two hand calculations.
    """

    symbol: str
    method: str
    decimals: int
    hand: float
    exact: float
    steps: tuple[HandStep, ...] = ()
    parts: tuple[HandCalculation, ...] = ()
    sign: int = -1

    @property
    def exact_rounded(self) -> float:
        """The exact value rounded once, at the end, to ``decimals``."""
        if not math.isfinite(self.exact):
            return self.exact
        return float(round_half_up(self.exact, self.decimals))

    @property
    def drift(self) -> float:
        """Hand result minus the once-rounded exact value (0.0 when they agree)."""
        if math.isinf(self.hand) and self.hand == self.exact:
            return 0.0
        return round(self.hand - self.exact_rounded, self.decimals) + 0.0

    def _fmt(self, x: float) -> str:
        return "inf" if math.isinf(x) else f"{x:.{self.decimals}f}"

    def summary_lines(self) -> list[str]:
        d = self.decimals
        return [
            f"hand:  {self.symbol} = {self._fmt(self.hand)}",
            f"exact: {self.symbol} = {self.exact:.{d + 2}f} "
            f"(rounded once: {self._fmt(self.exact_rounded)})",
        ]

    def _header(self) -> list[str]:
        if self.symbol.startswith("H(P)"):
            return ["x", "P(x)", "ln P(x)", "P(x)·ln P(x)"]
        if self.symbol.startswith("H(P, Q)"):
            return ["x", "P(x)", "Q(x)", "ln Q(x)", "P(x)·ln Q(x)"]
        return ["x", "P(x)", "Q(x)", "P(x)/Q(x)", "ln(P(x)/Q(x))", "P(x)·ln(P(x)/Q(x))"]

    def _rows(self) -> list[list[str]]:
        rows = []
        for s in self.steps:
            log = "—" if s.log is None else f"{s.log:+.{self.decimals}f}"
            prod = f"{s.product:+.{self.decimals}f}"
            row = [s.label, str(s.p)]
            if s.q is not None:
                row.append(str(s.q))
            if self.symbol.startswith("D"):
                row.append(s.argument)
            row += [log, prod]
            rows.append(row)
        return rows

    def _total_line(self) -> str:
        if self.parts:
            a, b = self.parts
            return (
                f"{self.symbol} = {a.symbol} - {b.symbol} = {a._fmt(a.hand)} - "
                f"{b._fmt(b.hand)} = {self._fmt(self.hand)}"
            )
        terms = " + ".join(f"({s.product:+.{self.decimals}f})" for s in self.steps)
        sign = "-" if self.sign < 0 else ""
        return f"{self.symbol} = {sign}[{terms}] = {self._fmt(self.hand)}"

    def __str__(self) -> str:
        lines = [f"{self.symbol} by hand ({self.method})"]
        if self.parts:
            for part in self.parts:
                lines += ["  " + ln for ln in str(part).splitlines()]
        else:
            header, rows = self._header(), self._rows()
            widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
            for r in [header, *rows]:
                lines.append("  " + "  ".join(c.rjust(w) if i else c.ljust(w)
                                              for i, (c, w) in enumerate(zip(r, widths))))
        lines.append(self._total_line())
        lines += self.summary_lines()
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"HandCalculation({self.symbol}: hand {self._fmt(self.hand)}, "
            f"exact {self.exact:.{self.decimals + 2}f})"
        )

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython text/plain
        printer.text(str(self))

    def _table_html(self) -> str:
        esc = html.escape
        pad = "padding:0.15em 0.8em"
        head = "".join(f"<th scope='col' style='{pad}'>{esc(h)}</th>" for h in self._header())
        body = "".join(
            "<tr>" + "".join(
                f"<td style='{pad};text-align:{'left' if i == 0 else 'right'}'>{esc(c)}</td>"
                for i, c in enumerate(r)
            ) + "</tr>"
            for r in self._rows()
        )
        return (
            f"<table class='infocourse-hand'><caption>{esc(self.symbol)} by hand "
            f"({esc(self.method)})</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = "".join(p._table_html() + f"<p>{esc(p._total_line())}</p>"
                        for p in self.parts) if self.parts else self._table_html()
        summary = "<br>".join(esc(s) for s in [self._total_line(), *self.summary_lines()])
        return f"<div class='infocourse-handcalc'>{parts}<p>{summary}</p></div>"


def _decimals(decimals: int) -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 1 <= decimals <= 12:
        raise ValueError(f"decimals must be an integer from 1 to 12, got {decimals!r}")
    return decimals


def _labels(labels: Sequence[str] | None, n: int) -> list[str]:
    if labels is None:
        return [f"x{i + 1}" for i in range(n)]
    labels = [str(s) for s in labels]
    if len(labels) != n:
        raise ValueError(f"labels must have one name per outcome ({n}), got {len(labels)}")
    return labels


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def _as_list(x: ArrayLike) -> list[float]:
    import numpy as np

    return [float(v) for v in np.asarray(x, dtype=float).reshape(-1)]


def _total(products: list[Decimal], sign: int) -> float:
    return float(sign * sum(products, Decimal(0))) + 0.0


def hand_entropy(
    p: ArrayLike, labels: Sequence[str] | None = None, *, decimals: int = 4
) -> HandCalculation:
    """H(P) = -Σ P(x)·ln P(x), each log and product rounded to ``decimals``.

    >>> print(hand_entropy([0.2, 0.8], ["click", "no click"]).hand)
    0.5004
    """
    from .entropy import entropy

    exact = entropy(p)  # validates p
    d = _decimals(decimals)
    pv = _as_list(p)
    steps = []
    for lab, a in zip(_labels(labels, len(pv)), pv):
        if a == 0.0:
            steps.append(HandStep(lab, _dec(a), None, "0", None, Decimal(0)))
            continue
        lg = round_half_up(math.log(a), d)
        steps.append(HandStep(lab, _dec(a), None, repr(a), lg, round_half_up(_dec(a) * lg, d)))
    hand = _total([s.product for s in steps], -1)
    return HandCalculation("H(P)", f"logs and products rounded to {d} decimals",
                           d, hand, float(exact), tuple(steps))


def hand_cross_entropy(
    p: ArrayLike, q: ArrayLike, labels: Sequence[str] | None = None, *, decimals: int = 4
) -> HandCalculation:
    """H(P, Q) = -Σ P(x)·ln Q(x), each log and product rounded to ``decimals``.

    >>> print(hand_cross_entropy([0.2, 0.8], [0.3, 0.7]).hand)
    0.5262
    """
    from .cross_entropy import cross_entropy

    exact = cross_entropy(p, q)
    d = _decimals(decimals)
    pv, qv = _as_list(p), _as_list(q)
    steps = []
    for lab, a, b in zip(_labels(labels, len(pv)), pv, qv):
        if a == 0.0:
            steps.append(HandStep(lab, _dec(a), _dec(b), repr(b), None, Decimal(0)))
            continue
        if b == 0.0:
            return HandCalculation("H(P, Q)", "Q(x) = 0 where P(x) > 0", d, math.inf,
                                   float(exact), tuple(steps))
        lg = round_half_up(math.log(b), d)
        steps.append(HandStep(lab, _dec(a), _dec(b), repr(b), lg, round_half_up(_dec(a) * lg, d)))
    hand = _total([s.product for s in steps], -1)
    return HandCalculation("H(P, Q)", f"logs and products rounded to {d} decimals",
                           d, hand, float(exact), tuple(steps))


def hand_kl(
    p: ArrayLike,
    q: ArrayLike,
    labels: Sequence[str] | None = None,
    *,
    decimals: int = 4,
    method: Literal["direct", "subtraction"] = "direct",
    round_ratio: bool = False,
) -> HandCalculation:
    """D(P || Q) by hand, either directly or as H(P, Q) - H(P).

    ``method="direct"`` adds the rounded terms P(x)·ln(P(x)/Q(x)); with
    ``round_ratio=True`` the ratio P(x)/Q(x) is itself first written down to
    ``decimals`` places (another common pencil habit, and the one that gives the
    source's 0.0230 for the fruit example).  ``method="subtraction"`` subtracts
    the two rounded hand results, as the source does for 0.0258.

    >>> print(hand_kl([0.2, 0.8], [0.3, 0.7], method="subtraction").hand)
    0.0258
    >>> print(hand_kl([0.2, 0.8], [0.3, 0.7]).hand)
    0.0257
    """
    from .divergence import kl_divergence

    exact = kl_divergence(p, q)
    d = _decimals(decimals)
    if method == "subtraction":
        if round_ratio:
            raise ValueError("round_ratio applies only to method='direct'")
        ce = hand_cross_entropy(p, q, labels, decimals=d)
        h = hand_entropy(p, labels, decimals=d)
        hand = float(round_half_up(ce.hand - h.hand, d)) if math.isfinite(ce.hand) else math.inf
        return HandCalculation("D(P||Q)", "H(P, Q) - H(P), each rounded by hand", d,
                               hand + 0.0, float(exact), parts=(ce, h))
    if method != "direct":
        raise ValueError(f"method must be 'direct' or 'subtraction', got {method!r}")
    pv, qv = _as_list(p), _as_list(q)
    steps = []
    for lab, a, b in zip(_labels(labels, len(pv)), pv, qv):
        if a == 0.0:
            steps.append(HandStep(lab, _dec(a), _dec(b), "—", None, Decimal(0)))
            continue
        if b == 0.0:
            return HandCalculation("D(P||Q)", "Q(x) = 0 where P(x) > 0", d, math.inf,
                                   float(exact), tuple(steps), sign=1)
        if round_ratio:
            ratio = round_half_up(_dec(a) / _dec(b), d)
            arg, lg = f"{ratio}", round_half_up(math.log(float(ratio)), d)
        else:
            ratio_f = a / b
            arg, lg = f"{ratio_f:.{d + 2}f}…", round_half_up(math.log(ratio_f), d)
        steps.append(HandStep(lab, _dec(a), _dec(b), arg, lg, round_half_up(_dec(a) * lg, d)))
    hand = _total([s.product for s in steps], 1)
    how = (f"ratios, logs and products rounded to {d} decimals" if round_ratio
           else f"logs and products rounded to {d} decimals")
    return HandCalculation("D(P||Q)", how, d, hand, float(exact), tuple(steps), sign=1)

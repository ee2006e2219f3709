"""Pencil-and-paper calculations, the way the source article does them.

A student (and the source article) computes H(P), H(P, Q) and D_KL(P‖Q) by
looking up each logarithm to 4 decimals, multiplying, rounding the product to 4
decimals, and adding.  The helpers here repeat exactly that in decimal
arithmetic, and they put the exact value from :mod:`infocourse` beside the hand
result, so the effect of rounding the intermediate values is visible.

How a person rounds is a *habit* (:class:`RoundingHabit`): what happens to an
exact half (``-0.04055``: away from zero, to even, toward zero, upward), whether
the digits are simply cut off, whether a ratio P(x)/Q(x) is written down to 4
decimals before its logarithm is taken, or whether ln(P(x)/Q(x)) is read off as
ln P(x) - ln Q(x) from tables already written.  :data:`HABITS` holds seven such
habits and :func:`habit_table` shows which of them reproduce which figure that
the source prints.  :func:`drift_split` says how much of a hand result's drift
came from rounding the ratios, the logarithms and the products.

Arithmetic is exact where it matters: inputs are taken as the decimals a person
writes (``0.1`` is 1/10, not the nearest binary float), products and sums of
written numbers are exact, and logarithms and non-terminating quotients are
carried to :data:`DIGITS` (40) significant digits before they are rounded, so no
binary rounding error can push a value across a rounding boundary.  All decimal
arithmetic here runs in that 40-digit context, whatever the caller's
``decimal`` context is.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    localcontext,
)
from typing import TYPE_CHECKING, Literal, ParamSpec, TypeVar

from numpy.typing import ArrayLike

from .i18n import N_, ljust, rjust, tr, width

if TYPE_CHECKING:  # pragma: no cover
    from .examples import Example

__all__ = [
    "DEFAULT_HABIT",
    "DIGITS",
    "HABITS",
    "DriftRow",
    "DriftSplit",
    "HabitRow",
    "HabitTable",
    "HandCalculation",
    "HandStep",
    "RoundingHabit",
    "TermError",
    "drift_split",
    "habit_table",
    "hand_cross_entropy",
    "hand_entropy",
    "hand_kl",
    "hand_source_figure",
    "hand_term_errors",
    "round_decimal",
    "round_half_up",
]

RoundingRule = Literal["half-away", "half-even", "half-toward-zero", "half-ceiling", "truncate"]

#: What each rounding rule does with the digits after the last kept decimal.
RULES: Mapping[str, str] = {
    "half-away": "to the nearest, halves away from zero",
    "half-even": "to the nearest, halves to the even digit",
    "half-toward-zero": "to the nearest, halves toward zero",
    "half-ceiling": "to the nearest, halves upward, toward +∞",
    "truncate": "cut off (toward zero)",
}

_MODES = {
    "half-away": ROUND_HALF_UP,  # decimal's HALF_UP rounds halves away from zero
    "half-even": ROUND_HALF_EVEN,
    "half-toward-zero": ROUND_HALF_DOWN,
    "truncate": ROUND_DOWN,
}

#: Significant digits of logarithms and of quotients that do not terminate.
DIGITS = 40
_CTX = Context(prec=DIGITS)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _in_context(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` with the module's 40-digit decimal context, not the caller's."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with localcontext(_CTX):
            return fn(*args, **kwargs)

    return wrapper


@_in_context
def round_decimal(x: Decimal, decimals: int = 4, rule: RoundingRule = "half-away") -> Decimal:
    """Round the decimal number ``x`` to ``decimals`` places by ``rule`` (see ``RULES``).

    >>> [str(round_decimal(Decimal("-0.04055"), 4, r)) for r in ("half-away", "half-even",
    ...  "half-toward-zero", "half-ceiling", "truncate")]
    ['-0.0406', '-0.0406', '-0.0405', '-0.0405', '-0.0405']
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, got {rule!r}")
    quantum = Decimal(1).scaleb(-decimals)
    if rule == "half-ceiling":
        mode = ROUND_HALF_UP if x >= 0 else ROUND_HALF_DOWN
    else:
        mode = _MODES[rule]
    return x.quantize(quantum, rounding=mode)


def round_half_up(x: float | Decimal, decimals: int = 4) -> Decimal:
    """Round like a person does (halves away from zero), from the decimal digits.

    >>> str(round_half_up(-0.32188))
    '-0.3219'
    >>> str(round_half_up(Decimal("0.04055")))
    '0.0406'
    """
    d = x if isinstance(x, Decimal) else Decimal(repr(float(x)))
    return round_decimal(d, decimals, "half-away")


# --------------------------------------------------------------------------- habits


@dataclass(frozen=True)
class RoundingHabit:
    """How a person rounds the intermediate values of a hand calculation.

    Every logarithm and every product is written down to ``decimals`` places by
    ``rule``.  For the direct form of D_KL(P‖Q), ``round_ratios=True`` also writes
    each ratio P(x)/Q(x) down before its logarithm is taken, and
    ``log_ratio="difference"`` reads ln(P(x)/Q(x)) off as the difference of the
    two written logarithms ln P(x) - ln Q(x) instead.

    >>> RoundingHabit("example", rule="half-even").describe(4)
    'logs and products rounded to 4 decimals, halves to the even digit'
    """

    name: str
    rule: RoundingRule = "half-away"
    round_ratios: bool = False
    log_ratio: Literal["ratio", "difference"] = "ratio"

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"rule must be one of {', '.join(RULES)}, got {self.rule!r}")
        if self.log_ratio not in ("ratio", "difference"):
            raise ValueError(f"log_ratio must be 'ratio' or 'difference', got {self.log_ratio!r}")
        if self.round_ratios and self.log_ratio == "difference":
            raise ValueError("round_ratios applies only to log_ratio='ratio'")

    def write(self, x: Decimal, decimals: int) -> Decimal:
        """``x`` as this habit writes it down with ``decimals`` places."""
        return round_decimal(x, decimals, self.rule)

    def describe(self, decimals: int, *, kl: bool = False) -> str:
        """The habit in words, as the heading of a hand-calculation table (in the
        language of :mod:`infocourse.i18n`)."""
        ratios = kl and self.round_ratios
        if self.rule == "truncate":
            text = (
                tr("ratios, logs and products cut after {decimals} decimals")
                if ratios
                else tr("logs and products cut after {decimals} decimals")
            )
        else:
            text = (
                tr("ratios, logs and products rounded to {decimals} decimals")
                if ratios
                else tr("logs and products rounded to {decimals} decimals")
            )
        text = text.format(decimals=decimals)
        if self.rule not in ("half-away", "truncate"):
            halves = {
                "half-even": tr("halves to the even digit"),
                "half-toward-zero": tr("halves toward zero"),
                "half-ceiling": tr("halves upward, toward +∞"),
            }[self.rule]
            text = tr("{rounding}, {halves}").format(rounding=text, halves=halves)
        if kl and self.log_ratio == "difference":
            text = tr("ln(P(x)/Q(x)) as ln P(x) - ln Q(x); {rounding}").format(rounding=text)
        return text


#: The habit a school teaches, and the default: halves away from zero.
DEFAULT_HABIT = RoundingHabit(N_("halves away from 0"))

#: The habits compared by :func:`habit_table` (the letters A to G in its text form).
HABITS: tuple[RoundingHabit, ...] = (
    DEFAULT_HABIT,
    RoundingHabit(N_("halves to even"), rule="half-even"),
    RoundingHabit(N_("halves toward 0"), rule="half-toward-zero"),
    RoundingHabit(N_("halves upward"), rule="half-ceiling"),
    RoundingHabit(N_("ratios rounded"), round_ratios=True),
    RoundingHabit(N_("ln P - ln Q"), log_ratio="difference"),
    RoundingHabit(N_("truncated"), rule="truncate"),
)


# ------------------------------------------------------------------ one calculation


@dataclass(frozen=True)
class HandStep:
    """One row of a hand calculation: the outcome and its rounded intermediates.

    ``argument`` is the number whose logarithm is taken (as written by hand),
    ``log`` that logarithm rounded, ``product`` = P(x)·log rounded; ``log`` and
    ``product`` are ``None``/0 for an outcome with P(x) = 0 (its term is 0).
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
        The quantity, e.g. ``"H(P, Q)"`` or ``"D_KL(P‖Q)"``.
    hand : float
        The pencil-and-paper result (e.g. 0.5262).
    exact : float
        The full-precision value from :mod:`infocourse` (e.g. 0.526135...).
    steps : tuple of HandStep
        The rows of the table (empty for a subtraction, which has ``parts``).
    parts : tuple of HandCalculation
        For ``D_KL = H(P, Q) - H(P)`` by subtraction: the two hand calculations.
    habit : RoundingHabit
        How the intermediate values were rounded.
    """

    symbol: str
    method: str
    decimals: int
    hand: float
    exact: float
    steps: tuple[HandStep, ...] = ()
    parts: tuple[HandCalculation, ...] = ()
    sign: int = -1
    habit: RoundingHabit = DEFAULT_HABIT

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
            tr("hand:  {symbol} = {value}").format(symbol=self.symbol, value=self._fmt(self.hand)),
            tr("exact: {symbol} = {value} (rounded once: {rounded})").format(
                symbol=self.symbol,
                value=f"{self.exact:.{d + 2}f}",
                rounded=self._fmt(self.exact_rounded),
            ),
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
            row = [tr(s.label), str(s.p)]
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

    def _title(self) -> str:
        return tr("{symbol} by hand ({method})").format(symbol=self.symbol, method=self.method)

    def __str__(self) -> str:
        lines = [self._title()]
        if self.parts:
            for part in self.parts:
                lines += ["  " + ln for ln in str(part).splitlines()]
        else:
            header, rows = self._header(), self._rows()
            widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
            for r in [header, *rows]:
                lines.append(
                    "  "
                    + "  ".join(
                        rjust(c, w) if i else ljust(c, w) for i, (c, w) in enumerate(zip(r, widths))
                    )
                )
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
            "<tr>"
            + "".join(
                f"<td style='{pad};text-align:{'left' if i == 0 else 'right'}'>{esc(c)}</td>"
                for i, c in enumerate(r)
            )
            + "</tr>"
            for r in self._rows()
        )
        return (
            f"<table class='infocourse-hand'><caption>{esc(self._title())}</caption>"
            f"<thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = (
            "".join(p._table_html() + f"<p>{esc(p._total_line())}</p>" for p in self.parts)
            if self.parts
            else self._table_html()
        )
        summary = "<br>".join(esc(s) for s in [self._total_line(), *self.summary_lines()])
        return f"<div class='infocourse-handcalc'>{parts}<p>{summary}</p></div>"


def _decimals(decimals: int) -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 1 <= decimals <= 12:
        raise ValueError(f"decimals must be an integer from 1 to 12, got {decimals!r}")
    return decimals


def _habit(habit: RoundingHabit | None) -> RoundingHabit:
    if habit is None:
        return DEFAULT_HABIT
    if not isinstance(habit, RoundingHabit):
        raise ValueError(f"habit must be a RoundingHabit or None, got {habit!r}")
    return habit


def _labels(labels: Sequence[str] | None, n: int) -> list[str]:
    if labels is None:
        return [f"x{i + 1}" for i in range(n)]
    labels = [str(s) for s in labels]
    if len(labels) != n:
        raise ValueError(f"labels must have one name per outcome ({n}), got {len(labels)}")
    return labels


def _dec(x: float) -> Decimal:
    """The decimal a person writes for the float ``x`` (0.1 -> Decimal('0.1'))."""
    return Decimal(repr(float(x)))


def _as_list(x: ArrayLike) -> list[float]:
    import numpy as np

    return [float(v) for v in np.asarray(x, dtype=float).reshape(-1)]


@_in_context
def _show_ratio(r: Decimal, decimals: int) -> str:
    """An exact ratio as written: all its digits if it terminates early, else '0.666667…'."""
    shown = r.quantize(Decimal(1).scaleb(-(decimals + 2)), rounding=ROUND_HALF_EVEN)
    if shown == r:
        return format(r.normalize(), "f")
    return f"{shown}…"


@dataclass(frozen=True)
class _Pieces:
    """Every intermediate value of one term, written and exact (Decimal)."""

    argument: str  # the number whose log is taken, as shown in the table
    log: Decimal  # the logarithm as written
    product: Decimal  # P(x)·log as written
    exact_term: Decimal  # P(x)·ln(argument), full precision
    from_ratio: Decimal  # P(x)·(ln(written ratio) - ln(exact ratio))
    from_log: Decimal  # P(x)·(written log - exact log of what was written)
    from_product: Decimal  # written product - P(x)·(written log)


@_in_context
def _pieces(kind: str, a: Decimal, b: Decimal | None, d: int, habit: RoundingHabit) -> _Pieces:
    """One term P(x)·ln(argument) of a hand calculation, for P(x) = a > 0.

    ``kind`` is ``"entropy"`` (argument a), ``"cross"`` (argument b) or ``"kl"``
    (argument a/b).  The error of the written product splits exactly into
    from_ratio + from_log + from_product.
    """
    zero = Decimal(0)
    if kind == "kl":
        assert b is not None
        ratio = _CTX.divide(a, b)
        exact_log = _CTX.ln(ratio)
        if habit.log_ratio == "difference":
            log = habit.write(_CTX.ln(a), d) - habit.write(_CTX.ln(b), d)
            argument, from_ratio, before_log = _show_ratio(ratio, d), zero, exact_log
        elif habit.round_ratios:
            written = habit.write(ratio, d)
            before_log = _CTX.ln(written)
            log = habit.write(before_log, d)
            argument, from_ratio = str(written), a * (before_log - exact_log)
        else:
            log = habit.write(exact_log, d)
            argument, from_ratio, before_log = _show_ratio(ratio, d), zero, exact_log
    else:
        x = a if kind == "entropy" else b
        assert x is not None
        exact_log = before_log = _CTX.ln(x)
        log = habit.write(exact_log, d)
        argument, from_ratio = repr(float(x)), zero
    product = habit.write(a * log, d)
    return _Pieces(
        argument=argument,
        log=log,
        product=product,
        exact_term=_CTX.multiply(a, exact_log),
        from_ratio=from_ratio,
        from_log=_CTX.multiply(a, log - before_log),
        from_product=product - a * log,
    )


@_in_context
def _total(products: list[Decimal], sign: int) -> float:
    return float(sign * sum(products, Decimal(0))) + 0.0


def hand_entropy(
    p: ArrayLike,
    labels: Sequence[str] | None = None,
    *,
    decimals: int = 4,
    habit: RoundingHabit | None = None,
) -> HandCalculation:
    """H(P) = -Σ P(x)·ln P(x), each log and product rounded to ``decimals``.

    ``habit`` says how (default: :data:`DEFAULT_HABIT`, halves away from zero).

    >>> print(hand_entropy([0.2, 0.8], ["click", "no click"]).hand)
    0.5004
    """
    from ._entropy import entropy

    exact = entropy(p)  # validates p
    d, hb = _decimals(decimals), _habit(habit)
    pv = _as_list(p)
    steps = []
    for lab, a in zip(_labels(labels, len(pv)), pv):
        if a == 0.0:
            steps.append(HandStep(lab, _dec(a), None, "0", None, Decimal(0)))
            continue
        pc = _pieces("entropy", _dec(a), None, d, hb)
        steps.append(HandStep(lab, _dec(a), None, pc.argument, pc.log, pc.product))
    hand = _total([s.product for s in steps], -1)
    return HandCalculation("H(P)", hb.describe(d), d, hand, float(exact), tuple(steps), habit=hb)


def hand_cross_entropy(
    p: ArrayLike,
    q: ArrayLike,
    labels: Sequence[str] | None = None,
    *,
    decimals: int = 4,
    habit: RoundingHabit | None = None,
) -> HandCalculation:
    """H(P, Q) = -Σ P(x)·ln Q(x), each log and product rounded to ``decimals``.

    ``habit`` says how (default: :data:`DEFAULT_HABIT`, halves away from zero).

    >>> print(hand_cross_entropy([0.2, 0.8], [0.3, 0.7]).hand)
    0.5262
    """
    from ._cross_entropy import cross_entropy

    exact = cross_entropy(p, q)
    d, hb = _decimals(decimals), _habit(habit)
    pv, qv = _as_list(p), _as_list(q)
    steps = []
    for lab, a, b in zip(_labels(labels, len(pv)), pv, qv):
        if a == 0.0:
            steps.append(HandStep(lab, _dec(a), _dec(b), repr(b), None, Decimal(0)))
            continue
        if b == 0.0:
            return HandCalculation(
                "H(P, Q)",
                tr("Q(x) = 0 where P(x) > 0"),
                d,
                math.inf,
                float(exact),
                tuple(steps),
                habit=hb,
            )
        pc = _pieces("cross", _dec(a), _dec(b), d, hb)
        steps.append(HandStep(lab, _dec(a), _dec(b), pc.argument, pc.log, pc.product))
    hand = _total([s.product for s in steps], -1)
    return HandCalculation("H(P, Q)", hb.describe(d), d, hand, float(exact), tuple(steps), habit=hb)


def hand_kl(
    p: ArrayLike,
    q: ArrayLike,
    labels: Sequence[str] | None = None,
    *,
    decimals: int = 4,
    method: Literal["direct", "subtraction"] = "direct",
    round_ratio: bool = False,
    habit: RoundingHabit | None = None,
) -> HandCalculation:
    """D_KL(P‖Q) by hand, either directly or as H(P, Q) - H(P).

    ``method="direct"`` adds the rounded terms P(x)·ln(P(x)/Q(x)); with
    ``round_ratio=True`` the ratio P(x)/Q(x) is itself first written down to
    ``decimals`` places (shorthand for a habit with ``round_ratios=True``).
    ``method="subtraction"`` subtracts the two rounded hand results, as the
    source does for 0.0258.  ``habit`` says how values are rounded (default:
    :data:`DEFAULT_HABIT`, halves away from zero).

    >>> print(hand_kl([0.2, 0.8], [0.3, 0.7], method="subtraction").hand)
    0.0258
    >>> print(hand_kl([0.2, 0.8], [0.3, 0.7]).hand)
    0.0257
    """
    from .divergence import kl_divergence

    exact = kl_divergence(p, q)
    d, hb = _decimals(decimals), _habit(habit)
    if method == "subtraction":
        if round_ratio:
            raise ValueError("round_ratio applies only to method='direct'")
        ce = hand_cross_entropy(p, q, labels, decimals=d, habit=hb)
        h = hand_entropy(p, labels, decimals=d, habit=hb)
        hand = ce.hand - h.hand if math.isfinite(ce.hand) else math.inf
        hand = float(round_half_up(hand, d)) if math.isfinite(hand) else hand
        return HandCalculation(
            "D_KL(P‖Q)",
            tr("H(P, Q) - H(P), each rounded by hand"),
            d,
            hand + 0.0,
            float(exact),
            parts=(ce, h),
            habit=hb,
        )
    if method != "direct":
        raise ValueError(f"method must be 'direct' or 'subtraction', got {method!r}")
    if round_ratio:
        hb = replace(hb, round_ratios=True)
    pv, qv = _as_list(p), _as_list(q)
    steps = []
    for lab, a, b in zip(_labels(labels, len(pv)), pv, qv):
        if a == 0.0:
            steps.append(HandStep(lab, _dec(a), _dec(b), "—", None, Decimal(0)))
            continue
        if b == 0.0:
            return HandCalculation(
                "D_KL(P‖Q)",
                tr("Q(x) = 0 where P(x) > 0"),
                d,
                math.inf,
                float(exact),
                tuple(steps),
                sign=1,
                habit=hb,
            )
        pc = _pieces("kl", _dec(a), _dec(b), d, hb)
        steps.append(HandStep(lab, _dec(a), _dec(b), pc.argument, pc.log, pc.product))
    hand = _total([s.product for s in steps], 1)
    return HandCalculation(
        "D_KL(P‖Q)", hb.describe(d, kl=True), d, hand, float(exact), tuple(steps), sign=1, habit=hb
    )


# ------------------------------------------------------------- where the drift comes from


def _kind(calc: HandCalculation) -> str:
    if calc.symbol == "H(P)":
        return "entropy"
    if calc.symbol == "H(P, Q)":
        return "cross"
    return "kl"


def _step_pieces(calc: HandCalculation, s: HandStep) -> _Pieces | None:
    if s.log is None:  # P(x) = 0: the term is exactly 0
        return None
    return _pieces(_kind(calc), s.p, s.q, calc.decimals, calc.habit)


def _check_finite_steps(calc: HandCalculation, what: str) -> None:
    if not math.isfinite(calc.hand):
        raise ValueError(f"calc must be finite: a term with Q(x) = 0 < P(x) has no {what}")


@dataclass(frozen=True)
class TermError:
    """The rounding error of one term of a hand calculation.

    ``hand`` is the product written down by hand, ``exact`` the full-precision
    term (``P(x)·ln P(x)``, ``P(x)·ln Q(x)`` or ``P(x)·ln(P(x)/Q(x))``).  The error
    ``hand - exact`` is split into ``from_ratio`` (the ratio P(x)/Q(x) was written
    down first: ``P(x)·(ln(written ratio) - ln(ratio))``, else 0), ``from_log`` (the
    logarithm was rounded, ``P(x)·(rounded log - its exact value)``) and
    ``from_product`` (the product was rounded again).
    """

    label: str
    hand: float
    exact: float
    from_log: float
    from_product: float
    from_ratio: float = 0.0

    @property
    def error(self) -> float:
        """``hand - exact`` (equal to ``from_ratio + from_log + from_product``)."""
        return self.hand - self.exact


def hand_term_errors(calc: HandCalculation) -> tuple[TermError, ...]:
    """Split the drift of a hand H(P), H(P, Q) or direct D_KL(P‖Q) into each term's error.

    The errors are those of the terms, not of the result: the hand H(P) and H(P, Q)
    are ``-sum(hand terms)``, so they differ from the exact value by
    ``-sum(error)``; a direct D_KL(P‖Q) by ``+sum(error)``.  Small errors of the
    same sign add up, and can move a result across a rounding boundary in the last
    decimal.  :func:`drift_split` gives the same split in the result's own sign.

    >>> from infocourse import hand_cross_entropy
    >>> errs = hand_term_errors(hand_cross_entropy([0.8, 0.2], [0.6, 0.4]))
    >>> [f"{e.error:+.6f}" for e in errs]
    ['+0.000060', '-0.000042']
    """
    if not isinstance(calc, HandCalculation) or calc.parts:
        raise ValueError(
            "calc must be a hand H(P), H(P, Q) or direct D_KL(P‖Q) with steps, got "
            + (
                f"{calc.symbol} ({calc.method})"
                if isinstance(calc, HandCalculation)
                else type(calc).__name__
            )
        )
    _check_finite_steps(calc, "rounding error")
    out = []
    for s in calc.steps:
        pc = _step_pieces(calc, s)
        if pc is None:
            out.append(TermError(s.label, 0.0, 0.0, 0.0, 0.0))
            continue
        out.append(
            TermError(
                s.label,
                float(s.product),
                float(pc.exact_term),
                float(pc.from_log),
                float(pc.from_product),
                float(pc.from_ratio),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class DriftRow:
    """One line of a :class:`DriftSplit`: a term (or a part) and its share of the drift."""

    label: str
    from_ratios: float
    from_logs: float
    from_products: float

    @property
    def total(self) -> float:
        return self.from_ratios + self.from_logs + self.from_products


@dataclass(frozen=True)
class DriftSplit:
    """A hand result's drift, ``hand - exact``, split by what was rounded.

    Every number is a contribution to ``hand - exact`` of the *result* (for H(P)
    and H(P, Q), which are minus a sum of terms, that is minus the terms' errors).
    ``from_ratios``, ``from_logs`` and ``from_products`` add up to ``total`` in
    the 40-digit decimal arithmetic behind them (so to far more digits than a
    float shows), and ``total`` is ``hand - exact`` to the same accuracy.
    """

    symbol: str
    method: str
    hand: float
    exact: float
    rows: tuple[DriftRow, ...]
    from_ratios: float
    from_logs: float
    from_products: float
    total: float
    show_ratios: bool = False

    def __str__(self) -> str:
        cols = ([tr("ratios")] if self.show_ratios else []) + [
            tr("logs"),
            tr("products"),
            tr("total"),
        ]

        def cells(r: DriftRow) -> list[str]:
            vals = ([r.from_ratios] if self.show_ratios else []) + [r.from_logs, r.from_products]
            return [f"{v:+.6f}" for v in vals]

        labels = [tr(r.label) for r in self.rows]
        label_w = max(width(lab) for lab in labels) + 2
        lines = [
            tr("hand - exact of {symbol}, by what was rounded").format(symbol=self.symbol),
            f"  ({self.method})",
            "  " + ljust(tr("from"), label_w) + "".join(rjust(c, 11) for c in cols),
        ]
        for r, lab in zip(self.rows, labels):
            lines.append(
                "  "
                + ljust(lab, label_w)
                + "".join(f"{c:>11}" for c in [*cells(r), f"{r.total:+.6f}"])
            )
        totals = ([self.from_ratios] if self.show_ratios else []) + [
            self.from_logs,
            self.from_products,
            self.total,
        ]
        lines.append("  " + ljust(tr("sum"), label_w) + "".join(f"{v:>+11.6f}" for v in totals))
        lines.append(
            tr("hand {hand} - exact {exact} = {total}").format(
                hand=f"{self.hand:.4f}", exact=f"{self.exact:.6f}", total=f"{self.total:+.6f}"
            )
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"DriftSplit({self.symbol}: total {self.total:+.6f})"

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython text/plain
        printer.text(str(self))


@_in_context
def _split_terms(calc: HandCalculation) -> tuple[list[DriftRow], list[Decimal], Decimal]:
    sign = Decimal(calc.sign)
    rows, sums, exact = [], [Decimal(0)] * 3, Decimal(0)
    for s in calc.steps:
        pc = _step_pieces(calc, s)
        if pc is None:
            rows.append(DriftRow(s.label, 0.0, 0.0, 0.0))
            continue
        parts = [sign * pc.from_ratio, sign * pc.from_log, sign * pc.from_product]
        rows.append(DriftRow(s.label, *(float(v) + 0.0 for v in parts)))
        sums = [a + b for a, b in zip(sums, parts)]
        exact += sign * pc.exact_term
    return rows, sums, exact


@_in_context
def drift_split(calc: HandCalculation) -> DriftSplit:
    """Split ``hand - exact`` of a hand calculation into ratios, logarithms and products.

    For a direct sum (H(P), H(P, Q), direct D_KL(P‖Q)) each outcome is one row; for
    D_KL(P‖Q) by subtraction the rows are the two parts, H(P, Q) and -H(P).

    >>> from infocourse import hand_cross_entropy
    >>> s = drift_split(hand_cross_entropy([0.2, 0.8], [0.3, 0.7]))
    >>> f"{s.from_logs:+.6f} {s.from_products:+.6f} {s.total:+.6f}"
    '+0.000025 +0.000040 +0.000065'
    """
    if not isinstance(calc, HandCalculation):
        raise ValueError(f"calc must be a HandCalculation, got {type(calc).__name__}")
    _check_finite_steps(calc, "finite drift")
    if calc.parts:
        ce, h = calc.parts
        _, ce_sums, ce_exact = _split_terms(ce)
        _, h_sums, h_exact = _split_terms(h)
        h_sums = [-v for v in h_sums]
        rows = [
            DriftRow("H(P, Q)", *(float(v) + 0.0 for v in ce_sums)),
            DriftRow("-H(P)", *(float(v) + 0.0 for v in h_sums)),
        ]
        sums = [a + b for a, b in zip(ce_sums, h_sums)]
        exact = ce_exact - h_exact
    else:
        rows, sums, exact = _split_terms(calc)
    total = sum(sums, Decimal(0))
    from_ratios, from_logs, from_products = (float(v) + 0.0 for v in sums)
    return DriftSplit(
        calc.symbol,
        calc.method,
        calc.hand,
        float(exact),
        tuple(rows),
        from_ratios,
        from_logs,
        from_products,
        float(total) + 0.0,
        show_ratios=calc.habit.round_ratios and not calc.parts,
    )


# ----------------------------------------------------- the source's figures and the habits

#: The quantities the source prints, in the order of :attr:`Example.source`.
QUANTITIES: Mapping[str, str] = {
    "entropy": "H(P)",
    "cross_entropy": "H(P, Q)",
    "kl_subtraction": "D_KL(P‖Q) = H(P, Q) - H(P)",
    "kl_direct": N_("D_KL(P‖Q), direct"),
}

#: The examples' keys, which name the rows of a :class:`HabitTable` (translated there).
EXAMPLE_NAMES = (N_("weather"), N_("spam"), N_("vehicles"), N_("click"), N_("fruit"))


def hand_source_figure(
    example: Example, quantity: str, *, habit: RoundingHabit | None = None
) -> HandCalculation:
    """The hand calculation behind one figure the source prints for ``example``.

    ``quantity`` is a key of :data:`QUANTITIES` (and of ``example.source``).

    >>> from infocourse import get_example
    >>> hand_source_figure(get_example("click"), "kl_subtraction").hand
    0.0258
    """
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity must be one of {', '.join(QUANTITIES)}, got {quantity!r}")
    e, hb = example, _habit(habit)
    if quantity == "entropy":
        return hand_entropy(e.p, e.labels, habit=hb)
    if quantity == "cross_entropy":
        return hand_cross_entropy(e.p, e.q, e.labels, habit=hb)
    method: Literal["direct", "subtraction"] = (
        "subtraction" if quantity == "kl_subtraction" else "direct"
    )
    return hand_kl(e.p, e.q, e.labels, method=method, habit=hb)


@dataclass(frozen=True)
class HabitRow:
    """One printed figure of the source: what it is, its value, and each habit's result."""

    example: str
    quantity: str
    printed: float
    exact: float
    results: tuple[float, ...]

    @property
    def exact_rounded(self) -> float:
        return float(round_half_up(self.exact, 4))

    def matches(self) -> tuple[bool, ...]:
        """For each habit: does its hand result equal the printed figure?"""
        return tuple(f"{r:.4f}" == f"{self.printed:.4f}" for r in self.results)


@dataclass(frozen=True)
class HabitTable:
    """Which rounding habit reproduces which figure the source prints."""

    habits: tuple[RoundingHabit, ...]
    rows: tuple[HabitRow, ...]

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(chr(ord("A") + i) for i in range(len(self.habits)))

    def reproduced(self) -> tuple[int, ...]:
        """For each habit: how many of the printed figures it reproduces."""
        return tuple(sum(col) for col in zip(*(r.matches() for r in self.rows)))

    def explaining(self, row: HabitRow) -> tuple[RoundingHabit, ...]:
        """The habits that reproduce ``row``'s printed figure."""
        return tuple(h for h, ok in zip(self.habits, row.matches()) if ok)

    def _cells(self, row: HabitRow) -> list[str]:
        return ["✓" if ok else f"{r:.4f}" for r, ok in zip(row.results, row.matches())]

    def __str__(self) -> str:
        quantities = [tr(r.quantity) for r in self.rows]
        q_w = max(width(q) for q in quantities)
        words = [tr("example"), tr("quantity"), tr("source"), tr("exact")]
        head = (
            f"{ljust(words[0], 9)} {ljust(words[1], q_w)} {rjust(words[2], 7)} {rjust(words[3], 9)}"
        )
        lines = [head + "".join(f"{c:>8}" for c in self.letters)]
        for r, quantity in zip(self.rows, quantities):
            lines.append(
                f"{ljust(tr(r.example), 9)} {ljust(quantity, q_w)} {r.printed:7.4f} "
                f"{r.exact:9.6f}" + "".join(f"{c:>8}" for c in self._cells(r))
            )
        n = len(self.rows)
        lines.append(
            ljust(tr("reproduced"), width(head))
            + "".join(f"{f'{k}/{n}':>8}" for k in self.reproduced())
        )
        lines.append(
            tr(
                "exact: full precision, to 6 decimals. ✓: the habit gives the printed figure; "
                "otherwise its result is shown."
            )
        )
        lines += [
            f"{c}: {tr(h.name)} ({h.describe(4, kl=True)})"
            for c, h in zip(self.letters, self.habits)
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"HabitTable({len(self.rows)} figures × {len(self.habits)} habits)"

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython text/plain
        printer.text(str(self))

    def _repr_html_(self) -> str:
        esc = html.escape
        pad = "padding:0.15em 0.35em"
        th = f"<th scope='col' style='{pad}'>"
        words = [tr("example"), tr("quantity"), tr("source"), tr("exact")]
        head = "".join(f"{th}{esc(w)}</th>" for w in words) + "".join(
            f"{th}<abbr title='{esc(tr(h.name))}'>{c}</abbr></th>"
            for c, h in zip(self.letters, self.habits)
        )
        body = []
        for r in self.rows:
            cells = "".join(
                f"<td style='{pad};text-align:center'>{esc(c)}</td>" for c in self._cells(r)
            )
            body.append(
                f"<tr><th scope='row' style='{pad};text-align:left'>{esc(tr(r.example))}</th>"
                f"<td style='{pad}'>{esc(tr(r.quantity))}</td>"
                f"<td style='{pad};text-align:right'>{r.printed:.4f}</td>"
                f"<td style='{pad};text-align:right'>{r.exact:.6f}</td>{cells}</tr>"
            )
        n = len(self.rows)
        foot = (
            "<tr><th scope='row' colspan='4' style='text-align:left'>"
            + esc(tr("reproduced"))
            + "</th>"
            + "".join(
                f"<td style='{pad};text-align:center'>{k}/{n}</td>" for k in self.reproduced()
            )
            + "</tr>"
        )
        legend = "<br>".join(
            f"{c}: {esc(tr(h.name))} ({esc(h.describe(4, kl=True))})"
            for c, h in zip(self.letters, self.habits)
        )
        caption = tr(
            "The source's printed figures against {n} rounding habits (✓: the "
            "habit gives the printed figure; otherwise its result is shown)"
        ).format(n=len(self.habits))
        return (
            "<div class='ic-table-box infocourse-habits'>"
            f"<table class='infocourse-hand'><caption>{esc(caption, quote=False)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            f"<tfoot>{foot}</tfoot></table><p>{legend}</p></div>"
        )


def habit_table(
    examples: Sequence[Example] | None = None,
    habits: Sequence[RoundingHabit] = HABITS,
) -> HabitTable:
    """Every figure the source prints, recomputed under each rounding habit.

    >>> t = habit_table()
    >>> len(t.rows), t.reproduced()
    (10, (9, 9, 10, 10, 9, 8, 0))
    """
    from .examples import EXAMPLES

    exs = list(EXAMPLES.values()) if examples is None else list(examples)
    hbs = tuple(_habit(h) for h in habits)
    if not hbs:
        raise ValueError("habits must not be empty")
    rows = []
    for e in exs:
        for quantity, printed in e.source.items():
            calcs = [hand_source_figure(e, quantity, habit=h) for h in hbs]
            rows.append(
                HabitRow(
                    e.key,
                    QUANTITIES[quantity],
                    float(printed),
                    calcs[0].exact,
                    tuple(c.hand for c in calcs),
                )
            )
    return HabitTable(hbs, tuple(rows))

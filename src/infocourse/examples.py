"""The source article's worked examples, defined once for chapters and tests.

Each example holds a true distribution ``p`` and a model ``q`` over named
outcomes, plus the figures the source article prints (computed by hand, with
the logarithms and products rounded to 4 decimals along the way; which rounding
habit reproduces which figure is worked out by :func:`infocourse.habit_table`).
The exact values come from the package's functions, never from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

__all__ = ["EXAMPLES", "Example", "get_example"]


@dataclass(frozen=True)
class Example:
    """A worked example: outcomes, the true distribution P and the model Q.

    ``source`` maps a quantity to the number the source article prints for it:
    ``"entropy"`` (H(P)), ``"cross_entropy"`` (H(P, Q)), ``"kl_subtraction"``
    (D_KL(P‖Q) as H(P, Q) - H(P) from the rounded values) and ``"kl_direct"``
    (D_KL(P‖Q) as the direct sum of P(x)·ln(P(x)/Q(x))).
    """

    key: str
    title: str
    description: str
    labels: tuple[str, ...]
    p: tuple[float, ...]
    q: tuple[float, ...]
    p_name: str = "true distribution P"
    q_name: str = "model Q"
    source: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (len(self.labels) == len(self.p) == len(self.q)):
            raise ValueError(f"example {self.key!r}: labels, p and q differ in length")
        object.__setattr__(self, "source", MappingProxyType(dict(self.source)))

    @property
    def p_array(self) -> np.ndarray:
        return np.array(self.p)

    @property
    def q_array(self) -> np.ndarray:
        return np.array(self.q)


_ALL = (
    Example(
        key="weather",
        title="Tomorrow's weather",
        description="A weather model's forecast against the climate's true frequencies.",
        labels=("sunny", "cloudy", "rain"),
        p=(0.6, 0.3, 0.1),
        q=(0.3, 0.3, 0.4),
        p_name="true frequencies P",
        q_name="forecast Q",
    ),
    Example(
        key="spam",
        title="Spam filter",
        description="The true share of spam and ham against a filter's predicted share.",
        labels=("spam", "ham"),
        p=(0.8, 0.2),
        q=(0.6, 0.4),
        p_name="true share P",
        q_name="filter's prediction Q",
        source={"cross_entropy": 0.5919},
    ),
    Example(
        key="vehicles",
        title="Vehicle classifier",
        description="Four classes of vehicle: true frequencies against a classifier's.",
        labels=("car", "plane", "ship", "train"),
        p=(0.4, 0.2, 0.3, 0.1),
        q=(0.3, 0.3, 0.2, 0.2),
        p_name="true frequencies P",
        q_name="classifier's prediction Q",
        source={"cross_entropy": 1.3661},
    ),
    Example(
        key="click",
        title="Ad click",
        description="Whether a user clicks an advert: true rates against a model's.",
        labels=("click", "no click"),
        p=(0.2, 0.8),
        q=(0.3, 0.7),
        p_name="true rates P",
        q_name="model Q",
        source={
            "entropy": 0.5004,
            "cross_entropy": 0.5262,
            "kl_subtraction": 0.0258,
            "kl_direct": 0.0257,
        },
    ),
    Example(
        key="fruit",
        title="Fruit sales",
        description="A shop's true fruit sales against a forecast.",
        labels=("apple", "banana", "orange", "pear"),
        p=(0.3, 0.2, 0.4, 0.1),
        q=(0.25, 0.25, 0.35, 0.15),
        p_name="true sales P",
        q_name="forecast Q",
        source={
            "entropy": 1.2799,
            "cross_entropy": 1.3028,
            "kl_subtraction": 0.0229,
            "kl_direct": 0.0230,
        },
    ),
)

#: The examples by key: ``weather``, ``spam``, ``vehicles``, ``click``, ``fruit``.
EXAMPLES: Mapping[str, Example] = MappingProxyType({e.key: e for e in _ALL})


def get_example(key: str) -> Example:
    """Return the example called ``key`` (one of ``EXAMPLES``).

    >>> get_example("click").p
    (0.2, 0.8)
    """
    try:
        return EXAMPLES[key]
    except KeyError:
        raise ValueError(f"key must be one of {', '.join(EXAMPLES)}, got {key!r}") from None

"""infocourse: the helper package of the course *Entropy, cross-entropy and KL
divergence: an uncertainty view*.

Everything the chapters compute goes through here, so it is tested once.
Importing the package loads only numpy; plotting (``infocourse.plotting``) and
widgets (``infocourse.widgets``) import matplotlib and ipywidgets on first use.

>>> from infocourse import entropy, cross_entropy, kl_divergence
>>> p, q = [0.2, 0.8], [0.3, 0.7]
>>> f"{entropy(p):.4f} {cross_entropy(p, q):.4f} {kl_divergence(p, q):.4f}"
'0.5004 0.5261 0.0257'
"""

from ._core import SUM_TOLERANCE
from .cross_entropy import cross_entropy
from .distributions import binary, normalize, uniform
from .divergence import js_divergence, kl_divergence, kl_terms
from .entropy import binary_entropy, entropy, surprise
from .examples import EXAMPLES, Example, get_example
from .handcalc import (
    HABITS,
    HandCalculation,
    RoundingHabit,
    drift_split,
    habit_table,
    hand_cross_entropy,
    hand_entropy,
    hand_kl,
    hand_source_figure,
    hand_term_errors,
)

__version__ = "0.1.0"

__all__ = [
    "EXAMPLES",
    "HABITS",
    "SUM_TOLERANCE",
    "Example",
    "HandCalculation",
    "RoundingHabit",
    "binary",
    "cross_entropy",
    "drift_split",
    "entropy",
    "binary_entropy",
    "get_example",
    "habit_table",
    "hand_cross_entropy",
    "hand_entropy",
    "hand_kl",
    "hand_source_figure",
    "hand_term_errors",
    "js_divergence",
    "kl_divergence",
    "kl_terms",
    "normalize",
    "surprise",
    "uniform",
]

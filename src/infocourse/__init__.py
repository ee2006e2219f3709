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

from ._cross_entropy import cross_entropy
from ._entropy import binary_entropy, entropy, surprise
from ._validation import SUM_TOLERANCE
from .coding import (
    expected_code_length,
    huffman_lengths,
    ideal_code_lengths,
    kraft_sum,
    prefix_code,
    shannon_code_lengths,
)
from .distributions import binary, normalize, uniform
from .divergence import js_divergence, kl_divergence, kl_terms
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
from .information import (
    conditional_entropy,
    information_gain,
    joint_distribution,
    joint_entropy,
    marginals,
    mutual_information,
    posterior,
)
from .losses import conditional_cross_entropy, empirical_joint, perplexity

__version__ = "0.1.0"

__all__ = [
    "EXAMPLES",
    "Example",
    "HABITS",
    "HandCalculation",
    "RoundingHabit",
    "SUM_TOLERANCE",
    "binary",
    "binary_entropy",
    "conditional_cross_entropy",
    "conditional_entropy",
    "cross_entropy",
    "drift_split",
    "empirical_joint",
    "entropy",
    "expected_code_length",
    "get_example",
    "habit_table",
    "hand_cross_entropy",
    "hand_entropy",
    "hand_kl",
    "hand_source_figure",
    "hand_term_errors",
    "huffman_lengths",
    "ideal_code_lengths",
    "information_gain",
    "joint_distribution",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "kl_terms",
    "kraft_sum",
    "marginals",
    "mutual_information",
    "normalize",
    "perplexity",
    "posterior",
    "prefix_code",
    "shannon_code_lengths",
    "surprise",
    "uniform",
]

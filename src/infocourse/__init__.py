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

from . import _compat  # noqa: F401  (old module names, for modules not yet moved)
from ._cross_entropy import cross_entropy
from ._entropy import binary_entropy, entropy, surprise
from ._validation import SUM_TOLERANCE
from .distributions import binary, normalize, uniform
from .divergence import kl_divergence, kl_terms
from .examples import EXAMPLES, Example, get_example
from .handcalc import HandCalculation, hand_cross_entropy, hand_entropy, hand_kl

__version__ = "0.1.0"

__all__ = [
    "EXAMPLES",
    "SUM_TOLERANCE",
    "Example",
    "HandCalculation",
    "binary",
    "cross_entropy",
    "entropy",
    "binary_entropy",
    "get_example",
    "hand_cross_entropy",
    "hand_entropy",
    "hand_kl",
    "kl_divergence",
    "kl_terms",
    "normalize",
    "surprise",
    "uniform",
]

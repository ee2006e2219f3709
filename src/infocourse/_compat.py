"""Transitional module names, registered on import (the package imports this first).

``entropy.py`` and ``cross_entropy.py`` were renamed ``_entropy.py`` and
``_cross_entropy.py`` so that the modules stop shadowing their functions:
``infocourse.entropy`` is the function, ``infocourse._entropy`` its module.  Some
modules still write ``from .entropy import entropy``; for them the old names point
at the new modules.  Delete this file (and its import in ``__init__.py``) once
``grep -rn "from \\.entropy\\|from \\.cross_entropy" src`` finds nothing.
"""

import sys

from . import _cross_entropy, _entropy

_package = __name__.rpartition(".")[0]
sys.modules.setdefault(f"{_package}.entropy", _entropy)
sys.modules.setdefault(f"{_package}.cross_entropy", _cross_entropy)

"""pytest plugin for strict nbval: compare the PNG figures too.

nbval skips ``image/png`` outputs unless told to use nbdime.  The book renders the stored
outputs without executing the chapters again, so a figure that a change has made stale
must fail like a stale number does.  The chapters' figures are byte-for-byte reproducible
(matplotlib's Agg backend, pinned versions, seeded data), so exact comparison is right.

Loaded by `make nbval`: ``python -m pytest -p tests.nbval_images --nbval ...``.
"""

from __future__ import annotations

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        notebook = item.parent
        skip = getattr(notebook, "skip_compare", None)
        if isinstance(skip, tuple) and "image/png" in skip:
            notebook.skip_compare = tuple(k for k in skip if k != "image/png")  # type: ignore[union-attr]

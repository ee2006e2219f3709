"""Shared fixtures and strategies for the infocourse tests."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import settings
from hypothesis import strategies as st

import infocourse as ic

# Hypothesis profiles, chosen by HYPOTHESIS_PROFILE (the Makefile exports "dev" unless told
# otherwise; .ci/run sets "ci"): while developing, new random examples every run (failures
# are kept in .hypothesis/ and replayed); in CI, a fixed set of examples, so a run can be
# repeated exactly.  No deadline: the machine is shared and timings are not tested here.
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

FUNCTIONS_PQ = [ic.cross_entropy, ic.kl_divergence]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: long end-to-end runs, skipped unless selected with -m slow"
    )


def pytest_collection_modifyitems(config, items):
    """Skip tests marked slow unless the -m expression names them."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(params=["list", "tuple", "float64", "float32"])
def as_input(request):
    """Convert a list of floats to each accepted input type."""
    kind = request.param
    return {
        "list": list,
        "tuple": tuple,
        "float64": lambda v: np.asarray(v, dtype=np.float64),
        "float32": lambda v: np.asarray(v, dtype=np.float32),
    }[kind]


@st.composite
def distributions(draw, min_size=1, max_size=12, zeros=True, size=None):
    """Probability vectors built from non-negative weights (some exactly zero)."""
    n = size if size is not None else draw(st.integers(min_size, max_size))
    elem = st.one_of(
        st.just(0.0) if zeros else st.floats(1e-3, 1.0),
        st.floats(1e-6, 1.0),
        st.floats(1e-3, 1.0),
    )
    w = np.array(draw(st.lists(elem, min_size=n, max_size=n)))
    if w.sum() == 0:
        w[draw(st.integers(0, n - 1))] = 1.0
    return w / w.sum()


@st.composite
def pairs(draw, zeros=True, positive_q=True):
    """(p, q) of equal length; q strictly positive unless positive_q is False."""
    n = draw(st.integers(1, 12))
    p = draw(distributions(size=n, zeros=zeros))
    q = draw(distributions(size=n, zeros=not positive_q))
    return p, q

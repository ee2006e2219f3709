"""Package-level promises: a light import, a stable public API."""

import subprocess
import sys

import infocourse


def test_import_does_not_load_matplotlib_or_widgets():
    code = (
        "import sys, infocourse; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'scipy', 'IPython') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_api():
    assert "EXAMPLES" in infocourse.__all__
    for name in ("entropy", "cross_entropy", "kl_divergence", "normalize",
                 "hand_entropy", "hand_cross_entropy", "hand_kl"):
        assert name in infocourse.__all__
        assert getattr(infocourse, name).__doc__

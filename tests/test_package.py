"""Package-level promises: a light import, a stable public API, private modules that
do not shadow their functions, declared dependencies that cover every import."""

import ast
import importlib
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import infocourse

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "infocourse"


def test_import_does_not_load_matplotlib_or_widgets():
    code = (
        "import sys, infocourse; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'scipy', 'IPython', 'mpmath') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_api():
    assert "EXAMPLES" in infocourse.__all__
    for name in (
        "entropy",
        "cross_entropy",
        "kl_divergence",
        "kl_terms",
        "normalize",
        "binary_entropy",
        "surprise",
        "hand_entropy",
        "hand_cross_entropy",
        "hand_kl",
    ):
        assert name in infocourse.__all__
        assert getattr(infocourse, name).__doc__


def test_functions_are_not_shadowed_by_their_modules():
    # scipy's way: the function is public, its module private (scipy.stats._entropy)
    for name in ("entropy", "cross_entropy"):
        fn = getattr(infocourse, name)
        assert isinstance(fn, types.FunctionType)
        module = importlib.import_module(f"infocourse._{name}")
        assert isinstance(module, types.ModuleType)
        assert module.__name__ == f"infocourse._{name}"
        assert getattr(module, name) is fn
        assert fn.__module__ == f"infocourse._{name}"
        assert module.__doc__
    import infocourse._entropy as m  # the module object, for patching and autodoc

    assert m.entropy is infocourse.entropy
    for name in ("divergence", "distributions"):  # no function of these names
        assert isinstance(importlib.import_module(f"infocourse.{name}"), types.ModuleType)


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level names of the non-stdlib modules each src module imports."""
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for n in names:
                top = n.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("infocourse", "__future__"):
                    found.setdefault(top, set()).add(path.name)
    return found


def _requirement_names(reqs: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("-", "_") for r in reqs}


DISTRIBUTION = {"IPython": "ipython"}  # import name -> distribution name, where they differ


def test_declared_dependencies_cover_every_import():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = _requirement_names(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared |= _requirement_names(extra)
    imports = _third_party_imports()
    assert "numpy" in imports
    missing = {
        m: sorted(files)
        for m, files in imports.items()
        if DISTRIBUTION.get(m, m).lower() not in declared
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_core_dependencies_cover_the_core_modules():
    # matplotlib and ipywidgets are extras: only plotting.py and widgets.py need them, and
    # i18n.py, which sets CJK fonts only once matplotlib is already loaded
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = _requirement_names(project["dependencies"])
    for module, files in _third_party_imports().items():
        if DISTRIBUTION.get(module, module).lower() not in core:
            assert set(files) <= {"plotting.py", "widgets.py", "i18n.py"}, (module, files)

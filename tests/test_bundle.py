"""The chapters run outside the repository, from what the built site offers.

The test follows the front page's links to the notebooks bundle and the infocourse wheel
in _build/html (run `make book` first), unzips the bundle in a temporary folder outside
the repository, creates a fresh venv there, installs the bundle's requirements.txt with
pip from the package index only (no pip configuration, no find-links, no repository on
the path), and executes every chapter headless in that venv.  Slow (a few minutes):
`.ci/run` runs it (`make ci-extra`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

pytestmark = pytest.mark.slow


def _linked(page: Path, suffix: str) -> Path:
    """The file of the site that ``page`` links to and whose name ends with suffix."""
    html = page.read_text(encoding="utf-8")
    hrefs = sorted(set(re.findall(rf'href="([^"#?]*{re.escape(suffix)})"', html)))
    assert len(hrefs) == 1, f"{page.name}: expected one link to *{suffix}, found {hrefs}"
    target = (page.parent / hrefs[0]).resolve()
    assert target.is_file() and SITE.resolve() in target.parents, hrefs[0]
    return target


@pytest.fixture(scope="module")
def downloads() -> tuple[Path, Path]:
    if not (SITE / "intro.html").is_file():
        pytest.fail("no built site in _build/html: run `make book` first")
    intro = SITE / "intro.html"
    bundle = _linked(intro, "infocourse-notebooks.zip")
    wheel = _linked(intro, "-py3-none-any.whl")
    for chapter in CHAPTERS:  # every chapter page links the same bundle
        page = SITE / "chapters" / f"{chapter.stem}.html"
        assert _linked(page, "infocourse-notebooks.zip") == bundle, page.name
    return bundle, wheel


def test_bundle_contents(downloads):
    bundle, wheel = downloads
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        folder = "infocourse-notebooks/"
        assert all(n.startswith(folder) for n in names)
        for chapter in CHAPTERS:  # every chapter, as committed (with its outputs)
            assert zf.read(folder + chapter.name) == chapter.read_bytes(), chapter.name
        assert zf.read(folder + wheel.name) == wheel.read_bytes()  # the wheel the site serves
        readme = zf.read(folder + "README.md").decode()
        assert "pip install -r requirements.txt" in readme
        reqs = zf.read(folder + "requirements.txt").decode()
    runtime = (ROOT / "requirements" / "runtime.txt").read_text(encoding="utf-8")
    assert runtime.strip() in reqs
    assert f"./{wheel.name} \\\n    --hash=sha256:" in reqs
    pinned = set(re.findall(r"^([a-z0-9][a-z0-9._-]*)==", reqs, flags=re.M))
    # what a reader needs, and none of the tools that build or test the course
    assert {"numpy", "scipy", "matplotlib", "ipywidgets", "mpmath", "ipykernel"} <= pinned
    assert not pinned & {"playwright", "ruff", "pytest", "jupyter-book", "sphinx", "nbval"}


def _clean_env(home: Path, venv: Path) -> dict[str, str]:
    """The environment of a reader: the venv first on PATH, no pip configuration or
    local wheel folders, no Python path into the repository, a Jupyter of its own."""
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE", "PIP_CERT", "REQUESTS_CA_BUNDLE")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"
    env.update(
        HOME=str(home),
        PIP_CONFIG_FILE=os.devnull,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_DEFAULT_TIMEOUT="180",
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        IPYTHONDIR=str(home / "ipython"),
        MPLBACKEND="agg",
    )
    return env


def test_chapters_run_from_the_bundle(downloads, tmp_path):
    bundle, _ = downloads
    assert ROOT not in tmp_path.parents
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(tmp_path)
    folder = tmp_path / "infocourse-notebooks"
    home = tmp_path / "home"
    home.mkdir()
    venv = tmp_path / "venv"
    python = shutil.which("python3.11") or sys.executable
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    env = _clean_env(home, venv)

    def run(*args: str, timeout: int = 1800) -> str:
        done = subprocess.run(
            args, cwd=folder, env=env, capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        return done.stdout

    run(str(venv / "bin" / "pip"), "install", "--quiet", "-r", "requirements.txt")
    # infocourse comes from the wheel, into the venv, not from the repository
    where = run(str(venv / "bin" / "python"), "-c", "import infocourse; print(infocourse.__file__)")
    assert Path(where.strip()).is_relative_to(venv), where
    specs = json.loads(run(str(venv / "bin" / "jupyter"), "kernelspec", "list", "--json"))
    argv0 = specs["kernelspecs"]["python3"]["spec"]["argv"][0]
    assert argv0 == "python" or Path(argv0).is_relative_to(venv), argv0
    notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
    assert notebooks == [c.name for c in CHAPTERS]
    out = tmp_path / "executed"
    run(
        str(venv / "bin" / "jupyter"),
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.timeout=600",
        "--output-dir",
        str(out),
        *notebooks,
    )
    for name in notebooks:  # every cell ran, none raised
        nb = json.loads((out / name).read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert code and all(c.get("execution_count") for c in code), name
        errors = [o for c in code for o in c.get("outputs", []) if o["output_type"] == "error"]
        assert not errors, f"{name}: {errors[0]['ename']}: {errors[0]['evalue']}"

"""The chapters outside the repository: a wheel of infocourse and a notebooks bundle.

When a builder starts, this extension writes into ``_build/downloads/``

* ``infocourse-<version>-py3-none-any.whl``, the package, and
* ``infocourse-notebooks.zip``: every chapter notebook (with its stored outputs), the
  wheel, a ``requirements.txt`` (the readers' lock ``requirements/runtime.txt``, exact
  versions with hashes, plus the wheel with its hash) and a short ``README.md``.

The front page and the first cell of each chapter link to them with ordinary Markdown
links, so Sphinx serves both from ``_downloads/`` (and a PDF keeps the link text).  Both
files are reproducible (fixed timestamps) and rewritten only when their bytes change, so
an unchanged build does not re-read the pages that link them.

``python _ext/course_bundle.py OUTDIR`` writes the same two files into OUTDIR (``make wheel``).
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = "infocourse-notebooks.zip"
FOLDER = "infocourse-notebooks"  # the one top-level folder inside the zip
EPOCH = "315532800"  # 1980-01-01, the earliest time a zip can store: reproducible files
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

README = """\
# {title}: the notebooks

Every chapter of the course as a Jupyter notebook, with its outputs, to run on your own
computer.  They import the course's small helper package `infocourse`, whose wheel is in
this folder.

With Python 3.11 or later, in this folder:

```bash
python -m venv .venv && . .venv/bin/activate   # Windows: .venv\\Scripts\\activate
pip install -r requirements.txt                # exact versions, checked by hash
jupyter lab
```

`requirements.txt` lists what the chapters need (numpy, scipy, matplotlib, ipywidgets,
mpmath, a kernel and JupyterLab) at the versions the course was built with, and the wheel.
The chapters are: {chapters}.
"""


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def wheel_name(root: Path = ROOT) -> str:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return f"{project['name']}-{project['version']}-py3-none-any.whl"


def build_wheel(root: Path = ROOT) -> bytes:
    """The wheel of src/infocourse, built by setuptools from a copy of the sources (so
    the work tree gets no build/ folder), with fixed timestamps."""
    with tempfile.TemporaryDirectory(prefix="infocourse-wheel-") as tmp:
        src = Path(tmp) / "src"
        shutil.copy2(root / "pyproject.toml", src.parent / "pyproject.toml")
        shutil.copy2(root / "README.md", src.parent / "README.md")
        shutil.copytree(
            root / "src",
            src,
            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
        )
        out = Path(tmp) / "dist"
        code = "import sys, setuptools.build_meta as b; print(b.build_wheel(sys.argv[1]))"
        env = {"SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            [sys.executable, "-c", code, str(out)],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"building the infocourse wheel failed:\n{done.stderr}")
        name = done.stdout.strip().splitlines()[-1]
        if name != wheel_name(root):
            raise RuntimeError(f"the wheel is {name}, expected {wheel_name(root)}")
        return (out / name).read_bytes()


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted((root / "chapters").glob("*.ipynb"))


def requirements(wheel: str, wheel_bytes: bytes, root: Path = ROOT) -> str:
    lock = (root / "requirements" / "runtime.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256(wheel_bytes).hexdigest()
    return (
        "# What the chapters need, at the versions the course was built with (hashes checked).\n"
        "# Generated from requirements/runtime.txt of the course repository (`make lock`).\n"
        f"{lock.rstrip()}\n"
        "# the course's helper package (the wheel in this folder)\n"
        f"./{wheel} \\\n    --hash=sha256:{digest}\n"
    )


def build_bundle(wheel: str, wheel_bytes: bytes, root: Path = ROOT) -> bytes:
    config = (root / "_config.yml").read_text(encoding="utf-8")
    title = next(
        (
            line.split(":", 1)[1].strip().strip("\"'")
            for line in config.splitlines()
            if line.startswith("title:")
        ),
        "infocourse",
    )
    files: dict[str, bytes] = {nb.name: nb.read_bytes() for nb in notebooks(root)}
    files[wheel] = wheel_bytes
    files["requirements.txt"] = requirements(wheel, wheel_bytes, root).encode()
    names = ", ".join(nb.name for nb in notebooks(root))
    files["README.md"] = README.format(title=title, chapters=names).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{FOLDER}/{name}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return buffer.getvalue()


def write_downloads(outdir: Path, root: Path = ROOT) -> tuple[Path, Path]:
    """Write the wheel and the bundle into outdir; return their paths."""
    wheel = wheel_name(root)
    wheel_bytes = build_wheel(root)
    _write_if_changed(outdir / wheel, wheel_bytes)
    _write_if_changed(outdir / BUNDLE, build_bundle(wheel, wheel_bytes, root))
    return outdir / wheel, outdir / BUNDLE


def _builder_inited(app: Any) -> None:
    # every builder: the links must resolve in the LaTeX and gettext builds too
    write_downloads(Path(app.srcdir) / "_build" / "downloads")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    for path in write_downloads(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build"):
        print(path)

"""Checks of the printed book (``make pdf-check``, after ``make pdf``).

For each PDF of ``_build/pdf`` (``entropy-course-en.pdf``, ``entropy-course-zh.pdf``):

* ``pdftotext`` finds every chapter title (English: the first heading of each file of
  ``_toc.yml``; Chinese: its translation in ``locale/zh_CN/LC_MESSAGES``) and the numbers
  the source quotes (``NUMBERS``);
* ``pdffonts`` shows every font embedded;
* the LaTeX log has no overfull ``\\hbox`` wider than ``MAX_OVERFULL_PT``;
* ``pdftoppm`` writes an image of the first page of chapter 1 to ``_build/pdf/preview/``.

It prints what it measured and exits non-zero naming every check that failed::

    python tools/pdf_check.py            # both languages
    python tools/pdf_check.py en         # one
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF_DIR = ROOT / "_build" / "pdf"
#: the numbers of the source article the book computes (issue 16)
NUMBERS = (
    "0.5004",
    "0.5262",
    "0.0258",
    "0.0257",
    "1.2799",
    "1.3028",
    "0.0229",
    "0.0230",
    "0.5919",
    "1.3661",
)
MAX_OVERFULL_PT = 5.0
LANGS = {"en": "entropy-course-en", "zh": "entropy-course-zh"}

_NUMBER_PREFIX = re.compile(r"^\d+\.\s+")
_OVERFULL = re.compile(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\) (.*)")


# ------------------------------------------------------------------------------ sources


def toc_files(root: Path = ROOT) -> list[str]:
    """The chapter files of ``_toc.yml`` in order (without the root page)."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]


def first_heading(text: str) -> str:
    """The first level-1 Markdown heading of ``text``.

    >>> first_heading("(ch-x)=\\n# 1. Entropy\\n\\ntext\\n## Sub")
    '1. Entropy'
    """
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError("no level-1 heading (a line starting with '# ') found")


def source_title(root: Path, file: str) -> str:
    path = root / (file + ".md")
    if path.exists():
        return first_heading(path.read_text(encoding="utf-8"))
    nb = json.loads((root / (file + ".ipynb")).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            try:
                return first_heading("".join(cell["source"]))
            except ValueError:
                continue
    raise ValueError(f"{file}: no level-1 heading in any markdown cell")


def translated(root: Path, file: str, msgid: str) -> str:
    """The Chinese translation of ``msgid`` in ``file``'s catalogue."""
    from babel.messages.pofile import read_po

    path = root / "locale" / "zh_CN" / "LC_MESSAGES" / (file + ".po")
    with path.open("rb") as f:
        catalog = read_po(f)
    message = catalog.get(msgid)
    if message is None or not message.string:
        raise ValueError(f"{path.relative_to(root)}: no translation of {msgid!r}")
    return str(message.string)


_UNDEFINED = re.compile(r"LaTeX Warning: (?:Reference|Citation) `([^']*)' on page \d+ undefined")


def undefined_references(log: str) -> list[str]:
    """The labels a LaTeX log reports undefined (a cross-reference printed as ??)."""
    return sorted(set(_UNDEFINED.findall(log)))


def chapter_titles(lang: str, root: Path = ROOT) -> list[str]:
    """Every chapter's title as the PDF prints it (LaTeX numbers chapters itself, so
    a leading "1. " is dropped)."""
    out = []
    for file in toc_files(root):
        title = source_title(root, file)
        if lang == "zh":
            title = translated(root, file, title)
        title = re.sub(r"\\(.)", r"\1", title)  # Markdown escapes: "1\. " is "1. "
        out.append(_NUMBER_PREFIX.sub("", title, count=1))
    return out


# ------------------------------------------------------------------------------ parsing


def squash(text: str) -> str:
    """Text for searching: no whitespace (pdftotext breaks lines, and spaces between
    Chinese characters vary), typographic apostrophes as plain ones, no soft hyphens.

    >>> squash("Teacher’s\\n guide")
    "Teacher'sguide"
    """
    text = text.replace("\u2019", "'").replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


def missing(needles: list[str] | tuple[str, ...], text: str) -> list[str]:
    """The needles that ``text`` does not contain (compared squashed)."""
    hay = squash(text)
    return [n for n in needles if squash(n) not in hay]


@dataclass
class Font:
    name: str
    type: str
    embedded: bool


def parse_pdffonts(output: str) -> list[Font]:
    """The fonts of ``pdffonts`` output.  A long name shifts the columns, so each row
    is read from its end: ``... emb sub uni <object> <generation>``."""
    lines = output.splitlines()
    if len(lines) < 2 or not lines[0].startswith("name") or not lines[1].startswith("---"):
        raise ValueError("pdffonts output has no header ('name type encoding emb ...')")
    fonts = []
    for line in lines[2:]:
        words = line.split()
        if not words:
            continue
        if len(words) < 7 or words[-5] not in ("yes", "no"):
            raise ValueError(f"cannot read the emb column of {line!r}")
        # name, type (one or more words), encoding, emb, sub, uni, object, generation
        fonts.append(Font(words[0], " ".join(words[1:-6]), words[-5] == "yes"))
    return fonts


def overfull_boxes(log: str) -> list[tuple[float, str]]:
    """``(points, where)`` of every overfull ``\\hbox`` in a LaTeX log."""
    return [(float(m.group(1)), m.group(2).strip()) for m in _OVERFULL.finditer(log)]


def destination_page(dests: str, name: str) -> int:
    """The page of the named destination ``name`` in ``pdfinfo -dests`` output
    (hyperref names the start of chapter 1 ``chapter.1``).

    >>> destination_page('  11 [ XYZ   62  774 null      ] "chapter.1"', "chapter.1")
    11
    """
    for line in dests.splitlines():
        words = line.split()
        if words and words[-1] == f'"{name}"' and words[0].isdigit():
            return int(words[0])
    raise ValueError(f"the PDF has no destination {name!r}")


# ------------------------------------------------------------------------------ checks


@dataclass
class Report:
    lang: str
    pages: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def check(lang: str, pdf_dir: Path = PDF_DIR, root: Path = ROOT) -> Report:
    name = LANGS[lang]
    report = Report(lang)
    pdf = pdf_dir / f"{name}.pdf"
    if not pdf.exists():
        report.failures.append(f"{pdf.relative_to(root)} is missing (run make pdf)")
        return report
    text = _run("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    report.pages = len(pages)
    titles = chapter_titles(lang, root)
    lost = missing(titles, text)
    if lost:
        report.failures.append(f"chapter titles not found: {lost}")
    lost = missing(NUMBERS, text)
    if lost:
        report.failures.append(f"numbers not found: {lost}")
    fonts = parse_pdffonts(_run("pdffonts", str(pdf)))
    bare = sorted({f.name for f in fonts if not f.embedded})
    if bare:
        report.failures.append(f"fonts not embedded: {bare}")
    report.notes.append(f"{len(fonts)} fonts, all embedded" if not bare else "")
    log = pdf_dir / lang / "latex" / f"{name}.log"
    boxes = overfull_boxes(log.read_text(encoding="utf-8", errors="replace"))
    wide = [b for b in boxes if b[0] > MAX_OVERFULL_PT]
    if wide:
        worst = ", ".join(f"{pt:.1f} pt {where}" for pt, where in sorted(wide, reverse=True)[:5])
        report.failures.append(
            f"{len(wide)} overfull boxes wider than {MAX_OVERFULL_PT} pt in {log.name}: {worst}"
        )
    undefined = undefined_references(log.read_text(encoding="utf-8", errors="replace"))
    if undefined:
        report.failures.append(f"undefined cross-references: {undefined[:10]}")
    widest = max((b[0] for b in boxes), default=0.0)
    report.notes.append(f"{len(boxes)} overfull boxes, the widest {widest:.1f} pt")
    try:
        page = destination_page(_run("pdfinfo", "-dests", str(pdf)), "chapter.1")
    except ValueError as err:
        report.failures.append(f"no page image: {err}")
        return report
    preview = pdf_dir / "preview"
    preview.mkdir(parents=True, exist_ok=True)
    stem = preview / f"{name}-chapter1"
    pages_opt = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", *pages_opt, "-r", "60", "-png", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    report.notes.append(f"page {page} (chapter 1) -> {stem.relative_to(root)}.png")
    return report


def main(argv: list[str]) -> int:
    langs = argv or list(LANGS)
    for lang in langs:
        if lang not in LANGS:
            raise SystemExit(f"unknown language {lang!r}: choose from {sorted(LANGS)}")
    failed = False
    for lang in langs:
        r = check(lang)
        print(f"{LANGS[lang]}.pdf: {r.pages} pages; " + "; ".join(n for n in r.notes if n))
        for f in r.failures:
            print(f"  FAILED: {f}", file=sys.stderr)
        failed = failed or bool(r.failures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

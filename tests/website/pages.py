"""What the website is made of: its pages, their links and their weight.

Pure functions on the files in _build/html (no browser), used by the tests and by
``python -m tests.website.pages`` to write the page-weight report.
"""

from __future__ import annotations

import gzip
import os
import sys
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

SKIP_DIRS = {"_static", "_sources", "_images", "jupyter_execute", "_sphinx_design_static"}
#: The translated editions: language -> folder of the site root (``make zh``).
EDITIONS = {"zh": "zh"}
#: The edition the website tests look at: IC_SITE_LANG=zh for the Chinese one (.ci/run).
EDITION = os.environ.get("IC_SITE_LANG", "en")
#: The path of the edition's pages from the site root ("" or "zh/").
PREFIX = EDITIONS[EDITION] + "/" if EDITION in EDITIONS else ""


def site_pages(site: Path, edition: str | None = None) -> list[str]:
    """Every HTML page of one edition of the site (default: ``EDITION``), as paths
    relative to the site root: the Chinese pages are ``zh/...``."""
    edition = EDITION if edition is None else edition
    pages = []
    for f in sorted(site.rglob("*.html")):
        rel = f.relative_to(site)
        parts = rel.parts
        if parts[0] in EDITIONS.values():
            if EDITIONS.get(edition) != parts[0]:
                continue
            parts = parts[1:]
        elif edition in EDITIONS:
            continue
        if parts[0] in SKIP_DIRS:
            continue
        pages.append(rel.as_posix())
    return pages


def chapter_pages(site: Path) -> list[str]:
    return [p for p in site_pages(site) if p.removeprefix(PREFIX).startswith("chapters/")]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.other_language: set[str] = set()
        self.pdf_edition: set[str] = set()
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])  # type: ignore[arg-type]
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])  # type: ignore[arg-type]
            if a.get("hreflang"):  # the language switcher
                self.other_language.add(a["href"])  # type: ignore[arg-type]
            if "ic-pdf-edition" in (a.get("class") or "").split():  # the PDF (make pdf)
                self.pdf_edition.add(a["href"])  # type: ignore[arg-type]
        if tag == "script" and a.get("src"):
            self.assets.append(a["src"])  # type: ignore[arg-type]
        if tag == "link" and a.get("rel") in ("stylesheet", "preload", "icon") and a.get("href"):
            self.assets.append(a["href"])  # type: ignore[arg-type]
        if tag == "img" and a.get("src") and a.get("loading") != "lazy":
            self.assets.append(a["src"])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Parsed:
    ids: frozenset[str]
    links: tuple[str, ...]
    assets: tuple[str, ...]
    other_language: frozenset[str] = frozenset()
    pdf_edition: frozenset[str] = frozenset()


def parse(path: Path) -> Parsed:
    """The ids, links and assets of an HTML file, parsed once per version of the file (a
    chapter page is megabytes of KaTeX markup, and every page links to most others)."""
    st = path.stat()
    return _parse(path.resolve(), st.st_mtime_ns, st.st_size)


@cache
def _parse(path: Path, mtime_ns: int, size: int) -> Parsed:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return Parsed(
        frozenset(c.ids),
        tuple(c.links),
        tuple(c.assets),
        frozenset(c.other_language),
        frozenset(c.pdf_edition),
    )


def local_target(site: Path, page: str, href: str) -> tuple[Path, str] | None:
    """Resolve a link of ``page`` to (file, fragment), or None if it leaves the site."""
    if urlparse(href).scheme in {"http", "https", "mailto", "javascript", "data"}:
        return None
    url, frag = urldefrag(urljoin("http://site/" + page, href))
    path = unquote(urlparse(url).path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path, frag


def broken_links(site: Path, page: str) -> list[str]:
    """Internal links of ``page`` whose file or anchor does not exist.  The language
    switcher's link to the other edition counts once that edition is built, the front
    page's link to the PDF once that PDF is built (``make pdf`` writes it to
    ``_build/pdf/`` and copies it into the site)."""
    problems = []
    parsed = parse(site / page)
    for href in parsed.links:
        target = local_target(site, page, href)
        if target is None:
            continue
        f, frag = target
        if href in parsed.other_language and not f.is_file():
            edition_root = f.relative_to(site).parts[0]
            if edition_root in EDITIONS.values() and not (site / edition_root).is_dir():
                continue  # the other edition is not built (make zh)
        if href in parsed.pdf_edition and not f.is_file():
            if not (site.parent / "pdf" / f.name).is_file():
                continue  # the PDF is not built (make pdf)
        if not f.is_file():
            problems.append(f"{href}: no such file {f.relative_to(site)}")
            continue
        if frag and f.suffix == ".html":
            ids = parse(f).ids
            if frag not in ids:
                problems.append(f"{href}: no anchor #{frag} in {f.relative_to(site)}")
    return problems


def _asset_file(site: Path, page: str, src: str) -> Path | None:
    target = local_target(site, page, src.split("?")[0])
    return None if target is None else target[0]


def page_weight(site: Path, page: str, *, exclude: tuple[str, ...] = ()):
    """(raw bytes, gzip bytes) of what the page loads before any scrolling: the HTML, its
    scripts, stylesheets, preloaded fonts, icon and the images not loaded lazily.

    Files whose site path starts with one of ``exclude`` are left out.  (Fonts reached
    only from a stylesheet are not counted; the pages preload the ones they use.)
    """
    files = {site / page}
    for src in parse(site / page).assets:
        f = _asset_file(site, page, src)
        if f is None or not f.is_file():
            continue
        rel = f.relative_to(site).as_posix()
        if rel.startswith(exclude):
            continue
        files.add(f)
    raw = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, zipped


def weight_report(site: Path) -> str:
    rows = ["| page | raw (KB) | gzip (KB) |", "|---|---:|---:|"]
    for page in site_pages(site):
        raw, zipped = page_weight(site, page)
        rows.append(f"| {page} | {raw / 1024:.0f} | {zipped / 1024:.0f} |")
    return (
        "Page weight: what each page loads before any scrolling (HTML, scripts, stylesheets, "
        "preloaded fonts, images not loaded lazily), raw and gzip-compressed.\n\n"
        + "\n".join(rows)
        + "\n"
    )


if __name__ == "__main__":  # python -m tests.website.pages [_build/html]
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    report = weight_report(site)
    (site.parent / "page-weight.md").write_text(report, encoding="utf-8")
    print(report)

"""Clean-ups of the written HTML pages (run on every page after each build).

Every function is idempotent: a page left untouched by an incremental build is
processed again without change.

* ``dedupe_scripts``: Jupyter Book 1 registers some snippets twice (sphinx-thebe's
  configuration, sphinx-togglebutton's selector); the doubled ``const THEBE_JS_URL``
  is a console error ("Identifier 'THEBE_JS_URL' has already been declared").
* ``inline_icons``: the theme draws its icons with Font Awesome's JavaScript
  (``fontawesome.js``, 1.45 MB, every icon there is).  The 15 or so icons the pages
  use are written into the page as inline SVG instead (from the pinned
  ``@fortawesome/fontawesome-free`` package, the theme's version), and the script goes.
* ``trim_scripts``: drops what the site does not use (sphinx-thebe with thebe off; the
  search index and search tools on pages other than search.html, where
  ``search_as_you_type`` is off: 27 KB and three requests per page), inlines the
  320-byte ``documentation_options.js`` (inline scripts after it use it) and defers
  every remaining script, so no script blocks the first paint.
* ``lazy_images``: figures below the fold load when scrolled to (``loading="lazy"``),
  with their pixel size written in, so nothing shifts when they arrive.
* The bibliography's ``role="list"`` goes: its children are ``doc-biblioentry`` items,
  not list items, which axe-core reports as a critical ARIA error.
"""

from __future__ import annotations

import html
import re
import struct
from pathlib import Path

_SCRIPT_LINE = re.compile(r"^\s*<script\b[^>]*>.*?</script>\s*$", re.MULTILINE)


def dedupe_scripts(text: str) -> str:
    """Drop every ``<script>`` line of the ``<head>`` identical to an earlier one."""
    head_end = text.find("</head>")
    if head_end < 0:
        return text
    head, rest = text[:head_end], text[head_end:]
    seen: set[str] = set()

    def keep_first(m: re.Match[str]) -> str:
        key = m.group(0).strip()
        if key in seen:
            return ""
        seen.add(key)
        return m.group(0)

    return _SCRIPT_LINE.sub(keep_first, head) + rest


# ----------------------------------------------------------------------------- icons

_ICON = re.compile(r'<(i|span)\b([^>]*?\bclass="([^"]*\bfa-[a-z0-9-]+[^"]*)"[^>]*)>\s*</\1>')
_STYLES = {"fa-solid": "solid", "fas": "solid", "fa-regular": "regular", "far": "regular",
           "fa-brands": "brands", "fab": "brands"}
_NOT_NAMES = {"fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-fw", "fa-xs", "fa-sm",
              "fa-xl", "fa-2x", "fa-3x", "fa-spin"}


class MissingIcon(Exception):
    pass


def _svg_file(fa_dir: Path, style: str, name: str) -> tuple[str, str]:
    path = fa_dir / "svgs" / style / f"{name}.svg"
    if not path.exists():
        raise MissingIcon(f"{style}/{name}")
    svg = path.read_text(encoding="utf-8")
    box = re.search(r'viewBox="([^"]+)"', svg)
    d = re.search(r'<path d="([^"]+)"', svg)
    if not (box and d):  # pragma: no cover
        raise MissingIcon(f"{style}/{name} (unreadable)")
    return box.group(1), d.group(1)


def inline_icons(text: str, fa_dir: Path, cache: dict[tuple[str, str], tuple[str, str]]) -> str:
    """Replace ``<i class="fa-solid fa-sun ...">`` with the icon as inline SVG."""

    def svg(m: re.Match[str]) -> str:
        attrs, classes = m.group(2), m.group(3).split()
        style = next((_STYLES[c] for c in classes if c in _STYLES), "solid")
        names = [c[3:] for c in classes if c.startswith("fa-") and c not in _NOT_NAMES]
        if not names:
            return m.group(0)
        key = (style, names[0])
        if key not in cache:
            cache[key] = _svg_file(fa_dir, *key)
        box, d = cache[key]
        rest = re.sub(r'\s*\bclass="[^"]*"', "", attrs)
        rest = re.sub(r'\s*\baria-hidden="[^"]*"', "", rest)
        return (
            f'<svg class="{m.group(3)} svg-inline--fa"{rest} aria-hidden="true" '
            f'focusable="false" xmlns="http://www.w3.org/2000/svg" viewBox="{box}">'
            f'<path fill="currentColor" d="{d}"/></svg>'
        )

    return _ICON.sub(svg, text)


# --------------------------------------------------------------------------- scripts

_FONTAWESOME = re.compile(r'\s*<script\b[^>]*src="[^"]*fontawesome\.js[^"]*"[^>]*></script>')
_THEBE = [
    re.compile(r'\s*<link\b[^>]*href="[^"]*sphinx-thebe\.css[^"]*"[^>]*/?>'),
    re.compile(r'\s*<script\b[^>]*src="[^"]*sphinx-thebe\.js[^"]*"[^>]*></script>'),
    re.compile(r"\s*<script>const THEBE_JS_URL = [^<]*</script>"),
    re.compile(r'\s*<script type="text/x-thebe-config">.*?</script>', re.S),
]
_SEARCH = re.compile(
    r'\s*<script\b[^>]*src="[^"]*(?:searchtools\.js|language_data\.js|searchindex\.js)[^"]*"'
    r"[^>]*></script>"
)
_DOC_OPTIONS = re.compile(r'<script\b[^>]*src="([^"]*documentation_options\.js)[^"]*"[^>]*></script>')
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")


def _defer(m: re.Match[str]) -> str:
    attrs = m.group(1)
    if "src=" not in attrs or re.search(r"\b(defer|async)\b", attrs):
        return m.group(0)
    kind = re.search(r'\btype="([^"]*)"', attrs)
    if kind and kind.group(1) not in ("text/javascript", "module"):
        return m.group(0)
    return f"<script defer{attrs}>"


def trim_scripts(text: str, *, search_page: bool, options_js: str, thebe: bool) -> str:
    text = _FONTAWESOME.sub("", text)
    if not thebe:
        for pattern in _THEBE:
            text = pattern.sub("", text)
    if not search_page:
        text = _SEARCH.sub("", text)
    text = _DOC_OPTIONS.sub(lambda m: f"<script>{options_js.strip()}</script>", text)
    return _SCRIPT_TAG.sub(_defer, text)


# ---------------------------------------------------------------------------- images

_IMG = re.compile(r"<img\b([^>]*?)\s*/?>")


def png_size(path: Path) -> tuple[int, int] | None:
    try:
        with path.open("rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def lazy_images(text: str, page: Path) -> str:
    def fix(m: re.Match[str]) -> str:
        attrs = m.group(1)
        if "loading=" not in attrs:
            attrs += ' loading="lazy" decoding="async"'
        src = re.search(r'\bsrc="([^"]+)"', attrs)
        if src and "width=" not in attrs and "height=" not in attrs:
            size = png_size((page.parent / html.unescape(src.group(1))).resolve())
            if size:
                attrs += f' width="{size[0]}" height="{size[1]}"'
        return f"<img{attrs} />"

    return _IMG.sub(fix, text)


def clean_page(text: str, *, page: Path, search_page: bool, options_js: str, thebe: bool,
               fa_dir: Path, icons: dict) -> str:
    text = dedupe_scripts(text)
    text = text.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
    text = inline_icons(text, fa_dir, icons)
    text = trim_scripts(text, search_page=search_page, options_js=options_js, thebe=thebe)
    return lazy_images(text, page)

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
import os
import re
import struct
from pathlib import Path
from typing import Any

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
_STYLES = {
    "fa-solid": "solid",
    "fas": "solid",
    "fa-regular": "regular",
    "far": "regular",
    "fa-brands": "brands",
    "fab": "brands",
}
_NOT_NAMES = {
    "fa-solid",
    "fa-regular",
    "fa-brands",
    "fa-lg",
    "fa-fw",
    "fa-xs",
    "fa-sm",
    "fa-xl",
    "fa-2x",
    "fa-3x",
    "fa-spin",
}


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
_DOC_OPTIONS = re.compile(
    r'<script\b[^>]*src="([^"]*documentation_options\.js)[^"]*"[^>]*></script>'
)
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


_DESIGN = [
    re.compile(r'[ \t]*<link\b[^>]*href="[^"]*sphinx-design\.min\.css[^"]*"[^>]*/?>[ \t]*\n?'),
    re.compile(r'[ \t]*<script\b[^>]*src="[^"]*design-tabs\.js[^"]*"[^>]*></script>[ \t]*\n?'),
]


def drop_unused_design(text: str) -> str:
    """sphinx-design's stylesheet (8 KB compressed, render-blocking) and tab script, on
    pages that use none of its components (classes ``sd-*``)."""
    if re.search(r'class="(?:[^"]*\s)?sd-', text):
        return text
    for pattern in _DESIGN:
        text = pattern.sub("", text)
    return text


#: The theme's containers that sphinx-book-theme's script classes ``noprint`` at load
#: (``addNoPrint`` in its index.js).
NOPRINT = frozenset(
    {
        "bd-header-announcement",
        "bd-header",
        "bd-header-article",
        "bd-sidebar-primary",
        "bd-sidebar-secondary",
        "bd-footer-article",
        "bd-footer-content",
        "bd-footer",
    }
)
_CLASS_IN_TAG = re.compile(r'(<[a-zA-Z][a-zA-Z0-9]*\b[^>]*?\bclass=")([^"]*)(")')
_THEME_LINE = 'document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";'
#: What pydata-sphinx-theme's ``setTheme(mode)`` sets at load, worked out in the head.
_THEME_RESOLVED = (
    "document.documentElement.dataset.theme = (function (mode) {"
    ' return mode === "light" || mode === "dark" ? mode :'
    ' matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";'
    " })(document.documentElement.dataset.mode);"
)


def settle_theme_state(text: str) -> str:
    """Write into the page what the theme's scripts would change at load.

    After the page is parsed, pydata-sphinx-theme sets ``<html data-theme>`` from
    "auto" to "light" or "dark", and sphinx-book-theme adds the class ``noprint`` to its
    header, sidebars and footers.  Each change made the browser restyle every element
    that a rule on the attribute or class reaches (all the highlighted code, all the
    links of the sidebars: 700-950 elements, 17-27 ms on this machine, one task).  Set in
    the HTML (and in the head script, which knows the reader's stored mode), the scripts
    write the values the page already has, and nothing is restyled."""
    text = text.replace(_THEME_LINE, _THEME_RESOLVED)

    def add(m: re.Match[str]) -> str:
        classes = m.group(2).split()
        if NOPRINT.isdisjoint(classes) or "noprint" in classes:
            return m.group(0)
        return m.group(1) + m.group(2) + " noprint" + m.group(3)

    return _CLASS_IN_TAG.sub(add, text)


def clean_page(
    text: str,
    *,
    page: Path,
    search_page: bool,
    options_js: str,
    thebe: bool,
    fa_dir: Path,
    icons: dict,
) -> str:
    text = dedupe_scripts(text)
    text = text.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
    # doc-biblioentry is a deprecated ARIA role (axe: aria-deprecated-role)
    text = re.sub(r'(<div class="citation" id="[^"]*") role="doc-biblioentry"', r"\1", text)
    text = inline_icons(text, fa_dir, icons)
    text = trim_scripts(text, search_page=search_page, options_js=options_js, thebe=thebe)
    text = drop_unused_design(text)
    text = settle_theme_state(text)
    return lazy_images(text, page)


# -------------------------------------------------------------------------- styles

_STYLESHEET = re.compile(
    r'[ \t]*<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="([^"]+)"[^>]*/?>[ \t]*\n?'
)
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)['"]\s*\)?\s*;""")
_FA_CLASS_RULES = re.compile(r'(?:\.fa-[a-z0-9-]+:{1,2}(?:before|after),?)+\{content:"[^"]*"\}')
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


def _relocate(css: str, source_dir: Path, bundle_dir: Path) -> str:
    def fix(m: re.Match[str]) -> str:
        url = m.group(2).strip()
        if re.match(r"^(data:|[a-z]+://|//|/|#)", url):
            return m.group(0)
        path, rest = re.match(r"([^?#]*)(.*)", url).groups()  # type: ignore[union-attr]
        target = os.path.relpath(os.path.normpath(source_dir / path), bundle_dir)
        return f'url("{Path(target).as_posix()}{rest}")'

    return _URL.sub(fix, css)


def stylesheet_text(css_file: Path, bundle_dir: Path, seen: frozenset[Path] = frozenset()) -> str:
    """``css_file`` ready to be appended to a bundle in ``bundle_dir``: its ``@import``s
    inlined, its ``url()``s rewritten relative to the bundle, and, in the theme's
    stylesheet, without Font Awesome's 1881 ``.fa-NAME:before`` rules (those icons are
    inline SVG here)."""
    css = css_file.read_text(encoding="utf-8")
    css = re.sub(r'@charset\s+"[^"]*";', "", css)
    css = _SOURCE_MAP.sub("", css)
    if css_file.name == "pydata-sphinx-theme.css":
        css = _FA_CLASS_RULES.sub("", css)

    def inline(m: re.Match[str]) -> str:
        target = (css_file.parent / m.group(1)).resolve()
        if target in seen or not target.is_file():
            return m.group(0)
        return stylesheet_text(target, bundle_dir, seen | {css_file.resolve()})

    css = _IMPORT.sub(inline, css)
    return _relocate(css, css_file.parent, bundle_dir)


def local_stylesheets(text: str, page: Path, out: Path) -> list[tuple[str, Path]]:
    """The page's local stylesheets in order: (the <link> tag, the file)."""
    head = text[: text.find("</head>")]
    found = []
    for m in _STYLESHEET.finditer(head):
        href = html.unescape(m.group(1))
        if re.match(r"^([a-z]+:)?//", href):
            continue
        f = (page.parent / href.split("?")[0]).resolve()
        if f.is_file() and out in f.parents:
            found.append((m.group(0), f))
    return found


class Bundler:
    """One stylesheet per distinct list of stylesheets, in ``_static/course/css/``,
    named after the list; remade from the current sources on every build (a page that
    Sphinx did not rewrite keeps its link, and gets the fresh rules).  Given ``used``
    (what the site's pages and scripts hold, ``course_css.Used``), each stylesheet but
    the course's own keeps only the rules some page can match (``course_css.purge``)."""

    def __init__(self, out: Path, bundle_dir: Path, used: Any = None) -> None:
        import json

        self.out, self.dir, self.used = out, bundle_dir, used
        self.manifest_file = bundle_dir / "manifest.json"
        self.manifest: dict[str, list[str]] = (
            json.loads(self.manifest_file.read_text(encoding="utf-8"))
            if self.manifest_file.exists()
            else {}
        )
        self.hrefs: dict[tuple[str, ...], str] = {}
        for files in list(self.manifest.values()):
            if all((out / f).is_file() for f in files):
                self.href(tuple(files))

    def href(self, files: tuple[str, ...]) -> str:
        """The bundle's path from the site root, with a content version."""
        import hashlib

        if files not in self.hrefs:
            css = "\n".join(f"/* {name} */\n" + self._sheet(name) for name in files)
            name = hashlib.sha256("\n".join(files).encode()).hexdigest()[:12] + ".css"
            target = self.dir / name
            self.dir.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_text(encoding="utf-8") != css:
                target.write_text(css, encoding="utf-8")
            self.manifest[name] = list(files)
            version = hashlib.sha256(css.encode()).hexdigest()[:8]
            self.hrefs[files] = f"{target.relative_to(self.out).as_posix()}?v={version}"
        return self.hrefs[files]

    def _sheet(self, name: str) -> str:
        css = stylesheet_text(self.out / name, self.dir)
        if self.used is None or name == "_static/course/course.css":
            return css
        import course_css

        return course_css.purge(css, self.used)

    def save(self) -> None:
        import json

        self.dir.mkdir(parents=True, exist_ok=True)
        self.manifest_file.write_text(
            json.dumps(self.manifest, indent=1, sort_keys=True), encoding="utf-8"
        )

    def bundle(self, text: str, page: Path) -> str:
        """Replace the page's stylesheets (a dozen render-blocking requests, one of
        them a chained ``@import``) by one bundle with the same rules in the same order."""
        sheets = local_stylesheets(text, page, self.out)
        bundled = [f for _, f in sheets if self.dir in f.parents]
        if bundled:  # already done (a page Sphinx did not rewrite): refresh its version
            name = bundled[0].relative_to(self.out).as_posix()
            files = self.manifest.get(Path(name).name)
            if files is None:
                return text
            fresh = self.href(tuple(files))
            return re.sub(re.escape(name) + r"\?v=[0-9a-f]+", fresh, text)
        if len(sheets) < 2:
            return text
        root_href = self.href(tuple(f.relative_to(self.out).as_posix() for _, f in sheets))
        path, version = root_href.split("?")
        href = Path(os.path.relpath(self.out / path, page.parent)).as_posix() + "?" + version
        tags = {tag for tag, _ in sheets}
        first = True

        def replace(m: re.Match[str]) -> str:
            nonlocal first
            if m.group(0) not in tags:
                return m.group(0)
            if first:
                first = False
                return f'    <link rel="stylesheet" href="{html.escape(href)}" />\n'
            return ""

        head_end = text.find("</head>")
        return _STYLESHEET.sub(replace, text[:head_end]) + text[head_end:]


_SCRIPT_PRELOAD = re.compile(r'[ \t]*<link rel="preload" as="script" href="[^"]*"\s*/>[ \t]*\n?')


def drop_script_preloads(text: str) -> str:
    """The theme preloads its two (deferred) scripts at high priority, where they
    compete with the stylesheet for the first paint; deferred, they load in time."""
    return _SCRIPT_PRELOAD.sub("", text)


def add_early(text: str, snippet: str, marker: str) -> str:
    """Insert ``snippet`` in the head right after the first stylesheet, which is requested
    first (once: ``marker`` tells)."""
    if not snippet or marker in text:
        return text
    head = text[: text.find("</head>")]
    m = _STYLESHEET.search(head) or re.search(r"<meta charset=[^>]*>\s*", head)
    at = m.end() if m else len(head)
    return text[:at] + "    " + snippet + "\n" + text[at:]

"""The course website's Sphinx extension (loaded from _config.yml as ``course_site``).

A plain ``jupyter-book build .`` gives the finished site; nothing is copied afterwards.

* Math is rendered at build time by KaTeX (``course_katex``): formulas need no
  JavaScript, and each keeps a MathML copy for screen readers.
* The explorers of chapters 1, 2, 3 and 5 compute in the page (``course_explorers``,
  ``static/explorers.js``); no page loads the Jupyter widget manager or require.js.
* The site's own assets (``css/course.css``, ``static/``, KaTeX's stylesheet and fonts
  from ``node_modules``) are copied into ``_static/course/`` when the build starts, so
  the pages get their checksums, and again when it finishes, since Sphinx copies its
  static files only when it writes pages and never overwrites one.
* Every written page is cleaned (``course_html``): the theme's icons as inline SVG
  instead of fontawesome.js, scripts deferred or dropped, lazy figures, no duplicate
  script tags.
* Each page gets a ``<meta name="description">`` (its first paragraph).
* The theme's ``default_mode`` is ``auto`` (follow the reader's system): left empty,
  pydata-sphinx-theme logs "Got invalid theme mode" as a console error.
"""

from __future__ import annotations

import filecmp
import html
import os
import re
import shutil
from pathlib import Path
from typing import Any

import course_css
import course_explorers
import course_html
import course_katex
from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ASSETS = "course"  # the folder under _static/ that holds the site's own assets


def _copy(src: Path, dst: Path) -> None:
    if dst.exists() and filecmp.cmp(src, dst, shallow=False):
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def copy_assets(app, *_args) -> None:
    if app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static" / ASSETS
    for f in sorted((HERE / "static").iterdir()):
        if f.is_file() and f.suffix in {".js", ".css", ".svg"}:
            _copy(f, out / f.name)
    _copy(HERE / "css" / "course.css", out / "course.css")
    kdir = course_katex.katex_dir(app) / "dist"
    # font-display: swap: text with a formula paints at once (in a fallback font for the
    # moment it takes the preloaded fonts to arrive) instead of staying invisible.
    css = course_katex.katex_css((kdir / "katex-swap.min.css").read_text(encoding="utf-8"))
    target = out / "katex" / "katex.min.css"
    if not target.exists() or target.read_text(encoding="utf-8") != css:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
    # The fonts themselves are cut to the characters of the site's formulas when the
    # build finishes (clean_pages), once every page is written.


_PUA = re.compile(r"[\ue000-\uf8ff]|\\(f[0-9a-fA-F]{3})")
_SOLID_FACE = re.compile(
    r'src:url\(\.\./vendor/fontawesome/webfonts/fa-solid-900\.woff2\) format\("woff2"\),'
    r'url\(\.\./vendor/fontawesome/webfonts/fa-solid-900\.ttf\) format\("truetype"\)'
)


def icon_codepoints(css_files: list[Path]) -> set[int]:
    """The Font Awesome glyphs the stylesheets draw themselves (admonition icons, the
    arrows of the page footer, ...): the theme's ``--pst-icon-*`` values and any
    private-use character in the other stylesheets.  pydata-sphinx-theme.css also holds
    Font Awesome's own ``.fa-NAME:before`` rules for ``<i>`` icons; those icons are
    inline SVG on this site, so they are not counted."""
    points: set[int] = set()
    for css in css_files:
        text = css.read_text(encoding="utf-8")
        if css.name == "pydata-sphinx-theme.css":
            text = " ".join(re.findall(r'--pst-icon-[a-z-]+:"([^"]*)"', text))
        for m in _PUA.finditer(text):
            points.add(int(m.group(1), 16) if m.group(1) else ord(m.group(0)))
    return points


def subset_icon_font(out: Path) -> None:
    """Replace the theme's 156 KB icon font (fa-solid-900, every glyph) by a subset
    with the glyphs its stylesheets use (a few KB), and point the stylesheet at it."""
    import pydata_sphinx_theme
    from fontTools import subset

    static = out / "_static"
    theme_css = static / "styles" / "pydata-sphinx-theme.css"
    if not theme_css.exists():
        return
    source = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "vendor"
        / "fontawesome"
        / "webfonts"
        / "fa-solid-900.ttf"
    )
    css_files = [f for f in static.rglob("*.css") if ASSETS not in f.relative_to(static).parts]
    points = icon_codepoints(css_files)
    target = static / ASSETS / "fa-solid-subset.woff"
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = [0, 1, 2]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(points))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    subset.save_font(font, str(tmp), options)
    if target.exists() and target.read_bytes() == tmp.read_bytes():
        tmp.unlink()
    else:
        tmp.replace(target)
    text = theme_css.read_text(encoding="utf-8")
    new = _SOLID_FACE.sub(f'src:url(../{ASSETS}/fa-solid-subset.woff) format("woff")', text)
    if new != text:
        theme_css.write_text(new, encoding="utf-8")


_THEME_TAB_STOPS = (
    'const e=()=>{document.querySelectorAll(["pre",".nboutput > .output_area",'
    '".cell_output > .output",".jp-RenderedHTMLCommon",".pst-scrollable-table-container"]'
    '.join(", ")).forEach(e=>{e.tabIndex=e.scrollWidth>e.clientWidth||'
    "e.scrollHeight>e.clientHeight?0:-1})}"
)
_THEME_TAB_STOPS_OFF = "const e=()=>{/* course.js does this, when each block is laid out */}"


def patch_theme_script(out: Path) -> bool:
    """Switch off the theme's tab-stop check (its function ``I``): at load, and 300 ms
    after any change in the page (an explorer redrawing), it reads the size of every code
    block and output, forcing a layout of the whole chapter: most of a phone's blocking
    time.  ``static/course.js`` does the same job with a ResizeObserver.  False if the
    theme's script has changed and the patch no longer applies."""
    script = out / "_static" / "scripts" / "pydata-sphinx-theme.js"
    if not script.exists():
        return True
    text = script.read_text(encoding="utf-8")
    if _THEME_TAB_STOPS_OFF in text:
        return True
    if _THEME_TAB_STOPS not in text:
        return False
    script.write_text(text.replace(_THEME_TAB_STOPS, _THEME_TAB_STOPS_OFF), encoding="utf-8")
    return True


#: The themes' "when the page is parsed" helpers.  Their scripts are deferred, so the page
#: is always parsed when they run and each helper calls its callback at once: all of a
#: script's start-up work (pydata-sphinx-theme: seven callbacks, two of them reading the
#: layout; sphinx-book-theme: four, one querying the whole chapter for margin notes) is
#: one task, 15-50 ms of main-thread time on a phone.  Patched, each callback is a task of
#: its own, still after the page is parsed and in the same order.
_THEME_READY = {
    "scripts/pydata-sphinx-theme.js": (
        'function e(e){"loading"!=document.readyState?e():'
        'document.addEventListener("DOMContentLoaded",e)}',
        "function e(e){setTimeout(e,0)/* course: one task per callback */}",
    ),
    "scripts/sphinx-book-theme.js": (
        'var e=e=>{"loading"!=document.readyState?e():document.addEventListener?'
        'document.addEventListener("DOMContentLoaded",e):'
        'document.attachEvent("onreadystatechange",(function(){"complete"=='
        "document.readyState&&e()}))};",
        "var e=e=>{setTimeout(e,0)/* course: one task per callback */};",
    ),
}


def patch_theme_ready(out: Path) -> list[str]:
    """Make each start-up callback of the themes' scripts a task of its own
    (``_THEME_READY``).  The scripts whose helper has changed (the patch no longer
    applies), for a warning."""
    stale = []
    for rel, (old, new) in _THEME_READY.items():
        script = out / "_static" / rel
        if not script.exists():
            continue
        text = script.read_text(encoding="utf-8")
        if new in text:
            continue
        if text.count(old) != 1:
            stale.append(rel)
            continue
        script.write_text(text.replace(old, new), encoding="utf-8")
    return stale


def _first_paragraph(doctree: nodes.document | None) -> str:
    if doctree is None:
        return ""
    skip = (nodes.Admonition, nodes.sidebar, nodes.topic, nodes.table, nodes.footnote)
    for para in doctree.findall(nodes.paragraph):
        parent = para.parent
        inside = False
        while parent is not None:
            if isinstance(parent, skip) or (
                isinstance(parent, nodes.container) and parent.get("nb_element")
            ):
                inside = True
                break
            parent = parent.parent
        text = " ".join(para.astext().split())
        if (
            not inside
            and len(text) >= 80
            and text[0].isupper()
            and not any(para.findall(nodes.math))
        ):
            return text
    return ""


def description(doctree: nodes.document | None, title: str, project: str) -> str:
    """A page's meta description: its title, then its first paragraph of prose (no
    formula, outside boxes and cells) cut at a word near 200 characters; without one,
    the title and the course name.  A page's own ``html_meta: description`` wins."""
    first = _first_paragraph(doctree)
    text = f"{title}: {first}" if title and first else first or f"{title} - {project}".strip(" -")
    if len(text) > 200:
        text = text[:197].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def page_context(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    if app.builder.format != "html":
        return
    if course_explorers.page_has_explorer(app, pagename):
        app.add_js_file(f"{ASSETS}/explorers.js", loading_method="defer")
    domain = app.env.get_domain("math")
    if domain.has_equations(pagename):
        app.add_css_file(f"{ASSETS}/katex/katex.min.css", priority=300)
    metatags = context.get("metatags") or ""
    if 'name="description"' not in metatags:
        title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title") or ""))
        course = app.config.html_title or app.config.project
        text = (
            description(doctree, title, course)
            if pagename != "search"
            else (f"Search the pages of the course {course}.")
        )
        context["metatags"] = metatags + (
            f'\n    <meta name="description" content="{html.escape(text, quote=True)}" />'
        )


def clean_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    copy_assets(app)
    out = Path(app.outdir)
    subset_icon_font(out)
    if not patch_theme_script(out):
        logger.warning(
            "pydata-sphinx-theme.js changed: its tab-stop check is no longer "
            "switched off (see patch_theme_script)",
            type="course",
            subtype="theme",
        )
    for rel in patch_theme_ready(out):
        logger.warning(
            f"{rel} changed: its start-up callbacks are no longer split into tasks "
            "(see patch_theme_ready)",
            type="course",
            subtype="theme",
        )
    options = (out / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    thebe = bool((app.config.html_theme_options or {}).get("launch_buttons", {}).get("thebe"))
    fa_dir = Path(app.srcdir) / "node_modules" / "@fortawesome" / "fontawesome-free"
    pages = [
        p
        for p in sorted(out.rglob("*.html"))
        if p.relative_to(out).parts[0] not in {"_static", "_sources", "_images"}
        # the Chinese edition (_build/html/zh) is a site of its own, cleaned by its build
        and not (out / p.relative_to(out).parts[0] / "_static").is_dir()
    ]
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    chars: set[str] = set()
    fonts: dict[Path, set[str]] = {}
    for page, text in texts.items():
        page_chars, fonts[page] = course_katex.katex_usage(text)
        chars |= page_chars
    font_dir = out / "_static" / ASSETS / "katex" / "fonts"
    course_katex.subset_fonts(course_katex.katex_dir(app) / "dist", font_dir, chars)
    for stale_font in font_dir.glob("*.woff2"):
        stale_font.unlink()
    icons: dict = {}
    cleaned_pages: dict[Path, str] = {}
    for page, text in texts.items():
        rel = page.relative_to(out).as_posix()
        try:
            cleaned = course_html.clean_page(
                text,
                page=page,
                search_page=rel == "search.html",
                options_js=options,
                thebe=thebe,
                fa_dir=fa_dir,
                icons=icons,
            )
        except course_html.MissingIcon as err:
            logger.warning("icon %s not found in %s", err, fa_dir, type="course", subtype="icon")
            continue
        prefix = Path(os.path.relpath(font_dir, page.parent)).as_posix() + "/"
        cleaned = course_html.add_early(
            cleaned, course_katex.preload_links(fonts[page], prefix), "data-ic-preload-fonts"
        )
        cleaned_pages[page] = course_html.drop_script_preloads(cleaned)
    # One stylesheet per page, with only the rules that the site's pages (as written) and
    # the scripts under _static can match: most of the theme's 400 KB matches nothing here.
    scripts = [
        f.read_text(encoding="utf-8")
        for f in sorted((out / "_static").rglob("*.js"))
        if not any(part in {"fontawesome.js", "mathjax", "widgets"} for part in f.parts)
    ]
    used = course_css.Used.of(cleaned_pages.values(), scripts)
    bundler = course_html.Bundler(out, out / "_static" / ASSETS / "css", used)
    for page, cleaned in cleaned_pages.items():
        cleaned = bundler.bundle(cleaned, page)
        if cleaned != texts[page]:
            page.write_text(cleaned, encoding="utf-8")
    bundler.save()
    # Files no page uses any more (and leftovers of earlier builds of this site).
    stale = [
        "_static/scripts/fontawesome.js",
        "_static/scripts/fontawesome.js.map",
        "_static/scripts/fontawesome.js.LICENSE.txt",
        "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2",
        "_static/vendor/fontawesome/webfonts/fa-solid-900.ttf",
        "_static/mathjax",
        "_static/widgets",
        "_static/course.css",
    ]
    if not thebe:
        stale += ["_static/sphinx-thebe.js", "_static/sphinx-thebe.css"]
    for name in stale:
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _theme_defaults(app, config) -> None:
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")  # pydata-sphinx-theme reads html_context
    config.html_context = context


def _env_version() -> int:
    """Changes whenever a file of this extension changes, so that Sphinx re-reads (and
    rewrites) every page: the pages are made by this code as much as by their sources."""
    import hashlib

    digest = hashlib.sha256()
    for f in sorted(HERE.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            digest.update(f.relative_to(HERE).as_posix().encode() + b"\0" + f.read_bytes())
    return int(digest.hexdigest()[:8], 16)


def setup(app) -> dict[str, Any]:
    course_katex.setup(app)
    course_explorers.setup(app)
    app.connect("config-inited", _theme_defaults)
    app.connect("builder-inited", copy_assets)
    app.add_css_file(f"{ASSETS}/course.css", priority=900)
    app.add_js_file(f"{ASSETS}/course.js", loading_method="defer")
    app.connect("html-page-context", page_context)
    app.connect(
        "build-finished", clean_pages, priority=900
    )  # after the other extensions copy their CSS
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": _env_version()}

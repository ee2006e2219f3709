"""Math rendered at build time with KaTeX: the pages need no JavaScript for formulas.

Every ``math`` and ``math_block`` node is rendered by KaTeX (the pinned npm package,
run by node through ``katex_render.cjs``) into HTML, which the page draws with
``katex.min.css`` and KaTeX's fonts, plus a MathML copy that screen readers read.
The macros are the ones in ``_config.yml`` under ``mathjax3_config: tex: macros``
(``\\KL``, ``\\JS``, ``\\E``), converted to KaTeX's form, so there is one definition.

A TeX error is a Sphinx warning (the build runs with ``-W``) with the page and line,
and the formula shows as its source in red, never silently as nothing.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "katex_render.cjs"


def katex_macros(mathjax3_config: dict[str, Any] | None) -> dict[str, str]:
    """MathJax 3 macros as KaTeX macros: ``KL: [body, 2]`` becomes ``"\\KL": body``
    (KaTeX counts the arguments ``#1``, ``#2`` itself) and ``E: body`` ``"\\E": body``."""
    macros = ((mathjax3_config or {}).get("tex") or {}).get("macros") or {}
    out: dict[str, str] = {}
    for name, value in macros.items():
        body = value[0] if isinstance(value, (list, tuple)) else value
        if not isinstance(body, str):
            raise ValueError(f"mathjax3_config macro {name!r} must be a string or [string, n]")
        out["\\" + name] = body
    return out


class KatexError(Exception):
    pass


class Katex:
    """One node process rendering formulas, one JSON line per formula."""

    def __init__(self, katex_dir: Path, macros: dict[str, str]) -> None:
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not installed: KaTeX renders the math at build time")
        self._proc = subprocess.Popen(
            [node, str(SCRIPT), str(katex_dir), json.dumps(macros)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self._lock = threading.Lock()
        self.pid = os.getpid()
        self._cache: dict[tuple[str, bool], dict[str, Any]] = {}

    def render(self, tex: str, display: bool) -> dict[str, Any]:
        key = (tex, display)
        if key not in self._cache:
            with self._lock:
                assert self._proc.stdin and self._proc.stdout
                self._proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
                self._proc.stdin.flush()
                line = self._proc.stdout.readline()
            if not line:
                raise RuntimeError("the KaTeX renderer (node) stopped unexpectedly")
            self._cache[key] = json.loads(line)
        return self._cache[key]

    def close(self) -> None:
        if self._proc.poll() is None:
            assert self._proc.stdin
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self._proc.kill()


_RENDERER: Katex | None = None


def katex_dir(app) -> Path:
    return Path(app.srcdir) / "node_modules" / "katex"


def renderer(app) -> Katex:
    global _RENDERER
    if _RENDERER is None or _RENDERER.pid != os.getpid():  # one per (forked) process
        _RENDERER = Katex(katex_dir(app), katex_macros(app.config.mathjax3_config))
    return _RENDERER


def close_renderer(*_args) -> None:
    global _RENDERER
    if _RENDERER is not None and _RENDERER.pid == os.getpid():
        _RENDERER.close()
    _RENDERER = None


def _render(translator, node, tex: str, display: bool) -> str:
    answer = renderer(translator.builder.app).render(tex, display)
    if "error" in answer:
        logger.warning(
            "KaTeX cannot render %r: %s",
            tex,
            answer["error"],
            location=node,
            type="katex",
            subtype="error",
        )
        why = html.escape(answer["error"])
        return f'<code class="katex-error" title="{why}">{html.escape(tex)}</code>'
    for message in answer.get("warnings", []):
        logger.warning(
            "KaTeX, in %r: %s", tex, message, location=node, type="katex", subtype="strict"
        )
    return answer["html"]


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_render(self, node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def display_tex(latex: str, nowrap: bool) -> str:
    """The TeX of a display block, grouped as Sphinx's MathJax renderer groups it:
    paragraphs become aligned lines, a paragraph with ``\\\\`` a split."""
    if nowrap:  # e.g. an amsmath environment written out in full
        return latex
    parts = [part for part in latex.split("\n\n") if part.strip()]
    body = [r"\begin{split}" + part + r"\end{split}" if r"\\" in part else part for part in parts]
    if len(body) > 1:
        return r"\begin{aligned}" + r"\\".join(body) + r"\end{aligned}"
    return body[0] if body else ""


def visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    tex = display_tex(node.astext(), bool(node.get("nowrap")))
    self.body.append(_render(self, node, tex, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _select_renderer(app, config) -> None:
    if not config.html_math_renderer:
        config.html_math_renderer = "katex"


def _check_katex(app) -> None:
    if app.builder.format == "html" and not (katex_dir(app) / "dist" / "katex.min.css").exists():
        from sphinx.errors import ExtensionError

        raise ExtensionError(
            f"KaTeX is missing ({katex_dir(app)}): run `npm ci` (or `make install`) first; "
            "the site renders its math at build time with it"
        )


def setup(app) -> None:
    app.add_html_math_renderer("katex", (visit_math, None), (visit_displaymath, None))
    app.connect("config-inited", _select_renderer)
    app.connect("builder-inited", _check_katex)
    app.connect("build-finished", close_renderer)


# ------------------------------------------------------------------------- fonts

#: KaTeX class -> the font file it draws with (for the per-page preloads).
FONT_OF_CLASS = {
    "mathnormal": "Math-Italic",
    "amsrm": "AMS-Regular",
    "mathbb": "AMS-Regular",
    "textbb": "AMS-Regular",
    "size1": "Size1-Regular",
    "small-op": "Size1-Regular",
    "large-op": "Size2-Regular",
    "size2": "Size2-Regular",
    "size3": "Size3-Regular",
    "size4": "Size4-Regular",
    "mathbf": "Main-Bold",
    "textbf": "Main-Bold",
    "mathit": "Main-Italic",
    "textit": "Main-Italic",
    "boldsymbol": "Math-BoldItalic",
    "mathcal": "Caligraphic-Regular",
    "mathsf": "SansSerif-Regular",
    "textsf": "SansSerif-Regular",
    "mathtt": "Typewriter-Regular",
    "texttt": "Typewriter-Regular",
    "mathscr": "Script-Regular",
    "textscr": "Script-Regular",
    "mathfrak": "Fraktur-Regular",
    "textfrak": "Fraktur-Regular",
}


class _KatexText(HTMLParser):
    """The characters KaTeX draws (inside ``.katex-html``) and the classes it uses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside a .katex-html element
        self.chars: set[str] = set()
        self.classes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
            self.classes.update(classes)
        elif "katex-html" in classes:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.chars.update(data)


def katex_usage(text: str) -> tuple[set[str], set[str]]:
    """(characters drawn, font files used) by the KaTeX output of one page."""
    if 'class="katex-html"' not in text:
        return set(), set()
    parser = _KatexText()
    parser.feed(text)
    fonts = {"Main-Regular"} | {FONT_OF_CLASS[c] for c in parser.classes if c in FONT_OF_CLASS}
    return parser.chars, fonts


def subset_fonts(katex_dist: Path, out_dir: Path, chars: set[str]) -> None:
    """Every KaTeX font cut down to the characters the site's formulas draw, as WOFF
    (zlib; 2-9 KB each instead of 5-28 KB), written to ``out_dir``."""
    import logging as std_logging

    from fontTools import subset

    std_logging.getLogger("fontTools").setLevel(std_logging.ERROR)  # KaTeX's odd timestamps
    unicodes = sorted({ord(c) for c in chars} | {0x20, 0xA0})
    out_dir.mkdir(parents=True, exist_ok=True)
    for ttf in sorted((katex_dist / "fonts").glob("*.ttf")):
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        options.hinting = False  # small screens render KaTeX unhinted anyway
        options.notdef_outline = True
        font = subset.load_font(str(ttf), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        target = out_dir / (ttf.stem + ".woff")
        tmp = target.with_suffix(".tmp")
        subset.save_font(font, str(tmp), options)
        if target.exists() and target.read_bytes() == tmp.read_bytes():
            tmp.unlink()
        else:
            tmp.replace(target)


def katex_css(css: str) -> str:
    """KaTeX's stylesheet pointing at the subset WOFF fonts only."""
    return re.sub(
        r'src:url\(fonts/([^)]+)\.woff2\) format\("woff2"\)(?:,url\([^)]+\) format\("[a-z]+"\))*',
        r'src:url(fonts/\1.woff) format("woff")',
        css,
    )


#: The fonts worth preloading: they set the width of almost every formula.  The others
#: (big delimiters, blackboard bold, ...) change little and load when first drawn.
PRELOAD = {"Main-Regular", "Math-Italic"}


def preload_links(fonts: set[str], prefix: str) -> str:
    """A small inline script that preloads the fonts a page uses, so that they arrive
    with the stylesheet and the first layout already has them (no shift when they load).
    A script rather than ``<link rel="preload">`` tags: a font preload must be a CORS
    request, which Chrome refuses for ``file://`` pages (the site zip), where the
    stylesheet's own ``@font-face`` loads work; so file:// pages skip the preload."""
    fonts = fonts & PRELOAD
    if not fonts:
        return ""
    names = json.dumps(sorted(fonts))
    return (
        '<script data-ic-preload-fonts>(function(){if(location.protocol==="file:")return;'
        f'{names}.forEach(function(n){{var l=document.createElement("link");'
        'l.rel="preload";l.as="font";l.type="font/woff";l.crossOrigin="anonymous";'
        f'l.href="{prefix}KaTeX_"+n+".woff";document.head.appendChild(l);}});}})();</script>'
    )

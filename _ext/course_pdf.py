"""The printable PDF edition (issue 16): what the LaTeX builder needs to print the book.

``make pdf`` runs Sphinx's ``latex`` builder on the configuration Jupyter Book generates
from ``_config.yml`` (as ``make zh`` does for the Chinese site), then latexmk with
xelatex.  Everything here acts only in LaTeX builds; the website is untouched.

* **Configuration**: ``latex_engine = "xelatex"`` (Jupyter Book's default is pdflatex,
  which cannot typeset Chinese), the ``manual`` class (numbered chapters under the
  book's parts, a table of contents with page numbers, PDF bookmarks from hyperref),
  one file per language (``entropy-course-en.tex``, ``entropy-course-zh.tex``), no
  xindy.  Fonts: DejaVu Serif, Sans and Sans Mono through fontspec, which have every
  character of the text (ℓ, ‖, ∞, Greek, arrows); in Chinese, Noto Serif and Sans CJK SC
  through xeCJK.  The formula macros (``\\KL``, ``\\JS``, ``\\E``) come from
  ``mathjax3_config`` in ``_config.yml``, the one place they are defined.
* **Explorers**: on the website an explorer cell's output becomes an in-page JavaScript
  explorer (``course_explorers``), raw HTML that LaTeX would drop.  Here it becomes the
  explorer's figure at the cell's starting values (drawn by ``infocourse.widgets``, the
  same code as the notebook's widget), the numbers it shows, and the web address of the
  page where it can be moved.
* **Self-checks**: a quiz (``infocourse.quiz``) is HTML with a script; here its
  questions, options and answers are printed as text (parsed from the stored HTML, so
  the Chinese build prints the Chinese quiz).
* **Wide formulas**: a display formula wider than the line is scaled down to the line
  width (``\\ICfit``), so nothing runs off the page; long code lines wrap.
* An output that only has HTML (nothing LaTeX can show) is a build warning, not a
  silent gap.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: the words this extension adds to the printed book, per language
WORDS = {
    "en": {
        "explorer": "Interactive explorer: move its controls on the web page {url}",
        "answer": "Answer: ",
        "pdf": "PDF edition",
    },
    "zh_CN": {
        "explorer": "交互探索器：请在网页 {url} 上拖动其控件",
        "answer": "答案：",
        "pdf": "PDF 版",
    },
}

#: Both editions set Chinese (the English glossary gives every term in Chinese too):
#: DejaVu for Latin, Greek and symbols, Noto CJK SC for Chinese through xeCJK.  DejaVu
#: Serif has no ℓ (U+2113): it is taken from DejaVu Sans (or is \ell in a formula).
FONTS = r"""
\usepackage{xeCJK}
\setmainfont{DejaVu Serif}
\setsansfont{DejaVu Sans}
\setmonofont{DejaVu Sans Mono}[Scale=0.9]
\setCJKmainfont{Noto Serif CJK SC}[BoldFont=Noto Sans CJK SC Bold]
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\usepackage{newunicodechar}
\newunicodechar{ℓ}{\ifmmode\ell\else{\fontspec{DejaVu Sans}\symbol{"2113}}\fi}
"""

#: Chinese headings without babel or polyglossia (neither has Simplified Chinese):
#: "第 1 章" over the chapter title, "第 I 部分" for a part, "目录"
HEADINGS_ZH = r"""
\providecommand{\addto}[2]{}
\makeatletter
\def\@chappos{章}
\renewcommand{\chaptername}{第}
\def\@makechapterhead#1{\vspace*{20\p@}{\parindent\z@\raggedright\normalfont
  \ifnum\c@secnumdepth>\m@ne\huge\bfseries 第\,\thechapter\,章\par\nobreak\vskip 20\p@\fi
  \interlinepenalty\@M\Huge\bfseries #1\par\nobreak\vskip 40\p@}}
\makeatother
\renewcommand{\partname}{}
\renewcommand{\contentsname}{目录}
"""

#: In English, quotes, dashes and the ellipsis are Latin punctuation (xeCJK would set
#: them full-width: "course’ s")
LATIN_PUNCTUATION = r"""
\xeCJKDeclareCharClass{Default}{"2018, "2019, "201C, "201D, "2013, "2014, "2026, "00B7}
"""

#: tables in a smaller type, so that their columns hold their longest words
TABLES = r"""
\AtBeginEnvironment{tabulary}{\small}
\AtBeginEnvironment{tabular}{\small}
\AtBeginEnvironment{longtable}{\small}
"""

#: a display formula wider than the line is scaled to the line's width
FIT = r"""
\newsavebox\ICfitbox
\newcommand\ICfit[1]{%
  \sbox\ICfitbox{$\displaystyle\begin{aligned}#1\end{aligned}$}%
  \ifdim\wd\ICfitbox>\dimexpr\linewidth-3em\relax
    \resizebox{\dimexpr\linewidth-3em\relax}{!}{\usebox\ICfitbox}%
  \else\usebox\ICfitbox\fi}
"""


def lang(config) -> str:
    return "zh_CN" if (config.language or "en").replace("-", "_") == "zh_CN" else "en"


def pdf_name(config) -> str:
    """``entropy-course-en`` or ``entropy-course-zh``."""
    return "entropy-course-" + ("zh" if lang(config) == "zh_CN" else "en")


def word(config, key: str) -> str:
    return WORDS[lang(config)][key]


def _macros(config) -> str:
    macros = ((config.mathjax3_config or {}).get("tex") or {}).get("macros") or {}
    out = []
    for name, spec in macros.items():
        body, nargs = (spec[0], spec[1]) if isinstance(spec, list) else (spec, 0)
        args = f"[{nargs}]" if nargs else ""
        out.append(f"\\providecommand{{\\{name}}}{{}}\\renewcommand{{\\{name}}}{args}{{{body}}}")
    return "\n".join(out)


def _config(app, config) -> None:
    """The LaTeX settings (they matter to the LaTeX builder only)."""
    zh = lang(config) == "zh_CN"
    config.latex_engine = "xelatex"
    config.latex_use_xindy = False
    config.latex_domain_indices = False  # sphinx-proof's index lists labels, not terms
    title = config.html_title or config.project
    config.latex_documents = [
        (config.root_doc, pdf_name(config) + ".tex", title, config.author, "jupyterBook")
    ]
    elements = dict(config.latex_elements or {})
    elements.update(
        papersize="a4paper",
        pointsize="10pt",
        fontpkg=FONTS,
        sphinxsetup="verbatimforcewraps=true, verbatimmaxunderfull=1, hmargin=2.2cm, vmargin=2.4cm",
        preamble=elements.get("preamble", "")
        + "\n"
        + _macros(config)
        + FIT
        + TABLES
        # a long word or address may stretch a line rather than run off it
        + "\n\\setlength{\\emergencystretch}{3em}\n\\urlstyle{same}\n"
        # three-digit page numbers in the table of contents (LaTeX leaves room for two)
        + "\\makeatletter\\renewcommand{\\@pnumwidth}{2.2em}\\makeatother\n",
        printindex="",
    )
    # xeCJK adds no spaces in fancyvrb's Verbatim with this
    elements["fvset"] = "\\fvset{fontsize=\\small,formatcom=\\xeCJKVerbAddon}"
    if zh:  # polyglossia and babel have no Simplified Chinese; xeCJK does the typesetting
        elements.update(polyglossia="", babel="", fncychap="")
        elements["fontpkg"] += HEADINGS_ZH
    else:
        elements["fontpkg"] += LATIN_PUNCTUATION
    config.latex_elements = elements


# --------------------------------------------------------------------------------
# Display math: scaled to the line when it is wider


def visit_math_block(self, node: nodes.Element) -> None:
    if node.get("nowrap"):
        return self.__class__.visit_math_block(self, node)  # amsmath environments as written
    label = f"equation:{node['docname']}:{node['label']}" if node.get("label") else None
    parts = [p.strip() for p in node.astext().split("\n\n") if p.strip()]
    if not parts:
        raise nodes.SkipNode
    numbered = label is not None or self.config.math_number_all
    env = "equation" if numbered else "equation*"
    labeldef = f"\\label{{{label}}}" if label else ""
    body = "\\\\\n".join(parts)
    self.body.append(f"\\begin{{{env}}}{labeldef}\n\\ICfit{{{body}}}\n\\end{{{env}}}\n")
    raise nodes.SkipNode


# --------------------------------------------------------------------------------
# Tables: column widths from their content


#: Chinese characters and punctuation: a line may break between any two of them
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_WORD = re.compile(rf"[^\s{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


def _longest_word(text: str) -> int:
    """The widest unbreakable piece of ``text``, in Latin character widths (a Chinese
    character is two wide and breaks anywhere)."""
    words = [len(w) for w in _WORD.findall(text)]
    return max([*words, 2 if _CJK_CHAR.search(text) else 0, 1])


#: about how many characters of a table's small type fit in the text width
LINE_CHARS = 90


def column_weights(rows: list[list[str]]) -> list[int]:
    """Relative column widths: each column first gets its longest word (which cannot
    break), then what is left of the line goes to the columns with more text.

    >>> column_weights([["x", "a long description of the symbol x"], ["D_KL(p‖q)", "b"]])
    [12, 78]
    >>> column_weights([["周次", "第一周：熵与交叉熵"], ["1", "2"]])
    [5, 85]
    """
    ncols = max(len(r) for r in rows)
    least, demand = [], []
    for j in range(ncols):
        cells = [r[j] for r in rows if j < len(r)]
        least.append(max(_longest_word(c) for c in cells) + 3)
        mean = sum(len(c) + len(_CJK_CHAR.findall(c)) for c in cells) / max(len(cells), 1)
        demand.append(max(mean - least[-1], 0.0))
    spare = LINE_CHARS - sum(least)
    if spare <= 0 or not sum(demand):
        return least
    return [int(lo + spare * d / sum(demand)) for lo, d in zip(least, demand)]


#: a long code word in a table may break after these characters
_CODE_BREAK = re.compile(r"(?<=[_=,(])(?=.)|(?<=[^.]\.)(?=[^.])")


def breakable_code(entry: nodes.Element) -> None:
    """Let the inline code of a table cell break after ``_ = , ( .``
    (``CategoricalCrossentropy(from_logits=...)`` is wider than its column)."""
    for literal in list(entry.findall(nodes.literal)):
        text = literal.astext()
        pieces = _CODE_BREAK.split(text)
        if len(text) < 12 or len(pieces) < 2 or literal.parent is None:
            continue
        new: list[nodes.Node] = []
        for k, piece in enumerate(pieces):
            if k:
                new.append(nodes.raw("", "\\allowbreak{}", format="latex"))
            part = literal.copy()
            part += nodes.Text(piece)
            new.append(part)
        literal.replace_self(new)


def _cell_text(entry: nodes.Element) -> str:
    """A cell's text as LaTeX may break it (a break point counts as a space)."""
    out = []
    for node in entry.findall(lambda n: isinstance(n, (nodes.Text, nodes.raw))):
        if isinstance(node, nodes.raw):
            out.append(" ")
        elif not isinstance(node.parent, nodes.raw):
            out.append(str(node))
    return "".join(out)


def table_widths(doctree: nodes.document) -> None:
    """Every table gets column widths, so its cells wrap (Sphinx's default for a long
    table, ``l`` columns, never wraps: the glossary ran 890 pt off the page)."""
    for table in doctree.findall(nodes.table):
        for tgroup in table.findall(nodes.tgroup):
            colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
            for entry in list(tgroup.findall(nodes.entry)):
                breakable_code(entry)
            rows = [[_cell_text(e) for e in row.children] for row in tgroup.findall(nodes.row)]
            if not colspecs or not rows:
                continue
            for colspec, weight in zip(colspecs, column_weights(rows)):
                colspec["colwidth"] = weight
        if "colwidths-given" not in table["classes"]:
            table["classes"].append("colwidths-given")


# --------------------------------------------------------------------------------
# Explorers: the figure at the starting values, the numbers, and the web page


def static_explorer(kind: str, config: dict[str, Any]):
    """``(figure, alt text, numbers)`` of an explorer at its starting values."""
    from infocourse import EXAMPLES, widgets
    from infocourse.plotting import new_axes, plot_binary_entropy

    if kind == "entropy":
        view = widgets.binary_entropy_view(config["p"])
        ax = plot_binary_entropy(new_axes(5.5, 3.0), mark=[view.p])
        alt = (
            f"Binary entropy curve with a marker at p = {view.p:.2f}, "
            f"where the entropy is {view.bits:.3f} bits."
        )
        return ax.figure, alt, view.text()
    if kind == "binary":
        view = widgets.binary_cross_view(config["p"], config["q"])
        return widgets.binary_cross_figure(view), widgets.binary_cross_alt(view), view.text()
    if kind == "categorical":
        ex = EXAMPLES[config["example"]]
        view = widgets.categorical_view(list(ex.labels), list(ex.p), list(ex.q))
        return widgets.categorical_figure(view), widgets.categorical_alt(view), view.text()
    if kind == "trainer":
        view = widgets.equivalence_view(
            config["example"], config["objective"], config["lr"], config["steps"]
        )
        return widgets.equivalence_figure(view), widgets.equivalence_alt(view), view.text()
    raise ValueError(f"unknown explorer kind {kind!r}")


def page_url(app, docname: str) -> str:
    base = app.config.course_site_url.rstrip("/") + "/"
    if lang(app.config) == "zh_CN":
        base += "zh/"
    return base + docname + ".html"


def _register_image(app, docname: str, path: Path, alt: str) -> nodes.image:
    rel = os.path.relpath(path, app.srcdir).replace(os.sep, "/")
    node = nodes.image(uri=rel, alt=alt, candidates={"*": rel}, width="80%")
    app.env.dependencies[docname].add(rel)
    app.env.images.add_file(docname, rel)
    return node


def explorers_to_figures(app, doctree: nodes.document) -> None:
    """doctree-read, after ``course_explorers``: placeholders -> figure + text."""
    import matplotlib.pyplot as plt

    docname = app.env.docname
    folder = Path(app.outdir).parent / "figures"
    # course_explorers sets the output's children directly (no parent links): walk the outputs
    raws = [
        (out, j, raw)
        for out in doctree.findall(nodes.container)
        for j, raw in enumerate(out.children)
        if isinstance(raw, nodes.raw) and "data-ic-explorer=" in raw.astext()
    ]
    for i, (out, j, raw) in enumerate(raws):
        text = raw.astext()
        start = text.index('data-ic-explorer="') + len('data-ic-explorer="')
        data = json.loads(html.unescape(text[start : text.index('"', start)]))
        fig, alt, numbers = static_explorer(data["kind"], data["config"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{docname.replace('/', '-')}-explorer-{i}.png"
        fig.savefig(path, dpi=200)
        plt.close(fig)
        url = page_url(app, docname)
        before, after = word(app.config, "explorer").split("{url}")
        note = nodes.paragraph(
            "", "", nodes.Text(before), nodes.reference(url, url, refuri=url), nodes.Text(after)
        )
        box = nodes.container(classes=["ic-explorer-print"])
        box += _register_image(app, docname, path, alt)
        box += nodes.paragraph(numbers, numbers)
        box += note
        out.children[j] = box
        box.parent = out


# --------------------------------------------------------------------------------
# Self-check quizzes as text


class _QuizParser(HTMLParser):
    """Title, and per question: prompt, options, answer, from ``Quiz.html()``."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.questions: list[dict[str, Any]] = []
        self._field: str | None = None
        self._buf: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag in ("style", "script", "button"):
            self._skip += 1
        elif tag == "strong" and not self.title and not self.questions:
            self._start("title")
        elif tag == "fieldset":
            self.questions.append({"prompt": "", "options": [], "answer": ""})
        elif tag == "legend":
            self._start("prompt")
        elif tag == "label" and "icq-opt" in (a.get("class") or ""):
            self._start("option")
        elif tag == "p" and self._field == "details":
            self._start("answer")
        elif tag == "details":
            self._field = "details"
        elif tag == "summary":
            self._skip += 1

    def _start(self, field: str) -> None:
        self._field, self._buf = field, []

    def handle_endtag(self, tag) -> None:
        if tag in ("style", "script", "button", "summary"):
            self._skip -= 1
            return
        text = " ".join("".join(self._buf).split())
        if tag == "strong" and self._field == "title":
            self.title, self._field = text, None
        elif tag == "legend" and self._field == "prompt":
            self.questions[-1]["prompt"], self._field = text, None
        elif tag == "label" and self._field == "option":
            self.questions[-1]["options"].append(text)
            self._field = None
        elif tag == "p" and self._field == "answer":
            self.questions[-1]["answer"], self._field = text, None

    def handle_data(self, data) -> None:
        if not self._skip and self._field in ("title", "prompt", "option", "answer"):
            self._buf.append(data)


def parse_quiz(markup: str) -> tuple[str, list[dict[str, Any]]]:
    parser = _QuizParser()
    parser.feed(markup)
    parser.close()
    if not parser.questions:
        raise ValueError("no questions found in the quiz HTML")
    return parser.title, parser.questions


def quiz_nodes(config, markup: str) -> list[nodes.Node]:
    title, questions = parse_quiz(markup)
    out: list[nodes.Node] = [nodes.rubric(title, title)]
    items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    for q in questions:
        item = nodes.list_item()
        prompt = q["prompt"].split(". ", 1)[-1] if q["prompt"][:1].isdigit() else q["prompt"]
        item += nodes.paragraph(prompt, prompt)
        if q["options"]:
            opts = nodes.enumerated_list(enumtype="loweralpha", prefix="(", suffix=")")
            for option in q["options"]:
                opts += nodes.list_item("", nodes.paragraph(option, option))
            item += opts
        answer = word(config, "answer")
        item += nodes.paragraph("", "", nodes.emphasis(answer, answer), nodes.Text(q["answer"]))
        items += item
    out.append(items)
    return out


def quizzes_and_html(app, doctree: nodes.document) -> None:
    """doctree-read: quizzes as text; warn about outputs with nothing but HTML."""
    for bundle in list(doctree.findall(nodes.container)):
        if bundle.get("nb_element") != "mime_bundle":
            continue
        by_type = {c.get("mime_type"): c for c in bundle.children}
        markup = by_type["text/html"].astext() if "text/html" in by_type else ""
        if 'class="icq"' in markup:
            bundle.replace_self(quiz_nodes(app.config, markup))
        elif set(by_type) == {"text/html"}:
            logger.warning(
                "an output with only HTML, which the PDF cannot show: give it a text/plain "
                "or image alternative",
                location=bundle,
                type="course",
                subtype="pdf",
            )


_NUMBER = re.compile(r"^\d+\.\s+")


def unnumber_title(doctree: nodes.document) -> None:
    """A chapter title "1. Entropy: ..." becomes "Entropy: ...": LaTeX numbers chapters."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not isinstance(section[0], nodes.title):
        return
    title = section[0]
    first = title[0] if title.children else None
    if isinstance(first, nodes.Text) and _NUMBER.match(first.astext()):
        title.replace(first, nodes.Text(_NUMBER.sub("", first.astext(), count=1)))


def join_letter_tables(doctree: nodes.document, section_id: str = "glossary") -> None:
    """The glossary's tables, one per initial letter on the website (each letter in a
    section of its own is laid out only when it comes near the screen), become one table
    on paper: a long table that runs over pages with its header repeated, and no
    contents entry for each letter.  The letter sections must each hold a title and one
    table with the first one's columns; anything else is left as it is."""
    for page in doctree.findall(nodes.section):
        if section_id not in page["ids"]:
            continue
        letters = [c for c in page.children if isinstance(c, nodes.section)]
        shapes = [[type(c) for c in letter.children] for letter in letters]
        if not letters or any(shape != [nodes.title, nodes.table] for shape in shapes):
            return
        tables = [letter[1] for letter in letters]
        heads = [next(e.astext() for e in t.findall(nodes.thead)) for t in tables]
        if any(head != heads[0] for head in heads):
            return
        first_body = next(tables[0].findall(nodes.tbody))
        for table in tables[1:]:
            for row in list(next(table.findall(nodes.tbody)).children):
                first_body.append(row.deepcopy())
        page.replace(letters[0], tables[0])
        for letter in letters[1:]:
            page.remove(letter)
        return


def _doctree_read(app, doctree: nodes.document) -> None:
    if app.builder.name != "latex":
        return
    unnumber_title(doctree)
    explorers_to_figures(app, doctree)
    quizzes_and_html(app, doctree)
    join_letter_tables(doctree)
    table_widths(doctree)


#: sphinx-jupyterbook-latex's class loads bbm (in texlive-fonts-extra, 1 GB) only for
#: blackboard-bold macros (\\RR, ...) that the book does not use: \\mathbb does it
BBM_STY = (
    "\\ProvidesPackage{bbm}[2026/12/03 stand-in: mathbbm as mathbb]\n"
    "\\providecommand\\mathbbm{\\mathbb}\n"
)


def _build_finished(app, exception) -> None:
    if exception is not None:
        return
    if app.builder.name == "latex":
        Path(app.outdir, "bbm.sty").write_text(BBM_STY, encoding="utf-8")
    elif app.builder.format == "html":
        # a PDF built before the site: the front page's link must find it (make pdf
        # copies a PDF built after the site)
        pdf = Path(app.srcdir, "_build", "pdf", pdf_name(app.config) + ".pdf")
        if pdf.is_file():
            Path(app.outdir, "downloads").mkdir(exist_ok=True)
            shutil.copy2(pdf, Path(app.outdir, "downloads", pdf.name))


# --------------------------------------------------------------------------------
# The front page's link to the PDF of its own language


def pdf_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{pdf-edition}`link text```: a link to this language's PDF.  On the website it
    is ``downloads/<name>.pdf`` next to the edition's front page (``make pdf`` copies the
    PDF there); in the PDF itself, the same file's web address."""
    env = inliner.document.settings.env
    file = f"downloads/{pdf_name(env.config)}.pdf"
    if env.app.builder.format == "html":
        uri = posixpath.relpath(file, posixpath.dirname(env.docname) or ".")
    else:
        base = env.config.course_site_url.rstrip("/") + "/"
        uri = base + ("zh/" if lang(env.config) == "zh_CN" else "") + file
    node = nodes.reference(rawtext, text, refuri=uri, classes=["ic-pdf-edition"])
    return [node], []


def setup(app) -> dict[str, Any]:
    app.add_role("pdf-edition", pdf_role)
    app.connect("build-finished", _build_finished)
    app.connect("config-inited", _config, priority=900)  # after sphinx-jupyterbook-latex
    app.connect("doctree-read", _doctree_read, priority=600)  # after course_explorers
    app.add_node(nodes.math_block, override=True, latex=(visit_math_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}

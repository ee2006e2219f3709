"""The Chinese edition: one source, two languages (loaded from _config.yml as ``course_i18n``).

The English site is built at ``_build/html``; ``make zh`` builds the same sources with
``language=zh_CN`` and the catalogues of ``locale/zh_CN/LC_MESSAGES`` into
``_build/html/zh`` (same relative paths).  This extension does what Sphinx and the
themes do not do by themselves:

* **Glue inside translated text.**  Sphinx parses each translated message (msgstr) into
  a fresh mini-document; myst-nb's glue roles look their value up in
  ``document["nb_renderer"]``, which only the notebook's own document has, so a
  ``{glue:text}`key``` in a translated paragraph rendered empty.  Here the roles fall back
  to the glue data myst-nb has just written for the page being read
  (``jupyter_execute/<docname>.glue.json``): the same numbers as the English page.
* **Alt text of figures.**  Sphinx extracts an image's alt text for translation, but
  myst-nb renders no output at all for the ``gettext`` builder, so the figures of the
  notebooks never reached the catalogues.  In gettext builds the image outputs are
  rendered as for HTML (only images: text outputs stay out of the catalogues).
* **Language switcher** in the article header of every page, pointing at the same page
  in the other language, and ``<link rel="alternate" hreflang="en|zh-CN">`` in the head.
* **Chinese chrome**: the site title and the search-box text from the code-literal
  catalogue (``locale/zh_CN/LC_MESSAGES/infocourse.po``, read by ``infocourse.i18n``);
  the theme strings come from Sphinx, pydata-sphinx-theme and sphinx-book-theme, which
  ship zh_CN catalogues.  The system font stack with CJK fallbacks (no web font).

Run as a script, it also keeps the catalogues up to date (``make gettext``)::

    python _ext/course_i18n.py update-code   # code literals -> infocourse.po
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import sys
from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ASSETS = "course"
#: language code of the build -> (BCP 47 tag, subfolder of the site root)
LANGUAGES = {"en": ("en", ""), "zh_CN": ("zh-CN", "zh")}


def is_zh(config) -> bool:
    return (config.language or "en").replace("-", "_") == "zh_CN"


def _tr(text: str) -> str:
    """Site chrome in Chinese (the code-literal catalogue)."""
    from infocourse import i18n

    return i18n.gettext(text, lang="zh_CN")


# --------------------------------------------------------------------------------
# Glue values inside translated messages


def _glue_cache(env, docname: str) -> dict[str, Any]:
    """The glue data myst-nb wrote for ``docname`` (``{}`` if none)."""
    folder = Path(env.mystnb_config.output_folder)
    path = folder.joinpath(*docname.split("/")[:-1], docname.split("/")[-1] + ".glue.json")
    if not path.exists():
        return {}
    key = (str(path), path.stat().st_mtime_ns)
    cache = env.__dict__.setdefault("_course_glue_cache", {})
    if key not in cache:
        cache.clear()
        cache[key] = json.loads(path.read_text(encoding="utf-8"))
    return cache[key]


def _in_translation(document) -> bool:
    """True for the mini-document Sphinx parses a translated message into."""
    env = getattr(document.settings, "env", None)
    return env is not None and "nb_renderer" not in document


def translated_glue_data(document, key: str):
    """The glue value ``key`` of the page being read, for a role in a translated
    message, or ``None``."""
    from myst_nb.core.variables import VariableOutput

    if not _in_translation(document):
        return None
    env = document.settings.env
    data = _glue_cache(env, env.docname).get(key)
    if data is None:
        return None
    return VariableOutput(
        data=data["data"], metadata=data.get("metadata", {}), nb_renderer=None, vtype="glue"
    )


def patch_glue_roles() -> None:
    """Make myst-nb's glue roles work inside translated messages.

    ``{glue:text}`` (the form the chapters use; also ``key:format``) reads the value from
    the page's glue cache at once.  ``{glue:}`` / ``{glue:any}`` and ``{glue:md}``
    need the notebook renderer, which a translated message does not have: they become a
    pending glue reference to the page itself, which myst-nb resolves when it writes the
    page (as for ``other_doc::key``).  ``path::key`` forms are pending references already.
    """
    from myst_nb.core.variables import RetrievalError
    from myst_nb.ext.glue import roles, utils

    if getattr(roles, "_course_i18n_patched", False):
        return
    original = roles.retrieve_glue_data

    def retrieve_glue_data(document, key):
        try:
            return original(document, key)
        except RetrievalError:
            found = translated_glue_data(document, key)
            if found is None:
                raise
            return found

    roles.retrieve_glue_data = retrieve_glue_data

    def pending_self(role_cls):
        run = role_cls.run

        def wrapped(self):
            if _in_translation(self.document) and "::" not in self.text:
                env = self.document.settings.env
                ref = utils.create_pending_glue_ref(
                    self.document,
                    self.source,
                    self.line,
                    "/" + env.doc2path(env.docname, False),
                    self.text.rsplit(":", 1)[0]
                    if role_cls is roles.PasteMarkdownRole
                    else self.text,
                    inline=True,
                )
                return [ref], []
            return run(self)

        role_cls.run = wrapped

    pending_self(roles.PasteRoleAny)
    pending_self(roles.PasteMarkdownRole)
    roles._course_i18n_patched = True


# --------------------------------------------------------------------------------
# Configuration


def _config(app, config) -> None:
    # Figures in the catalogues: myst-nb renders nothing for the gettext builder; its
    # images (whose alt text Sphinx extracts) are rendered as for HTML.
    overrides = list(config.nb_mime_priority_overrides or [])
    for prio, mime in enumerate(["image/svg+xml", "image/png", "image/jpeg", "image/gif"], 1):
        overrides.append(("gettext", mime, prio))
    config.nb_mime_priority_overrides = overrides

    # Paths in the generated conf.py are relative to its folder; the Chinese build keeps
    # its conf.py under _build, so resolve them against the sources.
    def from_sources(name: str) -> str:
        if name and not os.path.isabs(name) and not os.path.exists(os.path.join(app.confdir, name)):
            if os.path.exists(os.path.join(app.srcdir, name)):
                return os.path.join(app.srcdir, name)
        return name

    config.html_favicon = from_sources(config.html_favicon)
    if "bibtex_bibfiles" in config:
        config.bibtex_bibfiles = [from_sources(f) for f in config.bibtex_bibfiles]
    templates = str(HERE / "templates")
    if templates not in config.templates_path:
        # first: its copies of theme components (toggle-primary-sidebar.html ...) win
        config.templates_path = [templates, *config.templates_path]
    options = dict(config.html_theme_options or {})
    if config.html_theme == "sphinx_book_theme":  # the switcher, in the article header
        end = list(options.get("article_header_end") or ["article-header-buttons.html"])
        if "course-language.html" not in end:
            options["article_header_end"] = ["course-language.html", *end]
        # pydata-sphinx-theme puts a search field in its top bar unless the user's options
        # set navbar_persistent (the book theme's theme.conf empties it, but pydata looks at
        # the user's options only): on a wide screen that was a second search field above
        # the sidebar's own, overlapping it.
        options.setdefault("navbar_persistent", [])
    if is_zh(config):
        if config.html_title:
            config.html_title = _tr(config.html_title)
        if options.get("search_bar_text"):
            options["search_bar_text"] = _tr(options["search_bar_text"])
        if config.author:  # the footer's "By ..."
            config.author = _tr(config.author)
        # myst-nb's prompts of a hidden cell ("Show code cell source"), not translatable
        config.nb_code_prompt_show = "显示代码单元内容"
        config.nb_code_prompt_hide = "隐藏代码单元内容"
        config.latex_engine = "xelatex"  # pdflatex cannot typeset Chinese
    config.html_theme_options = options


#: The in-page explorers' words on Chinese pages (read by explorers.js).
EXPLORER_STRINGS = "explorers-zh_CN.js"
NOSCRIPT = (
    "This explorer computes in your browser and needs JavaScript. "
    "In Jupyter, the cell above shows it as ipywidgets."
)
#: The accessible name of the buttons that open hidden code or output: myst-nb writes it
#: into each page (``<summary aria-label=...>``) and sphinx-togglebutton's script into each
#: button it adds, both in English whatever the language of the build.
TOGGLE_LABEL = "Toggle hidden content"


def name_toggles_in_chinese(text: str) -> str:
    """``text`` (a page body or togglebutton.js) with TOGGLE_LABEL's Chinese translation."""
    return text.replace(
        f'aria-label="{TOGGLE_LABEL}"', f'aria-label="{html.escape(_tr(TOGGLE_LABEL))}"'
    )


def explorer_strings(root: Path = ROOT) -> dict[str, str]:
    """English -> Chinese for every message of explorers.js and the examples' names."""
    from infocourse import i18n

    catalogue = i18n.read_po(root / "locale" / "zh_CN" / "LC_MESSAGES" / "infocourse.po")
    wanted = {
        msg
        for msg, files in code_messages(root).items()
        if {"_ext/static/explorers.js", "src/infocourse/examples.py"} & set(files)
    }
    return {msg: catalogue[msg] for msg in sorted(wanted) if msg in catalogue}


def write_explorer_strings(app) -> None:
    out = Path(app.outdir) / "_static" / ASSETS / EXPLORER_STRINGS
    text = (
        "/* The explorers' words in Chinese: generated by _ext/course_i18n.py from\n"
        " * locale/zh_CN/LC_MESSAGES/infocourse.po.  Do not edit. */\n"
        "window.infocourseStrings = "
        + json.dumps(explorer_strings(), ensure_ascii=False, indent=0, sort_keys=True)
        + ";\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")


def translate_placeholders(app, doctree) -> None:
    """doctree-read, after course_explorers: the explorers' no-JavaScript sentence."""
    if not is_zh(app.config):
        return
    from docutils import nodes

    for raw in doctree.findall(nodes.raw):
        text = raw.astext()
        if NOSCRIPT in text:
            raw.children = [nodes.Text(text.replace(NOSCRIPT, html.escape(_tr(NOSCRIPT))))]


def translate_toc_captions(app, doctree) -> None:
    """doctree-read: the parts' captions of the sidebar (``caption:`` in _toc.yml).

    sphinx-external-toc inserts the root page's toctrees after Sphinx has translated the
    page, so their captions, which ``make gettext`` extracts into that page's catalogue,
    stayed English; they are looked up in the same catalogue here, as Sphinx would.
    """
    if not is_zh(app.config):
        return
    from sphinx import addnodes
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    toctrees = [t for t in doctree.findall(addnodes.toctree) if t.get("caption")]
    if not toctrees:
        return
    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    dirs = [os.path.join(app.srcdir, d) for d in app.config.locale_dirs]
    catalog, has_catalog = init_locale(dirs, app.config.language, domain)
    if not has_catalog:
        return
    for toctree in toctrees:
        toctree["caption"] = catalog.gettext(toctree["caption"])


def _builder_inited(app) -> None:
    if app.builder.format == "html" and is_zh(app.config):
        app.add_css_file(f"{ASSETS}/course-zh.css", priority=901)
        write_explorer_strings(app)
        try:  # Sphinx's Chinese search splits words with jieba; quiet its start-up log
            import logging as std_logging

            import jieba

            jieba.setLogLevel(std_logging.WARNING)
        except ImportError:
            logger.warning(
                "jieba is not installed: the Chinese search index splits text into "
                "single characters and bigrams only",
                type="course",
                subtype="i18n",
            )


# --------------------------------------------------------------------------------
# Chinese search


def glossary_terms(root: Path = ROOT) -> list[str]:
    """The Chinese terms of chapters/91_glossary.md (its 中文 column, with the names in
    brackets), e.g. 熵, 交叉熵, KL 散度, 相对熵."""
    import re

    terms: list[str] = []
    for line in (root / "chapters" / "91_glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[1] in ("中文", "") or set(cells[1]) <= set("-: "):
            continue
        for term in re.split(r"[（）()、，,/]", cells[1]):
            term = term.strip()
            if term and re.search(r"[\u4e00-\u9fff]", term):
                terms.append(term)
                terms.extend(t for t in term.split() if re.search(r"[\u4e00-\u9fff]", t))
    return list(dict.fromkeys(terms))


def chinese_search_language():
    """Sphinx's Chinese search, with the course's terms as words (jieba alone cuts 交叉熵
    into 交叉 + 熵) and one-character words kept (Sphinx drops them, and 熵 is one)."""
    from sphinx.search.zh import JIEBA, SearchChinese

    class CourseSearchChinese(SearchChinese):
        def init(self, options) -> None:
            super().init(options)
            if JIEBA:
                import jieba

                for term in glossary_terms():
                    jieba.add_word(term.replace(" ", ""))

        def word_filter(self, stemmed_word: str) -> bool:
            return len(stemmed_word) > 1 or "\u4e00" <= stemmed_word <= "\u9fff"

    return CourseSearchChinese


# --------------------------------------------------------------------------------
# Switcher and hreflang


def twin_links(pagename: str, language: str | None) -> dict[str, str]:
    """BCP 47 tag -> the URL of this page in that language, relative to this page.

    >>> twin_links("chapters/01_entropy", "en")
    {'en': '01_entropy.html', 'zh-CN': '../zh/chapters/01_entropy.html'}
    >>> twin_links("chapters/01_entropy", "zh_CN")
    {'en': '../../chapters/01_entropy.html', 'zh-CN': '01_entropy.html'}
    >>> twin_links("index", "zh_CN")["en"]
    '../index.html'
    """
    here = LANGUAGES.get((language or "en").replace("-", "_"), LANGUAGES["en"])[1]
    page_dir = posixpath.dirname(posixpath.join(here, pagename))
    links = {}
    for tag, folder in LANGUAGES.values():
        target = posixpath.join(folder, pagename + ".html")
        links[tag] = posixpath.relpath(target, page_dir or ".")
    return links


SWITCH_TEXT = {
    # tag of the other language -> (visible text, accessible name)
    "zh-CN": ("中文", "阅读本页的中文版"),
    "en": ("English", "Read this page in English"),
}


def page_context(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    if app.builder.format != "html":
        return
    lang = "zh_CN" if is_zh(app.config) else "en"
    links = twin_links(pagename, lang)
    here_tag = LANGUAGES[lang][0]
    other = next(tag for tag in links if tag != here_tag)
    text, label = SWITCH_TEXT[other]
    context["course_lang"] = {
        "href": links[other],
        "hreflang": other,
        "text": text,
        "label": label,
    }
    # Search engines (and Lighthouse's hreflang audit) need absolute addresses here: the
    # site's public address (course_site_url), or, without one, relative links.
    site_url = app.config.course_site_url
    if site_url:
        site_url = site_url.rstrip("/") + "/"
        hrefs = {
            tag: site_url + posixpath.join(folder, pagename + ".html")
            for tag, folder in LANGUAGES.values()
        }
    else:
        hrefs = links
    alternates = "".join(
        f'\n    <link rel="alternate" hreflang="{tag}" href="{html.escape(href, quote=True)}" />'
        for tag, href in hrefs.items()
    )
    context["metatags"] = (context.get("metatags") or "") + alternates
    if lang == "zh_CN" and context.get("body"):
        context["body"] = name_toggles_in_chinese(context["body"])
    if lang == "zh_CN":
        import course_explorers

        if course_explorers.page_has_explorer(app, pagename):
            # before explorers.js (priority 500), which reads it when it starts
            app.add_js_file(f"{ASSETS}/{EXPLORER_STRINGS}", loading_method="defer", priority=450)


def translate_toggle_script(app, exception) -> None:
    """The Chinese name of sphinx-togglebutton's buttons, in the site's copy of its script."""
    if exception is not None or app.builder.format != "html" or not is_zh(app.config):
        return
    script = Path(app.outdir) / "_static" / "togglebutton.js"
    if script.is_file():
        text = script.read_text(encoding="utf-8")
        script.write_text(name_toggles_in_chinese(text), encoding="utf-8")


def true_backrefs(app, doctree, docname) -> None:
    """Keep a citation's back-links only where they lead to a citation of it.

    A translated paragraph is parsed into a fresh mini-document whose ids start again at
    ``id1``, and sphinxcontrib-bibtex then records its citations' ids as back-links: on a
    Chinese page the bibliography showed "(1, 2, 3)", links to the page's own heading
    among them, where the English page has one link.  Each back-link kept points at a node
    that holds a reference to the citation, once.
    """
    from docutils import nodes

    by_id = {i: n for n in doctree.findall(nodes.Element) for i in n.get("ids", [])}
    for citation in doctree.findall(nodes.citation):
        ids = set(citation["ids"])
        kept: list[str] = []
        for ref in citation["backrefs"]:
            node = by_id.get(ref)  # the citation's own inline node, not a whole section
            links = node.findall(nodes.reference) if isinstance(node, nodes.Inline) else []
            if ref not in kept and any(link.get("refid") in ids for link in links):
                kept.append(ref)
        citation["backrefs"] = kept


def setup(app) -> dict[str, Any]:
    patch_glue_roles()
    app.add_search_language(chinese_search_language())
    app.add_config_value("course_site_url", "", "html", types=[str])
    app.connect("config-inited", _config, priority=100)  # before sphinxcontrib-bibtex
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", translate_toggle_script)
    app.connect("doctree-read", translate_placeholders, priority=600)
    app.connect("doctree-read", translate_toc_captions)
    app.connect("doctree-resolved", true_backrefs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --------------------------------------------------------------------------------
# Command line (make gettext): the code-literal catalogue

#: Calls whose first argument is a message of the code-literal catalogue (Python;
#: explorers.js uses tr too); ``N_`` marks a message that is translated later.
KEYWORDS = {"tr": None, "gettext": None, "N_": None}


def code_messages(root: Path = ROOT) -> dict[str, list[str]]:
    """msgid -> the files it comes from: ``tr("...")`` in the package and in the code
    cells of the chapters, ``tr("...")`` in explorers.js, the examples' titles and
    labels (shown by the explorers), and the site chrome (title, search box)."""
    import ast
    import io

    import nbformat
    import yaml
    from babel.messages.extract import extract

    found: dict[str, list[str]] = {}

    def add(msg, where: str) -> None:
        if isinstance(msg, (tuple, list)):  # tr(name) with a variable: nothing to extract
            msg = msg[0] if msg else None
        if isinstance(msg, str) and msg and where not in found.setdefault(msg, []):
            found[msg].append(where)

    def from_python(source: str, where: str) -> None:
        # The syntax tree, not Babel's tokenizer: that one misses tr('...') inside the
        # {...} of an f-string, as in f"{ljust(tr('outcome'), 10)} ...".
        calls = [
            node
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in KEYWORDS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ]
        for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
            add(node.args[0].value, where)

    for path in sorted((root / "src" / "infocourse").glob("*.py")):
        if path.name != "i18n.py":
            from_python(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
    for path in sorted((root / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                # IPython magics are not Python: leave those lines out
                code = "\n".join(
                    "" if ln.lstrip().startswith(("%", "!")) else ln
                    for ln in cell.source.splitlines()
                )
                from_python(code, path.relative_to(root).as_posix())
    js = root / "_ext" / "static" / "explorers.js"
    for _line, msg, _comments, _context in extract(
        "javascript", io.BytesIO(js.read_bytes()), keywords={"tr": None}
    ):
        add(msg, js.relative_to(root).as_posix())
    sys.path.insert(0, str(root / "src"))
    from infocourse import EXAMPLES

    for example in EXAMPLES.values():
        add(example.title, "src/infocourse/examples.py")
        for label in example.labels:
            add(label, "src/infocourse/examples.py")
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    add(config["title"], "_config.yml")
    add(config["author"], "_config.yml")
    add("Search this book...", "_config.yml")
    add(NOSCRIPT, "_ext/course_explorers.py")
    add(TOGGLE_LABEL, "_ext/course_i18n.py")
    return found


def write_code_pot(target: Path, root: Path = ROOT) -> int:
    """The template of the code-literal catalogue (messages in order of appearance)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="infocourse", domain="infocourse", fuzzy=False)
    for msg, files in code_messages(root).items():
        catalog.add(msg, auto_comments=[", ".join(files)])
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        write_po(f, catalog, width=76, omit_header=False)
    return len(catalog)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "extract-code":
        n = write_code_pot(Path(argv[1]))
        print(f"{argv[1]}: {n} code literals")
        return 0
    print("usage: course_i18n.py extract-code TARGET.pot", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))

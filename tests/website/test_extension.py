"""The site's Sphinx extension (_ext/) and tools/mark_explorers.py, without a browser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from .conftest import ROOT, SITE

sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))

import course_explorers
import course_html
import course_katex
import mark_explorers

FA = ROOT / "node_modules" / "@fortawesome" / "fontawesome-free"


def test_macros_come_from_the_mathjax_config():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    macros = course_katex.katex_macros(config["sphinx"]["config"]["mathjax3_config"])
    assert macros == {
        "\\KL": "D_{\\mathrm{KL}}\\left(#1 \\,\\|\\, #2\\right)",
        "\\JS": "D_{\\mathrm{JS}}\\left(#1 \\,\\|\\, #2\\right)",
        "\\E": "\\mathbb{E}",
    }
    with pytest.raises(ValueError, match="must be a string"):
        course_katex.katex_macros({"tex": {"macros": {"X": [3, 1]}}})


def test_katex_renders_the_macros_and_reports_errors():
    k = course_katex.Katex(ROOT / "node_modules" / "katex", {"\\KL": "D(#1 \\| #2)"})
    try:
        out = k.render("\\KL{P}{Q}", display=False)
        assert "katex-mathml" in out["html"] and "katex-html" in out["html"]
        assert "\\KL{P}{Q}" in out["html"]  # the source, kept in the MathML annotation
        assert "error" in k.render("\\frac{1}{", display=True)
    finally:
        k.close()


def test_display_tex_groups_like_sphinx():
    assert course_katex.display_tex("a = b", nowrap=False) == "a = b"
    assert (
        course_katex.display_tex("a \\\\ b", nowrap=False) == "\\begin{split}a \\\\ b\\end{split}"
    )
    two = course_katex.display_tex("a\n\nb", nowrap=False)
    assert two == "\\begin{aligned}a\\\\b\\end{aligned}"
    assert course_katex.display_tex("\\begin{align}x\\end{align}", nowrap=True).startswith(
        "\\begin{align}"
    )


def test_katex_css_points_at_the_subset_woff_fonts():
    css = (ROOT / "node_modules/katex/dist/katex-swap.min.css").read_text(encoding="utf-8")
    out = course_katex.katex_css(css)
    assert "woff2" not in out and ".ttf" not in out
    assert 'url(fonts/KaTeX_Main-Regular.woff) format("woff")' in out


def test_katex_usage_sees_the_drawn_characters_and_fonts():
    page = (
        '<p><span class="katex"><span class="katex-mathml"><math>zz</math></span>'
        '<span class="katex-html" aria-hidden="true"><span class="mord mathnormal">P</span>'
        '<span class="mord mathbb">E</span></span></span></p>'
    )
    chars, fonts = course_katex.katex_usage(page)
    assert chars == {"P", "E"}  # not the MathML copy's "z"
    assert fonts == {"Main-Regular", "Math-Italic", "AMS-Regular"}
    assert course_katex.katex_usage("<p>no math</p>") == (set(), set())


def test_explorer_call_binds_the_package_defaults():
    assert course_explorers.explorer_call(
        "from infocourse.widgets import categorical_explorer\ncategorical_explorer()"
    ) == ("categorical", {"example": "weather"})
    assert course_explorers.explorer_call("equivalence_trainer('click', lr=1.0)") == (
        "trainer",
        {"example": "click", "objective": "cross_entropy", "lr": 1.0, "steps": 30},
    )
    assert course_explorers.explorer_call("print(1)") is None
    data = json.loads(
        course_explorers.placeholder("categorical", {"example": "spam"})
        .split('data-ic-explorer="')[1]
        .split('"><p')[0]
        .replace("&quot;", '"')
    )
    assert [e["key"] for e in data["examples"]] == ["weather", "spam", "vehicles", "click", "fruit"]


def test_mark_path_classes_the_explorers_ancestors_only():
    from docutils import nodes

    doc = nodes.document(None, None)
    outer, inner = nodes.section(), nodes.section()
    box, cell, other = nodes.container(), nodes.container(), nodes.paragraph()
    doc += outer
    outer += inner
    inner += [other, box]
    box += cell
    course_explorers.mark_path(cell)
    course_explorers.mark_path(cell)  # idempotent
    assert outer["classes"] == inner["classes"] == ["ic-explorer-section"]
    assert box["classes"] == cell["classes"] == ["ic-explorer-path"]
    assert other["classes"] == [] and doc.get("classes", []) == []


def test_settle_theme_state_writes_what_the_theme_scripts_would():
    page = (
        "<script>" + course_html._THEME_LINE + "</script>"
        '<header class="bd-header navbar"><div class="bd-footer-x">'
        '<div class="bd-sidebar-primary bd-sidebar noprint"><p class="bd-header">'
    )
    out = course_html.settle_theme_state(page)
    assert course_html._THEME_LINE not in out and course_html._THEME_RESOLVED in out
    assert '<header class="bd-header navbar noprint">' in out
    assert '<div class="bd-footer-x">' in out  # not one of the theme's containers
    assert out.count("noprint") == 3  # the one already there is not doubled
    assert course_html.settle_theme_state(out) == out


def test_course_css_has_no_has_selector():
    """A :has() rule made the browser restyle hundreds of elements after each chunk the
    parser added (course.css, "speed"); the build classes what it would find."""
    import re

    css = re.sub(r"/\*.*?\*/", "", (ROOT / "_ext" / "css" / "course.css").read_text(), flags=re.S)
    assert ":has(" not in css


def test_icons_become_inline_svg():
    html = '<button><i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light"></i></button>'
    out = course_html.inline_icons(html, FA, {})
    assert out.startswith('<button><svg class="theme-switch fa-solid fa-sun fa-lg svg-inline--fa"')
    assert 'data-mode="light"' in out and 'aria-hidden="true"' in out and "<path" in out
    with pytest.raises(course_html.MissingIcon):
        course_html.inline_icons('<i class="fa-solid fa-no-such-icon"></i>', FA, {})


def test_scripts_are_deferred_or_dropped():
    page = (
        '<head><script src="_static/documentation_options.js?v=1"></script>\n'
        '<script src="_static/doctools.js?v=2"></script>\n'
        '<script defer src="_static/scripts/fontawesome.js?digest=x"></script>\n'
        '<script src="_static/searchtools.js"></script>\n'
        '<script>DOCUMENTATION_OPTIONS.pagename = "x";</script>\n'
        '<script type="text/x-thebe-config">{}</script></head>'
    )
    out = course_html.trim_scripts(
        page, search_page=False, options_js="const DOCUMENTATION_OPTIONS = {};", thebe=False
    )
    assert "fontawesome" not in out and "searchtools" not in out and "thebe" not in out
    assert '<script defer src="_static/doctools.js?v=2">' in out
    assert "<script>const DOCUMENTATION_OPTIONS = {};</script>" in out
    assert course_html.trim_scripts(out, search_page=False, options_js="", thebe=False) == out
    kept = course_html.trim_scripts(page, search_page=True, options_js="", thebe=False)
    assert '<script defer src="_static/searchtools.js">' in kept


def test_dedupe_scripts_keeps_the_first():
    head = "<head>\n<script>const A = 1;</script>\n<script>const A = 1;</script>\n</head><b>"
    assert course_html.dedupe_scripts(head).count("const A") == 1


def test_icon_codepoints_ignore_font_awesomes_own_classes(tmp_path):
    theme = tmp_path / "pydata-sphinx-theme.css"
    theme.write_text('.fa-x:before{content:"\uf001"}:root{--pst-icon-bell:"\uf0f3"}', "utf-8")
    other = tmp_path / "other.css"
    other.write_text('.a:after{content:"\\f107"}', "utf-8")
    sys.path.insert(0, str(ROOT / "_ext"))
    import course_site

    assert course_site.icon_codepoints([theme, other]) == {0xF0F3, 0xF107}


def test_description():
    import course_site

    assert course_site.description(None, "Title", "Course") == "Title - Course"
    long = course_site.description(None, "T" * 250, "C")
    assert len(long) <= 200 and long.endswith("…")


def test_purge_keeps_only_rules_a_page_or_script_can_match():
    import course_css

    used = course_css.Used.of(
        ['<div class="a b" id="top"><p>text</p></div>'], ['el.classList.add("shown")']
    )
    css = (
        ":root{--x:1}.a{color:red}.gone{color:blue}.a,.gone{margin:0}p.b{x:1}"
        ".a:not(.gone) p{y:1}#top{z:1}#nope{z:2}table{w:1}.shown{v:1}"
        '.x\\:y{u:1}[data-theme="dark"] .b{t:1}'
        "@media (max-width: 10px){.gone{a:1}.b{a:2}}@media print{.gone{a:3}}"
        "@font-face{font-family:F;src:url(f.woff)}@keyframes k{from{opacity:0}}"
    )
    out = course_css.purge(css, used)
    for kept in (
        ":root{",
        ".a{color:red}",
        ".a{margin:0}",
        "p.b{",
        ".a:not(.gone) p{",
        "#top{",
        ".shown{",
        ".x\\:y{",
        '[data-theme="dark"] .b{',
        ".b{a:2}",
        "@font-face",
        "@keyframes k",
    ):
        assert kept in out, kept
    for dropped in (".gone{", ",.gone", "#nope", "table{", "@media print"):
        assert dropped not in out, dropped


@pytest.mark.skipif(not (SITE / "intro.html").exists(), reason="no built site")
def test_built_pages_have_one_stylesheet_and_a_description():
    for page in ["intro.html", "chapters/02_cross_entropy.html", "search.html"]:
        text = (SITE / page).read_text(encoding="utf-8")
        head = text[: text.find("</head>")]
        assert head.count('rel="stylesheet"') == 1, page
        assert '<meta name="description" content="' in head, page
        assert "fontawesome.js" not in text and "embed-amd" not in text, page


# ------------------------------------------------------------- mark_explorers


def _notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("text"),
        nbformat.v4.new_code_cell(
            "from infocourse.widgets import binary_cross_explorer\nbinary_cross_explorer()"
        ),
        nbformat.v4.new_code_cell("print(1)", metadata={"infocourse": {"explorer": "binary"}}),
        nbformat.v4.new_code_cell("x = 1", metadata={"infocourse": {"exercise": "ex-1"}}),
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return path


def test_mark_explorers_is_idempotent_and_metadata_only(tmp_path):
    path = _notebook(tmp_path)
    script = [sys.executable, str(ROOT / "tools" / "mark_explorers.py")]
    check = subprocess.run([*script, "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 1 and "need marking" in check.stdout
    before = nbformat.read(path, as_version=4)
    assert subprocess.run([*script, str(path)], capture_output=True).returncode == 0
    after = nbformat.read(path, as_version=4)
    assert after.cells[1].metadata["infocourse"] == {"explorer": "binary"}
    assert "infocourse" not in after.cells[2].metadata  # a stale marker goes
    assert after.cells[3].metadata == {"infocourse": {"exercise": "ex-1"}}  # others untouched
    assert [c.source for c in after.cells] == [c.source for c in before.cells]
    again = path.read_text(encoding="utf-8")
    assert subprocess.run([*script, str(path)], capture_output=True).returncode == 0
    assert path.read_text(encoding="utf-8") == again
    assert subprocess.run([*script, "--check", str(path)], capture_output=True).returncode == 0


def test_the_chapters_are_marked():
    assert mark_explorers.main(["--check"]) == 0

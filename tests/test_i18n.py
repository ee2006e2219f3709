"""The Chinese edition (issue 15): catalogues, page twins, numbers, and the pipeline.

* Coverage: every catalogue of locale/zh_CN/LC_MESSAGES has every message translated,
  none fuzzy (``msgfmt --statistics``, the header entry aside); one test per catalogue,
  whose failure lists what is missing.  ``make zh-check`` runs these.
* Twins: every page of the English site has a Chinese twin (same relative path under
  _build/html/zh), every source page a catalogue, and the code-literal catalogue holds
  every message the code asks for (``make gettext`` has been run).
* Numbers: each English/Chinese page pair shows the same multiset of numbers (article
  text and image alt text; the language switcher and the theme's chrome are outside the
  article), so no computed number was lost, retyped or changed by the translation.
* The pipeline itself: glue values inside translated paragraphs and translated alt text
  (a small Sphinx project built in a temporary folder), the language switcher and the
  hreflang links, the package's lookups, Chinese search (jieba).

The tests on built pages need `make book` and `make zh`; they are skipped without a
Chinese site, except where IC_REQUIRE_ZH=1 (the Chinese block of .ci/run).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from infocourse import i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale" / "zh_CN" / "LC_MESSAGES"
SITE = ROOT / "_build" / "html"
ZH_SITE = SITE / "zh"
REQUIRED = os.environ.get("IC_REQUIRE_ZH") == "1"
CATALOGUES = sorted(p.relative_to(LOCALE).as_posix() for p in LOCALE.rglob("*.po"))
SKIP_DIRS = {"_static", "_sources", "_images", "jupyter_execute", "_sphinx_design_static", "zh"}


def _need_sites() -> None:
    missing = [str(p) for p in (SITE / "intro.html", ZH_SITE / "intro.html") if not p.exists()]
    if missing:
        reason = f"no built site ({', '.join(missing)}): run `make book` and `make zh`"
        if REQUIRED:
            pytest.fail(reason + " (IC_REQUIRE_ZH=1)")
        pytest.skip(reason)


def english_pages() -> list[str]:
    if not SITE.exists():
        return []
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if p.relative_to(SITE).parts[0] not in SKIP_DIRS
    )


# ------------------------------------------------------------------- coverage


def _entries(path: Path):
    from babel.messages import pofile

    with path.open("rb") as f:
        return [m for m in pofile.read_po(f) if m.id]


def coverage_problems(path: Path) -> list[str]:
    """What a catalogue still lacks: ``msgfmt --statistics`` and the messages themselves."""
    problems = []
    if shutil.which("msgfmt"):
        stats = subprocess.run(
            ["msgfmt", "--statistics", "--check-format", "-o", os.devnull, str(path)],
            capture_output=True,
            text=True,
        )
        line = (stats.stderr or stats.stdout).strip()
        if stats.returncode or "untranslated" in line or "fuzzy" in line:
            problems.append(f"msgfmt: {line}")
    entries = _entries(path)
    fuzzy = [m.id for m in entries if m.fuzzy]
    empty = [m.id for m in entries if not m.string]
    for kind, ids in (("fuzzy", fuzzy), ("untranslated", empty)):
        if ids:
            shown = "; ".join(repr(str(i)[:70]) for i in ids[:5])
            problems.append(
                f"{len(ids)} of {len(entries)} {kind}: {shown}" + (" ..." if len(ids) > 5 else "")
            )
    return problems


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_catalogue_coverage(catalogue: str):
    """Every message translated, none fuzzy (after `make gettext`, new or changed English
    text shows up here as untranslated or fuzzy, catalogue by catalogue)."""
    problems = coverage_problems(LOCALE / catalogue)
    if problems:
        pytest.fail(
            f"locale/zh_CN/LC_MESSAGES/{catalogue}:\n  " + "\n  ".join(problems), pytrace=False
        )


def test_every_source_page_has_a_catalogue():
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]

    def walk(node):
        for key in ("chapters", "sections", "parts"):
            for child in node.get(key, []) or []:
                if "file" in child:
                    docs.append(child["file"])
                walk(child)

    walk(toc)
    missing = [d for d in docs if not (LOCALE / f"{Path(d).with_suffix('')}.po").exists()]
    assert not missing, f"pages without a catalogue (run `make gettext`): {missing}"


def test_code_catalogue_is_current():
    """Every message the code asks for (tr() in the package, the chapters and the
    explorers, the examples' names, the site chrome) is in infocourse.po."""
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import course_i18n
    finally:
        sys.path.pop(0)
    wanted = set(course_i18n.code_messages())
    have = {m.id for m in _entries(LOCALE / "infocourse.po")}
    missing = sorted(wanted - have)
    assert not missing, f"not in infocourse.po (run `make gettext`): {missing[:10]}"


# ------------------------------------------------------------------- twins


def test_every_english_page_has_a_chinese_twin():
    _need_sites()
    missing = [p for p in english_pages() if not (ZH_SITE / p).is_file()]
    assert not missing, f"English pages without a Chinese twin in _build/html/zh: {missing}"


def test_switcher_and_hreflang_on_every_page():
    _need_sites()
    for page in english_pages():
        for site, tag, other in ((SITE, "en", "zh-CN"), (ZH_SITE, "zh-CN", "en")):
            text = (site / page).read_text(encoding="utf-8")
            if 'http-equiv="Refresh"' in text or 'http-equiv="refresh"' in text:
                continue  # a redirect page
            assert f'<html lang="{tag}"' in text, (site, page)
            m = re.search(r'<a class="[^"]*course-lang-switch[^"]*" href="([^"]+)"', text)
            assert m, f"{site / page}: no language switcher"
            target = (site / page).parent / m.group(1)
            assert target.resolve() == ((ZH_SITE if tag == "en" else SITE) / page).resolve()
            for t in ("en", "zh-CN"):
                assert f'rel="alternate" hreflang="{t}"' in text, (site, page, t)
            assert f'hreflang="{other}" lang="{other}"' in text


def test_hidden_content_buttons_are_named_in_chinese():
    """myst-nb's <summary> and sphinx-togglebutton's buttons: their accessible name (read
    by screen readers) is the Chinese one on the Chinese site, the English one on the other."""
    _need_sites()
    english, chinese = 'aria-label="Toggle hidden content"', 'aria-label="显示或隐藏内容"'
    for site, present, absent in ((SITE, english, chinese), (ZH_SITE, chinese, english)):
        script = (site / "_static" / "togglebutton.js").read_text(encoding="utf-8")
        assert present in script and absent not in script, site
        pages = [(site / p).read_text(encoding="utf-8") for p in english_pages()]
        assert not [p for p, text in zip(english_pages(), pages) if absent in text], site
        assert any(present in text for text in pages), f"{site}: no hidden cell left to check"


# ------------------------------------------------------------------- numbers

NUMBER = re.compile(r"\d+(?:\.\d+)?")


class _ArticleText(HTMLParser):
    """The text of <article> (the page's own content) and the alt text of its images,
    without scripts, styles and the MathML copy of each formula (KaTeX's HTML rendering
    holds the same numbers, so each formula counts once)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <article>
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if self.skip or tag in ("script", "style") or "katex-mathml" in (a.get("class") or ""):
            self.skip += 1
        elif tag == "img" and a.get("alt"):
            self.parts.append(a["alt"])

    def handle_startendtag(self, tag, attrs):
        if self.depth and not self.skip and tag == "img" and dict(attrs).get("alt"):
            self.parts.append(dict(attrs)["alt"])

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
        elif tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def page_numbers(path: Path) -> Counter:
    parser = _ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return Counter(NUMBER.findall(" ".join(parser.parts)))


def number_differences(page: str) -> str:
    en, zh = page_numbers(SITE / page), page_numbers(ZH_SITE / page)
    lost, extra = en - zh, zh - en
    if not lost and not extra:
        return ""
    return f"{page}: only in English {dict(lost)}; only in Chinese {dict(extra)}"


@pytest.mark.parametrize("page", english_pages() or ["intro.html"])
def test_same_numbers_in_both_editions(page: str):
    _need_sites()
    if not (ZH_SITE / page).exists():
        pytest.fail(f"no Chinese twin of {page}")
    problem = number_differences(page)
    assert not problem, problem


def test_number_counter_sees_numbers():
    """The comparison is not empty: chapter 1 shows many numbers, in both editions."""
    _need_sites()
    en = page_numbers(SITE / "chapters" / "01_entropy.html")
    assert sum(en.values()) > 100 and en["0.5"] > 0


def test_number_counter_ignores_chrome_and_counts_mismatch(tmp_path):
    def page(body: str, chrome: str = "") -> Path:
        p = tmp_path / f"p{len(list(tmp_path.iterdir()))}.html"
        p.write_text(
            f"<html><body><nav>{chrome}</nav><article><p>{body}</p>"
            '<img alt="at about 0.47 bits" src="x.png"/>'
            '<span class="katex"><span class="katex-mathml">1</span>'
            '<span class="katex-html">1</span></span></article></body></html>',
            encoding="utf-8",
        )
        return p

    a = page_numbers(page("H = 0.6931 nats, 2 bits", chrome="第 3 章"))
    b = page_numbers(page("H = 0.6931 奈特，2 比特"))
    assert a == b == Counter({"0.6931": 1, "2": 1, "0.47": 1, "1": 1})
    assert page_numbers(page("H = 0.693 奈特，2 比特")) != a


# ------------------------------------------------------------------- the pipeline

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()


def _mini_project(tmp_path: Path) -> Path:
    """A notebook with a glued value and a figure with alt text, and its catalogue."""
    src = tmp_path / "src"
    src.mkdir()
    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "# Title\n\nThe value is "
                "{glue:text}`answer` bits, or {glue:text}`ratio:.2f` as a ratio.",
            },
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {},
                "source": "glue()",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {"application/papermill.record/text/plain": "'0.4690'"},
                        "metadata": {
                            "scrapbook": {
                                "name": "answer",
                                "mime_prefix": "application/papermill.record/",
                            }
                        },
                    },
                    {
                        "output_type": "display_data",
                        "data": {"application/papermill.record/text/plain": "0.123456"},
                        "metadata": {
                            "scrapbook": {
                                "name": "ratio",
                                "mime_prefix": "application/papermill.record/",
                            }
                        },
                    },
                ],
            },
            {
                "cell_type": "code",
                "execution_count": 2,
                "metadata": {"mystnb": {"image": {"alt": "A curve at about 0.47 bits."}}},
                "source": "plot()",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {"image/png": PNG, "text/plain": "<Figure>"},
                        "metadata": {},
                    }
                ],
            },
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (src / "page.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n```{toctree}\npage\n```\n", encoding="utf-8")
    (src / "conf.py").write_text(
        "extensions = ['myst_nb', 'course_i18n']\n"
        "nb_execution_mode = 'off'\n"
        "exclude_patterns = ['_build', 'locale']\n"
        "locale_dirs = ['locale']\n"
        "gettext_compact = False\n",
        encoding="utf-8",
    )
    return src


def _sphinx(src: Path, out: Path, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "_ext"))
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", *args, str(src), str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=src,
    )
    assert run.returncode == 0, run.stderr
    return run.stderr


def test_glue_and_alt_text_in_translated_pages(tmp_path):
    from babel.messages import pofile

    src = _mini_project(tmp_path)
    _sphinx(src, tmp_path / "pot", "-b", "gettext")
    with (tmp_path / "pot" / "page.pot").open("rb") as f:
        template = pofile.read_po(f)
    ids = {m.id for m in template if m.id}
    paragraph = "The value is {glue:text}`answer` bits, or {glue:text}`ratio:.2f` as a ratio."
    assert paragraph in ids
    assert "A curve at about 0.47 bits." in ids  # the figure's alt text reaches the catalogue
    zh = {
        "Title": "标题",
        paragraph: "数值为 {glue:text}`answer` 比特，比值为 {glue:text}`ratio:.2f`。",
        "A curve at about 0.47 bits.": "一条曲线，约 0.47 比特。",
    }
    for m in template:
        if m.id:
            m.string = zh[m.id]
    (src / "locale" / "zh_CN" / "LC_MESSAGES").mkdir(parents=True)
    with (src / "locale" / "zh_CN" / "LC_MESSAGES" / "page.po").open("wb") as f:
        pofile.write_po(f, template)
    warnings = _sphinx(src, tmp_path / "html", "-b", "html", "-D", "language=zh_CN")
    assert "glue" not in warnings, warnings
    html = (tmp_path / "html" / "page.html").read_text(encoding="utf-8")
    assert '数值为 <span class="pasted-text">0.4690</span> 比特' in html
    assert '比值为 <span class="pasted-text">0.12</span>' in html
    assert 'alt="一条曲线，约 0.47 比特。"' in html
    assert '<html lang="zh-CN"' in html
    assert '<link rel="alternate" hreflang="en" href="../page.html" />' in html


def test_twin_links():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        from course_i18n import twin_links
    finally:
        sys.path.pop(0)
    assert twin_links("chapters/01_entropy", "en") == {
        "en": "01_entropy.html",
        "zh-CN": "../zh/chapters/01_entropy.html",
    }
    assert twin_links("intro", "zh_CN") == {"en": "../intro.html", "zh-CN": "intro.html"}


def test_chinese_search_index_uses_jieba():
    """Sphinx's Chinese splitter (jieba, with the glossary's terms as words and one-character
    words kept): 熵 and 交叉熵 are search terms of the chapters that teach them."""
    _need_sites()
    text = (ZH_SITE / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docs = index["docnames"]

    def pages(term: str) -> set[str]:
        found: set[int] = set()
        for kind in ("terms", "titleterms"):
            hit = index[kind].get(term, [])
            found |= set(hit if isinstance(hit, list) else [hit])
        return {docs[i] for i in found}

    assert "chapters/01_entropy" in pages("熵")
    assert "chapters/02_cross_entropy" in pages("交叉熵")
    assert "chapters/03_kl_divergence" in pages("散度")


# ------------------------------------------------------------------- the package


def test_english_is_the_source(monkeypatch):
    monkeypatch.delenv("INFOCOURSE_LANG", raising=False)
    i18n.set_language(None)
    assert i18n.get_language() == "en"
    assert i18n.tr("probability") == "probability"
    assert i18n.tr(["sunny", "rain"]) == ["sunny", "rain"]


def test_chinese_lookups(monkeypatch):
    monkeypatch.setenv("INFOCOURSE_LANG", "zh_CN")
    i18n.set_language(None)
    assert i18n.get_language() == "zh_CN"
    assert i18n.tr("probability") == "概率"
    assert i18n.tr(("sunny", "rain")) == ("晴", "雨")
    assert i18n.tr("not a message of the catalogue") == "not a message of the catalogue"
    assert i18n.gettext("probability", lang="en") == "probability"
    i18n.set_language("en")
    assert i18n.tr("probability") == "probability"
    i18n.set_language(None)


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="lang: unknown language 'xx'"):
        i18n.set_language("xx")


def test_join_and():
    assert i18n.join_and(["0.25", "0.5", "1"], lang="en") == "0.25, 0.5 and 1"
    assert i18n.join_and(("98", "100"), lang="en") == "98 and 100"
    assert i18n.join_and(["0.25", "0.5", "1"], lang="zh_CN") == "0.25、0.5 和 1"
    assert i18n.join_and(["7"], lang="zh_CN") == "7"
    with pytest.raises(ValueError, match="items: expected at least one item, got none"):
        i18n.join_and([])


def test_width_aware_padding():
    assert i18n.width("熵 H") == 4
    assert i18n.ljust("fair coin", 12) == f"{'fair coin':<12}"
    assert i18n.rjust("H (bits)", 10) == f"{'H (bits)':>10}"
    assert i18n.ljust("均匀硬币", 10) == "均匀硬币  "
    assert i18n.rjust("长长长长长长", 4) == "长长长长长长"  # never cut


def test_read_po_skips_fuzzy_untranslated_and_header(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr "Language: zh_CN\\n"\n\n'
        'msgid "a"\nmsgstr "甲"\n\n'
        '#, fuzzy\nmsgid "b"\nmsgstr "乙"\n\n'
        'msgid "c"\nmsgstr ""\n\n'
        'msgid ""\n"long "\n"one"\nmsgstr ""\n"长"\n"的"\n\n'
        '#~ msgid "old"\n#~ msgstr "旧"\n',
        encoding="utf-8",
    )
    assert i18n.read_po(po) == {"a": "甲", "long one": "长的"}


def test_matplotlib_fonts_for_chinese(monkeypatch):
    import matplotlib

    saved = list(matplotlib.rcParams["font.family"])
    try:
        monkeypatch.setenv("INFOCOURSE_LANG", "en")
        i18n.set_language(None)
        i18n.configure_matplotlib()
        assert list(matplotlib.rcParams["font.family"]) == saved
        i18n.set_language("zh_CN")
        i18n.configure_matplotlib()
        assert matplotlib.rcParams["font.family"][0] == "DejaVu Sans"
    finally:
        matplotlib.rcParams["font.family"] = saved
        i18n.set_language(None)


@pytest.mark.skipif(
    subprocess.run(["fc-list"], capture_output=True, text=True).stdout.find("Noto Sans CJK") < 0
    if shutil.which("fc-list")
    else True,
    reason="fonts-noto-cjk is not installed (make zh installs it)",
)
def test_chinese_figure_text_has_every_glyph(recwarn):
    """A figure with Chinese labels draws every character: no "Glyph missing" warning."""
    import matplotlib

    matplotlib.use("Agg")
    from infocourse.plotting import plot_binary_entropy

    i18n.set_language("zh_CN")
    try:
        ax = plot_binary_entropy(mark=[0.1])
        ax.figure.canvas.draw()
        assert "正面朝上的概率" in ax.get_xlabel()
        missing = [str(w.message) for w in recwarn if "Glyph" in str(w.message)]
        assert not missing, missing
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
        matplotlib.rcParams["font.family"] = ["sans-serif"]
        i18n.set_language(None)

"""The built website, page by page, in a real browser (Debian's chromium).

Every page must load with no console error and no request leaving 127.0.0.1, with its
math rendered (at build time, by KaTeX), loaded images with alt text, its glued numbers,
its in-page explorers built, no widget manager, require.js, MathJax or fontawesome.js,
no serious or critical axe-core violation (at 1280 px and at 390 px), and working
internal links.  A full-page screenshot of each page is saved under _build/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT, SITE
from .pages import EDITION, PREFIX, broken_links, chapter_pages, page_weight, site_pages

PAGES = site_pages(SITE) if SITE.exists() else [PREFIX + "intro.html"]
#: A word the search must find, in the edition's language (Sphinx splits Chinese with jieba).
SEARCH_WORD = {"en": "entropy", "zh": "交叉熵"}[EDITION]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# What a page loads before any scrolling, gzip-compressed (HTML, stylesheets, scripts,
# preloaded fonts; figures load lazily): the Lighthouse budgets of issue 11.
TEXT_BUDGET, EXPLORER_BUDGET = 350_000, 500_000
FORBIDDEN_SCRIPTS = ("embed-amd", "require.js", "mathjax", "fontawesome", "thebe")
RAW_MATH = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|(?<![\w$])\$[^$\s][^$]*\$(?![\w$])")


def _guarded_page(browser, allowed: tuple[str, ...], width: int = 1280):
    """A new page that blocks and records every request not starting with ``allowed``,
    and records console errors, page errors and HTTP errors."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    external: list[str] = []
    failed: list[str] = []
    errors: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith((*allowed, "data:", "blob:")):
            r.continue_()
        else:
            external.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return context, page, errors, external, failed


def _open(browser, server: str, page_path: str, width: int = 1280):
    """Load a page from the test server, recording errors and external requests."""
    context, page, errors, external, failed = _guarded_page(browser, (server,), width)
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    page.evaluate("() => document.fonts.ready")
    return context, page, errors, external, failed


def _render_everything(page) -> None:
    """Lay out the sections below the screen and the blocks of an explorer's section
    (content-visibility: auto), as they are once a reader scrolls to them, load every
    lazy image, and let course.js mark the wide formulas that scroll (a ResizeObserver,
    one frame later)."""
    page.add_style_tag(content="section, section > * { content-visibility: visible !important; }")
    page.evaluate(
        "() => document.querySelectorAll('img[loading=lazy]')"
        ".forEach(i => { i.loading = 'eager'; })"
    )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_load_state("networkidle")


_AXE_EVERYTHING = "[[document, {resultTypes: ['violations']}]]"
# Every rule, except that colour contrast, which does not depend on the width and is most
# of axe's time on a chapter (every KaTeX glyph is an element), is checked outside the
# article only: the header, sidebars and buttons that only the phone layout shows.
_AXE_CONTRAST_OUTSIDE_ARTICLE = """[
  [document, {resultTypes: ['violations'], rules: {'color-contrast': {enabled: false}}}],
  [{exclude: [['article']]},
   {resultTypes: ['violations'], runOnly: {type: 'rule', values: ['color-contrast']}}]]"""


def _axe(page, *, contrast_in_article: bool = True) -> list[str]:
    """Serious and critical axe-core violations of the page as drawn now.  Contrast inside
    the article is checked once per page (at 1280 px, by test_page)."""
    page.add_script_tag(path=str(AXE))
    runs = _AXE_EVERYTHING if contrast_in_article else _AXE_CONTRAST_OUTSIDE_ARTICLE
    violations = page.evaluate(
        f"async () => {{ const out = []; for (const [ctx, opts] of {runs}) "
        "out.push(...(await axe.run(ctx, opts)).violations); return out; }"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("page_path", PAGES)
def test_page(browser, server, screenshots: Path, page_path: str):
    context, page, errors, external, failed = _open(browser, server, page_path)
    try:
        assert external == [], f"requests leaving the site: {external}"
        assert failed == [], f"failed requests: {failed}"
        assert errors == [], f"console errors: {errors}"

        # Math: rendered at build time, no raw TeX left in the prose, no KaTeX error.
        if page.locator("span.math, div.math").count():
            assert page.locator(".katex .katex-html").count() > 0, "math was not rendered"
            assert page.locator(".katex .katex-mathml math").count() > 0, "no MathML copy"
        assert page.locator(".katex-error").count() == 0, "a formula KaTeX could not render"
        prose = page.evaluate(
            """() => Array.from(document.querySelectorAll('article p, article li, article td'))
                  .filter(e => !e.closest('pre, code, .cell_output, .output, .katex'))
                  .map(e => e.innerText).join('\\n')"""
        )
        raw = RAW_MATH.findall(prose)
        assert not raw, f"untypeset math in the text: {raw[:5]}"

        # No widget manager, require.js, MathJax or fontawesome.js; every script deferred.
        scripts = page.evaluate(
            """() => Array.from(document.scripts).map(s => ({src: s.getAttribute('src') || '',
                   defer: s.defer || s.async || s.type === 'module'}))"""
        )
        for sc in scripts:
            assert not any(bad in sc["src"] for bad in FORBIDDEN_SCRIPTS), sc["src"]
            assert not sc["src"] or sc["defer"], f"a render-blocking script: {sc['src']}"
        assert page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count() == 0

        # Images: loaded, with real alt text.
        _render_everything(page)
        page.wait_for_function(
            "() => Array.from(document.images).every(i => i.complete)", timeout=15_000
        )
        images = page.evaluate(
            """() => Array.from(document.querySelectorAll('article img')).map(i =>
                   ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0,
                     alt: (i.getAttribute('alt') || '').trim()}))"""
        )
        for img in images:
            assert img["ok"], f"image did not load: {img['src']}"
            assert img["alt"] and not img["alt"].endswith(".png"), f"no alt text: {img['src']}"

        # Glued numbers are present.
        pasted = page.locator(".pasted-text")
        for i in range(pasted.count()):
            # text_content, not inner_text: values inside folded solutions are hidden
            assert (pasted.nth(i).text_content() or "").strip(), "an empty glued value"

        # In-page explorers are built and show numbers (never NaN or undefined).
        n_explorers = page.locator(".ic-explorer").count()
        if n_explorers:
            assert page.locator(".ic-explorer.ic-ready").count() == n_explorers
            text = page.locator(".ic-explorer").first.text_content() or ""
            assert "NaN" not in text and "undefined" not in text
            assert page.locator(".ic-explorer [data-ic-key]").count() > 3
            assert page.locator(".ic-explorer svg[role=img][aria-label]").count() >= 1

        # Accessibility: no serious or critical axe-core violation.
        bad = _axe(page)
        assert not bad, "accessibility violations:\n" + "\n".join(bad)

        name = page_path.replace("/", "__").removesuffix(".html")
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_internal_links_resolve(site_root, page_path):
    assert broken_links(site_root, page_path) == []


@pytest.mark.parametrize("page_path", PAGES)
def test_page_weight(site_root, page_path):
    """Every page within its transfer budget (a quick, static check of what Lighthouse
    measures on five pages: HTML, stylesheets, scripts and preloaded fonts, gzip)."""
    zipped = page_weight(site_root, page_path)[1]
    explorer = 'class="ic-explorer' in (site_root / page_path).read_text(encoding="utf-8")
    budget = EXPLORER_BUDGET if explorer else TEXT_BUDGET
    assert zipped <= budget, f"{page_path}: {zipped / 1000:.0f} KB > {budget / 1000:.0f} KB"


def test_chapters_offer_notebook_download(site_root):
    """Each chapter page offers its source for download: a notebook's .ipynb (linked from
    the page), or a Markdown page's .md."""
    pages = chapter_pages(site_root)
    assert pages, "no chapter pages"
    sources = site_root / PREFIX / "_sources" / "chapters"
    for page in pages:
        stem = Path(page).stem
        html = (site_root / page).read_text(encoding="utf-8")
        if (ROOT / "chapters" / f"{stem}.ipynb").exists():
            assert (sources / f"{stem}.ipynb").is_file(), page
            assert f"_sources/chapters/{stem}.ipynb" in html, f"{page}: no .ipynb download link"
        else:
            assert (ROOT / "chapters" / f"{stem}.md").exists(), f"{page}: no source file"
            assert (sources / f"{stem}.md").is_file(), page


def test_search_works_offline(browser, server):
    context, page, errors, external, _ = _open(
        browser, server, f"{PREFIX}search.html?q={SEARCH_WORD}"
    )
    try:
        page.wait_for_selector("#search-results li", timeout=15_000)
        assert page.locator("#search-results li").count() > 0
        assert external == [] and errors == []
        # the chapters' explorers read capital P and Q, never Sphinx's search key q
        assert page.locator("#search-results li a").first.get_attribute("href")
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_language_switcher_sits_in_the_header(browser, server, width):
    # The switcher shares the article header's row with the theme's buttons: inside the
    # header's box, not stacked above it where the page cuts it off.
    context, page, _, _, _ = _open(browser, server, PREFIX + "chapters/01_entropy.html", width)
    try:
        box = page.evaluate(
            """() => {
                const a = document.querySelector('.course-lang-switch');
                const h = document.querySelector('.bd-header-article');
                if (!a || !h) return null;
                const r = a.getBoundingClientRect(), b = h.getBoundingClientRect();
                return [r.top - b.top, b.bottom - r.bottom];
            }"""
        )
        assert box is not None, "no language switcher in the article header"
        above, below = box
        assert above >= 0 and below >= 0, f"the switcher sticks out of the header: {box}"
    finally:
        context.close()


def test_dark_theme_toggle(browser, server):
    context, page, errors, _, _ = _open(browser, server, PREFIX + "intro.html")
    try:
        button = page.locator("button.theme-switch-button").first
        seen = {page.evaluate("() => document.documentElement.dataset.theme")}
        for _ in range(3):  # the button cycles auto -> light -> dark (order may vary)
            button.click()
            seen.add(page.evaluate("() => document.documentElement.dataset.theme"))
        assert seen == {"light", "dark"}, seen
        assert errors == []
    finally:
        context.close()


_WATCH_ATTRIBUTES = """
window.__icChanges = [];
// Changes made while the head is parsed (the theme's head script) restyle nothing: no
// body yet.  The records of a script are delivered right after it runs.
new MutationObserver(records => records.forEach(r => {
  const now = r.target.getAttribute(r.attributeName);
  if (document.body && now !== r.oldValue)
    window.__icChanges.push(`${r.target.tagName}.${r.attributeName}: ${r.oldValue} -> ${now}`);
})).observe(document, {attributes: true, attributeOldValue: true, subtree: true,
                       attributeFilter: ["data-theme", "class"]});
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_theme_scripts_change_nothing_at_load(browser, server, scheme):
    """Once the body is parsed, the theme's scripts find <html data-theme> and the
    theme's noprint classes already set (course_html.settle_theme_state): a change
    there at load would restyle hundreds of elements."""
    context = browser.new_context(color_scheme=scheme)
    try:
        context.add_init_script(_WATCH_ATTRIBUTES)
        page = context.new_page()
        page.goto(f"{server}/{PREFIX}chapters/07_forward_reverse.html", wait_until="networkidle")
        assert page.evaluate("() => document.documentElement.dataset.theme") == scheme
        changes = [
            c
            for c in page.evaluate("() => window.__icChanges")
            if c.startswith("HTML.data-theme") or "noprint" in c
        ]
        assert changes == [], changes
    finally:
        context.close()


def test_offline_zip(site_root):
    import zipfile

    z = site_root.parent / "course-site.zip"
    assert z.exists(), "make book writes _build/course-site.zip"
    with zipfile.ZipFile(z) as f:
        names = set(f.namelist())
    root = f"html/{PREFIX}"
    assert f"{root}intro.html" in names and f"{root}_static/course/explorers.js" in names
    assert any(n.startswith(f"{root}_static/course/katex/fonts/") for n in names)
    assert not any("mathjax" in n or "embed-amd" in n for n in names)


@pytest.mark.parametrize(
    "page_path",
    ["chapters/01_entropy.html", "chapters/03_kl_divergence.html", "chapters/05_equivalence.html"],
)
def test_zip_works_from_the_file_system(browser, site_root, tmp_path, page_path):
    """Unzipped and opened with file:// (no server): math, fonts, figures and the
    explorer work, with no request leaving the folder and no console error."""
    import zipfile

    with zipfile.ZipFile(site_root.parent / "course-site.zip") as f:
        f.extractall(tmp_path)
    context, page, errors, outside, failed = _guarded_page(browser, ("file:",))
    try:
        page.goto((tmp_path / "html" / PREFIX / page_path).as_uri(), wait_until="load")
        page.wait_for_selector(".ic-explorer.ic-ready", timeout=15_000)
        assert page.locator(".katex .katex-html").count() > 0
        assert page.evaluate(
            "async () => { await document.fonts.ready; return Array.from("
            "document.fonts).some(f => f.family.includes('KaTeX') && f.status === 'loaded'); }"
        )
        _render_everything(page)
        page.wait_for_function(
            "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
        control = page.locator(".ic-explorer input").first  # it computes in the page
        control.focus()
        before = page.locator(".ic-explorer [data-ic-key]").all_text_contents()
        page.keyboard.press("ArrowRight") if control.get_attribute(
            "type"
        ) == "range" else control.fill("5")
        assert page.locator(".ic-explorer [data-ic-key]").all_text_contents() != before
        assert "NaN" not in (page.locator(".ic-explorer").first.text_content() or "")
        assert outside == [] and errors == [] and failed == [], (outside, errors, failed)
    finally:
        context.close()

"""The built website, page by page, in a real browser (Debian's chromium).

Every page must load with no console error and no request leaving 127.0.0.1, with
typeset math, loaded images with alt text, its glued numbers, widgets showing their
default view, no serious or critical axe-core violation, and working internal links.
A full-page screenshot of each page is saved under _build/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT, SITE
from .pages import broken_links, chapter_pages, page_weight, site_pages

PAGES = site_pages(SITE) if SITE.exists() else ["intro.html"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_BUDGET = 2 * 1024 * 1024  # bytes, excluding the shared MathJax files
RAW_MATH = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|(?<![\w$])\$[^$\s][^$]*\$(?![\w$])")


def _guarded_page(browser, allowed: tuple[str, ...]):
    """A new page that blocks and records every request not starting with ``allowed``,
    and records console errors, page errors and HTTP errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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


def _open(browser, server: str, page_path: str):
    """Load a page from the test server, recording errors and external requests."""
    context, page, errors, external, failed = _guarded_page(browser, (server,))
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    page.wait_for_function(
        "() => !window.MathJax || (window.MathJax.startup && window.MathJax.startup.promise)"
    )
    page.evaluate("() => window.MathJax && window.MathJax.startup.promise")
    page.wait_for_load_state("networkidle")
    return context, page, errors, external, failed


@pytest.mark.parametrize("page_path", PAGES)
def test_page(browser, server, screenshots: Path, page_path: str):
    context, page, errors, external, failed = _open(browser, server, page_path)
    try:
        assert external == [], f"requests leaving the site: {external}"
        assert failed == [], f"failed requests: {failed}"
        assert errors == [], f"console errors: {errors}"

        # Math: typeset, no raw TeX left in the prose.
        if page.locator("span.math, div.math").count():
            assert page.locator("mjx-container").count() > 0, "math was not typeset"
        prose = page.evaluate(
            """() => Array.from(document.querySelectorAll('article p, article li, article td'))
                  .filter(e => !e.closest('pre, code, .cell_output, .output, mjx-container'))
                  .map(e => e.innerText).join('\\n')"""
        )
        raw = RAW_MATH.findall(prose)
        assert not raw, f"untypeset math in the text: {raw[:5]}"

        # Images: loaded, with real alt text.
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

        # Widgets show their default view (rendered from the saved state).
        n_views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
        if n_views:
            page.wait_for_selector(".widget-slider, .jupyter-widgets", state="visible",
                                   timeout=15_000)
            box = page.locator(".jupyter-widgets").first.bounding_box()
            assert box and box["height"] > 20, "a widget rendered as an empty box"

        # Accessibility: no serious or critical axe-core violation.
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, "accessibility violations:\n" + "\n".join(bad)

        name = page_path.replace("/", "__").removesuffix(".html")
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_internal_links_resolve(site_root, page_path):
    assert broken_links(site_root, page_path) == []


@pytest.mark.parametrize("page_path", chapter_pages(SITE) if SITE.exists() else [])
def test_chapter_page_weight(site_root, page_path):
    _, zipped = page_weight(site_root, page_path)
    assert zipped <= PAGE_BUDGET, f"{page_path}: {zipped / 1e6:.2f} MB transferred (gzip)"


def test_chapters_offer_notebook_download(site_root):
    for page in chapter_pages(site_root):
        stem = Path(page).stem
        assert (site_root / "_sources" / "chapters" / f"{stem}.ipynb").exists() or (
            Path(page).with_suffix(".md").name
        ), page
        html = (site_root / page).read_text(encoding="utf-8")
        if (ROOT / "chapters" / f"{stem}.ipynb").exists():
            assert f"{stem}.ipynb" in html, f"{page}: no .ipynb download link"


def test_search_works_offline(browser, server):
    context, page, errors, external, _ = _open(browser, server, "search.html?q=entropy")
    try:
        page.wait_for_selector("#search-results li", timeout=15_000)
        assert page.locator("#search-results li").count() > 0
        assert external == [] and errors == []
    finally:
        context.close()


def test_dark_theme_toggle(browser, server):
    context, page, errors, _, _ = _open(browser, server, "intro.html")
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


def test_offline_zip(site_root):
    import zipfile

    z = site_root.parent / "course-site.zip"
    assert z.exists(), "make book writes _build/course-site.zip"
    with zipfile.ZipFile(z) as f:
        names = set(f.namelist())
    assert "html/intro.html" in names and "html/_static/mathjax/tex-chtml.js" in names


@pytest.mark.parametrize("page_path", ["chapters/01_entropy.html", "chapters/05_equivalence.html"])
def test_zip_works_from_the_file_system(browser, site_root, tmp_path, page_path):
    """Unzipped and opened with file:// (no server): math, figures and widgets render."""
    import zipfile

    with zipfile.ZipFile(site_root.parent / "course-site.zip") as f:
        f.extractall(tmp_path)
    context, page, errors, outside, _ = _guarded_page(browser, ("file:",))
    try:
        page.goto((tmp_path / "html" / page_path).as_uri(), wait_until="load")
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
        page.wait_for_selector(".jupyter-widgets", state="visible", timeout=15_000)
        assert page.locator("mjx-container").count() > 0
        assert page.evaluate(
            "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
        assert outside == [] and errors == [], (outside, errors)
    finally:
        context.close()

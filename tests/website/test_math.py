"""No formula is ever cut, on a phone (390 px) or a laptop (1280 px); and, at 390 px,
every page fits the screen with no console error and no axe-core violation.

Every formula of every page is measured in the browser, with every dropdown, solution
and folded cell opened: the drawn formula (KaTeX's visible HTML, not its MathML copy for
screen readers, which is visually hidden on purpose) must be visible inside every
ancestor that clips (``overflow: hidden``/``clip``); inside a box that scrolls
(``auto``/``scroll``, as every display formula's own block does when it is wide) it
only has to be reachable.  An inline formula must also fit its line's block, and
nothing may stick out of the viewport sideways.  The macros \\KL, \\JS and \\E render.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import SITE
from .pages import PREFIX, site_pages

# index.html only redirects to intro.html
PAGES = (
    [p for p in site_pages(SITE) if p != PREFIX + "index.html"]
    if SITE.exists()
    else [PREFIX + "intro.html"]
)
WIDTHS = [390, 1280]

_JS = (Path(__file__).with_name("math_check.js")).read_text(encoding="utf-8")
OPEN_EVERYTHING = _JS.split("// OPEN_EVERYTHING\n")[1].split("// MEASURE\n")[0]
MEASURE = _JS.split("// MEASURE\n")[1]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", PAGES)
def test_no_formula_is_cut(browser, server, page_path, width):
    from .test_site import _axe, _guarded_page, _render_everything

    context, page, errors, external, failed = _guarded_page(browser, (server,), width)
    try:
        page.goto(f"{server}/{page_path}", wait_until="networkidle")
        page.evaluate("() => document.fonts.ready")
        if width < 500:  # the phone layout as it loads
            assert external == [] and failed == [] and errors == [], (external, failed, errors)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"the page is {overflow} px wider than a {width} px screen"
            _render_everything(page)
            bad = _axe(page, contrast_in_article=False)
            assert not bad, f"accessibility violations at {width} px:\n" + "\n".join(bad)
        page.evaluate(OPEN_EVERYTHING)
        page.wait_for_timeout(50)
        result = page.evaluate(MEASURE)
        problems = [f"{p['tex'][:90]!r}: {p['why']}" for p in result["problems"]]
        assert not problems, (
            f"{page_path} at {width} px, {len(problems)} of {result['count']} "
            "formulas:\n" + "\n".join(problems[:20])
        )
        if (SITE / page_path).read_text(encoding="utf-8").count('class="math notranslate'):
            assert result["count"] > 0, "the page has math but no rendered formula"
    finally:
        context.close()


def test_macros_render():
    """\\KL, \\JS, \\E of _config.yml work: the built pages show D_KL(...) with no error."""
    text = (SITE / PREFIX / "chapters" / "03_kl_divergence.html").read_text(encoding="utf-8")
    assert 'class="katex-error"' not in text
    assert '<mi mathvariant="normal">KL</mi>' in text or ">KL<" in text
    assert "\\KL{P}{Q}" in text  # the TeX source, kept in the MathML annotation

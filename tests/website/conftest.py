"""Fixtures for the browser tests of the built website (_build/html).

IC_SITE_LANG=zh runs the same tests on the Chinese edition (_build/html/zh, `make zh`):
the pages, paths and expected messages come from tests/website/pages.py (EDITION, PREFIX).

The tests drive Debian's chromium (/usr/bin/chromium) with the Playwright Python
package; nothing is downloaded.  Without chromium they are skipped with a message,
except where REQUIRE_BROWSER_TESTS=1 (set by .ci/run), where a skip is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"

HOW_TO_ENABLE = (
    "browser tests need Debian's chromium at /usr/bin/chromium: "
    "`sudo apt-get install chromium` (or set CHROMIUM=/path/to/chromium), then `make site-test`"
)


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (REQUIRE_BROWSER_TESTS=1: a skip is a failure here)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site_root() -> Path:
    from .pages import PREFIX

    if not (SITE / PREFIX / "intro.html").exists():
        build = "make zh" if PREFIX else "make book"
        pytest.fail(f"no built site in _build/html/{PREFIX}: run `{build}` first")
    return SITE


@pytest.fixture(scope="session")
def server(site_root: Path):
    """The built site over http on 127.0.0.1, gzip-compressed as a static host sends it."""
    from .gzip_server import serve

    httpd, url = serve(site_root)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(HOW_TO_ENABLE)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _unavailable("the playwright package is not installed (make install)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


#: `make test` (budget: 3 minutes) opens one page in the browser, chapter 1 (math, figures, a
#: self-check, the entropy explorer): the per-page checks at both widths and that explorer
#: against infocourse, so a broken browser set-up or page template fails there.  Every other
#: browser test is `slow`: `.ci/run` runs them all (`make ci-extra`; the Chinese pages in
#: `make zh-test`), every page at both widths.  The static checks (links and weight of
#: every page, the extension's unit tests) stay in `make test`.
QUICK_PAGES = ("chapters/01_entropy.html",)
#: Browser tests that visit one page each (parametrised by ``page_path``).
PER_PAGE_BROWSER_TESTS = ("test_page", "test_no_formula_is_cut")
#: The browser tests besides the per-page ones that `make test` runs.
QUICK_BROWSER_TESTS = ("test_entropy_explorer_matches_infocourse",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The Lighthouse budgets take minutes: they are `slow` and `lighthouse`, run by
    `make lighthouse` (.ci/run) after `make test`, and by `make audit` on every page.
    The browser tests outside QUICK_PAGES and QUICK_BROWSER_TESTS are `slow`."""
    from .pages import PREFIX

    quick = {PREFIX + p for p in QUICK_PAGES}
    for item in items:
        name = getattr(item, "originalname", item.name)
        if item.path.name == "test_lighthouse.py":
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.lighthouse)
        elif name in PER_PAGE_BROWSER_TESTS:
            page = item.callspec.params["page_path"]  # type: ignore[attr-defined]
            if page not in quick:
                item.add_marker(pytest.mark.slow)
        elif "browser" in getattr(item, "fixturenames", ()) and name not in QUICK_BROWSER_TESTS:
            item.add_marker(pytest.mark.slow)

"""Small Sphinx extension for the course website.

* Removes duplicate ``<script>`` tags from the written pages.  Jupyter Book 1
  registers some snippets twice (sphinx-thebe's configuration, sphinx-togglebutton's
  selector); the doubled ``const THEBE_JS_URL`` declaration raises a console error
  ("Identifier 'THEBE_JS_URL' has already been declared") on every page.  The
  snippets are added late in page rendering, so the clean-up runs on the files.
* Drops ``role="list"`` from the bibliography's citation list: its children are
  ``doc-biblioentry`` items, not list items, which axe-core reports as a critical
  ARIA error (aria-required-children).
* Sets the theme's ``default_mode`` to ``auto`` (follow the reader's system):
  left empty, pydata-sphinx-theme logs "Got invalid theme mode" as a console error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_SCRIPT = re.compile(r"^\s*<script\b[^>]*>.*?</script>\s*$", re.MULTILINE)


def dedupe_scripts(html: str) -> str:
    """Drop every ``<script>`` line of the ``<head>`` identical to an earlier one."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    head, rest = html[:head_end], html[head_end:]
    seen: set[str] = set()

    def keep_first(m: re.Match[str]) -> str:
        key = m.group(0).strip()
        if key in seen:
            return ""
        seen.add(key)
        return m.group(0)

    return _SCRIPT.sub(keep_first, head) + rest


def _clean_output(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        cleaned = dedupe_scripts(text).replace(
            '<div role="list" class="citation-list">', '<div class="citation-list">'
        )
        if cleaned != text:
            page.write_text(cleaned, encoding="utf-8")


def _theme_defaults(app, config) -> None:
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")  # pydata-sphinx-theme reads html_context
    config.html_context = context


def setup(app) -> dict[str, Any]:
    app.connect("config-inited", _theme_defaults)
    app.connect("build-finished", _clean_output)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

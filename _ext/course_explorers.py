"""In-page explorers: on the website, the ipywidgets explorers become JavaScript ones.

A notebook cell that calls one of the explorers of ``infocourse.widgets`` and carries
the cell metadata ``"infocourse": {"explorer": "<kind>"}`` (written by
``tools/mark_explorers.py``) keeps its code on the page, but its output (an ipywidget,
which needs a kernel to recompute) is replaced by a placeholder that
``_static/course/explorers.js`` turns into the same explorer, computing in the page:

====================  ===========================  =====================
kind                  notebook call                chapter
====================  ===========================  =====================
``entropy``           ``binary_entropy_explorer``  01_entropy
``binary``            ``binary_cross_explorer``    02_cross_entropy
``categorical``       ``categorical_explorer``     03_kl_divergence
``trainer``           ``equivalence_trainer``      05_equivalence
====================  ===========================  =====================

The explorer starts from the arguments of the call in the notebook (bound to the
function's signature, so its defaults come from the package), and the presets are
``infocourse.EXAMPLES``, read here: numbers and names have one source.

No page loads the Jupyter widget manager or require.js (``nb_ipywidgets_js: {}`` in
``_config.yml``); the saved widget state is dropped from the pages.  A widget output
in a cell that is not a marked explorer is a build warning, since it would show nothing.
"""

from __future__ import annotations

import ast
import html
import inspect
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: explorer kind -> the ipywidgets function of infocourse.widgets it mirrors
KINDS: dict[str, str] = {
    "entropy": "binary_entropy_explorer",
    "binary": "binary_cross_explorer",
    "categorical": "categorical_explorer",
    "trainer": "equivalence_trainer",
}
FUNCTIONS = {v: k for k, v in KINDS.items()}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def explorer_call(source: str) -> tuple[str, dict[str, Any]] | None:
    """The explorer called in a cell's ``source`` and its literal arguments, bound to
    the function's signature with the defaults filled in; ``None`` if there is none.

    >>> explorer_call("from infocourse.widgets import binary_cross_explorer\\n"
    ...               "binary_cross_explorer(p=0.2, q=0.3)")
    ('binary', {'p': 0.2, 'q': 0.3})
    """
    from infocourse import widgets

    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in FUNCTIONS:
            continue
        args = [ast.literal_eval(a) for a in node.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
        bound = inspect.signature(getattr(widgets, name)).bind(*args, **kwargs)
        bound.apply_defaults()
        return FUNCTIONS[name], dict(bound.arguments)
    return None


def examples_json() -> list[dict[str, Any]]:
    from infocourse import EXAMPLES

    return [
        {"key": e.key, "title": e.title, "labels": list(e.labels), "p": list(e.p), "q": list(e.q)}
        for e in EXAMPLES.values()
    ]


def placeholder(kind: str, config: dict[str, Any]) -> str:
    """The HTML that explorers.js turns into the explorer (and what shows without JS)."""
    data = {"kind": kind, "config": config}
    if kind in ("categorical", "trainer"):
        data["examples"] = examples_json()
    return (
        f'<div class="ic-explorer ic-explorer-{kind}" '
        f'data-ic-explorer="{html.escape(json.dumps(data), quote=True)}">'
        '<p class="ic-noscript">This explorer computes in your browser and needs JavaScript. '
        "In Jupyter, the cell above shows it as ipywidgets.</p></div>"
    )


def _notebook_cells(app, docname: str) -> list[Any] | None:
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".ipynb":
        return None
    import nbformat

    return nbformat.read(path, as_version=4).cells


def _has_widget_output(container: nodes.Element) -> bool:
    return any(WIDGET_VIEW in node.astext() for node in container.findall(nodes.raw))


#: Class of every section that holds an explorer, and of every other block between such
#: a section and the explorer's cell (the cell included).  The stylesheet lays out the
#: section's other blocks lazily, each on its own (``course.css``, "speed"); the classes
#: say at build time what a ``:has(.ic-explorer)`` selector would find in the browser,
#: where it made the browser restyle hundreds of elements each time the parser added
#: some (every nested section is a ``:has()`` candidate), in every chapter.
SECTION_CLASS = "ic-explorer-section"
PATH_CLASS = "ic-explorer-path"


def mark_path(cell: nodes.Element) -> None:
    """Class the sections around an explorer's ``cell`` and the blocks between them."""
    node: nodes.Node | None = cell
    while node is not None and not isinstance(node, nodes.document):
        if isinstance(node, nodes.Element):
            cls = SECTION_CLASS if isinstance(node, nodes.section) else PATH_CLASS
            if cls not in node["classes"]:
                node["classes"].append(cls)
        node = node.parent


def replace_explorers(app, doctree: nodes.document) -> None:
    """doctree-read: swap marked explorer outputs for in-page explorers."""
    docname = app.env.docname
    cells = None
    found = False
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        meta = cell.get("cell_metadata") or {}
        marker = (meta.get("infocourse") or {}).get("explorer")
        outputs = [c for c in cell.children if c.get("nb_element") == "cell_code_output"]
        if not marker:
            if any(_has_widget_output(o) for o in outputs):
                logger.warning(
                    "an ipywidget output that the website cannot show (no kernel): mark the "
                    "cell as an in-page explorer (tools/mark_explorers.py) or remove it",
                    location=cell,
                    type="course",
                    subtype="widget",
                )
            continue
        if cells is None:
            cells = _notebook_cells(app, docname) or []
        index = cell.get("cell_index")
        source = cells[index].source if index is not None and index < len(cells) else ""
        call = explorer_call(source)
        if marker not in KINDS or call is None or call[0] != marker:
            logger.warning(
                "cell metadata infocourse.explorer=%r does not match the cell's call (%s)",
                marker,
                call[0] if call else "no explorer call",
                location=cell,
                type="course",
                subtype="explorer",
            )
            continue
        raw = nodes.raw("", placeholder(marker, call[1]), format="html")
        if outputs:
            outputs[0].children = [raw]
            for extra in outputs[1:]:
                cell.remove(extra)
        else:
            out = nodes.container(nb_element="cell_code_output", classes=["cell_output"])
            out += raw
            cell += out
        mark_path(cell)
        found = True
    # The widget state (a large JSON block in <head>) serves only the widget manager.
    meta = getattr(app.env, "nb_metadata", {}).get(docname, {})
    for key in [k for k in meta.get("js_files", {}) if k.startswith("ipywidgets")]:
        del meta["js_files"][key]
    if found:
        app.env.metadata[docname]["ic_explorer"] = True


def page_has_explorer(app, pagename: str) -> bool:
    return bool(app.env.metadata.get(pagename, {}).get("ic_explorer"))


def setup(app) -> None:
    app.connect("doctree-read", replace_explorers)

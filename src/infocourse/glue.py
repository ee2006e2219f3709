"""Quote computed values in a chapter's prose, without the cost of importing myst-nb.

``glue(name, value)`` records ``value`` so that the website can insert it with
``{glue:text}`name` ``.  It writes exactly the output that ``myst_nb.glue`` writes
(a display bundle whose metadata carries ``scrapbook: {name, mime_prefix}``), but
importing ``myst_nb`` in a kernel takes over a second (it loads nbformat, jsonschema
and an RFC 3987 parser), which was a third of a chapter's execution time.
"""

from __future__ import annotations

__all__ = ["glue"]

#: The prefix myst-nb uses for values recorded without being displayed.
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, value: object, display: bool = False) -> None:
    """Record ``value`` under ``name`` for ``{glue:text}`name` `` on the website.

    Pre-format numbers as strings (``f"{x:.4f}"``) so the page shows exactly what
    the code computed.  With ``display=True`` the value is also shown in the notebook.
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {name!r}")
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipy_display

    mimebundle, metadata = format_display_data(value)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    ipy_display({prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)

"""The language of the words the package and the chapters print (figures, tables).

Numbers never depend on the language: only the words around them do.  English is the
default and the source of every message, so English output is exactly what the code
says.  ``INFOCOURSE_LANG=zh_CN`` (or :func:`set_language`) switches to Chinese, read
from the catalogue ``locale/zh_CN/LC_MESSAGES/infocourse.po`` of the course repository
(or of ``INFOCOURSE_LOCALE_DIR``); ``make zh`` executes the chapters that way.

>>> tr("probability", lang="en")
'probability'
>>> ljust("P(x)", 6) + "|"
'P(x)  |'
>>> ljust("熵", 6) + "|"
'熵    |'
"""

from __future__ import annotations

import ast
import os
import sys
import unicodedata
from functools import cache
from pathlib import Path

__all__ = [
    "N_",
    "configure_matplotlib",
    "get_language",
    "gettext",
    "ljust",
    "rjust",
    "set_language",
    "tr",
    "width",
]

#: The languages with a catalogue (English needs none).
LANGUAGES = ("en", "zh_CN")
DOMAIN = "infocourse"

_language: str | None = None


def _normalise(lang: str) -> str:
    lang = lang.strip().replace("-", "_")
    for known in LANGUAGES:
        if lang.lower() == known.lower() or lang.lower().split("_")[0] == known.lower():
            return known
    if lang.lower() in ("zh", "zh_hans", "zh_sg"):
        return "zh_CN"
    raise ValueError(f"lang: unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")


def get_language() -> str:
    """The current language: :func:`set_language`, else ``INFOCOURSE_LANG``, else ``en``."""
    if _language is not None:
        return _language
    return _normalise(os.environ.get("INFOCOURSE_LANG") or "en")


def set_language(lang: str | None) -> None:
    """Set the language for this process (``None``: back to ``INFOCOURSE_LANG``)."""
    global _language
    _language = None if lang is None else _normalise(lang)


def _locale_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("INFOCOURSE_LOCALE_DIR"):
        dirs.append(Path(os.environ["INFOCOURSE_LOCALE_DIR"]))
    dirs.append(Path(__file__).resolve().parents[2] / "locale")  # the course repository
    return dirs


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a ``.po`` file (entries separated by blank lines): the
    translated entries, without fuzzy or obsolete ones and without the header."""
    catalogue: dict[str, str] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        field = None
        fuzzy = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#") or not line:
                continue
            if line.startswith('"'):
                if field is not None:
                    fields[field] += ast.literal_eval(line)
                continue
            field, _, rest = line.partition(" ")
            fields[field] = ast.literal_eval(rest)
        if fields.get("msgid") and fields.get("msgstr") and not fuzzy:
            catalogue[fields["msgid"]] = fields["msgstr"]
    return catalogue


@cache
def _catalogue(lang: str) -> dict[str, str]:
    for folder in _locale_dirs():
        path = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            return read_po(path)
    raise FileNotFoundError(
        f"lang: no catalogue {lang}/LC_MESSAGES/{DOMAIN}.po under "
        + ", ".join(str(d) for d in _locale_dirs())
        + " (set INFOCOURSE_LOCALE_DIR)"
    )


def gettext(message: str, *, lang: str | None = None) -> str:
    """``message`` in the current language (or ``lang``); itself in English, and
    wherever the catalogue has no translation yet."""
    lang = get_language() if lang is None else _normalise(lang)
    if lang == "en":
        return message
    if "matplotlib" in sys.modules and lang == get_language():
        configure_matplotlib()  # a figure label, most likely: fonts for its characters
    return _catalogue(lang).get(message, message)


def N_(message: str) -> str:
    """``message`` itself: marks a string for the catalogue (``make gettext``) where it
    is defined, e.g. at import time, to be translated later, where it is shown, by
    :func:`tr`."""
    return message


def tr(message, *, lang: str | None = None):
    """:func:`gettext` of a message, or of each message of a list or tuple (labels)."""
    if isinstance(message, (list, tuple)):
        return type(message)(gettext(m, lang=lang) for m in message)
    return gettext(message, lang=lang)


def join_and(items: list[str] | tuple[str, ...], *, lang: str | None = None) -> str:
    """A list in running text: ``"1, 2 and 4"`` in English, ``"1、2 和 4"`` in Chinese."""
    if not items:
        raise ValueError("items: expected at least one item, got none")
    *head, last = [str(i) for i in items]
    if not head:
        return last
    if (_normalise(lang) if lang else get_language()) == "zh_CN":
        return "、".join(head) + " 和 " + last
    return ", ".join(head) + " and " + last


def width(text: str) -> int:
    """Columns ``text`` takes in a monospaced table: 2 for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def ljust(text: str, columns: int) -> str:
    """``text`` padded on the right to ``columns`` (``f"{text:<columns}"`` for ASCII)."""
    return text + " " * max(0, columns - width(text))


def rjust(text: str, columns: int) -> str:
    """``text`` padded on the left to ``columns`` (``f"{text:>columns}"`` for ASCII)."""
    return " " * max(0, columns - width(text)) + text


#: Fonts for figures with Chinese text: DejaVu Sans (matplotlib's default, so Latin
#: letters, digits and symbols look as in the English figures) with Noto Sans CJK SC
#: (Debian's fonts-noto-cjk) as the fallback for the Chinese characters.
CJK_FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC"]


def configure_matplotlib() -> None:
    """For a language with CJK text, the font list above; English: nothing changes."""
    if get_language() == "en":
        return
    import matplotlib as mpl
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if not {f.name for f in manager.ttflist} & set(CJK_FONTS[1:]):
        # matplotlib's font list was cached before the CJK fonts were installed
        for path in font_manager.findSystemFonts():
            if "CJK" in Path(path).name or "SourceHanSans" in Path(path).name:
                manager.addfont(path)
    # A list of families (not "sans-serif", which resolves to one font): matplotlib takes
    # each character from the first family in the list that has it.
    names = {f.name for f in manager.ttflist}
    families = [f for f in CJK_FONTS if f in names]
    if list(mpl.rcParams["font.family"]) != families:
        mpl.rcParams["font.family"] = families

"""Stylesheet purge: drop the rules no page of the site can match (``course_html.Bundler``).

The theme's stylesheet is about 400 KB (Bootstrap and every component of
pydata-sphinx-theme), and it is render-blocking: on a phone over slow 4G its download
is a good part of the first paint.  The built pages use a small part of it.  A rule is
kept when each of its selectors could match: every class, id and element name in the
selector occurs in some page of the site (``class``/``id`` attributes, tag names) or as a
word of a script the site serves (the theme's scripts add classes such as ``show`` or
``pst-js-only``, the explorers build their elements).  The test is conservative, as in
PurgeCSS: the insides of ``:not()``, ``:is()``, ``:where()``, ``:has()``, attribute
selectors and pseudo-classes are not required to match, and a selector the test cannot
read (an escaped character) is kept.  At-rules other than ``@media``, ``@supports``,
``@layer`` and ``@container`` (``@font-face``, ``@keyframes``, ...) are kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import tinycss2

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ID_ATTR = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")

_GROUPING = {"media", "supports", "layer", "container", "document"}


@dataclass
class Used:
    """The element names, classes and ids the site's pages and scripts can produce."""

    tags: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def add_html(self, text: str) -> None:
        self.tags.update(t.lower() for t in _TAG.findall(text))
        for m in _CLASS_ATTR.finditer(text):
            self.classes.update((m.group(1) or m.group(2) or "").split())
        for m in _ID_ATTR.finditer(text):
            self.ids.update((m.group(1) or m.group(2) or "").split())

    def add_script(self, text: str) -> None:
        words = set(_WORD.findall(text))
        self.classes |= words
        self.ids |= words
        self.tags.update(w.lower() for w in words)

    @classmethod
    def of(cls, pages: Iterable[str], scripts: Iterable[str]) -> Used:
        used = cls()
        for text in pages:
            used.add_html(text)
        for text in scripts:
            used.add_script(text)
        return used


def _strip_functional(selector: str) -> str | None:
    """The selector without the arguments of functional pseudo-classes (``:not(...)``
    and the like) and attribute selectors; None if it holds an escape."""
    if "\\" in selector:
        return None
    out, depth, bracket = [], 0, 0
    for ch in selector:
        if ch == "[":
            bracket += 1
        elif ch == "]" and bracket:
            bracket -= 1
            continue
        elif ch == "(" and not bracket:
            depth += 1
        elif ch == ")" and depth and not bracket:
            depth -= 1
            continue
        if not depth and not bracket:
            out.append(ch)
    text = "".join(out)
    return re.sub(r"::?[a-zA-Z-]+", " ", text)


def can_match(selector: str, used: Used) -> bool:
    simple = _strip_functional(selector)
    if simple is None:
        return True
    for cls in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", simple):
        if cls not in used.classes:
            return False
    for ident in re.findall(r"#(-?[_a-zA-Z][\w-]*)", simple):
        if ident not in used.ids:
            return False
    for tag in re.findall(r"(?:^|[\s>+~,])([a-zA-Z][\w-]*)", simple):
        if tag.lower() not in used.tags:
            return False
    return True


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def _purge_rules(rules: list, used: Used) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = tinycss2.serialize(rule.prelude).strip()
            selectors = _split_selectors(prelude)
            kept = [s for s in selectors if can_match(s, used)]
            if kept:
                head = prelude if len(kept) == len(selectors) else ",".join(kept)
                out.append(head + "{" + tinycss2.serialize(rule.content).strip() + "}")
        elif rule.type == "at-rule":
            if rule.lower_at_keyword in _GROUPING and rule.content is not None:
                inner = _purge_rules(
                    tinycss2.parse_rule_list(
                        rule.content, skip_comments=True, skip_whitespace=True
                    ),
                    used,
                )
                if inner:
                    head = "@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip()
                    out.append(head + "{" + inner + "}")
            else:
                out.append(rule.serialize())
        # parse errors and comments are dropped
    return "\n".join(out)


def purge(css: str, used: Used) -> str:
    """``css`` with only the rules whose selectors some page can match."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _purge_rules(rules, used) + "\n"

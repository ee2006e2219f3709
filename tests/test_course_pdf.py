"""The PDF edition's doctree changes (_ext/course_pdf.py), without LaTeX."""

from __future__ import annotations

import course_pdf
from docutils import nodes
from docutils.core import publish_doctree

GLOSSARY = """
Glossary
========

Intro.

A
-

====== =====
term   means
====== =====
alpha  first
====== =====

B
-

====== =====
term   means
====== =====
beta   second
bit    unit
====== =====
"""


def glossary(text: str = GLOSSARY) -> nodes.document:
    doctree = publish_doctree(text, settings_overrides={"report_level": 5})
    # docutils promotes a lone top section to the document title; wrap it back in one
    section = nodes.section(ids=["glossary"])
    section += nodes.title(text="Glossary")
    section.extend(
        child.deepcopy() for child in doctree.children if not isinstance(child, nodes.title)
    )
    doctree.children = []
    doctree += section
    return doctree


def test_join_letter_tables_makes_one_table_in_letter_order():
    doctree = glossary()
    course_pdf.join_letter_tables(doctree)
    page = next(doctree.findall(nodes.section))
    assert [type(c) for c in page.children] == [nodes.title, nodes.paragraph, nodes.table]
    rows = [r.astext().split() for r in next(page.findall(nodes.tbody)).children]
    assert rows == [["alpha", "first"], ["beta", "second"], ["bit", "unit"]]
    assert len(list(doctree.findall(nodes.thead))) == 1


def test_join_letter_tables_leaves_other_pages_and_other_shapes_alone():
    other = glossary()
    other.children[0]["ids"] = ["notation"]
    before = other.pformat()
    course_pdf.join_letter_tables(other)
    assert other.pformat() == before

    extra = glossary(GLOSSARY + "\nA closing line.\n")
    before = extra.pformat()
    course_pdf.join_letter_tables(extra)  # B holds a paragraph besides its table
    assert extra.pformat() == before

    headers = glossary(
        GLOSSARY.replace("term   means\n====== =====\nbeta", "word   means\n====== =====\nbeta")
    )
    before = headers.pformat()
    course_pdf.join_letter_tables(headers)  # the columns differ
    assert headers.pformat() == before

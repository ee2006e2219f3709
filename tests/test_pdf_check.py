"""The parsing of tools/pdf_check.py (``make pdf-check``), on small fixtures: no PDF,
no TeX needed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import pdf_check

PDFFONTS = """\
name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
CNKKFJ+DejaVuSans-Bold               CID TrueType      Identity-H       yes yes yes      5  0
QKEIRE+LatinModernMath-Regular-Identity-H CID Type 0C       Identity-H       yes yes yes     21  0
Helvetica                            Type 1            Standard         no  no  no      30  0
[none]                               Type 3            Custom           yes no  no      41  0
"""

LOG = """\
Overfull \\hbox (2.58676pt too wide) in paragraph at lines 15379--15379
[]\\TU/DejaVuSansMono(0)/m/n/10 check|
Underfull \\hbox (badness 10000) in paragraph at lines 3--4
Overfull \\hbox (67.55716pt too wide) in alignment at lines 7614--7620
Overfull \\vbox (75.44283pt too high) detected at line 9447
LaTeX Warning: Reference `chapters/01_entropy:ch-entropy' on page 12 undefined on input line 40.
LaTeX Warning: Citation `chapters/93_references:id9' on page 3 undefined on input line 9.
LaTeX Warning: Reference `chapters/01_entropy:ch-entropy' on page 13 undefined on input line 41.
"""


def test_pdffonts_embedded_flags_read_from_the_end_of_each_row():
    fonts = pdf_check.parse_pdffonts(PDFFONTS)
    assert [(f.name, f.embedded) for f in fonts] == [
        ("CNKKFJ+DejaVuSans-Bold", True),
        ("QKEIRE+LatinModernMath-Regular-Identity-H", True),  # a name longer than its column
        ("Helvetica", False),
        ("[none]", True),
    ]
    assert fonts[0].type == "CID TrueType"
    assert fonts[2].type == "Type 1"


def test_pdffonts_rejects_unknown_output():
    with pytest.raises(ValueError, match="no header"):
        pdf_check.parse_pdffonts("Syntax Error: Couldn't open file")
    with pytest.raises(ValueError, match="emb column"):
        pdf_check.parse_pdffonts(PDFFONTS.splitlines()[0] + "\n---\nbroken row\n")


def test_overfull_hboxes_only_and_their_widths():
    boxes = pdf_check.overfull_boxes(LOG)
    assert [pt for pt, _ in boxes] == [2.58676, 67.55716]  # the vbox is not counted
    assert boxes[1][1] == "in alignment at lines 7614--7620"
    assert [pt for pt, _ in boxes if pt > pdf_check.MAX_OVERFULL_PT] == [67.55716]


def test_undefined_references_listed_once():
    assert pdf_check.undefined_references(LOG) == [
        "chapters/01_entropy:ch-entropy",
        "chapters/93_references:id9",
    ]
    assert pdf_check.undefined_references("LaTeX Warning: Label(s) may have changed.") == []


def test_missing_ignores_line_breaks_spaces_and_apostrophes():
    text = "1 Entropy: how uncertain\nis a distribution? ... Teacher’s guide\f熵：分布 有多\n不确定"
    needles = ["Entropy: how uncertain is a distribution?", "Teacher's guide", "熵：分布有多不确定"]
    assert pdf_check.missing(needles, text) == []
    assert pdf_check.missing(["0.5004", "0.5262"], "H = 0.5004 nats") == ["0.5262"]


def test_destination_page():
    dests = (
        "Page  Destination                 Name\n"
        '   3 [ XYZ   62  774 null      ] "part.1"\n'
        '  11 [ XYZ   62  774 null      ] "chapter.1"\n'
        '  21 [ XYZ   62  774 null      ] "chapter.10"\n'
    )
    assert pdf_check.destination_page(dests, "chapter.1") == 11
    with pytest.raises(ValueError, match=r"chapter\.2"):
        pdf_check.destination_page(dests, "chapter.2")


def test_chapter_titles_from_the_toc_sources_and_catalogues(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n"
        "  - caption: A\n    chapters:\n      - file: chapters/01_a\n"
        "  - caption: B\n    chapters:\n      - file: chapters/91_b\n",
        encoding="utf-8",
    )
    (tmp_path / "chapters").mkdir()
    nb = {
        "cells": [
            {"cell_type": "code", "source": ["# 2. not a heading"]},
            {"cell_type": "markdown", "source": ["(ch-a)=\n", "# 1. Entropy: a title\n"]},
        ]
    }
    (tmp_path / "chapters" / "01_a.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (tmp_path / "chapters" / "91_b.md").write_text("(b)=\n# Glossary\n\ntext\n", encoding="utf-8")
    assert pdf_check.chapter_titles("en", tmp_path) == ["Entropy: a title", "Glossary"]

    po = tmp_path / "locale" / "zh_CN" / "LC_MESSAGES" / "chapters"
    po.mkdir(parents=True)
    (po / "01_a.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "1. Entropy: a title"\nmsgstr "1. 熵：一个标题"\n',
        encoding="utf-8",
    )
    (po / "91_b.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Glossary"\nmsgstr ""\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="no translation of 'Glossary'"):
        pdf_check.chapter_titles("zh", tmp_path)


def test_first_heading_requires_one():
    with pytest.raises(ValueError, match="level-1 heading"):
        pdf_check.first_heading("## only a subsection\n")


def test_check_names_a_missing_pdf(tmp_path):
    report = pdf_check.check("en", pdf_dir=tmp_path, root=tmp_path)
    assert report.failures == ["entropy-course-en.pdf is missing (run make pdf)"]

"""The static page checks can fail: a missing file or anchor is reported, and a page
edited after it was parsed is parsed again."""

from __future__ import annotations

from .pages import broken_links


def test_broken_links_reports_missing_files_and_anchors(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html#x">x</a> <a href="c.html">c</a> <a href="https://example.org">e</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<p id="y">no x here</p>', encoding="utf-8")
    assert broken_links(tmp_path, "a.html") == [
        "b.html#x: no anchor #x in b.html",
        "c.html: no such file c.html",
    ]
    (tmp_path / "b.html").write_text('<p id="x">now it is here</p>', encoding="utf-8")
    (tmp_path / "c.html").write_text("<p>c</p>", encoding="utf-8")
    assert broken_links(tmp_path, "a.html") == []

"""A hidden element that HTML closes by itself (a <li> or <p> without its end tag) hides only
itself: the items and paragraphs after it are imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.importers import import_file

PAGES = {
    "list": (
        "<html><body><ul><li style='display:none'>secret<li>Item two<li>Item three</ul>"
        "<p>Closing para</p></body></html>",
        ["Item two", "Item three", "Closing para"],
        "secret",
    ),
    "paragraphs": (
        "<html><body><p hidden>note<p>Real paragraph one.<p>Real paragraph two.</body></html>",
        ["Real paragraph one.", "Real paragraph two."],
        "note",
    ),
    "closed by its parent": (
        "<html><body><div><p style='display:none'>draft</div><p>After the box.</p></body></html>",
        ["After the box."],
        "draft",
    ),
    "nested list inside": (
        "<html><body><ul><li style='display:none'>a<ul><li>inner</ul><li>next</ul></body></html>",
        ["next"],
        "ainner",
    ),
}


@pytest.mark.parametrize("case", PAGES)
def test_only_the_hidden_element_is_left_out(tmp_path: Path, case: str) -> None:
    html, visible, hidden = PAGES[case]
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    imported = import_file(path)
    assert imported.text.split("\n")[: len(visible)] == visible
    notes = [note.detail for note in imported.report if note.kind == "invisible"]
    assert len(notes) == 1 and notes[0].startswith(f"left out “{hidden}” (hidden: ")

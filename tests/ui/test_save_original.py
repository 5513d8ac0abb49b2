"""File → Save original as…: the open document's source file, byte for byte, from the keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from desktop_app.core.corpus import add_imported_many
from desktop_app.core.importers import ImportedDocument
from desktop_app.ui import file_dialogs

ORIGINAL = b"%PDF-1.4\n\xe5\x85\xac\xe5\x91\x8a binary \x00\xff\r\n"


def test_save_original_writes_the_exact_bytes(make_window, store, tmp_path, monkeypatch):
    [(document_id, _)] = add_imported_many(
        store,
        [
            ImportedDocument(
                text="公告 text", title="公告", source_name="公告.pdf", original=ORIGINAL
            )
        ],
    )
    window = make_window(store)
    window.open_document(document_id)
    target = tmp_path / "saved 公告.pdf"
    offered: list[str] = []

    def choose(_parent, _title, suggested, _filter):
        offered.append(suggested)
        return str(target)

    monkeypatch.setattr(file_dialogs, "save_file_name", choose)
    window.registry.run("document.save_original")
    assert offered == ["公告.pdf"]  # the file's own name is suggested
    assert target.read_bytes() == ORIGINAL
    assert "Saved the original" in window.statusBar().currentMessage()


def test_a_document_without_an_original_says_so(
    make_window, store, document_id, tmp_path, monkeypatch
):
    window = make_window(store)
    window.open_document(document_id)
    target = tmp_path / "x.txt"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_: str(target))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text, *a: warned.append(text))
    window.registry.run("document.save_original")
    assert warned and "no original file is kept" in warned[0]
    assert not Path(target).exists()

"""The four-eyes review cycle driven from the keyboard, then checked in the bundle and the
audit trail — including that tampering with one audit row is caught and named."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.cli import main as cli_main
from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.ui import file_dialogs
from desktop_app.ui.main_window import MainWindow

Key, Mod = Qt.Key, Qt.KeyboardModifier
TEXT = (
    "KOWLOON GATE HOLDINGS LIMITED\n(Stock Code: 0456)\n\n"
    "On 2 May 2025 the Board appointed Mr Lee Wing as an executive director.\n"
)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Key, modifier: Mod = Mod.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def answer_prompt(qtbot: QtBot, text: str, save: Mod = Mod.NoModifier) -> None:
    """Type into the dialog that has just opened (name, reason…) and press Return (with
    ``save``: Ctrl saves a comment, whose Return starts a new line)."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: focused().window() is dialog)
    focused_widget = focused()
    if hasattr(focused_widget, "selectAll"):
        focused_widget.selectAll()
    qtbot.keyClicks(focused_widget, text)
    press(qtbot, Key.Key_Return, save)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def tag(qtbot: QtBot, window: MainWindow, words: str, key: Key) -> None:
    press(qtbot, Key.Key_F, Mod.ControlModifier)
    window.find_bar.field.clear()
    qtbot.keyClicks(window.find_bar.field, words)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Escape)
    press(qtbot, key)


def be(qtbot: QtBot, window: MainWindow, name: str) -> None:
    window.registry.run("review.identity")  # then typed, as a reviewer would
    answer_prompt(qtbot, name)
    assert window.context.store.actor == name


@pytest.fixture
def document_id(store: Store) -> str:
    document_id, _ = store.add_document(
        text=TEXT,
        title="Kowloon Gate: director appointment",
        metadata={"stock_code": "0456", "publication_date": "2025-05-02"},
    )
    return document_id


# two reviewers by name in one window: a file's way (the server enforces four-eyes by login)
@pytest.mark.file_only
def test_four_eyes_cycle_from_the_keys(
    make_window: Callable[[Store], MainWindow],
    store: Store,
    document_id: str,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(store)
    be(qtbot, window, "Alice")
    window.open_document(document_id)
    window.text_view.setFocus()

    # Alice annotates and marks the document annotated.
    tag(qtbot, window, "Lee Wing", Key.Key_2)
    press(qtbot, Key.Key_Return, Mod.ControlModifier | Mod.ShiftModifier)
    assert store.document(document_id).status is DocumentStatus.ANNOTATED

    # Alice may not approve her own work.
    press(qtbot, Key.Key_A, Mod.ControlModifier | Mod.ShiftModifier)
    assert "four-eyes" in window.statusBar().currentMessage()
    assert store.document(document_id).status is DocumentStatus.ANNOTATED

    # Bob approves; the document is then locked.
    be(qtbot, window, "Bob")
    window.text_view.setFocus()
    press(qtbot, Key.Key_A, Mod.ControlModifier | Mod.ShiftModifier)
    assert store.document(document_id).status is DocumentStatus.APPROVED
    tag(qtbot, window, "executive director", Key.Key_7)
    assert "approved and locked" in window.statusBar().currentMessage()

    # Bob reopens (with a reason) and edits; undo of the edit is audited too.
    press(qtbot, Key.Key_O, Mod.ControlModifier | Mod.AltModifier)
    answer_prompt(qtbot, "date of appointment to be tagged")
    assert store.document(document_id).status is DocumentStatus.IN_PROGRESS
    tag(qtbot, window, "2 May 2025", Key.Key_4)
    press(qtbot, Key.Key_Z, Mod.ControlModifier)
    press(qtbot, Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)
    assert {e.type for e in store.entities(document_id)} == {"PERSON", "DATE"}

    # A comment on the document, from the keys.
    press(qtbot, Key.Key_M, Mod.ControlModifier | Mod.ShiftModifier)
    answer_prompt(qtbot, "Please confirm the effective date", Mod.ControlModifier)
    assert [c.body for c in store.comments(document_id)] == ["Please confirm the effective date"]

    # The history shows who did what, newest first.
    entries = store.audit_entries(document_id=document_id)
    actors = [e.actor for e in entries]
    assert actors[0] == "Bob" and "Alice" in actors
    statuses = [
        e.after.get("status")
        for e in reversed(entries)
        if e.table_name == "documents"
        and e.after
        and e.before
        and e.after.get("status") != e.before.get("status")
    ]
    assert statuses == ["in_progress", "annotated", "approved", "in_progress"]
    window.registry.run("review.history")
    history = window.forms.history_tab.entries
    assert 0 < history.count() <= len(entries)
    assert "Bob" in history.item(0).text() and "comment" in history.item(0).text()

    # The bundle carries the review record, and the audit trail verifies.
    bundle = tmp_path / "bundle.json"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(bundle))
    press(qtbot, Key.Key_E, Mod.ControlModifier)
    qtbot.waitUntil(bundle.exists)
    exported = json.loads(bundle.read_text(encoding="utf-8"))
    (record,) = exported["documents"]
    assert record["document"]["status"] == "in_progress"
    assert record["document"]["status_note"] == "date of appointment to be tagged"
    assert [c["body"] for c in record["comments"]] == ["Please confirm the effective date"]
    assert {e["actor"] for e in record["audit"]} >= {"Alice", "Bob"}
    database = str(store.path)
    assert cli_main(["--db", database, "audit", "verify"]) == 0

    # Someone edits one audit row directly in the file: verify fails and names the entry.
    target = entries[len(entries) // 2].seq
    raw = sqlite3.connect(database)
    for (name,) in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'"
    ).fetchall():
        raw.execute(f'DROP TRIGGER "{name}"')
    raw.execute("UPDATE audit SET actor = 'Mallory' WHERE seq = ?", [target])
    raw.commit()
    raw.close()
    assert cli_main(["--db", database, "audit", "verify"]) == 1

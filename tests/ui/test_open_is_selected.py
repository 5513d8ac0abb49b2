"""What is highlighted in the documents list is what is open, whichever way it was opened
(click, arrow keys, a full-text search hit, the palette, Ctrl+J); reading a document changes
nothing and the first edit starts the work; the approved counter follows an import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.picker import Picker

MakeWindow = Callable[..., MainWindow]
Key, Mod = Qt.Key, Qt.KeyboardModifier


def _corpus(store: Store) -> list[str]:
    ids = []
    for number, word in enumerate(("placing", "dividend", "buy-back", "rights issue", "halt")):
        document_id, _ = store.add_document(
            text=f"Announcement {number}: the Company announces a {word}.",
            title=f"Notice {number} {word}",
        )
        ids.append(document_id)
    return ids


def _selected(window: MainWindow) -> list[str]:
    pane = window.documents
    rows = pane.table.selectionModel().selectedRows()
    return [str(pane.model.data(index, Qt.ItemDataRole.UserRole)) for index in rows]


def _open_id(window: MainWindow) -> str | None:
    return window.working.id if window.working is not None else None


def test_a_click_and_the_arrow_keys_open_the_row_they_highlight(
    make_window: MakeWindow, store: Store, qtbot: QtBot
) -> None:
    ids = _corpus(store)
    window = make_window(store)
    window.open_document(ids[0])
    table = window.documents.table
    rect = table.visualRect(window.documents.model.index(2, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _open_id(window) == ids[2] and _selected(window) == [ids[2]]
    assert "rights issue" not in window.text_view.toPlainText()
    assert "buy-back" in window.text_view.toPlainText()
    table.setFocus()
    qtbot.keyClick(table, Key.Key_Down)
    assert _open_id(window) == ids[3] and _selected(window) == [ids[3]]
    qtbot.keyClick(table, Key.Key_Up)
    qtbot.keyClick(table, Key.Key_Up)
    assert _open_id(window) == ids[1] and _selected(window) == [ids[1]]
    assert "dividend" in window.text_view.toPlainText()


def test_a_search_hit_is_opened_not_only_selected(
    make_window: MakeWindow, store: Store, qtbot: QtBot
) -> None:
    ids = _corpus(store)
    window = make_window(store)
    window.open_document(ids[0])
    box = window.documents.search_box
    box.setFocus()
    qtbot.keyClicks(box, "dividend")
    qtbot.keyClick(box, Key.Key_Return)
    assert _open_id(window) == ids[1] and _selected(window) == [ids[1]]
    # A search the open document matches keeps it open and highlighted.
    box.clear()
    qtbot.keyClicks(box, "announces")
    qtbot.keyClick(box, Key.Key_Return)
    assert _open_id(window) == ids[1] and _selected(window) == [ids[1]]


def test_the_palette_and_ctrl_j_highlight_what_they_open(
    make_window: MakeWindow, store: Store, qtbot: QtBot
) -> None:
    ids = _corpus(store)
    window = make_window(store)
    window.open_document(ids[0])
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_K, Mod.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    picker = QApplication.activeModalWidget()
    assert isinstance(picker, Picker)
    qtbot.waitUntil(picker.query.hasFocus)
    qtbot.keyClicks(picker.query, "Open: Notice 4 halt")
    qtbot.keyClick(picker.query, Key.Key_Return)
    qtbot.waitUntil(lambda: _open_id(window) == ids[4])
    assert _selected(window) == [ids[4]]
    # Ctrl+J opens the next document needing me; hidden by the filter, no other row stays lit.
    window.documents.filter_box.setText("halt")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_J, Mod.ControlModifier)
    assert _open_id(window) == ids[0]
    assert _selected(window) == []
    assert "hidden by the list's filters" in window.statusBar().currentMessage()


def test_reading_changes_nothing_and_the_first_edit_starts_the_work(
    make_window: MakeWindow, store: Store, qtbot: QtBot
) -> None:
    ids = _corpus(store)
    window = make_window(store)
    seq = store.last_audit_seq()
    for document_id in ids:
        window.open_document(document_id)
    table = window.documents.table
    table.setFocus()
    qtbot.keyClick(table, Key.Key_Up)
    assert store.last_audit_seq() == seq  # no audit entry for looking
    assert {store.document(i).status for i in ids} == {DocumentStatus.NEW}
    reviewer = window.documents.model.data(window.documents.model.index(3, 5))
    assert reviewer == "tester"  # who added it, not who looked at it
    assert store.document_info(ids[3]).status is DocumentStatus.NEW
    window.text_view.select_span(25, 32)  # "Company"
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_1)  # tag as Company: the first edit
    assert store.document(ids[3]).status is DocumentStatus.IN_PROGRESS
    assert window.documents.model.data(window.documents.model.index(3, 4)) == "In progress"
    qtbot.keyClick(window.text_view, Key.Key_Z, Mod.ControlModifier)
    assert store.document(ids[3]).status is DocumentStatus.NEW
    assert store.entities(ids[3]) == []


def test_the_approved_counter_follows_an_import(
    make_window: MakeWindow, store: Store, qtbot: QtBot, tmp_path: Path
) -> None:
    _corpus(store)
    window = make_window(store)
    assert window.progress.maximum() == 5
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "east.txt").write_text(
        "EAST PIER HOLDINGS LIMITED\n(Stock Code: 0777)\nThe Company announces a dividend.\n",
        encoding="utf-8",
    )
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(folder))])
    window.dropEvent(
        QDropEvent(
            QPoint(10, 10).toPointF(),
            Qt.DropAction.CopyAction,
            data,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    qtbot.waitUntil(lambda: window.progress.maximum() == 6, timeout=10000)
    assert window.progress.text() == "0 of 6 approved"

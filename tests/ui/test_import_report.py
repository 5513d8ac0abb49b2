"""*View import report…* lists what the importer left out, replaced or flagged, and Return on a
note with an offset shows that place in the text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.import_report import ImportReportDialog
from desktop_app.ui.main_window import MainWindow

TEXT = "Poll results.\nResolution 2: FOR 12,345,678 votes.\nPrice HK$1.20 \ufffd Caf\ufffd\n"
NOTES = [
    {"kind": "furniture", "detail": "page number '- 1 -' left out", "page": 1, "offset": None},
    {
        "kind": "replaced",
        "detail": "2 invalid bytes replaced with U+FFFD",
        "page": None,
        "offset": TEXT.index("\ufffd"),
    },
]


def _open_report(window: MainWindow, qtbot: QtBot) -> ImportReportDialog:
    assert window.registry.run("source.import_report")
    dialog = window.findChild(ImportReportDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_report_lists_each_note_and_return_jumps_to_its_offset(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot
) -> None:
    document_id, _ = store.add_document(text=TEXT, title="Poll", import_report=NOTES)
    window = make_window(store)
    window.open_document(document_id)
    dialog = _open_report(window, qtbot)
    table = dialog.table
    rows = [
        [table.item(row, column).text() for column in range(3)] for row in range(table.rowCount())
    ]
    assert rows == [
        ["furniture", "1", "page number '- 1 -' left out"],
        ["replaced", "", "2 invalid bytes replaced with U+FFFD"],
    ]
    # A note without a place in the text: Return keeps the report open.
    table.setFocus()
    table.setCurrentCell(0, 2)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "no place in the text" in dialog.summary.text()
    table.setCurrentCell(1, 2)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.text_view.caret_offset() == TEXT.index("\ufffd")
    assert window.text_view.hasFocus()


def test_an_empty_report_says_nothing_was_left_out(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot, document_id: str
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    dialog = _open_report(window, qtbot)
    assert dialog.table.rowCount() == 0
    summary = dialog.findChild(QLabel, "import_report_summary")
    assert summary is not None
    assert "left nothing out" in summary.text()
    dialog.reject()


def test_without_a_document_the_command_says_why(
    make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = make_window(store)
    assert not window.registry.run("source.import_report")
    assert "no document is open" in window.statusBar().currentMessage()
    assert window.registry.keys_for("source.import_report") == ["Ctrl+Shift+I"]

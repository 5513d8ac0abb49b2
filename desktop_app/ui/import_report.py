"""*View import report…*: what the importer left out, replaced or flagged in the open document.

One row per note (kind, page, what happened); Return or a double click on a note that names an
offset closes the dialog and puts the caret there in the text, so the reviewer can see what is
around the gap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

COLUMNS = ("Kind", "Page", "Detail")


def _cell(value: object) -> QTableWidgetItem:
    item = QTableWidgetItem("" if value is None else str(value))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class ImportReportDialog(QDialog):
    """The import report of one document; ``jump`` is called with a note's offset."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        notes: list[dict[str, Any]],
        jump: Callable[[int], None],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_report")
        self.setWindowTitle(f"Import report — {title}")
        self._notes = notes
        self._jump = jump
        summary = QLabel(
            f"{len(notes)} note(s): what the importer left out, replaced or flagged. "
            "Return on a note with an offset shows that place in the text."
            if notes
            else "The importer left nothing out, replaced nothing and flagged nothing."
        )
        summary.setObjectName("import_report_summary")
        self.summary = summary
        summary.setWordWrap(True)
        self.table = QTableWidget(len(notes), len(COLUMNS))
        self.table.setObjectName("import_report_table")
        self.table.setAccessibleName("Import report notes")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, note in enumerate(notes):
            self.table.setItem(row, 0, _cell(note.get("kind")))
            self.table.setItem(row, 1, _cell(note.get("page")))
            detail = _cell(note.get("detail"))
            if note.get("offset") is None:
                detail.setToolTip("No place in the text: the content is not in the stored text")
            self.table.setItem(row, 2, detail)
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(self._activated)
        if notes:
            self.table.setCurrentCell(0, 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Return on a note is "show me"; the dialog's own Return would just close it.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPushButton
        ):
            self._activated(self.table.currentIndex())
            return
        super().keyPressEvent(event)

    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        offset = self._notes[index.row()].get("offset")
        if isinstance(offset, int):
            self.accept()
            self._jump(offset)
        else:
            self.summary.setText("That note has no place in the text: what it names was left out.")

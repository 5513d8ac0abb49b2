"""The History tab: the document's audit trail in words, newest first — "alice renamed Company
«A» → «B»" — filtered by who, what and when; the chosen entry's changed fields in full below;
Return (or Go to annotation) jumps to the annotation when it still exists; Export CSV… writes
what is shown for auditors. The words come from ``core.history_text``."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KnownError
from desktop_app.core.history_text import (
    KINDS,
    HistoryLine,
    document_history,
    filter_lines,
    write_history_csv,
)
from desktop_app.core.models import Changes
from desktop_app.core.wording import count_of
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui import file_dialogs
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms.list_and_detail import ListAndDetail

_KIND_WORDS = {
    "entity": "Entities",
    "mention": "Mentions",
    "event": "Events",
    "role": "Roles filled",
    "document": "Document and status",
    "comment": "Comments",
}
_PERIODS = (("Any time", None), ("Today", 0), ("Last 7 days", 6), ("Last 30 days", 29))


class HistoryTab(QWidget):
    target_activated = Signal(str)  # entity or event id

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lines: list[HistoryLine] = []
        self.shown: list[HistoryLine] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.who = self._combo("Show changes by")
        self.what = self._combo("Show changes of")
        self.what.addItem("All changes", "")
        for kind in KINDS:
            self.what.addItem(_KIND_WORDS[kind], kind)
        self.when = self._combo("Show changes made")
        for text, days in _PERIODS:
            self.when.addItem(text, days)
        filters = QHBoxLayout()
        filters.addWidget(self.summary, 2)
        for combo in (self.who, self.what, self.when):
            filters.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self._show_lines)
        self.entries = QListWidget(self)
        self.entries.setAccessibleName("History of this document")
        self.entries.setWordWrap(True)
        self.entries.setSpacing(2)
        self.entries.setAlternatingRowColors(True)
        self.entries.itemActivated.connect(self._activated)
        self.entries.currentRowChanged.connect(self._show_detail)
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("The chosen change, field by field")
        self.detail.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.jump_button = QPushButton("Go to annotation", self)
        self.jump_button.clicked.connect(self._jump_to_current)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.setToolTip("Write the changes shown to a CSV file, one row per field")
        self.export_button.clicked.connect(self.export_csv)
        buttons = QHBoxLayout()
        buttons.addWidget(self.jump_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        split = ListAndDetail(self.entries, self.detail, self)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._stale = True
        context.labels_changed.connect(lambda: self.apply_changes(Changes()))

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(9)  # "Everyone", "Any time" never cut short
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        return combo

    def set_document(self, _working: WorkingDocument | None) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def apply_changes(self, _changes: Changes) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._stale = False
        working = self.context.working
        if working is None:
            self.lines = []
        else:
            store = self.context.store
            entries = store.audit_entries(document_id=working.id, newest_first=False)
            self.lines = document_history(entries, store.schema, self.context.label_language)
        chosen = self.who.currentData()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem("Everyone", "")
        for actor in sorted({line.actor for line in self.lines}):
            self.who.addItem(actor, actor)
        self.who.setCurrentIndex(max(self.who.findData(chosen), 0))
        self.who.blockSignals(False)
        self._show_lines()

    def _since(self) -> str:
        days = self.when.currentData()
        if not isinstance(days, int):
            return ""
        return (datetime.now(UTC) - timedelta(days=days)).date().isoformat()

    def _show_lines(self, *_: object) -> None:
        self.shown = filter_lines(
            self.lines,
            who=str(self.who.currentData() or ""),
            what=str(self.what.currentData() or ""),
            since=self._since(),
        )
        self.entries.clear()
        for line in self.shown:
            item = QListWidgetItem(f"{line.when} · {line.sentence}")
            item.setData(Qt.ItemDataRole.UserRole, line.target_id)
            item.setToolTip(f"entry {line.seq}")
            self.entries.addItem(item)
        if self.context.working is None:
            self.summary.clear()
        else:
            total = len(self.lines)
            part = "" if len(self.shown) == total else f" of {total}"
            self.summary.setText(f"{count_of(len(self.shown), 'change')}{part}")
            self.summary.setToolTip("Newest first")
        self.export_button.setEnabled(bool(self.shown))
        if self.shown:
            self.entries.setCurrentRow(0)
        self._show_detail(self.entries.currentRow())

    def _show_detail(self, row: int) -> None:
        line = self.shown[row] if 0 <= row < len(self.shown) else None
        self.jump_button.setEnabled(bool(line and self._target_exists(line.target_id)))
        if line is None:
            self.detail.setHtml("")
            return
        rows = "".join(
            f"<tr><td><b>{html.escape(change.field)}</b></td>"
            f"<td>{_multiline(change.before)}</td><td>{_multiline(change.after)}</td></tr>"
            for change in line.changes
        )
        table = (
            "<table cellspacing='0' cellpadding='4' border='1' width='100%'>"
            "<tr><th align='left'>Field</th><th align='left'>Before</th>"
            f"<th align='left'>After</th></tr>{rows}</table>"
            if rows
            else ""
        )
        # The sentence is the chosen row itself; below it only what the row cannot hold.
        said = "" if table else f"<p>{html.escape(line.sentence)}</p>"
        self.detail.setHtml(f"<p>{html.escape(line.when)} · entry {line.seq}</p>{said}{table}")

    def _target_exists(self, target: str | None) -> bool:
        working = self.context.working
        if not target or working is None:
            return False
        return working.entity_row(target) is not None or working.event_row(target) is not None

    def _activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(target, str) and self._target_exists(target):
            self.target_activated.emit(target)
        elif target:
            self.context.report("that annotation has since been removed")

    def _jump_to_current(self) -> None:
        item = self.entries.currentItem()
        if item is not None:
            self._activated(item)

    def export_csv(self) -> None:
        working = self.context.working
        if working is None or not self.shown:
            self.context.report("no changes to export")
            return
        suggested = f"{working.document.title or working.id} history.csv".replace("/", "-")
        path = file_dialogs.save_file_name(self, "Export history", suggested, "CSV (*.csv)")
        if not path:
            return
        try:
            written = write_history_csv(Path(path), self.shown)
        except KnownError as error:
            self.context.report(str(error))
            return
        self.context.report(f"Exported {count_of(written, 'change')} to {path}")

    def focus_list(self) -> None:
        self.entries.setFocus()


def _multiline(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")

"""The History tab: the document's audit trail, newest first — who changed what, when, and the
values before and after. Return on an entry jumps to its annotation when it still exists."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app.core.models import Changes
from desktop_app.core.review_models import AuditEntry, changed_values
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.editor_context import EditorContext

_WHAT = {
    "entities": "entity",
    "mentions": "mention",
    "events": "event",
    "arguments": "role",
    "documents": "document",
    "comments": "comment",
}
_SHOWN_FIELDS = (
    "type",
    "name",
    "text",
    "role",
    "status",
    "flag",
    "metadata",
    "body",
    "resolved",
    "identifier",
    "attributes",
    "status_note",
)
_LIMIT = 500


def is_touch_only(entry: AuditEntry) -> bool:
    """An update that only restamped who/when (e.g. an event touched when a role was filled):
    kept in the trail, not worth a line in the panel."""
    if entry.action != "update" or not entry.before or not entry.after:
        return False
    return not changed_values(entry)  # which leaves out who, when and the row version


def describe_entry(entry: AuditEntry) -> str:
    """One line: action, what, and the fields that changed with their old and new values."""
    what = _WHAT.get(entry.table_name, entry.table_name)
    before, after = entry.before or {}, entry.after or {}
    if entry.action in ("insert", "import"):
        shown = ", ".join(
            f"{k}={after[k]}" for k in _SHOWN_FIELDS if after.get(k) not in (None, "", "{}")
        )
        return f"added {what}" + (f": {shown}" if shown else "")
    if entry.action == "delete":
        shown = ", ".join(
            f"{k}={before[k]}" for k in _SHOWN_FIELDS if before.get(k) not in (None, "", "{}")
        )
        return f"removed {what}" + (f": {shown}" if shown else "")
    changed = [k for k in after if k in _SHOWN_FIELDS and before.get(k) != after.get(k)]
    parts = [f"{k}: {_short(before.get(k))} → {_short(after.get(k))}" for k in changed]
    return f"changed {what}" + (f" — {'; '.join(parts)}" if parts else "")


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


class HistoryTab(QWidget):
    target_activated = Signal(str)  # entity or event id

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.summary = QLabel(self)
        self.entries = QListWidget(self)
        self.entries.setAccessibleName("History of this document")
        self.entries.setWordWrap(True)
        self.entries.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.entries, 1)
        self._stale = True

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
        self.entries.clear()
        working = self.context.working
        if working is None:
            self.summary.clear()
            return
        entries = self.context.store.audit_entries(document_id=working.id, limit=_LIMIT)
        shown = [entry for entry in entries if not is_touch_only(entry)]
        for entry in shown:
            when = entry.at[:19].replace("T", " ")
            item = QListWidgetItem(f"{when} · {entry.actor} · {describe_entry(entry)}")
            row = entry.after or entry.before or {}
            target = row.get("entity_id") or (
                row.get("id") if entry.table_name in ("entities", "events") else row.get("event_id")
            )
            item.setData(Qt.ItemDataRole.UserRole, target)
            item.setToolTip(f"entry {entry.seq} · hash {entry.hash[:16]}…")
            self.entries.addItem(item)
        more = " (latest 500)" if len(entries) >= _LIMIT else ""
        hidden = len(entries) - len(shown)
        touched = f"; {hidden} timestamp-only updates not shown" if hidden else ""
        self.summary.setText(f"{len(shown)} changes, newest first{more}{touched}")

    def _activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(target, str) and target:
            self.target_activated.emit(target)

    def focus_list(self) -> None:
        self.entries.setFocus()

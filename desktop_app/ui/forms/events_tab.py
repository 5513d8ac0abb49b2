"""The Events tab: the document's events in reading order, and the form of the chosen one.

Events are few per document, so the list is a plain list widget, filled in one call (10,000
events on a large document); each row's event is the id in the sort key beside it. After an
edit only the items of changed events are updated, moved or removed, and the selection stays
put.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.annotation_rows import EventRow
from desktop_app.core.event_listing import EventKey, event_label, event_lists, event_order
from desktop_app.core.models import Changes
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms.event_form import EventForm


class EventsTab(QWidget):
    """Event list and event form; Return on an event jumps to its trigger."""

    jump_requested = Signal(int, int)

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._keys: list[EventKey] = []
        self.event_list = QListWidget(self)
        self.event_list.setAccessibleName("Events")
        self.event_list.setToolTip("Return: show the trigger in the text")
        self.event_list.currentItemChanged.connect(self._on_current_changed)
        self.event_list.itemActivated.connect(self._on_activated)
        self.form = EventForm(context)
        self.form.jump_requested.connect(self.jump_requested)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.event_list)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([150, 450])  # proportions; the form needs the room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        QWidget.setTabOrder(self.event_list, self.form.type_combo)

    def set_document(self, working: WorkingDocument | None) -> None:
        self.form.show_event(None)
        self.event_list.clear()
        self._keys = []
        outline = None if working is None else working.outline
        if outline is not None:  # a large document as kept: the same keys and labels
            self._keys = list(outline.event_keys)
            self.event_list.addItems(outline.event_labels)
        elif working is not None:
            self._keys, labels = event_lists(working.event_rows, self.context.schema)
            self.event_list.addItems(labels)

    def _insert(self, event: EventRow) -> None:
        key = event_order(event)
        row = bisect_left(self._keys, key)
        self._keys.insert(row, key)
        self.event_list.insertItem(
            row, event_label(event, self.context.schema.event_type(event.type))
        )

    def _id_of(self, item: QListWidgetItem | None) -> str | None:
        row = -1 if item is None else self.event_list.row(item)
        return self._keys[row][2] if 0 <= row < len(self._keys) else None

    def _row_of(self, event_id: str) -> int:
        return next((n for n, key in enumerate(self._keys) if key[2] == event_id), -1)

    def apply_changes(self, changes: Changes) -> None:
        working = self.context.working
        if working is None:
            return
        current = self.current_event()
        self.event_list.blockSignals(True)  # the form follows below, once, not per item
        try:
            for event_id in changes.events | changes.removed_events:
                row = self._row_of(event_id)
                event = working.event_row(event_id)
                if row >= 0 and event is not None and self._keys[row] == event_order(event):
                    label = event_label(event, self.context.schema.event_type(event.type))
                    self.event_list.item(row).setText(label)
                    continue
                if row >= 0:
                    del self._keys[row]
                    self.event_list.takeItem(row)
                if event is not None:
                    self._insert(event)
            if current is not None and working.event_row(current) is not None:
                self.event_list.setCurrentRow(self._row_of(current))
        finally:
            self.event_list.blockSignals(False)
        if current is not None and working.event_row(current) is None:
            self.form.show_event(self._id_of(self.event_list.currentItem()))
        self.form.apply_changes(changes)

    def current_event(self) -> str | None:
        return self.form.event_id

    def show_event(self, event_id: str) -> bool:
        """Select an event and focus its first empty required role (else its first role)."""
        row = self._row_of(event_id)
        if row < 0:
            return False
        self.event_list.setCurrentRow(row)
        self.form.show_event(event_id)
        self.form.focus_first_role()
        return True

    def focus_tab(self) -> None:
        if self.form.event_id is not None:
            self.form.focus_first_role()
        else:
            self.event_list.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.event_list.currentRow() < 0 and self.event_list.count():
                self.event_list.setCurrentRow(0)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.form.show_event(self._id_of(current))

    def _on_activated(self, item: QListWidgetItem) -> None:
        working = self.context.working
        event_id = self._id_of(item)
        event = working.event_row(event_id) if working and event_id else None
        if event is not None and event.trigger is not None:
            self.jump_requested.emit(event.trigger.start, event.trigger.end)

"""The Document tab: what the open document is, and its document-level fields.

Title, source and status are shown read-only (status changes through the review commands);
each field the schema declares under ``document_fields`` gets an editor whose commits are
undoable ``SetDocumentField`` edits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.core.edits import SetDocumentField
from desktop_app.core.models import AttributeValue, Changes
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms.attribute_form import AttributeForm
from desktop_app.ui.forms.form_labels import label_form


class DocumentTab(QWidget):
    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._sources_of: str | None = None  # the document whose field sources are shown
        self._reason_shown_for: tuple[str, str, str] | None = None  # id, status, note
        self.title_label = self._info_label("Title")
        self.source_label = self._info_label("Source")
        self.status_label = self._info_label("Status")
        self.reason_label = self._info_label("Latest return or reopen reason")
        info = QFormLayout()
        info.addRow("Title", self.title_label)
        info.addRow("Source", self.source_label)
        info.addRow("Status", self.status_label)
        self.reason_title = QLabel("Reason", self)
        info.addRow(self.reason_title, self.reason_label)
        self.fields = AttributeForm(context.schema.document_fields, self)
        label_form(self.fields, context.schema, "document", context.label_language)
        context.labels_changed.connect(self._relabel)
        self.fields.attribute_committed.connect(self._commit_field)
        # In a short window the fields scroll instead of being squeezed over each other.
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addLayout(info)
        column.addWidget(QLabel("<b>Document fields</b>", body))
        column.addWidget(self.fields)
        column.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setAccessibleName("Document title, status and fields")
        self.scroll_area.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.set_document(context.working)

    def _info_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def set_document(self, working: WorkingDocument | None, reason: bool = True) -> None:
        """Show the document's title, status and fields; with ``reason`` False its latest
        return or reopening reason waits for ``show_reason`` (a search of its trail, left
        until after the text is painted when a document opens)."""
        self.setEnabled(working is not None)
        if working is None:
            for label in (self.title_label, self.source_label, self.status_label):
                label.clear()
            self._show_reason(None)
            self.fields.set_values({})
            return
        document = working.document
        self.title_label.setText(document.title)
        self.source_label.setText(document.source_name or "—")
        language = self.context.label_language
        status = self.context.schema.status_label(document.status.value, language)
        self.status_label.setText(f"{status} ({document.flag})" if document.flag else status)
        self._show_reason(working.id if reason else None)
        self.fields.set_values(document.metadata)
        self._show_sources(working)

    def _relabel(self) -> None:
        context = self.context
        label_form(self.fields, context.schema, "document", context.label_language)
        self.set_document(context.working)

    def show_reason(self) -> None:
        working = self.context.working
        self._show_reason(working.id if working is not None else None)

    def _show_reason(self, document_id: str | None) -> None:
        """Why the document was last returned or reopened: kept in view while it is fixed.

        Read from the trail again only when the status or its note changed: every annotation
        edit touches the document, and a document's trail can hold 100,000 entries."""
        working = self.context.working
        shown = (
            (document_id, working.document.status, working.document.status_note)
            if document_id and working is not None and working.id == document_id
            else None
        )
        if shown is not None and shown == self._reason_shown_for:
            return
        self._reason_shown_for = shown
        reason = self.context.store.latest_status_reason(document_id) if document_id else None
        self.reason_label.setText(reason.describe() if reason is not None else "")
        self.reason_label.setVisible(reason is not None)
        self.reason_title.setVisible(reason is not None)

    def _show_sources(self, working: WorkingDocument) -> None:
        """Each field the importer filled says, on hover, the line it was read from (the
        report never changes after import: read once per document, not on every edit)."""
        if self._sources_of == working.id:
            return
        self._sources_of = working.id
        sources: dict[str, str] = {}
        for note in self.context.store.import_report(working.id):
            if note.get("kind") == "metadata":
                name, _, _ = str(note.get("detail", "")).partition(" = ")
                page = note.get("page")
                where = f" (page {page})" if page else ""
                sources[name] = f"Filled on import: {note['detail']}{where}"
        for name, editor in self.fields.editors.items():
            description = editor.spec.description or ""
            source = sources.get(name, "")
            editor.setToolTip("\n".join(part for part in (description, source) if part))

    def apply_changes(self, changes: Changes) -> None:
        working = self.context.working
        if working is not None and working.id in changes.documents:
            self.set_document(working)

    def focus_tab(self) -> None:
        widgets = self.fields.focus_widgets()
        if widgets:
            widgets[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_field(self, name: str) -> bool:
        editor = self.fields.editors.get(name)
        if editor is None:
            return False
        widget = editor.focus_widgets()[0]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(editor)
        return True

    def _commit_field(self, name: str, value: AttributeValue) -> None:
        working = self.context.working
        if working is None:
            return
        old = working.document.metadata.get(name)
        context = self.context
        label = context.schema.attribute_label("document", name)
        command = SetDocumentField(working.id, name, old, value, label)
        if not context.run_edit(command):
            self.fields.editors[name].set_value(old)

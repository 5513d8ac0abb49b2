"""What every part of the window needs to edit: the store, the schema, the undo stack, the
open document, and one way to run an edit and hear about its changes.

Passed explicitly to the panes (no global application object). ``changed`` is emitted after
every edit, undo and redo with the ``Changes`` the store reported, so each pane refreshes only
what it must.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop_app.core.errors import KnownError
from desktop_app.core.models import Changes
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import Store
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.undo_commands import EditCommand, perform

# Characters whose highlights load before the first paint: several screens of dense text even
# on a tall monitor; the rest load on the next turn of the event loop.
FIRST_SCREEN = 20_000


class EditorContext(QObject):
    changed = Signal(object)  # Changes, after the open document has been refreshed
    document_opened = Signal(object)  # WorkingDocument | None
    message = Signal(str)  # a line for the status bar
    saved = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.working: WorkingDocument | None = None
        self.selection_provider: Callable[[], tuple[int, int] | None] = lambda: None

    @property
    def schema(self) -> AnnotationSchema:
        return self.store.schema

    def open_document(self, document_id: str | None) -> None:
        self.working = (
            WorkingDocument(self.store, document_id, first_screen=FIRST_SCREEN)
            if document_id
            else None
        )
        self.undo_stack.clear()
        self.document_opened.emit(self.working)

    def notify(self, changes: Changes) -> None:
        """Called with what an edit, undo or redo changed: refresh, then tell the views."""
        if self.working is not None:
            self.working.refresh(changes)
        self.changed.emit(changes)
        self.saved.emit()

    def report(self, text: str) -> None:
        self.message.emit(text)

    def run_edit(self, command: EditCommand) -> bool:
        """Run an edit now and put it on the undo stack; a refusal is reported, not raised."""
        try:
            perform(self.undo_stack, command)
        except KnownError as error:
            self.report(str(error))
            return False
        return True

    def selected_span(self) -> tuple[int, int] | None:
        return self.selection_provider()

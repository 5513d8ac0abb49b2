"""What every part of the window needs to edit: the store, the schema, the undo history, the
open document, and one way to run an edit and hear about its changes.

Passed explicitly to the panes (no global application object). ``changed`` is emitted after
every edit, undo and redo with the ``Changes`` the store reported, and after changes made by
other windows or processes (polled, see ``OutsideChanges``), so each pane refreshes only what
it must. The undo history is the core's ``EditHistory``: a refused step never moves it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.edits import Edit, EditHistory
from desktop_app.core.edits.work_start import StartingWork, counts_as_work
from desktop_app.core.errors import KnownError, StaleEdit
from desktop_app.core.gc_pause import paused_gc
from desktop_app.core.models import Changes
from desktop_app.core.outside_changes import OutsideChanges
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import Store
from desktop_app.core.working_document import WorkingDocument

# Characters whose highlights load before the first paint: several screens of dense text even
# on a tall monitor; the rest load on the next turn of the event loop.
FIRST_SCREEN = 20_000
# How often to look for other windows' and processes' changes: one tiny PRAGMA while idle.
OUTSIDE_POLL_MS = 1000


class EditorContext(QObject):
    changed = Signal(object)  # Changes, after the open document has been refreshed
    outside_changed = Signal(object)  # Changes another window or process made
    document_opened = Signal(object)  # WorkingDocument | None
    history_changed = Signal()  # the undo/redo steps available changed
    message = Signal(str)  # a line for the status bar
    saved = Signal()
    labels_changed = Signal()  # the language of the schema's display labels changed

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.history = EditHistory(store)
        self.working: WorkingDocument | None = None
        self.selection_provider: Callable[[], tuple[int, int] | None] = lambda: None
        # Which of the schema's display labels to show: "en" or "zh-Hant".
        self.label_language = "en"
        self.outside = OutsideChanges(store)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(OUTSIDE_POLL_MS)
        self.poll_timer.timeout.connect(self.check_outside_changes)
        self.poll_timer.start()
        # The previous document, let go of only after the next one is painted: freeing a
        # large one's 100,000 highlights and rows took 50 ms before the first paint.
        self._retired: list[WorkingDocument] = []
        self._release_timer = QTimer(self)
        self._release_timer.setSingleShot(True)
        self._release_timer.setInterval(0)
        self._release_timer.timeout.connect(self._retired.clear)

    @property
    def schema(self) -> AnnotationSchema:
        return self.store.schema

    def open_document(self, document_id: str | None) -> None:
        if self.working is not None:
            self._retired.append(self.working)
            self._release_timer.start()
        with paused_gc():  # the panes read the new document's annotations as it opens
            self.working = (
                WorkingDocument(
                    self.store, document_id, first_screen=FIRST_SCREEN, report=self.report
                )
                if document_id
                else None
            )
            self.history.clear()
            self.history_changed.emit()
            self.document_opened.emit(self.working)

    def set_label_language(self, language: str) -> None:
        if language != self.label_language:
            self.label_language = language
            self.labels_changed.emit()

    def notify(self, changes: Changes) -> None:
        """Called with what an edit, undo or redo changed: refresh, then tell the views."""
        self.outside.caught_up()
        if self.working is not None:
            self.working.refresh(changes)
        self.changed.emit(changes)
        self.saved.emit()

    def report(self, text: str) -> None:
        self.message.emit(text)

    # --- edits, undo and redo ------------------------------------------------------------------

    def run_edit(self, edit: Edit) -> bool:
        """Run an edit now and put it on the undo history; a refusal is reported, not raised."""
        based_on = self.working.versions if self.working is not None else {}
        if self.working is not None and counts_as_work(edit):
            edit = StartingWork(edit, self.working.id)
        try:
            changes = self.history.perform(edit, based_on=based_on)
        except KnownError as error:
            self._refused(str(error), error)
            return False
        self.notify(changes)
        self.history_changed.emit()
        return True

    def undo(self) -> bool:
        return self._step("undo")

    def redo(self) -> bool:
        return self._step("redo")

    def _step(self, kind: str) -> bool:
        """Undo or redo the latest step; a refusal says why and moves nothing."""
        history = self.history
        title = history.undo_title() if kind == "undo" else history.redo_title()
        try:
            _, changes = history.undo() if kind == "undo" else history.redo()
        except KnownError as error:
            self._refused(f"Not {kind}ne: {title} — {error}" if title else str(error), error)
            return False
        self.notify(changes)
        self.history_changed.emit()
        self.report(f"{kind.capitalize()}ne: {title}")
        return True

    def _refused(self, text: str, error: KnownError) -> None:
        if isinstance(error, StaleEdit):
            # Show what the other writer saved, so the next attempt starts from it.
            self.check_outside_changes(force=True)
        self.report(text)

    # --- other writers ---------------------------------------------------------------------

    def check_outside_changes(self, force: bool = False) -> None:
        """Refresh whatever other windows or processes changed since the last look."""
        try:
            changes = self.outside.poll()
        except KnownError as error:
            self.report(str(error))
            return
        if changes is None and force and self.working is not None:
            # Our own connection's view can lag only within this process; re-read the document.
            changes = Changes(documents={self.working.id})
        if changes is None:
            return
        if self.working is not None:
            try:
                self.working.refresh(changes)
            except KnownError:  # the open document itself was removed elsewhere
                self.report("The open document was removed by another window or program.")
                self.open_document(None)
        self.outside_changed.emit(changes)
        self.changed.emit(changes)

    def selected_span(self) -> tuple[int, int] | None:
        return self.selection_provider()

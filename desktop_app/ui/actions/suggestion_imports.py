"""Suggestions for documents just imported in the window ("suggest on import", a setting on
by default): computed in the worker thread one document at a time after the import ends, and
stored (a slice at a time, ``suggestion_saving``), so a document opened later shows them at
once. Each one's snapshot is read on the UI
thread just before its turn (one document's rows), and the next is queued only when the one
before is done, so the open document's own computations wait at most for one document.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_app.core.suggest import Suggestion
from desktop_app.ui.actions.suggestion_worker import Compute

if TYPE_CHECKING:
    from desktop_app.ui.actions.suggestions import SuggestionController
    from desktop_app.ui.import_dialog import ImportSession

IMPORTED = 0  # the generation a computation for an imported document reports


class ImportedSuggestions(QObject):
    """The queue of imported documents still to be given their suggestions."""

    computed = Signal(str)  # document id, after an imported one's suggestions were stored

    def __init__(self, controller: SuggestionController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.queue: deque[str] = deque()
        self.running: str | None = None  # the imported document being computed

    def watch(self, session: ImportSession) -> None:
        """Give the documents an import in the window adds their suggestions when it ends."""
        session.done.connect(lambda: self.add(session.added))

    def add(self, document_ids: list[str]) -> None:
        controller = self.controller
        if not controller.on_import:
            return
        controller.corpus_may_have_grown()
        self.queue.extend(d for d in document_ids if d not in controller.stored)
        self._next()

    def _next(self) -> None:
        controller = self.controller
        store = controller.context.store
        while self.running is None and self.queue and not store.closed:
            document_id = self.queue.popleft()
            working = controller.context.working
            if document_id in controller.stored or (
                working is not None and working.id == document_id and controller.running
            ):
                continue  # the open document's own computation gives it its suggestions
            self.running = document_id
            snapshot = (
                store.entities(document_id),
                store.events(document_id),
                store.decided(document_id),
            )
            job = Compute(
                controller.relay,
                IMPORTED,
                document_id,
                store.text_of(document_id),
                store.schema,
                snapshot,
                controller.corpus_names(),
            )
            controller.pool.start(job, -1)  # after any computation for the open document

    def finished(self, document_id: str, found: list[Suggestion]) -> None:
        self.running = None
        controller = self.controller
        store = controller.context.store
        if store.closed:
            return
        if document_id in controller.stored:
            self.computed.emit(document_id)
        else:
            controller.stored.add(document_id)

            def saved() -> None:
                controller.show_stored(document_id)
                self.computed.emit(document_id)

            controller.saving.save_all(document_id, found, saved)
        self._next()

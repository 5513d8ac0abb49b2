"""Storing a document's whole list of suggestions a slice at a time, between turns of the
event loop: the first save of a large document (a 2 MB one has about 100,000 suggestions, a
second of writing) must never hold up typing. Later saves after an edit are the few rows that
changed and are written at once.

The first slice replaces what was stored, the others add to it. A slice is written only while
the store is open; a save started again for the same document (a newer computation) stops
the one before, so two never interleave their rows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from desktop_app.core.store import Store
from desktop_app.core.suggest import Suggestion

SLICE = 2_000  # rows per turn of the event loop: some 20 ms of writing


class SlicedSave(QObject):
    """One document's suggestions being stored, slice by slice."""

    def __init__(
        self,
        parent: QObject,
        store: Store,
        document_id: str,
        suggestions: list[Suggestion],
        done: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.store, self.document_id = store, document_id
        self.suggestions, self.done = suggestions, done
        self.written = 0
        self.stopped = False

    def start(self) -> None:
        self._write_slice()

    def stop(self) -> None:
        self.stopped = True

    def _write_slice(self) -> None:
        if self.stopped or self.store.closed:
            return
        part = self.suggestions[self.written : self.written + SLICE]
        if self.written == 0:
            self.store.save_suggestions(self.document_id, part)
        else:
            self.store.update_suggestions(self.document_id, removed=(), added=part)
        self.written += len(part)
        if self.written < len(self.suggestions):
            QTimer.singleShot(0, self, self._write_slice)
        else:
            self.done()


class SuggestionSaving(QObject):
    """The sliced saves under way, one per document at most."""

    def __init__(self, parent: QObject, store: Store) -> None:
        super().__init__(parent)
        self.store = store
        self.running: dict[str, SlicedSave] = {}

    def save_all(
        self, document_id: str, suggestions: list[Suggestion], done: Callable[[], None]
    ) -> None:
        """Replace the document's stored suggestions by ``suggestions``, a slice at a time;
        ``done`` runs once the last slice is written."""
        self.stop(document_id)

        def finished() -> None:
            self.running.pop(document_id, None)
            done()

        save = SlicedSave(self, self.store, document_id, suggestions, finished)
        self.running[document_id] = save
        save.start()

    def stop(self, document_id: str) -> None:
        save = self.running.pop(document_id, None)
        if save is not None:
            save.stop()
            save.deleteLater()

"""Computing suggestions in a worker thread: the open document's (after an edit, on demand)
and, one document at a time, those of documents just imported.

The worker gets a snapshot taken on the UI thread (SQLite stays there) and sends the result
back through a queued signal; the corpus gazetteer is read in the worker, on a connection of
its own, once and again only after annotations were added in this window. One thread does all
of it, the open document's work first: an imported document is queued only when the one
before it is done, so an edit's suggestions wait at most for one document.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, Signal

from desktop_app.core.edits.open_suggestions import (
    OpenSuggestions,
    annotated_spans,
    event_triggers,
    kept_roles,
    stored_changes,
)
from desktop_app.core.errors import KnownError
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.suggest import Gazetteer, Suggestion
from desktop_app.core.suggest.gazetteer import RULE as GAZETTEER_RULE
from desktop_app.core.validation import EntityLike, EventLike

log = logging.getLogger(__name__)

# The document's entities and events (models or plain rows) and its decided suggestions.
Snapshot = tuple[Sequence[EntityLike], Sequence[EventLike], set[tuple[str, int, int]]]


class Relay(QObject):
    """Carries a worker's result back to the UI thread (a queued signal), and the UI thread's
    request to stop (``stopping``, set as the window ends) to the worker."""

    finished = Signal(int, str, object)  # generation (0: an imported document), id, Computed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stopping = threading.Event()


class CorpusNames:
    """The corpus gazetteer, read in the worker thread by ``read`` (a connection of its own)
    and read again there only after ``stale`` was set."""

    def __init__(self, read: Callable[[], Gazetteer]) -> None:
        self.read = read
        self.stale = True
        self._gazetteer = Gazetteer()

    def get(self) -> Gazetteer:
        if self.stale:  # only the single worker thread reads or rebuilds it
            self.stale = False
            try:
                self._gazetteer = self.read()
            except KnownError as error:
                # The names of other documents only add suggestions: without them the
                # document's own are still made. Read again at the next computation.
                log.warning("corpus names not read: %s", error)
                self.stale = True
        return self._gazetteer


@dataclass
class Computed:
    """A computation's result, made ready in the worker so the UI thread only swaps it in:
    ``offered`` built from the snapshot's state, and the rows to store: all of them
    (``changes`` None, nothing stored before) or what changed from ``stored``; ``notes``, what
    the suggesters tell the reviewer about the run."""

    found: list[Suggestion]
    offered: OpenSuggestions
    changes: tuple[list[Suggestion], list[Suggestion]] | None
    notes: list[str] = field(default_factory=list)


class Compute(QRunnable):
    def __init__(
        self,
        relay: Relay,
        generation: int,
        document_id: str,
        text: str,
        schema: AnnotationSchema,
        snapshot: Snapshot,
        corpus: CorpusNames,
        stored: list[Suggestion] | None = None,
    ) -> None:
        super().__init__()
        self.relay, self.generation, self.document_id = relay, generation, document_id
        self.text, self.schema, self.snapshot = text, schema, snapshot
        self.corpus = corpus
        self.stored = stored  # never changed in place: the UI thread replaces the list

    def run(self) -> None:
        # The suggesters load with the first computation, in this worker, not with the window.
        from desktop_app.core.suggest.engine import suggest_document

        if self.relay.stopping.is_set():
            return  # the window is ending: nothing read, nothing reported
        entities, events, decided = self.snapshot
        gazetteer = self.corpus.get()
        notes: list[str] = []
        found: list[Suggestion] = [
            suggestion
            for suggestion in suggest_document(
                self.text,
                self.schema,
                entities,
                events,
                gazetteer=gazetteer,
                decided=decided,
                stop=self.relay.stopping.is_set,
                notes=notes,
            )
            if (
                suggestion.rule != GAZETTEER_RULE
                or not gazetteer.only_in(suggestion.text, self.document_id)
            )
            and suggestion.key not in decided  # a rejected role filler too
        ]
        if self.relay.stopping.is_set():
            return  # stopped part-way: an empty list here is no result, never to be stored
        triggers = event_triggers(events)
        changes = None
        if self.stored:
            found += kept_roles(self.stored, set(triggers), decided)
            changes = stored_changes(self.stored, found)
        offered = OpenSuggestions()
        offered.reset(found, decided, annotated_spans(entities, events), triggers)
        self.relay.finished.emit(
            self.generation, self.document_id, Computed(found, offered, changes, notes)
        )

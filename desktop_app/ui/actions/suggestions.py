"""Suggestions in the window: computed off the UI thread, drawn as dashed outlines, walked and
decided from the keys.

``]`` / ``[`` go to the next / previous suggestion, ``Y`` accepts it, ``X`` rejects it,
``Shift+Y`` accepts every suggestion of its type and text in the document; after a decision
the next suggestion is selected, so a run of good ones is ``Y Y Y``. The rule that made the
one under the pointer or the caret is shown in the status bar and its tooltip.

Suggestions are computed in a worker thread from a snapshot of the document taken on the UI
thread (SQLite stays on the UI thread), when a document without stored suggestions is opened
(the "suggest automatically" setting, on by default), after each edit (so tagging an entity
offers its other occurrences) and on demand; the result is stored and shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QHelpEvent, QPainter
from PySide6.QtWidgets import QToolTip

from desktop_app.core.edits.suggestion_edits import (
    AcceptSuggestion,
    AcceptSuggestions,
    RejectSuggestion,
)
from desktop_app.core.models import Changes, Entity, Event
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store.corpus_gazetteer import read_corpus_gazetteer
from desktop_app.core.suggest import Gazetteer, Suggestion, SuggestionKind, suggest_document
from desktop_app.core.suggest.gazetteer import RULE as GAZETTEER_RULE
from desktop_app.ui.commands import Command, CommandError
from desktop_app.ui.suggestion_painter import SuggestionLayer, paint_span_labels

if TYPE_CHECKING:
    from desktop_app.core.working_document import WorkingDocument
    from desktop_app.ui.main_window import MainWindow

AUTOMATIC_KEY = "suggestions/automatic"
LABELS_KEY = "text/span_labels"
_RECOMPUTE_AFTER_EDIT_MS = 300


class _Relay(QObject):
    """Carries a worker's result back to the UI thread (a queued signal)."""

    finished = Signal(int, str, object)  # generation, document id, list[Suggestion]


class _Compute(QRunnable):
    def __init__(
        self,
        relay: _Relay,
        generation: int,
        document_id: str,
        text: str,
        schema: AnnotationSchema,
        snapshot: tuple[list[Entity], list[Event], set[tuple[str, int, int]]],
        corpus: _CorpusNames,
    ) -> None:
        super().__init__()
        self.relay, self.generation, self.document_id = relay, generation, document_id
        self.text, self.schema, self.snapshot = text, schema, snapshot
        self.corpus = corpus

    def run(self) -> None:
        entities, events, decided = self.snapshot
        gazetteer = self.corpus.get()
        found = [
            suggestion
            for suggestion in suggest_document(
                self.text, self.schema, entities, events, gazetteer=gazetteer, decided=decided
            )
            if suggestion.rule != GAZETTEER_RULE
            or not gazetteer.only_in(suggestion.text, self.document_id)
        ]
        self.relay.finished.emit(self.generation, self.document_id, found)


class _CorpusNames:
    """The corpus gazetteer, read once in the worker thread on a connection of its own and
    read again (still in the worker) only after annotations were added in this window."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stale = True
        self._gazetteer = Gazetteer()

    def get(self) -> Gazetteer:
        if self.stale:  # only the single worker thread reads or rebuilds it
            self.stale = False
            self._gazetteer = read_corpus_gazetteer(self.path)
        return self._gazetteer


def describe(suggestion: Suggestion, schema: AnnotationSchema) -> str:
    label = schema.label(suggestion.type)
    what = "event" if suggestion.kind is SuggestionKind.TRIGGER else "mention"
    return f"Suggested {label} {what} “{suggestion.text}” — rule {suggestion.rule}"


class SuggestionController(QObject):
    """The open document's suggestions and the commands that act on them."""

    computed = Signal(str)  # document id, after new suggestions are shown

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.context
        self.view = window.text_view
        schema = self.context.schema
        colours = {t.id: t.colour for t in schema.entity_types}
        colours |= {t.id: t.colour for t in schema.event_types}
        self.colours = colours
        self.layer = SuggestionLayer(colours)
        self.all: list[Suggestion] = []  # with the role fillers, which are not drawn
        self.show_labels = str(window.settings.value(LABELS_KEY, "false")).lower() == "true"
        self.automatic = str(window.settings.value(AUTOMATIC_KEY, "true")).lower() != "false"
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay(self)
        self.relay.finished.connect(self._computed)
        self.generation = 0
        self.running = 0
        self.recompute_timer = QTimer(self)
        self.recompute_timer.setSingleShot(True)
        self.recompute_timer.setInterval(_RECOMPUTE_AFTER_EDIT_MS)
        self.recompute_timer.timeout.connect(self.compute)
        self._corpus: _CorpusNames | None = None
        self._names_added = False
        self.view.overlays.append(lambda painter, clip: self.layer.paint(self.view, painter, clip))
        self.view.overlays.append(self._paint_labels)
        self.view.viewport().installEventFilter(self)
        self.view.hovered.connect(self._hovered)
        self.context.document_opened.connect(self._opened)
        self.context.changed.connect(self._changed)

    # --- computing ---------------------------------------------------------------------------

    def _working(self) -> WorkingDocument:
        if self.context.working is None:
            raise CommandError("no document is open")
        return self.context.working

    def no_document(self) -> str | None:
        return None if self.context.working is not None else "no document is open"

    def compute(self) -> None:
        """Start computing the open document's suggestions in the worker thread."""
        working = self.context.working
        store = self.context.store
        if working is None or store.closed:
            return  # nothing open, or the window is closing
        if self._corpus is None:
            self._corpus = _CorpusNames(store.path)
        snapshot = (
            list(working.entities.values()),
            list(working.events.values()),
            store.decided(working.id),
        )
        self.generation += 1
        self.running += 1
        self.pool.start(
            _Compute(
                self.relay,
                self.generation,
                working.id,
                working.text,
                store.schema,
                snapshot,
                self._corpus,
            )
        )

    def _computed(self, generation: int, document_id: str, found: list[Suggestion]) -> None:
        self.running -= 1
        working = self.context.working
        if generation != self.generation or working is None or working.id != document_id:
            return
        if self.context.store.closed:
            return  # a newer computation or another document has taken over
        self.context.store.save_suggestions(document_id, found)
        self._reload()
        self.computed.emit(document_id)

    def _reload(self) -> None:
        working = self.context.working
        self.all = self.context.store.stored_suggestions(working.id) if working else []
        self.layer.set_suggestions(self.all)
        self.view.viewport().update()

    def _opened(self, working: WorkingDocument | None) -> None:
        self.recompute_timer.stop()
        if self._names_added and self._corpus is not None:
            self._corpus.stale = True  # read again, in the worker, with this session's names
            self._names_added = False
        self.generation += 1  # results still running are for the previous document
        self.layer.current = None
        self._reload()
        if working is not None and self.automatic and not self.all:
            self.compute()

    def _changed(self, changes: Changes) -> None:
        working = self.context.working
        if working is None or self.context.store.closed:
            return
        self._reload()
        touched = changes.entities or changes.events or changes.removed_entities
        if changes.entities:
            self._names_added = True  # the next document's gazetteer must include them
        if self.automatic and (touched or changes.removed_events):
            self.recompute_timer.start()  # tagging offers the entity's other occurrences

    # --- finding the suggestion the keys act on ------------------------------------------------

    def current(self) -> Suggestion:
        """The selected suggestion if it is still open, else the one at the caret."""
        layer = self.layer
        if layer.current is not None and layer.current in layer.suggestions:
            return layer.current
        selected = self.view.selected_span()
        if selected:
            exact = [s for s in layer.overlapping(*selected) if (s.start, s.end) == selected]
            if exact:
                return exact[0]
        found = layer.at(self.view.caret_offset())
        if not found:
            raise CommandError("no suggestion at the caret; ] goes to the next one")
        return found[0]

    def _select(self, suggestion: Suggestion | None, note: str = "") -> None:
        self.layer.current = suggestion
        self.view.viewport().update()
        if suggestion is None:
            self.window.show_message((note + " · " if note else "") + "no more suggestions")
            return
        self.view.select_span(suggestion.start, suggestion.end)
        position = self.layer.suggestions.index(suggestion) + 1
        text = (
            f"{position}/{len(self.layer)} · {describe(suggestion, self.context.schema)}"
            " · Y accept, X reject, Shift+Y all like it"
        )
        self.window.show_message((note + " · " if note else "") + text)

    def step(self, forward: bool) -> None:
        self._working()
        if not len(self.layer):
            raise CommandError("no suggestions for this document")
        current = self.layer.current
        if current is not None and current in self.layer.suggestions:
            anchor = current.start
        else:
            # From the caret (or the selection): one starting right there comes next.
            selected = self.view.selected_span()
            anchor = (selected[0] if selected else self.view.caret_offset()) - (1 if forward else 0)
        found = self.layer.next_after(anchor) if forward else self.layer.previous_before(anchor)
        if found is None:
            raise CommandError("no further suggestion" if forward else "no earlier suggestion")
        self._select(found)

    def _after_decision(self, decided: Suggestion, note: str) -> None:
        self._select(self.layer.next_after(decided.start - 1), note)

    # --- decisions ---------------------------------------------------------------------------

    def accept(self) -> None:
        working = self._working()
        suggestion = self.current()
        roles = [
            s
            for s in self.all
            if s.kind is SuggestionKind.ROLE
            and s.attributes.get("trigger_start") == suggestion.start
            and s.type.split(".", 1)[0] == suggestion.type
        ]
        if self.context.run_edit(AcceptSuggestion(working.id, suggestion, roles)):
            self._after_decision(suggestion, f"Accepted “{suggestion.text}” ({suggestion.rule})")

    def reject(self) -> None:
        working = self._working()
        suggestion = self.current()
        if self.context.run_edit(RejectSuggestion(working.id, suggestion)):
            self._after_decision(suggestion, f"Rejected “{suggestion.text}”")

    def accept_all_like(self) -> None:
        working = self._working()
        suggestion = self.current()
        alike = [
            s
            for s in self.layer.suggestions
            if s.type == suggestion.type and s.text == suggestion.text and s.kind is suggestion.kind
        ]
        title = f"Accept {len(alike)} × {suggestion.type} “{suggestion.text}”"
        if self.context.run_edit(AcceptSuggestions(working.id, alike, title)):
            self._after_decision(alike[0], f"Accepted {len(alike)} × “{suggestion.text}”")

    def refresh(self) -> None:
        self._working()
        self.compute()
        self.window.show_message("Computing suggestions…")

    def toggle_automatic(self) -> None:
        self.automatic = not self.automatic
        self.window.settings.setValue(AUTOMATIC_KEY, "true" if self.automatic else "false")
        self.window.show_message(
            "Suggestions are computed automatically"
            if self.automatic
            else "Suggestions only on demand (Annotate → Suggest now)"
        )

    def toggle_labels(self) -> None:
        self.show_labels = not self.show_labels
        self.window.settings.setValue(LABELS_KEY, "true" if self.show_labels else "false")
        self.view.viewport().update()

    # --- showing -------------------------------------------------------------------------------

    def _paint_labels(self, painter: QPainter, clip: QRectF) -> None:
        working = self.context.working
        if self.show_labels and working is not None:
            paint_span_labels(self.view, working.spans_so_far, self.colours, painter, clip)

    def _hovered(self, offset: int) -> None:
        found = self.layer.at(offset)
        if found:
            self.window.statusBar().showMessage(describe(found[0], self.context.schema), 4000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.layer.at(self.view.offset_at(event.pos()))
            if found:
                text = "\n".join(describe(s, self.context.schema) for s in found)
                QToolTip.showText(event.globalPos(), text, self.view.viewport())
                return True
        return super().eventFilter(watched, event)


def register(window: MainWindow) -> None:
    controller = SuggestionController(window)
    window.suggestions = controller
    need = controller.no_document
    for command in (
        Command("suggestion.next", "Next suggestion", lambda: controller.step(True), "Annotate"),
        Command(
            "suggestion.previous", "Previous suggestion", lambda: controller.step(False), "Annotate"
        ),
        Command("suggestion.accept", "Accept suggestion", controller.accept, "Annotate"),
        Command("suggestion.reject", "Reject suggestion", controller.reject, "Annotate"),
        Command(
            "suggestion.accept_all",
            "Accept all suggestions of this type and text",
            controller.accept_all_like,
            "Annotate",
        ),
        Command("suggestion.refresh", "Suggest now", controller.refresh, "Annotate"),
        Command(
            "suggestion.automatic",
            "Suggest automatically (on open and after edits)",
            controller.toggle_automatic,
            "Annotate",
        ),
        Command("view.span_labels", "Show type labels on spans", controller.toggle_labels, "View"),
    ):
        if command.id.startswith("suggestion.") and command.id != "suggestion.automatic":
            command = Command(
                command.id, command.title, command.run, command.menu, unavailable=need
            )
        window.registry.register(command)

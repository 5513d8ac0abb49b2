"""Suggestions in the window: computed off the UI thread, drawn as dashed outlines, walked and
decided from the keys.

``]`` / ``[`` go to the next / previous suggestion, ``Y`` accepts it (a trigger with its
proposed role fillers), ``X`` rejects it, ``Shift+Y`` accepts every suggestion of its type and
text in the document and those that would join the same entity, ``Shift+X`` rejects every one
of its type and text; ``Alt+Y`` accepts a trigger alone, and ``Alt+]`` / ``Alt+[`` walk the
proposed role fillers, which ``Y`` fills one at a time (making the event from its trigger if
need be) and ``X`` drops. After a decision the next suggestion is selected, and stays selected
when suggestions are computed again, so a run of good ones is ``Y Y Y``. The rule that made
the one under the pointer or the caret is shown in the status bar and its tooltip.

Suggestions are computed in a worker thread (``suggestion_worker``): for documents just
imported in the window ("suggest on import", on by default), when a document without stored
suggestions is opened (the fallback), after each edit (so tagging an entity offers its other
occurrences) and on demand. The open document's suggestions are kept in memory and updated
from each edit (``OpenSuggestions``); a new computation is saved as the rows it adds and
drops, one small write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, QThreadPool, QTimer, Signal
from PySide6.QtGui import QHelpEvent, QPainter
from PySide6.QtWidgets import QToolTip

from desktop_app.core.edits.open_suggestions import Key, OpenSuggestions, Span, highlighted
from desktop_app.core.edits.suggestion_edits import (
    AcceptSuggestion,
    AcceptSuggestions,
    RejectSuggestion,
    RejectSuggestions,
)
from desktop_app.core.gc_pause import paused_gc
from desktop_app.core.models import Changes
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.suggest import Suggestion, SuggestionKind
from desktop_app.ui.actions.suggestion_imports import IMPORTED, ImportedSuggestions
from desktop_app.ui.actions.suggestion_roles import RoleKeys
from desktop_app.ui.actions.suggestion_saving import SuggestionSaving
from desktop_app.ui.actions.suggestion_worker import Compute, Computed, CorpusNames, Relay
from desktop_app.ui.commands import CommandError
from desktop_app.ui.settings_values import read_bool
from desktop_app.ui.suggestion_painter import SuggestionLayer, paint_span_labels

if TYPE_CHECKING:
    from desktop_app.core.working_document import WorkingDocument
    from desktop_app.ui.import_dialog import ImportSession
    from desktop_app.ui.main_window import MainWindow

AUTOMATIC_KEY = "suggestions/automatic"
ON_IMPORT_KEY = "suggestions/on_import"
LABELS_KEY = "text/span_labels"
_RECOMPUTE_AFTER_EDIT_MS = 300


def describe(suggestion: Suggestion, schema: AnnotationSchema) -> str:
    label = schema.label(suggestion.type)
    what = "event" if suggestion.kind is SuggestionKind.TRIGGER else "mention"
    return f"Suggested {label} {what} “{suggestion.text}” — rule {suggestion.rule}"


def alike(suggestion: Suggestion, other: Suggestion) -> bool:
    """Whether Shift+Y on ``suggestion`` accepts ``other`` too: the same type and text, or a
    mention that would join the same entity (its name, short form, value)."""
    if other.kind is not suggestion.kind or other.type != suggestion.type:
        return False
    if other.text == suggestion.text:
        return True
    return (
        suggestion.kind is SuggestionKind.MENTION
        and bool(suggestion.entity)
        and (other.entity == suggestion.entity)
    )


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
        self.open = OpenSuggestions()
        ignored = window.ignored_settings
        self.show_labels = read_bool(window.settings, LABELS_KEY, False, ignored)
        self.automatic = read_bool(window.settings, AUTOMATIC_KEY, True, ignored)
        self.on_import = read_bool(window.settings, ON_IMPORT_KEY, True, ignored)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.relay = Relay(self)
        self.relay.finished.connect(self._computed)
        self.generation = 1
        self.running = 0
        self._edited_while_computing = False  # since the latest computation's snapshot
        self.recompute_timer = QTimer(self)
        self.recompute_timer.setSingleShot(True)
        self.recompute_timer.setInterval(_RECOMPUTE_AFTER_EDIT_MS)
        self.recompute_timer.timeout.connect(self.compute)
        self._corpus: CorpusNames | None = None
        self._names_added = False
        self.stored: set[str] = set()  # documents whose suggestions this window stored
        self._opening: WorkingDocument | None = None  # opened, its suggestions not yet shown
        self.imports = ImportedSuggestions(self)
        self.saving = SuggestionSaving(self, self.context.store)
        self.roles = RoleKeys(self)
        self.view.overlays.append(lambda painter, clip: self.layer.paint(self.view, painter, clip))
        self.view.overlays.append(self._paint_labels)
        self.view.viewport().installEventFilter(self)
        self.view.hovered.connect(self._hovered)
        self.context.document_opened.connect(self._opened)
        self.context.changed.connect(self._changed)

    @property
    def all(self) -> list[Suggestion]:
        """The open document's suggestions offered now, role fillers included."""
        return self.open.offered

    # --- computing ---------------------------------------------------------------------------

    def _working(self) -> WorkingDocument:
        if self.context.working is None:
            raise CommandError("no document is open")
        return self.context.working

    def no_document(self) -> str | None:
        return None if self.context.working is not None else "no document is open"

    def corpus_names(self) -> CorpusNames:
        if self._corpus is None:
            self._corpus = CorpusNames(self.context.store.corpus_gazetteer_reader())
        return self._corpus

    def compute(self) -> None:
        """Start computing the open document's suggestions in the worker thread."""
        working = self.context.working
        store = self.context.store
        if working is None or store.closed:
            return  # nothing open, or the window is closing
        # Plain rows, not models: the first computation on a 10 MB document read 25,000
        # entities and 100,000 mentions as models in this thread (2.1-2.8 s; as rows with
        # the collector paused, 0.4-0.55 s), and the rows stay in step after each edit.
        with paused_gc():
            snapshot = (
                list(working.entity_rows.values()),
                list(working.event_rows.values()),
                store.decided(working.id),
            )
        self.generation += 1
        self.running += 1
        self._edited_while_computing = False
        job = Compute(
            self.relay,
            self.generation,
            working.id,
            working.text,
            store.schema,
            snapshot,
            self.corpus_names(),
            self.open.computed,
        )
        self.pool.start(job, 1)  # before any imported document still queued

    def shutdown(self) -> None:
        """Before the database closes: drop the computations still queued, ask the running one
        to stop (it stops at the next suggester or propagation's next form, reporting nothing)
        and wait for it: it reads the corpus names through a connection of its own. Left
        running, it met a closed database or a finalizing interpreter, and Qt reported an
        exception from a worker thread as the program quit."""
        self.recompute_timer.stop()
        self.relay.stopping.set()
        self.pool.clear()
        self.pool.waitForDone()

    def _computed(self, generation: int, document_id: str, result: Computed) -> None:
        if generation == IMPORTED:
            self.imports.finished(document_id, result.found)
            return
        self.running -= 1
        working = self.context.working
        if generation != self.generation or working is None or working.id != document_id:
            return  # a newer computation or another document has taken over
        store = self.context.store
        if store.closed:
            return
        self._opening = None  # newer than what is stored: the stored ones are not shown
        if result.changes is None or document_id in self.saving.running:
            self.saving.save_all(document_id, result.found, lambda: None)
        else:
            store.update_suggestions(document_id, *result.changes)  # a few rows
        self.stored.add(document_id)
        # Built in the worker from the snapshot; brought up to the edits made since. With
        # none, only decisions can have changed: every highlight read again for nothing cost
        # a kept 10 MB document its whole outline (100,000 highlights) on this thread.
        self.open = result.offered
        decided = store.decided(document_id)
        if self._edited_while_computing:
            self.open.update(decided, *self._highlighted(working))
        else:
            self.open.apply(decided, [], [])
        self._show()
        if result.notes:
            self.window.show_message(" ".join(result.notes))
        self.computed.emit(document_id)

    def _reset(self, working: WorkingDocument, computed: list[Suggestion]) -> None:
        decided = self.context.store.decided(working.id)
        if not computed:  # nothing to offer: no need to read every highlight
            self.open.reset([], decided, [], [])
        else:
            self.open.reset(computed, decided, *self._highlighted(working))
        self._show()

    @staticmethod
    def _highlighted(working: WorkingDocument) -> tuple[list[Span], list[Key]]:
        """Every highlight's place, which reads the rest of a large document's (100,000
        highlights: the collector paused, see ``paused_gc``)."""
        with paused_gc():
            return highlighted(working.spans)

    def _show(self) -> None:
        current = self.layer.current
        self.layer.set_suggestions(self.open.offered)
        self.view.viewport().update()
        if current is None or self.layer.current is not None or self.roles.current:
            return
        if self.view.selected_span() != (current.start, current.end):
            return  # the reviewer has moved on from it
        # Computed again (now naming the entity it joins, say): the walk goes on from the
        # same place, so the next key acts on what is selected without another ].
        same = [
            s
            for s in self.layer.overlapping(current.start, current.end)
            if (s.kind, s.type, s.start, s.end)
            == (current.kind, current.type, current.start, current.end)
        ]
        following = same[0] if same else self.layer.next_after(current.start - 1)
        if following is not None:
            self.select(following)

    def _opened(self, working: WorkingDocument | None) -> None:
        self.recompute_timer.stop()
        self.corpus_may_have_grown()
        self.generation += 1  # results still running are for the previous document
        self.layer.current = None
        self.roles.clear()
        self.open.reset([], set(), set(), set())  # none of the previous document's drawn
        self._show()
        self._opening = working
        if working is not None:
            # The text is painted first: the stored suggestions are read and shown on the
            # next turn of the event loop (a 10 MB document has tens of thousands).
            QTimer.singleShot(0, self, lambda: self._show_opened(working))

    def _show_opened(self, working: WorkingDocument) -> None:
        """The opened document's stored suggestions, or the fallback computation."""
        if self._opening is not working or self.context.working is not working:
            return  # another document was opened, or newer suggestions were shown
        self._opening = None
        store = self.context.store
        if store.closed:
            return
        self._reset(working, store.stored_suggestions(working.id))
        if self.automatic and not self.open.computed and self.imports.running != working.id:
            self.compute()  # the fallback: a document that has none yet

    def _changed(self, changes: Changes) -> None:
        working = self.context.working
        store = self.context.store
        if working is None or store.closed:
            return
        self._edited_while_computing = True
        if self.open.apply(store.decided(working.id), *working.span_changes):
            self._show()
        touched = changes.entities or changes.events or changes.removed_entities
        if changes.entities:
            self._names_added = True  # the next document's gazetteer must include them
        if self.automatic and (touched or changes.removed_events):
            self.recompute_timer.start()  # tagging offers the entity's other occurrences

    def corpus_may_have_grown(self) -> None:
        """Read the corpus gazetteer again (in the worker) if this window added names."""
        if self._names_added and self._corpus is not None:
            self._corpus.stale = True  # read again, in the worker, with this session's names
            self._names_added = False

    def show_stored(self, document_id: str) -> None:
        """An imported document's suggestions were stored: show them if it is open (it may
        have been opened while they were being stored) and not being computed itself."""
        working = self.context.working
        if working is not None and working.id == document_id and not self.running:
            self._reset(working, self.context.store.stored_suggestions(document_id))
            self.computed.emit(document_id)

    def watch_import(self, session: ImportSession) -> None:
        self.imports.watch(session)

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

    def select(self, suggestion: Suggestion | None, note: str = "") -> None:
        self.roles.clear()
        self.layer.current = suggestion
        self.view.viewport().update()
        if suggestion is None:
            self.window.show_message((note + " · " if note else "") + "no more suggestions")
            return
        self.view.select_span(suggestion.start, suggestion.end)
        position = self.layer.suggestions.index(suggestion) + 1
        keys = " · Y accept, X reject, Shift+Y all like it"
        if suggestion.kind is SuggestionKind.TRIGGER and self.open.roles_of(suggestion):
            count = len(self.open.roles_of(suggestion))
            keys = (
                f" · Y accept with its {count} proposed role filler(s), Alt+Y the event alone,"
                " Alt+] the fillers, X reject"
            )
        text = f"{position}/{len(self.layer)} · {describe(suggestion, self.context.schema)}{keys}"
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
        self.select(found)

    def after_decision(self, decided: Suggestion, note: str) -> None:
        self.select(self.layer.next_after(decided.start - 1), note)

    # --- decisions ---------------------------------------------------------------------------

    def accept(self) -> None:
        if self.roles.selected() is not None:
            self.roles.fill()
            return
        working = self._working()
        suggestion = self.current()
        edit = AcceptSuggestion(working.id, suggestion)
        if suggestion.kind is SuggestionKind.TRIGGER:
            roles = self.open.roles_of(suggestion)
            mentions = [self.open.mention_at(role.start, role.end) for role in roles]
            edit = AcceptSuggestion(
                working.id, suggestion, roles, [m for m in mentions if m is not None]
            )
        if self.context.run_edit(edit):
            filled = f", {len(edit.filled)} role(s) filled" if edit.filled else ""
            self.after_decision(
                suggestion, f"Accepted “{suggestion.text}” ({suggestion.rule}){filled}"
            )

    def accept_alone(self) -> None:
        """Alt+Y: an event from the trigger without its proposed fillers, which are then
        offered one at a time (Y fills, X drops)."""
        working = self._working()
        suggestion = self.current()
        if suggestion.kind is not SuggestionKind.TRIGGER:
            raise CommandError("Alt+Y accepts an event trigger alone; this is a mention (Y)")
        if self.context.run_edit(AcceptSuggestion(working.id, suggestion)):
            note = f"Accepted the event “{suggestion.text}” alone"
            if not self.roles.start_at(suggestion.key, note):
                self.after_decision(suggestion, note)

    def reject(self) -> None:
        if self.roles.selected() is not None:
            self.roles.drop()
            return
        working = self._working()
        suggestion = self.current()
        if self.context.run_edit(RejectSuggestion(working.id, suggestion)):
            self.after_decision(suggestion, f"Rejected “{suggestion.text}”")

    def reject_all_like(self) -> None:
        working = self._working()
        self.roles.clear()
        suggestion = self.current()
        found = [
            s
            for s in self.layer.suggestions
            if (s.kind, s.type, s.text) == (suggestion.kind, suggestion.type, suggestion.text)
        ]
        title = f"Reject {len(found)} × {suggestion.type} “{suggestion.text}”"
        if self.context.run_edit(RejectSuggestions(working.id, found, title)):
            self.after_decision(found[0], f"Rejected {len(found)} × “{suggestion.text}”")

    def accept_all_like(self) -> None:
        working = self._working()
        self.roles.clear()
        suggestion = self.current()
        found = [s for s in self.layer.suggestions if alike(suggestion, s)]
        title = f"Accept {len(found)} × {suggestion.type} “{suggestion.text}”"
        if self.context.run_edit(AcceptSuggestions(working.id, found, title)):
            self.after_decision(found[0], f"Accepted {len(found)} × “{suggestion.text}”")

    def refresh(self) -> None:
        self._working()
        self.compute()
        self.window.show_message("Computing suggestions…")

    def toggle_automatic(self) -> None:
        self.automatic = not self.automatic
        self.window.settings.setValue(AUTOMATIC_KEY, "true" if self.automatic else "false")
        self.window.registry.action("suggestion.automatic").setChecked(self.automatic)
        self.window.show_message(
            "Suggestions are computed automatically"
            if self.automatic
            else "Suggestions only on demand (Annotate → Suggest now)"
        )

    def toggle_on_import(self) -> None:
        self.on_import = not self.on_import
        self.window.settings.setValue(ON_IMPORT_KEY, "true" if self.on_import else "false")
        self.window.registry.action("suggestion.on_import").setChecked(self.on_import)
        self.window.show_message(
            "Imported documents get their suggestions in the background"
            if self.on_import
            else "Suggestions are computed when a document without them is first opened"
        )

    def toggle_labels(self) -> None:
        self.show_labels = not self.show_labels
        self.window.settings.setValue(LABELS_KEY, "true" if self.show_labels else "false")
        self.view.viewport().update()

    def make_toggles_checkable(self) -> None:
        """After the actions exist: the settings' state in the menu."""
        for command_id, state in (
            ("suggestion.automatic", self.automatic),
            ("suggestion.on_import", self.on_import),
        ):
            action = self.window.registry.action(command_id)
            action.setCheckable(True)
            action.setChecked(state)

    # --- showing -------------------------------------------------------------------------------

    def _paint_labels(self, painter: QPainter, clip: QRectF) -> None:
        working = self.context.working
        if self.show_labels and working is not None:
            paint_span_labels(self.view, working.spans, self.colours, painter, clip)

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

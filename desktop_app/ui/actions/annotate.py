"""Annotating from the keys: tag the selection (or the word at the caret), add mentions,
make events, walk, retype and delete annotations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.core.annotation_rows import EntityRow, EventRow
from desktop_app.core.edits import (
    AddMention,
    CreateEntity,
    CreateEvent,
    DeleteEntity,
    DeleteEvent,
    RemoveMention,
    UpdateEntity,
    UpdateEvent,
)
from desktop_app.core.span_index import IndexedSpan, SpanKind
from desktop_app.core.suggest.likely import likely_entity
from desktop_app.ui.commands import Command, CommandError
from desktop_app.ui.picker import Choice, pick

if TYPE_CHECKING:
    from desktop_app.core.models import Entity
    from desktop_app.core.working_document import WorkingDocument
    from desktop_app.ui.main_window import MainWindow


# Chinese words come from a dictionary segmenter (``core.words``); a "word" longer than this
# is surely more than one name, and is not tagged without a selection.
_LONGEST_GUESS = 12


class Annotator:
    """The annotation commands of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.context = window.context
        self.view = window.text_view
        self.recent: list[str] = []  # entity ids, most recently tagged or added to first

    # --- helpers -----------------------------------------------------------------------------

    def _working(self) -> WorkingDocument:
        if self.context.working is None:
            raise CommandError("no document is open")
        return self.context.working

    def no_document(self) -> str | None:
        return None if self.context.working is not None else "no document is open"

    def target_span(self) -> tuple[int, int]:
        """The selection, else the word or CJK run at the caret."""
        selected = self.view.selected_span()
        if selected and selected[1] > selected[0]:
            return selected
        start, end = self.window.words.word_span_at(self._working().text, self.view.caret_offset())
        if end <= start:
            raise CommandError("select some text, or put the caret on a word")
        if end - start > _LONGEST_GUESS:
            raise CommandError(
                "the text at the caret has no word breaks (Chinese); select the words to tag "
                "with Shift+arrows first"
            )
        return start, end

    def current_span(self) -> IndexedSpan:
        """The annotation under the caret (innermost), or inside the selection."""
        working = self._working()
        selected = self.view.selected_span()
        if selected:
            exact = [
                s for s in working.spans.overlapping(*selected) if (s.start, s.end) == selected
            ]
            if exact:
                return exact[0]
        spans = working.spans.at(self.view.caret_offset())
        if not spans and selected:
            spans = working.spans.overlapping(*selected)
        if not spans:
            raise CommandError("there is no annotation at the caret")
        return spans[0]

    def _entity_of(self, span: IndexedSpan) -> EntityRow:
        entity = self._working().entity_row(span.owner_id)
        if entity is None:
            raise CommandError("that annotation no longer exists")
        return entity

    def _event_of(self, span: IndexedSpan) -> EventRow:
        event = self._working().event_row(span.owner_id)
        if event is None:
            raise CommandError("that annotation no longer exists")
        return event

    def _after_edit(self, end: int, owner: str) -> None:
        self.view.move_caret(end)
        self.view.set_current({owner})
        if self._working().entity_row(owner) is not None:
            self.recent = [owner, *(known for known in self.recent if known != owner)][:20]

    # --- entities ----------------------------------------------------------------------------

    def tag(self, type_id: str) -> None:
        working = self._working()
        start, end = self.target_span()
        same = self.context.store.entity_reading(working.id, type_id, working.text[start:end])
        if same is not None:
            self._offer_existing(self.context.store.entity(same), start, end)
            return
        command = CreateEntity(working.id, type_id, [(start, end)])
        if self.context.run_edit(command):
            self._after_edit(end, command.entity_id)
            label = self.context.schema.entity_type(type_id)
            self.window.show_message(
                f"Saved · {label.label if label else type_id}: {working.text[start:end]}"
            )

    def tag_with_hotkey(self, hotkey: str) -> None:
        entity_type = self.context.schema.entity_type_for_hotkey(hotkey)
        if entity_type is None:
            raise CommandError(f"no entity type has hotkey {hotkey} in this schema")
        self.tag(entity_type.id)

    def tag_as(self) -> None:
        span = self.target_span()
        choices = [Choice(t.id, t.label, t.hotkey) for t in self.context.schema.entity_types]

        def chosen(choice: Choice) -> None:
            self.view.select_span(*span)
            self.tag(choice.key)

        pick(self.window, "Entity type", choices, chosen)

    def _offer_existing(self, entity: Entity, start: int, end: int) -> None:
        """The text is already a mention of an entity of this type: add it there (Return)
        rather than make a duplicate, or make a new entity all the same."""
        working = self._working()
        choices = [
            Choice(entity.id, f"Add to {entity.name}", _mention_count(len(entity.mentions))),
            Choice("", f"New {self.context.schema.label(entity.type)} entity"),
        ]

        def chosen(choice: Choice) -> None:
            command: AddMention | CreateEntity
            if choice.key:
                command = AddMention(entity.id, start, end, entity.name)
            else:
                command = CreateEntity(working.id, entity.type, [(start, end)])
            if self.context.run_edit(command):
                self._after_edit(end, command.entity_id)
                self.window.show_message(f"Saved · {working.text[start:end]}")

        pick(self.window, "Already tagged — add to it?", choices, chosen, preselect=entity.id)

    def add_mention(self) -> None:
        working = self._working()
        start, end = self.target_span()
        entities = sorted(working.entities.values(), key=lambda e: (e.type, e.name))
        if not entities:
            raise CommandError("this document has no entity yet; tag one first")
        label = self.context.schema.label
        choices = [
            Choice(e.id, e.name, f"{label(e.type)} · {_mention_count(len(e.mentions))}")
            for e in entities
        ]

        def chosen(choice: Choice) -> None:
            entity = working.entities[choice.key]
            command = AddMention(entity.id, start, end, entity.name)
            if self.context.run_edit(command):
                self._after_edit(end, entity.id)
                self.window.show_message(f"Saved · another mention of {entity.name}")

        suggestions = getattr(self.window, "suggestions", None)
        likely = likely_entity(
            working.text,
            (start, end),
            entities,
            suggestions.all if suggestions is not None else (),
            self.recent,
        )
        pick(self.window, "Add as mention of…", choices, chosen, preselect=likely)

    # --- events ------------------------------------------------------------------------------

    def create_event(self, with_trigger: bool = True) -> None:
        working = self._working()
        trigger = self.target_span() if with_trigger else None
        choices = [Choice(t.id, t.label) for t in self.context.schema.event_types]

        def chosen(choice: Choice) -> None:
            command = CreateEvent(working.id, choice.key, trigger)
            if self.context.run_edit(command):
                if trigger:
                    self._after_edit(trigger[1], command.event_id)
                self.window.forms.show_event(command.event_id)

        pick(self.window, "Event type", choices, chosen)

    # --- the annotation at the caret -------------------------------------------------------

    def step(self, forward: bool) -> None:
        working = self._working()
        selected = self.view.selected_span()
        caret = self.view.caret_offset()
        anchor = selected[0] if selected else caret
        span = (
            working.spans.next_after(anchor) if forward else working.spans.previous_before(anchor)
        )
        if span is None:
            raise CommandError("no further annotation")
        self.view.select_span(span.start, span.end)
        self.view.set_current({span.owner_id})
        self.window.show_message(working.describe(span))

    def delete(self) -> None:
        working = self._working()
        span = self.current_span()
        if span.kind == SpanKind.TRIGGER:
            event = self._event_of(span)
            self.context.run_edit(DeleteEvent(event.id, event.type))
            self.window.show_message(f"Deleted event {event.type} (undo with Ctrl+Z)")
            return
        entity = self._entity_of(span)
        if len(entity.mentions) > 1:
            self.context.run_edit(RemoveMention(span.annotation_id, entity.id))
            self.window.show_message(f"Removed one mention of {entity.name}")
            return
        arguments = 0  # the events that point to it, read alone: not every event of the document
        for event_id in working.events_pointing_to({entity.id}):
            pointing = working.event_row(event_id)
            if pointing is not None:
                arguments += sum(1 for a in pointing.arguments if a.entity_id == entity.id)
        self.context.run_edit(DeleteEntity(entity.id, entity.name))
        extra = f" and {arguments} event argument(s) that pointed to it" if arguments else ""
        self.window.show_message(f"Deleted {entity.name}{extra} (undo with Ctrl+Z)")

    def change_type(self) -> None:
        span = self.current_span()
        schema = self.context.schema
        if span.kind == SpanKind.TRIGGER:
            event = self._event_of(span)
            choices = [Choice(t.id, t.label) for t in schema.event_types if t.id != event.type]

            def chosen_event(choice: Choice) -> None:
                self.context.run_edit(
                    UpdateEvent(
                        event.id,
                        {"type_id": event.type},
                        {"type_id": choice.key},
                        "Change event type",
                    )
                )

            pick(self.window, "Change event type to", choices, chosen_event)
            return
        entity = self._entity_of(span)
        choices = [
            Choice(t.id, t.label, t.hotkey) for t in schema.entity_types if t.id != entity.type
        ]

        def chosen_entity(choice: Choice) -> None:
            self.context.run_edit(
                UpdateEntity(
                    entity.id,
                    {"type_id": entity.type},
                    {"type_id": choice.key},
                    "Change entity type",
                )
            )

        pick(self.window, f"Change type of {entity.name} to", choices, chosen_entity)

    def open_in_form(self) -> None:
        span = self.current_span()
        if span.kind == SpanKind.TRIGGER:
            self.window.forms.show_event(span.owner_id)
        else:
            self.window.forms.show_entity(span.owner_id)

    def select_word(self) -> None:
        working = self._working()
        start, end = self.window.words.word_span_at(working.text, self.view.caret_offset())
        if end <= start:
            raise CommandError("the caret is not on a word")
        self.view.select_span(start, end)


def _tagger(annotator: Annotator, hotkey: str) -> Callable[[], None]:
    return lambda: annotator.tag_with_hotkey(hotkey)


def register(window: MainWindow) -> None:
    annotator = Annotator(window)
    window.annotator = annotator
    need = annotator.no_document
    commands = [
        Command(
            "entity.tag_as",
            "Tag as entity type…",
            annotator.tag_as,
            menu="Annotate",
            unavailable=need,
        ),
        Command(
            "mention.add",
            "Add as mention of an entity…",
            annotator.add_mention,
            menu="Annotate",
            unavailable=need,
        ),
        Command(
            "event.create",
            "Make event from trigger…",
            annotator.create_event,
            menu="Annotate",
            unavailable=need,
        ),
        Command(
            "event.create_untriggered",
            "Make event without trigger…",
            lambda: annotator.create_event(with_trigger=False),
            menu="Annotate",
            unavailable=need,
        ),
        Command(
            "annotation.next",
            "Next annotation",
            lambda: annotator.step(True),
            menu="Annotate",
            unavailable=need,
        ),
        Command(
            "annotation.previous",
            "Previous annotation",
            lambda: annotator.step(False),
            menu="Annotate",
            unavailable=need,
        ),
        Command(
            "annotation.delete",
            "Delete annotation",
            annotator.delete,
            menu="Annotate",
            unavailable=need,
        ),
        Command(
            "annotation.change_type",
            "Change type…",
            annotator.change_type,
            menu="Annotate",
            unavailable=need,
        ),
        Command(
            "annotation.open",
            "Open in form",
            annotator.open_in_form,
            menu="Annotate",
            unavailable=need,
        ),
        Command(
            "selection.word",
            "Select word at caret",
            annotator.select_word,
            menu="Annotate",
            unavailable=need,
        ),
    ]
    for hotkey in "123456789":
        entity_type = window.context.schema.entity_type_for_hotkey(hotkey)
        title = f"Tag as {entity_type.label}" if entity_type else f"Tag with hotkey {hotkey}"
        commands.append(
            Command(
                f"entity.tag_{hotkey}",
                title,
                _tagger(annotator, hotkey),
                menu="Annotate",
                unavailable=need,
            )
        )
    for command in commands:
        window.registry.register(command)


def _mention_count(count: int) -> str:
    return f"{count} mention" if count == 1 else f"{count} mentions"

"""Fixing annotations in place from the keys: merge the entity at the caret into another, move
the mention at the caret to another entity, split it off into a new entity, resize it
(Alt+Shift+arrows, a whole character at a time), and tag every occurrence of the selection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.core.edits.fix_edits import (
    MergeEntities,
    MoveMention,
    ResizeMention,
    SplitEntity,
    TagAllOccurrences,
)
from desktop_app.core.span_index import IndexedSpan, SpanKind
from desktop_app.core.suggest.likely import likely_entity
from desktop_app.core.suggest.propagation import occurrences
from desktop_app.core.text import is_character_boundary
from desktop_app.ui.commands import Command, CommandError
from desktop_app.ui.picker import Choice, pick

if TYPE_CHECKING:
    from desktop_app.core.models import Entity
    from desktop_app.core.working_document import WorkingDocument
    from desktop_app.ui.main_window import MainWindow


def _step_boundary(text: str, offset: int, step: int) -> int:
    """The next whole-character boundary from ``offset`` in direction ``step`` (±1)."""
    offset += step
    while 0 < offset < len(text) and not is_character_boundary(text, offset):
        offset += step
    return min(max(offset, 0), len(text))


class Fixer:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.context = window.context
        self.view = window.text_view

    def _working(self) -> WorkingDocument:
        if self.context.working is None:
            raise CommandError("no document is open")
        return self.context.working

    def _mention(self) -> tuple[IndexedSpan, Entity]:
        span = self.window.annotator.current_span()
        if span.kind != SpanKind.MENTION:
            raise CommandError("put the caret on a mention (this is an event trigger)")
        return span, self._working().entities[span.owner_id]

    def _others(self, entity: Entity) -> list[Entity]:
        others = [
            e
            for e in self._working().entities.values()
            if e.type == entity.type and e.id != entity.id
        ]
        if not others:
            raise CommandError(f"no other {entity.type} entity in this document")
        return sorted(others, key=lambda e: e.name)

    def _likely(self, span: IndexedSpan, candidates: list[Entity]) -> str | None:
        return likely_entity(
            self._working().text,
            (span.start, span.end),
            candidates,
            self.window.suggestions.all,
            self.window.annotator.recent,
        )

    def merge(self) -> None:
        span, entity = self._mention()
        others = self._others(entity)
        choices = [Choice(e.id, e.name, f"{len(e.mentions)} mention(s)") for e in others]

        def chosen(choice: Choice) -> None:
            kept = self._working().entities[choice.key]
            if self.context.run_edit(MergeEntities(kept.id, entity.id, kept.name)):
                self.window.show_message(f"Merged {entity.name} into {kept.name} (undo: Ctrl+Z)")

        pick(self.window, f"Merge {entity.name} into…", choices, chosen, self._likely(span, others))

    def move(self) -> None:
        span, entity = self._mention()
        others = self._others(entity)
        choices = [Choice(e.id, e.name, f"{len(e.mentions)} mention(s)") for e in others]

        def chosen(choice: Choice) -> None:
            target = self._working().entities[choice.key]
            if self.context.run_edit(MoveMention(span.annotation_id, target.id, target.name)):
                self.window.show_message(
                    f"Moved “{self._working().text[span.start : span.end]}” to {target.name}"
                )

        pick(self.window, "Move this mention to…", choices, chosen, self._likely(span, others))

    def split(self) -> None:
        span, entity = self._mention()
        if len(entity.mentions) < 2:
            raise CommandError(f"{entity.name} has only this mention; nothing to split off")
        working = self._working()
        name = working.text[span.start : span.end]
        edit = SplitEntity(working.id, entity.id, [span.annotation_id], entity.type, name)
        if self.context.run_edit(edit):
            self.view.set_current({edit.new_entity_id})
            self.window.show_message(f"Split “{name}” off {entity.name} into a new entity")

    def resize(self, edge: str, step: int) -> None:
        span, entity = self._mention()
        text = self._working().text
        start, end = span.start, span.end
        if edge == "end":
            end = _step_boundary(text, end, step)
        else:
            start = _step_boundary(text, start, step)
        if end <= start:
            raise CommandError("a mention needs at least one character")
        if self.context.run_edit(ResizeMention(span.annotation_id, entity.id, start, end)):
            self.view.select_span(start, end)
            self.view.set_current({entity.id})
            self.window.show_message(f"Mention now “{text[start:end]}”")

    def tag_all(self) -> None:
        working = self._working()
        selected = self.view.selected_span()
        if not selected:
            raise CommandError("select the text whose every occurrence to tag")
        phrase = working.text[selected[0] : selected[1]]
        taken = working.spans
        spans = [
            (start, end)
            for start, end in occurrences(working.text, phrase)
            if not taken.overlapping(start, end)
        ]
        exact = [s for s in taken.overlapping(*selected) if (s.start, s.end) == selected]
        if exact and exact[0].kind == SpanKind.MENTION:
            entity = working.entities[exact[0].owner_id]
            if not spans:
                raise CommandError(f"every occurrence of “{phrase}” is already tagged")
            edit = TagAllOccurrences(working.id, spans, entity_id=entity.id, label=entity.name)
            if self.context.run_edit(edit):
                self.window.show_message(f"Tagged {len(spans)} more “{phrase}” as {entity.name}")
            return
        if not spans:
            raise CommandError(f"every occurrence of “{phrase}” is already tagged")
        choices = [Choice(t.id, t.label, t.hotkey) for t in self.context.schema.entity_types]

        def chosen(choice: Choice) -> None:
            edit = TagAllOccurrences(working.id, spans, type_id=choice.key, label=phrase)
            if self.context.run_edit(edit):
                self.window.show_message(f"Tagged {len(spans)} × “{phrase}” as one {choice.key}")

        pick(self.window, f"Tag all {len(spans)} × “{phrase}” as", choices, chosen)


def register(window: MainWindow) -> None:
    fixer = Fixer(window)
    need = window.annotator.no_document
    for command in (
        Command(
            "entity.merge", "Merge this entity into…", fixer.merge, "Annotate", unavailable=need
        ),
        Command("mention.move", "Move this mention to…", fixer.move, "Annotate", unavailable=need),
        Command(
            "entity.split", "Split this mention off", fixer.split, "Annotate", unavailable=need
        ),
        Command(
            "entity.tag_all", "Tag all occurrences…", fixer.tag_all, "Annotate", unavailable=need
        ),
        Command(
            "mention.grow_end",
            "Mention: end one character later",
            lambda: fixer.resize("end", 1),
            "Annotate",
            unavailable=need,
        ),
        Command(
            "mention.shrink_end",
            "Mention: end one character earlier",
            lambda: fixer.resize("end", -1),
            "Annotate",
            unavailable=need,
        ),
        Command(
            "mention.grow_start",
            "Mention: start one character earlier",
            lambda: fixer.resize("start", -1),
            "Annotate",
            unavailable=need,
        ),
        Command(
            "mention.shrink_start",
            "Mention: start one character later",
            lambda: fixer.resize("start", 1),
            "Annotate",
            unavailable=need,
        ),
    ):
        window.registry.register(command)

"""The document open in the editor: its annotations, indexed for the views, kept in step
with the store one change at a time.

After an edit the store returns ``Changes``; ``refresh`` re-reads only the entities and
events named there, so a new mention on a document with 20,000 others costs one small query
and one insertion into the span index, not a reload.
"""

from __future__ import annotations

from desktop_app.core.display_text import DisplayText
from desktop_app.core.models import Changes, Document, Entity, Event
from desktop_app.core.span_index import IndexedSpan, SpanIndex, SpanKind
from desktop_app.core.store import Store


def _entity_spans(entity: Entity) -> list[IndexedSpan]:
    return [
        IndexedSpan(m.start, m.end, SpanKind.MENTION, m.id, entity.id, entity.type)
        for m in entity.mentions
    ]


def _event_spans(event: Event) -> list[IndexedSpan]:
    if event.trigger is None:
        return []
    trigger = event.trigger
    return [
        IndexedSpan(trigger.start, trigger.end, SpanKind.TRIGGER, event.id, event.id, event.type)
    ]


class WorkingDocument:
    """One open document with fast lookups by id and by position."""

    def __init__(self, store: Store, document_id: str) -> None:
        self.store = store
        annotated = store.annotated(document_id)
        self.document: Document = annotated.document
        self.display = DisplayText(self.document.text)
        self.entities: dict[str, Entity] = {e.id: e for e in annotated.entities}
        self.events: dict[str, Event] = {v.id: v for v in annotated.events}
        spans: list[IndexedSpan] = []
        for entity in annotated.entities:
            spans += _entity_spans(entity)
        for event in annotated.events:
            spans += _event_spans(event)
        self.spans = SpanIndex(spans)

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def text(self) -> str:
        return self.document.text

    def refresh(self, changes: Changes) -> None:
        """Bring the open document in line with the store after ``changes``."""
        if self.id in changes.documents:
            info = self.store.document(self.id)
            self.document = info
        for entity_id in changes.entities | changes.removed_entities:
            old = self.entities.pop(entity_id, None)
            if old is not None:
                self.spans.remove_where({m.id for m in old.mentions})
            try:
                entity = self.store.entity(entity_id)
            except KeyError:
                continue
            if self.store.document_of_entity(entity_id) != self.id:
                continue
            self.entities[entity_id] = entity
            for span in _entity_spans(entity):
                self.spans.add(span)
        for event_id in changes.events | changes.removed_events:
            old_event = self.events.pop(event_id, None)
            if old_event is not None:
                self.spans.remove_where({event_id})
            try:
                event = self.store.event(event_id)
            except KeyError:
                continue
            if self.store.document_of_event(event_id) != self.id:
                continue
            self.events[event_id] = event
            for span in _event_spans(event):
                self.spans.add(span)

    def entity_of_mention(self, mention_id: str) -> Entity | None:
        for span in self.spans:
            if span.annotation_id == mention_id and span.kind is SpanKind.MENTION:
                return self.entities.get(span.owner_id)
        return None

    def describe(self, span: IndexedSpan) -> str:
        """Short human description of a highlighted span, for the status bar and tooltips."""
        if span.kind is SpanKind.MENTION:
            entity = self.entities.get(span.owner_id)
            name = entity.name if entity else "?"
            return f"{span.type_id}: {name}"
        return f"event {span.type_id} (trigger)"

"""The open document's annotations as plain read-only rows, for what reads every annotation
of a document when it opens: the Entities and Events lists, the Problems check, jumps.

Built straight from database rows, with no model validated per mention (the data was
validated when it was written, and a document of 100,000 mentions spent 0.7 s building
models on every open). They read like the models (``entity.name``, ``mention.start``, …), so
the checks in ``core.validation`` take either. Edits, imports and exports use the models
(``core.models``); ``entity_row`` and ``event_row`` turn an edited model back into a row.
"""

from __future__ import annotations

from typing import NamedTuple

from desktop_app.core.models import Attributes, Entity, Event, Stamp


class StampRow(NamedTuple):
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str


class MentionRow(NamedTuple):
    id: str
    start: int
    end: int
    text: str
    page: int | None


class TriggerRow(NamedTuple):
    start: int
    end: int
    text: str
    page: int | None


class ArgumentRow(NamedTuple):
    id: str
    role: str
    entity_id: str
    mention_id: str | None


class EntityRow(NamedTuple):
    id: str
    type: str
    name: str
    identifier: str | None
    attributes: Attributes
    mentions: tuple[MentionRow, ...]
    stamp: StampRow


class EventRow(NamedTuple):
    id: str
    type: str
    trigger: TriggerRow | None
    arguments: tuple[ArgumentRow, ...]
    attributes: Attributes
    stamp: StampRow


def _stamp_row(stamp: Stamp) -> StampRow:
    return StampRow(stamp.created_by, stamp.created_at, stamp.updated_by, stamp.updated_at)


def entity_row(entity: Entity) -> EntityRow:
    return EntityRow(
        entity.id,
        entity.type,
        entity.name,
        entity.identifier,
        entity.attributes,
        tuple(MentionRow(m.id, m.start, m.end, m.text, m.page) for m in entity.mentions),
        _stamp_row(entity.stamp),
    )


def event_row(event: Event) -> EventRow:
    trigger = event.trigger
    return EventRow(
        event.id,
        event.type,
        None
        if trigger is None
        else TriggerRow(trigger.start, trigger.end, trigger.text, trigger.page),
        tuple(ArgumentRow(a.id, a.role, a.entity_id, a.mention_id) for a in event.arguments),
        event.attributes,
        _stamp_row(event.stamp),
    )

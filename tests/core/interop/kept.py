"""What a format keeps of a document, without ids: for comparing before and after a round trip."""

from __future__ import annotations

from desktop_app.core.models import AnnotatedDocument


def content(annotated: AnnotatedDocument) -> tuple[object, ...]:
    """Everything brat, XMI and Label Studio keep of a document, without ids.

    An argument that names its entity's first mention reads back as naming the entity (the
    formats point an argument at a span, and the first mention is where an entity stands),
    so the two compare equal here; naming any other mention is kept exactly."""
    spans = {m.id: (m.start, m.end) for e in annotated.entities for m in e.mentions}
    first = {
        e.id: min((m.start, m.end) for m in e.mentions) for e in annotated.entities if e.mentions
    }
    entities = sorted(
        (
            e.type,
            e.name,
            e.identifier,
            sorted(e.attributes.items()),
            sorted((m.start, m.end, m.text) for m in e.mentions),
        )
        for e in annotated.entities
    )
    events = sorted(
        (
            v.type,
            (v.trigger.start, v.trigger.end) if v.trigger else None,
            sorted(v.attributes.items()),
            [
                (a.role, first[a.entity_id], _named(a.mention_id, spans, first[a.entity_id]))
                for a in v.arguments
            ],
        )
        for v in annotated.events
    )
    return annotated.document.text, entities, events


def _named(
    mention_id: str | None, spans: dict[str, tuple[int, int]], first: tuple[int, int]
) -> tuple[int, int] | None:
    span = spans[mention_id] if mention_id else None
    return None if span == first else span

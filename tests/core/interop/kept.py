"""What a format keeps of a document, without ids: for comparing before and after a round trip."""

from __future__ import annotations

from desktop_app.core.models import AnnotatedDocument


def content(annotated: AnnotatedDocument) -> tuple[object, ...]:
    """Everything brat keeps of a document, without ids."""
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
                (a.role, first[a.entity_id], spans[a.mention_id] if a.mention_id else None)
                for a in v.arguments
            ],
        )
        for v in annotated.events
    )
    return annotated.document.text, entities, events

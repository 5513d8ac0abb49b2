"""A canonical order of annotations, from their content alone.

Exports number and order what they write by position, type and name, never by our ids or by
when a row was created, so that a document exported, imported into another database (where
everything gets new ids) and exported again gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop_app.core.models import AnnotatedDocument, Entity, Event, Mention

_NO_POSITION = 2**62


def ordered_mentions(entity: Entity) -> list[Mention]:
    return sorted(entity.mentions, key=lambda m: (m.start, m.end))


def anchor(entity: Entity) -> Mention | None:
    """The mention that stands for the entity where a format attaches data to one span."""
    mentions = ordered_mentions(entity)
    return mentions[0] if mentions else None


def _entity_key(entity: Entity) -> tuple[object, ...]:
    spans = tuple((m.start, m.end) for m in ordered_mentions(entity))
    first = spans[0] if spans else (_NO_POSITION, _NO_POSITION)
    return (*first, entity.type, entity.name, entity.identifier or "", spans)


def ordered_entities(entities: Iterable[Entity]) -> list[Entity]:
    return sorted(entities, key=_entity_key)


def ordered_events(annotated: AnnotatedDocument) -> list[Event]:
    rank = {e.id: i for i, e in enumerate(ordered_entities(annotated.entities))}
    mentions = {m.id: (m.start, m.end) for e in annotated.entities for m in e.mentions}

    def key(event: Event) -> tuple[object, ...]:
        trigger = event.trigger
        position = (trigger.start, trigger.end) if trigger else (_NO_POSITION, _NO_POSITION)
        arguments = tuple(
            (
                argument.role,
                rank.get(argument.entity_id, -1),
                mentions.get(argument.mention_id or "", (-1, -1)),
            )
            for argument in event.arguments
        )
        return (*position, event.type, arguments)

    return sorted(annotated.events, key=key)


def labelled_spans(annotated: AnnotatedDocument) -> list[tuple[Entity, Mention]]:
    """Every mention with its entity, by position, then type, then entity order."""
    pairs = [
        (rank, entity, mention)
        for rank, entity in enumerate(ordered_entities(annotated.entities))
        for mention in entity.mentions
    ]
    pairs.sort(key=lambda item: (item[2].start, item[2].end, item[1].type, item[0]))
    return [(entity, mention) for _, entity, mention in pairs]

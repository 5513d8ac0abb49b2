"""Which entity a span most likely belongs to, for preselecting it in the mention picker: the
entity a suggestion at that span names, else one whose name or mentions match the text (the
suggestion's type first), else the one used most recently."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.models import Entity
from desktop_app.core.suggest.model import Suggestion, SuggestionKind


def _names(entity: Entity) -> list[str]:
    alt = entity.attributes.get("alt_name")
    return [
        entity.name,
        *(m.text for m in entity.mentions),
        *([alt] if isinstance(alt, str) else []),
    ]


def likely_entity(
    text: str,
    span: tuple[int, int],
    entities: Sequence[Entity],
    suggestions: Sequence[Suggestion] = (),
    recent: Sequence[str] = (),
) -> str | None:
    """The id of the entity ``text[span]`` most likely mentions, or None."""
    start, end = span
    covered = text[start:end].strip()
    by_id = {entity.id: entity for entity in entities}
    at_span = [
        s
        for s in suggestions
        if s.kind is SuggestionKind.MENTION and (s.start, s.end) == (start, end)
    ]
    for suggestion in at_span:
        if suggestion.entity in by_id:
            return suggestion.entity
        if suggestion.entity.startswith("name:"):
            name = suggestion.entity[5:]
            for entity in entities:
                if entity.type == suggestion.type and name in _names(entity):
                    return entity.id
    wanted_type = at_span[0].type if at_span else None
    folded = covered.casefold()
    ranked = sorted(
        entities,
        key=lambda entity: (entity.type != wanted_type, entity.id not in recent),
    )
    for entity in ranked:
        if any(name.casefold() == folded for name in _names(entity)):
            return entity.id
    for entity in ranked:
        if folded and any(
            folded in name.casefold() or name.casefold() in folded
            for name in _names(entity)
            if len(name) >= 2
        ):
            return entity.id
    for entity_id in recent:
        if entity_id in by_id and (wanted_type is None or by_id[entity_id].type == wanted_type):
            return entity_id
    return None

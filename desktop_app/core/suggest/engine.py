"""Runs the suggesters over one document and returns what a reviewer should be offered.

Order of work: schema patterns, defined terms, propagation, the corpus gazetteer and an
optional recommender give mention suggestions; overlapping ones are resolved (the longer span
wins, then the one that names an existing entity, then the more confident); anything already
annotated, accepted or rejected is dropped; then event triggers are found, with role fillers
from the surviving mentions. A mention that would join an entity says which (its id), or by
what it will find or make one (``name:…``, ``value:…``).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Collection, Iterable, Iterator

from desktop_app.core.models import Entity, Event
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.defined_terms import suggest_defined_terms
from desktop_app.core.suggest.gazetteer import Gazetteer, suggest_from_gazetteer
from desktop_app.core.suggest.model import Suggestion, SuggestionKind
from desktop_app.core.suggest.patterns import RECOGNISERS, Recogniser, regex_recogniser
from desktop_app.core.suggest.people import suggest_people
from desktop_app.core.suggest.propagation import suggest_propagation
from desktop_app.core.suggest.triggers import suggest_triggers

Decided = Collection[tuple[str, int, int]]


def _recogniser(recogniser: str | None, regex: str) -> Recogniser:
    return RECOGNISERS[recogniser] if recogniser else regex_recogniser(regex)


def suggest_patterns(context: SuggestContext) -> Iterator[Suggestion]:
    """Every schema pattern of every entity type; a mention joins an entity of the same type
    and value (``HK$20 million`` and 「港幣2,000萬元」 are one amount)."""
    by_value = {
        (entity.type, str(entity.attributes["value"])): entity.id
        for entity in context.entities
        if entity.attributes.get("value") not in (None, "")
    }
    for entity_type in context.schema.entity_types:
        names = {attribute.name for attribute in entity_type.attributes}
        for pattern in entity_type.patterns:
            find = _recogniser(pattern.recogniser, pattern.regex)
            for start, end, attributes in find(context.text):
                kept = {key: value for key, value in attributes.items() if key in names}
                value = kept.get("value")
                target = ""
                if value not in (None, ""):
                    target = by_value.get((entity_type.id, str(value)), f"value:{value}")
                yield Suggestion(
                    kind=SuggestionKind.MENTION,
                    type=entity_type.id,
                    start=start,
                    end=end,
                    text=context.text[start:end],
                    rule=f"pattern:{pattern.name}",
                    entity=target,
                    attributes=kept,
                    confidence=0.95,
                )


def _rank(suggestion: Suggestion) -> tuple[int, int, float]:
    names_entity = not suggestion.entity.startswith(("name:", "value:")) and bool(suggestion.entity)
    return (suggestion.end - suggestion.start, int(names_entity), suggestion.confidence)


def resolve_overlaps(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Keep the best of each overlapping group (in rank order, with the spans kept so far
    sorted, so a 2 MB document costs n log n); the result is sorted by position."""

    starts: list[int] = []
    ends: list[int] = []
    kept: list[Suggestion] = []
    for suggestion in sorted(suggestions, key=_rank, reverse=True):
        index = bisect_left(starts, suggestion.start)
        clash = index < len(starts) and starts[index] < suggestion.end
        clash = clash or (index > 0 and ends[index - 1] > suggestion.start)
        if clash:
            continue
        insort(starts, suggestion.start)
        ends.insert(bisect_left(starts, suggestion.start), suggestion.end)
        kept.append(suggestion)
    return sorted(kept, key=lambda item: (item.start, item.end))


def suggest_document(
    text: str,
    schema: AnnotationSchema,
    entities: list[Entity] | None = None,
    events: list[Event] | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    decided: Decided = (),
    extra: Callable[[SuggestContext], Iterable[Suggestion]] | None = None,
) -> list[Suggestion]:
    """The suggestions for one document, sorted by position: mentions, triggers and their
    role fillers. ``decided`` holds the ``(type, start, end)`` of suggestions accepted or
    rejected before, which are never offered again; ``extra`` adds another source (the
    recommender)."""
    context = SuggestContext(text, schema, entities or [], events or [])
    patterns = list(suggest_patterns(context))
    found: list[Suggestion] = [*patterns, *suggest_defined_terms(context, patterns)]
    found += suggest_people(context)
    found += suggest_propagation(context)
    if gazetteer is not None:
        found += suggest_from_gazetteer(context, gazetteer)
    if extra is not None:
        found += extra(context)
    decided_keys = set(decided)
    fresh = [
        suggestion
        for suggestion in found
        if suggestion.key not in decided_keys
        and not context.is_annotated(suggestion.start, suggestion.end)
    ]
    mentions = resolve_overlaps(fresh)
    triggers = [
        suggestion
        for suggestion in suggest_triggers(context, mentions)
        if suggestion.key not in decided_keys
    ]
    return sorted(mentions + triggers, key=lambda item: (item.start, item.end, item.kind))

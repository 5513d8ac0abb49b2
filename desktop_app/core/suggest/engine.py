"""Runs the suggesters over one document and returns what a reviewer should be offered.

Order of work: schema patterns, defined terms, propagation, the corpus gazetteer and an
optional recommender give mention suggestions; overlapping ones are resolved (the longer span
wins, then the one that names an existing entity, then the more confident); anything already
annotated, accepted or rejected is dropped; then event triggers are found, with role fillers
from the surviving mentions. A mention that would join an entity says which (its id), or by
what it will find or make one (``name:…``, ``value:…``).
"""

from __future__ import annotations

import gc
import threading
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter

from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.defined_terms import suggest_defined_terms
from desktop_app.core.suggest.gazetteer import Gazetteer, suggest_from_gazetteer
from desktop_app.core.suggest.heading import suggest_heading
from desktop_app.core.suggest.model import Suggestion, SuggestionKind
from desktop_app.core.suggest.patterns import RECOGNISERS, Recogniser, regex_recogniser
from desktop_app.core.suggest.people import suggest_people
from desktop_app.core.suggest.propagation import suggest_propagation
from desktop_app.core.suggest.triggers import suggest_triggers
from desktop_app.core.validation import EntityLike, EventLike

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
    text = context.text
    mention = SuggestionKind.MENTION
    for entity_type in context.schema.entity_types:
        names = {attribute.name for attribute in entity_type.attributes}
        type_id = entity_type.id
        for pattern in entity_type.patterns:
            find = _recogniser(pattern.recogniser, pattern.regex)
            rule = f"pattern:{pattern.name}"
            for start, end, attributes in find(text):
                kept = (
                    attributes
                    if names.issuperset(attributes)
                    else {key: value for key, value in attributes.items() if key in names}
                )
                value = kept.get("value")
                target = ""
                if value is not None and value != "":
                    target = by_value.get((type_id, str(value)), f"value:{value}")
                yield Suggestion(
                    mention, type_id, start, end, text[start:end], rule, target, kept, 0.95
                )


def _rank(suggestion: Suggestion) -> tuple[int, int, float]:
    names_entity = not suggestion.entity.startswith(("name:", "value:")) and bool(suggestion.entity)
    return (suggestion.end - suggestion.start, int(names_entity), suggestion.confidence)


def resolve_overlaps(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Keep the best of each overlapping group; the result is sorted by position.

    One sort by position splits the suggestions into clusters of transitively overlapping
    spans (most are a single span); only within a cluster are spans ranked and kept greedily,
    best first, when they overlap none kept before (of equal rank, the one given first). A
    decision in one cluster cannot touch another, so this keeps what ranking them all at once
    would, at the cost of one sort."""
    items = list(suggestions)
    ordered = sorted(range(len(items)), key=lambda i: (items[i].start, items[i].end))
    kept: list[Suggestion] = []
    index, count = 0, len(ordered)
    while index < count:
        reach = items[ordered[index]].end
        stop = index + 1
        while stop < count and items[ordered[stop]].start < reach:
            reach = max(reach, items[ordered[stop]].end)
            stop += 1
        if stop == index + 1:
            kept.append(items[ordered[index]])
        else:
            kept += _best_of_cluster(items, ordered[index:stop])
        index = stop
    return kept


def _best_of_cluster(items: list[Suggestion], cluster: list[int]) -> list[Suggestion]:
    """The greedy choice within one cluster (indices into ``items``), in position order; the
    spans kept so far stay sorted, so that even a long chain of overlaps costs n log n."""
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[Suggestion] = []
    for position in sorted(cluster, key=lambda i: (_rank(items[i]), -i), reverse=True):
        suggestion = items[position]
        index = bisect_left(starts, suggestion.start)
        if index < len(starts) and starts[index] < suggestion.end:
            continue
        if index > 0 and ends[index - 1] > suggestion.start:
            continue
        starts.insert(index, suggestion.start)
        ends.insert(index, suggestion.end)
        chosen.append(suggestion)
    return sorted(chosen, key=lambda item: (item.start, item.end))


def suggest_document(
    text: str,
    schema: AnnotationSchema,
    entities: Sequence[EntityLike] | None = None,
    events: Sequence[EventLike] | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    decided: Decided = (),
    extra: Callable[[SuggestContext], Iterable[Suggestion]] | None = None,
    stop: Callable[[], bool] = lambda: False,
    notes: list[str] | None = None,
) -> list[Suggestion]:
    """The suggestions for one document, sorted by position: mentions, triggers and their
    role fillers. ``decided`` holds the ``(type, start, end)`` of suggestions accepted or
    rejected before, which are never offered again; ``extra`` adds another source (the
    recommender). ``stop`` is asked between the suggesters: once it says yes, nothing more
    is computed and the result is empty (the window, closing, asks its worker to stop).
    ``notes`` receives what the suggesters say about the run for the reviewer (a bound met).
    Propagation, whose work grows with the entities (one scan of the text per form), also
    asks between forms."""
    context = SuggestContext(
        text, schema, entities or [], events or [], stop=stop, notes=[] if notes is None else notes
    )
    from_elsewhere = list(extra(context)) if extra is not None else []
    later: list[Callable[[SuggestContext], Iterable[Suggestion]]] = [
        suggest_people,
        suggest_propagation,
    ]
    if gazetteer is not None:
        later.append(lambda context: suggest_from_gazetteer(context, gazetteer))
    with _no_cycle_collection():
        patterns = list(suggest_patterns(context))
        terms = list(suggest_defined_terms(context, patterns))
        found: list[Suggestion] = [*patterns, *terms, *suggest_heading(context, terms)]
        for suggester in later:
            if stop():
                return []
            found += suggester(context)
        if stop():
            return []
        found += from_elsewhere
        decided_keys = set(decided)
        fresh = found
        if decided_keys:
            fresh = [suggestion for suggestion in fresh if suggestion.key not in decided_keys]
        if context.has_annotations:
            fresh = [s for s in fresh if not context.is_annotated(s.start, s.end)]
        mentions = resolve_overlaps(fresh)
        triggers = [
            suggestion
            for suggestion in suggest_triggers(context, mentions)
            if not decided_keys or suggestion.key not in decided_keys
        ]
        # By position, then kind: two stable sorts, so that no key holds an object (100,000
        # keys holding the kind would each be tracked by the garbage collector: 4× the cost).
        ordered = sorted(mentions + triggers, key=attrgetter("kind"))
        ordered.sort(key=attrgetter("start", "end"))
    return ordered


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while suggesting: a 2 MB document makes some 300,000 objects
    (suggestions, their attributes, matches) and none of them in cycles, yet each collection
    walks all those made so far — a fifth of the time. Reference counting still frees what is
    dropped; the collector runs again as soon as this ends (unless something else had paused
    it before).

    Only on the main thread: the collector is the whole process's, so a pause from the
    window's background suggester would also pause it for the window, and its start-up's
    pause and resume would interleave with this one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

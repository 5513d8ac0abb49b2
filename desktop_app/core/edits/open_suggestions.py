"""The open document's suggestions kept in memory and brought up to date from each edit, so
an edit never reads the stored suggestions again (a 10 MB document has tens of thousands).

``computed`` is what the engine last proposed (what is stored); ``offered`` is what is offered
now: none decided since, no mention or trigger overlapping an annotation, and a proposed role
filler only while its trigger is still offered or is an event's trigger. An edit changes the
annotated spans, the events' triggers and the decisions; only the suggestions touching what
changed are looked at again. ``stored_changes`` says which rows a new computation adds and
removes, so it is saved in one small write rather than by rewriting every row.
"""

from __future__ import annotations

import json
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from typing import TypeVar

from desktop_app.core.edits.suggestion_edits import trigger_span
from desktop_app.core.span_index import IndexedSpan, SpanKind
from desktop_app.core.suggest import Suggestion, SuggestionKind
from desktop_app.core.validation import EntityLike, EventLike

Key = tuple[str, int, int]
Span = tuple[int, int]
Counted = TypeVar("Counted", bound=Hashable)


def _order(suggestion: Suggestion) -> tuple[int, int, str]:
    return (suggestion.start, suggestion.end, suggestion.kind.value)


def _row(suggestion: Suggestion) -> tuple[object, ...]:
    return (
        suggestion.kind.value,
        suggestion.type,
        suggestion.start,
        suggestion.end,
        suggestion.rule,
        suggestion.entity,
        json.dumps(suggestion.attributes, sort_keys=True, ensure_ascii=False),
    )


def trigger_of(role: Suggestion) -> Key:
    """The ``(event type, start, end)`` of the trigger a proposed role filler belongs to."""
    return (role.type.split(".", 1)[0], *trigger_span(role))


def annotated_spans(entities: Iterable[EntityLike], events: Iterable[EventLike]) -> list[Span]:
    """What ``highlighted`` gives, from the rows: each place as often as it is annotated."""
    spans = [(m.start, m.end) for entity in entities for m in entity.mentions]
    spans += [(e.trigger.start, e.trigger.end) for e in events if e.trigger is not None]
    return spans


def event_triggers(events: Iterable[EventLike]) -> list[Key]:
    """Each event's trigger key, as often as it occurs (as ``highlighted`` gives them)."""
    return [(e.type, e.trigger.start, e.trigger.end) for e in events if e.trigger is not None]


def highlighted(spans: Iterable[IndexedSpan]) -> tuple[list[Span], list[Key]]:
    """``annotated_spans`` and ``event_triggers`` from the open document's highlights, which
    it already holds, rather than from every entity and event read again as models; each as
    often as it occurs (two mentions can share a span: removing one leaves it annotated)."""
    annotated: list[Span] = []
    triggers: list[Key] = []
    for span in spans:
        annotated.append((span.start, span.end))
        if span.kind == SpanKind.TRIGGER:
            triggers.append((span.type_id, span.start, span.end))
    return annotated, triggers


def _count(counts: Counter[Counted], key: Counted, step: int) -> None:
    """Add ``step`` to ``key``'s count, dropping it at zero (membership means present)."""
    number = counts[key] + step
    if number > 0:
        counts[key] = number
    else:
        counts.pop(key, None)


def stored_changes(
    stored: Iterable[Suggestion], computed: Iterable[Suggestion]
) -> tuple[list[Suggestion], list[Suggestion]]:
    """The rows to remove and to add when ``computed`` replaces ``stored``."""
    old_rows = {_row(s): s for s in stored}
    new_rows = {_row(s): s for s in computed}
    removed = [s for row, s in old_rows.items() if row not in new_rows]
    added = [s for row, s in new_rows.items() if row not in old_rows]
    return removed, added


def kept_roles(
    stored: Iterable[Suggestion], events: set[Key], decided: set[Key]
) -> list[Suggestion]:
    """The proposed fillers of triggers accepted alone since ``stored`` was computed: the
    engine proposes fillers only for triggers not yet annotated, and these are still to be
    decided one by one."""
    return [
        role
        for role in stored
        if role.kind is SuggestionKind.ROLE
        and trigger_of(role) in events
        and role.key not in decided
    ]


class OpenSuggestions:
    """What the engine proposed for one document, and what of it is offered now."""

    def __init__(self) -> None:
        self.computed: list[Suggestion] = []
        self.offered: list[Suggestion] = []
        self._decided: set[Key] = set()
        self._annotated: list[Span] = []  # sorted, each once
        self._annotated_count: Counter[Span] = Counter()  # how many annotations have each
        self._longest_annotation = 0
        self._events: Counter[Key] = Counter()  # the events' triggers, with their numbers
        self._starts: list[int] = []
        self._longest = 0
        self._by_key: dict[Key, list[Suggestion]] = defaultdict(list)
        self._roles_of: dict[Key, list[Suggestion]] = defaultdict(list)

    def reset(
        self,
        computed: Iterable[Suggestion],
        decided: set[Key],
        annotated: Iterable[Span],
        events: Iterable[Key],
    ) -> None:
        self.computed = sorted(computed, key=_order)
        self._starts = [s.start for s in self.computed]
        self._longest = max((s.end - s.start for s in self.computed), default=0)
        self._by_key = defaultdict(list)
        self._roles_of = defaultdict(list)
        for suggestion in self.computed:
            self._by_key[suggestion.key].append(suggestion)
            if suggestion.kind is SuggestionKind.ROLE:
                self._roles_of[trigger_of(suggestion)].append(suggestion)
        self._set_state(decided, Counter(annotated), Counter(events))
        self.offered = [s for s in self.computed if self._is_offered(s)]

    def update(self, decided: set[Key], annotated: Iterable[Span], events: Iterable[Key]) -> bool:
        """Bring ``offered`` up to date with the whole state after edits; True when it
        changed. Reads every annotated span: after one edit, ``apply`` is the cheap way."""
        counts, triggers = Counter(annotated), Counter(events)
        changed_spans = counts.keys() ^ self._annotated_count.keys()
        changed_keys = decided ^ self._decided
        changed_events = triggers.keys() ^ self._events.keys()
        if not (changed_spans or changed_keys or changed_events):
            return False
        self._set_state(decided, counts, triggers)
        return self._recheck(changed_spans, changed_keys, changed_events)

    def apply(
        self, decided: set[Key], removed: Iterable[IndexedSpan], added: Iterable[IndexedSpan]
    ) -> bool:
        """Bring ``offered`` up to date after one edit from the highlights it took out and
        put in (``WorkingDocument.span_changes``) and the decisions now stored; True when it
        changed. Costs what the edit touched, not the document's size. With nothing
        proposed there is nothing to offer and nothing is kept: the state is read afresh with
        the next proposals (``reset`` or ``update``)."""
        if not self.computed:
            self._decided = set(decided)
            return False
        was_annotated: dict[Span, bool] = {}
        was_event: dict[Key, bool] = {}
        for span, step in [(s, -1) for s in removed] + [(s, 1) for s in added]:
            place = (span.start, span.end)
            was_annotated.setdefault(place, place in self._annotated_count)
            _count(self._annotated_count, place, step)
            if span.kind == SpanKind.TRIGGER:
                key = (span.type_id, span.start, span.end)
                was_event.setdefault(key, key in self._events)
                _count(self._events, key, step)
        changed_spans = set()
        for place, was in was_annotated.items():
            if was == (place in self._annotated_count):
                continue
            changed_spans.add(place)
            index = bisect_left(self._annotated, place)
            if was:
                del self._annotated[index]
            else:
                self._annotated.insert(index, place)
                self._longest_annotation = max(self._longest_annotation, place[1] - place[0])
        changed_events = {key for key, was in was_event.items() if was != (key in self._events)}
        changed_keys = decided ^ self._decided
        self._decided = set(decided)
        if not (changed_spans or changed_keys or changed_events):
            return False
        return self._recheck(changed_spans, changed_keys, changed_events)

    def _recheck(
        self, changed_spans: set[Span], changed_keys: set[Key], changed_events: set[Key]
    ) -> bool:
        """Look again at the suggestions the changed spans, decisions and triggers touch."""
        candidates: dict[int, Suggestion] = {}
        for start, end in changed_spans:
            for suggestion in self._overlapping(start, end):
                candidates[id(suggestion)] = suggestion
        triggers = set(changed_events)
        for key in changed_keys:
            for suggestion in self._by_key.get(key, ()):
                candidates[id(suggestion)] = suggestion
            triggers.add(key)
        for suggestion in list(candidates.values()):
            if suggestion.kind is SuggestionKind.TRIGGER:
                triggers.add(suggestion.key)
        for trigger in triggers:
            for role in self._roles_of.get(trigger, ()):
                candidates[id(role)] = role
        shown = {id(s) for s in self.offered}
        drop = {key for key, s in candidates.items() if key in shown and not self._is_offered(s)}
        add = [s for key, s in candidates.items() if key not in shown and self._is_offered(s)]
        if not drop and not add:
            return False
        if drop:
            self.offered = [s for s in self.offered if id(s) not in drop]
        for suggestion in add:
            insort(self.offered, suggestion, key=_order)
        return True

    def roles_of(self, trigger: Suggestion | Key) -> list[Suggestion]:
        """The offered role fillers proposed for a trigger, in position order."""
        key = trigger.key if isinstance(trigger, Suggestion) else trigger
        return [role for role in self._roles_of.get(key, ()) if self._is_offered(role)]

    def mention_at(self, start: int, end: int, type_id: str = "") -> Suggestion | None:
        """The offered mention suggestion with exactly this span (of ``type_id`` if given)."""
        index = bisect_left(self.offered, (start, end, ""), key=_order)
        while index < len(self.offered) and _order(self.offered[index])[:2] == (start, end):
            found = self.offered[index]
            if found.kind is SuggestionKind.MENTION and type_id in ("", found.type):
                return found
            index += 1
        return None

    # --- what is offered -------------------------------------------------------------------

    def _set_state(self, decided: set[Key], annotated: Counter[Span], events: Counter[Key]) -> None:
        self._decided = set(decided)
        self._annotated_count = annotated
        self._annotated = sorted(annotated)
        self._longest_annotation = max((end - start for start, end in annotated), default=0)
        self._events = events

    def _is_annotated(self, start: int, end: int) -> bool:
        spans = self._annotated
        index = bisect_left(spans, (start - self._longest_annotation, -1))
        while index < len(spans) and spans[index][0] < end:
            if spans[index][1] > start:
                return True
            index += 1
        return False

    def _trigger_offered(self, key: Key) -> bool:
        return key not in self._decided and not self._is_annotated(key[1], key[2])

    def _is_offered(self, suggestion: Suggestion) -> bool:
        if suggestion.key in self._decided:
            return False
        if suggestion.kind is SuggestionKind.ROLE:
            trigger = trigger_of(suggestion)
            return trigger in self._events or (
                trigger in self._by_key and self._trigger_offered(trigger)
            )
        return not self._is_annotated(suggestion.start, suggestion.end)

    def _overlapping(self, start: int, end: int) -> list[Suggestion]:
        index = bisect_left(self._starts, start - self._longest)
        found = []
        while index < len(self.computed) and self.computed[index].start < end:
            suggestion = self.computed[index]
            if suggestion.end > start:
                found.append(suggestion)
            index += 1
        return found

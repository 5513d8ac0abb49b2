"""Event triggers from each event type's lexicon in the schema (``trigger_words``, English and
Chinese), with role fillers proposed from the nearest entities of an allowed type in the same
sentence, marked as lower confidence.

Role fillers come from the document's entities and from the mention suggestions made in the
same run, so a fresh document gets them too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.model import Suggestion, SuggestionKind
from desktop_app.core.suggest.phrases import any_phrase

RULE = "trigger"
ROLE_RULE = "role:nearest"
# A full stop before white space, a Chinese full stop, a semicolon, ! or ?, a line break:
# written as one character class first, which the engine scans for at C speed.
_SENTENCE_END = re.compile(r"[.。；;!?！？\n](?:(?<=\.)(?=\s)|(?<!\.))")


def _word_pattern(word: str) -> str:
    escaped = re.escape(word).replace(r"\ ", r"\s+")
    if word[:1].isascii():
        return rf"(?<![\w]){escaped}(?![\w])"
    return escaped


def sentence_bounds(text: str) -> list[int]:
    """Offsets where sentences start (the first is 0)."""
    return [0] + [match.end() for match in _SENTENCE_END.finditer(text)]


# Characters that match an ASCII letter only when case is ignored and that lower() leaves
# alone (dotless ı for i, long ſ for s): a text holding one is searched the slow way.
_CASE_EXCEPTIONS = re.compile("[\u0131\u017f]")


@dataclass(frozen=True)
class _Lexicon:
    """Every event type's trigger words compiled once: one exact pattern per type (case
    ignored, whole words for Latin ones), and where a word can start: a Latin one in lower
    case after a character that is not part of a word, the others anywhere. The engine scans
    for those at C speed (for the characters before a Latin word, the first of the others);
    the exact patterns are then tried only there."""

    patterns: tuple[re.Pattern[str] | None, ...]  # by event type, as the schema lists them
    latin: re.Pattern[str] | None  # a Latin word in lower case, after a non-word character
    latin_at_start: re.Pattern[str] | None  # the same at the start of the text
    other: re.Pattern[str] | None  # the other words, lower case
    by_first: dict[str, tuple[int, ...]]  # a word's first character → the types it may start

    def matches(self, text: str) -> list[list[re.Match[str]]]:
        """For each event type, what its pattern's ``finditer`` over ``text`` would give."""
        found: list[list[re.Match[str]]] = [[] for _ in self.patterns]
        lowered = text.lower()
        if not self.by_first or len(lowered) != len(text) or _CASE_EXCEPTIONS.search(text):
            for index, pattern in enumerate(self.patterns):
                if pattern is not None:
                    found[index] = list(pattern.finditer(text))
            return found
        # Every place a type's pattern matches starts with one of its words in lower case, so
        # trying the types' patterns only where some word starts finds the same matches.
        ends = [0] * len(self.patterns)
        for position in self._candidates(lowered):
            for index in self.by_first.get(lowered[position], ()):
                pattern = self.patterns[index]
                if pattern is None or ends[index] > position:
                    continue
                match = pattern.match(text, position)
                if match is not None:
                    found[index].append(match)
                    ends[index] = match.end()
        return found

    def _candidates(self, lowered: str) -> list[int]:
        found: list[int] = []
        if self.latin is not None and self.latin_at_start is not None:
            if self.latin_at_start.match(lowered):
                found.append(0)
            found += [match.end() for match in self.latin.finditer(lowered)]
        if self.other is not None:
            search = self.other.search
            candidate = search(lowered)
            while candidate is not None:
                found.append(candidate.start())
                candidate = search(lowered, candidate.start() + 1)
            found.sort()
        return found


@lru_cache(maxsize=16)
def _lexicon(words_by_type: tuple[tuple[str, ...], ...]) -> _Lexicon:
    patterns: list[re.Pattern[str] | None] = []
    by_first: dict[str, set[int]] = {}
    latin: set[str] = set()
    other: set[str] = set()
    for index, words in enumerate(words_by_type):
        if not words:
            patterns.append(None)
            continue
        ordered = sorted(words, key=len, reverse=True)
        patterns.append(
            re.compile("|".join(_word_pattern(word) for word in ordered), re.IGNORECASE)
        )
        for word in ordered:
            lowered = word.lower()
            unusual = not lowered or lowered[0].isspace() or len(lowered) != len(word)
            if unusual or _CASE_EXCEPTIONS.search(word):
                return _Lexicon(tuple(patterns), None, None, None, {})  # searched the slow way
            (latin if word[:1].isascii() else other).add(lowered)
            by_first.setdefault(lowered[0], set()).add(index)
    return _Lexicon(
        tuple(patterns),
        re.compile(rf"[^\w](?={any_phrase(latin, spaces=True)})") if latin else None,
        re.compile(any_phrase(latin, spaces=True)) if latin else None,
        re.compile(any_phrase(other, spaces=True)) if other else None,
        {first: tuple(sorted(types)) for first, types in by_first.items()},
    )


def suggest_triggers(context: SuggestContext, mentions: list[Suggestion]) -> Iterator[Suggestion]:
    text = context.text
    starts = sentence_bounds(text)
    # Role fillers: the document's mentions and this run's mention suggestions (sorted by
    # position already); only those of a trigger's sentence are gathered, as needed.
    annotated = sorted(
        (mention.start, mention.end, entity.type, mention.text, entity.id)
        for entity in context.entities
        for mention in entity.mentions
    )
    annotated_starts = [item[0] for item in annotated]
    mention_starts = [suggestion.start for suggestion in mentions]
    event_types = context.schema.event_types
    lexicon = _lexicon(tuple(tuple(event_type.trigger_words) for event_type in event_types))
    for event_type, matches in zip(event_types, lexicon.matches(text), strict=True):
        trigger_rule = f"{RULE}:{event_type.id}"
        roles = [
            (f"{event_type.id}.{role.name}", frozenset(role.entity_types))
            for role in event_type.roles
        ]
        for match in matches:
            trigger_start, trigger_end = match.span()
            if context.is_annotated(trigger_start, trigger_end):
                continue
            yield Suggestion(
                SuggestionKind.TRIGGER,
                event_type.id,
                trigger_start,
                trigger_end,
                match.group(),
                trigger_rule,
                confidence=0.7,
            )
            index = bisect_right(starts, trigger_start) - 1
            sentence_start = starts[index]
            sentence_end = starts[index + 1] if index + 1 < len(starts) else len(text)
            in_sentence = annotated[
                bisect_left(annotated_starts, sentence_start) : bisect_right(
                    annotated_starts, sentence_end
                )
            ]
            in_sentence += [
                (s.start, s.end, s.type, s.text, s.entity or f"span:{s.start}-{s.end}")
                for s in mentions[
                    bisect_left(mention_starts, sentence_start) : bisect_right(
                        mention_starts, sentence_end
                    )
                ]
            ]
            in_sentence.sort()
            for role_type, allowed in roles:
                # The nearest of an allowed type (the first of equally near ones).
                nearest = None
                distance = 0
                for item in in_sentence:
                    if item[2] in allowed and (
                        nearest is None or abs(item[0] - trigger_start) < distance
                    ):
                        nearest, distance = item, abs(item[0] - trigger_start)
                if nearest is None:
                    continue
                yield Suggestion(
                    SuggestionKind.ROLE,
                    role_type,
                    nearest[0],
                    nearest[1],
                    nearest[3],
                    ROLE_RULE,
                    nearest[4],
                    {"trigger_start": trigger_start, "trigger_end": trigger_end},
                    0.4,
                )

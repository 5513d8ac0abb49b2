"""Event triggers from each event type's lexicon in the schema (``trigger_words``, English and
Chinese), with role fillers proposed from the nearest entities of an allowed type in the same
sentence, marked as lower confidence.

Role fillers come from the document's entities and from the mention suggestions made in the
same run, so a fresh document gets them too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.model import Suggestion, SuggestionKind

RULE = "trigger"
ROLE_RULE = "role:nearest"
_SENTENCE_END = re.compile(r"\.(?=\s)|[。；;!?！？]|\n")


def _word_pattern(word: str) -> str:
    escaped = re.escape(word).replace(r"\ ", r"\s+")
    if word[:1].isascii():
        return rf"(?<![\w]){escaped}(?![\w])"
    return escaped


def sentence_bounds(text: str) -> list[int]:
    """Offsets where sentences start (the first is 0)."""
    return [0] + [match.end() for match in _SENTENCE_END.finditer(text)]


def suggest_triggers(context: SuggestContext, mentions: list[Suggestion]) -> Iterator[Suggestion]:
    text = context.text
    starts = sentence_bounds(text)
    candidates: list[tuple[int, int, str, str, str]] = []  # start, end, type, text, entity
    for entity in context.entities:
        for mention in entity.mentions:
            candidates.append((mention.start, mention.end, entity.type, mention.text, entity.id))
    for suggestion in mentions:
        target = suggestion.entity or f"span:{suggestion.start}-{suggestion.end}"
        candidates.append(
            (suggestion.start, suggestion.end, suggestion.type, suggestion.text, target)
        )
    candidates.sort()
    candidate_starts = [item[0] for item in candidates]
    for event_type in context.schema.event_types:
        if not event_type.trigger_words:
            continue
        words = sorted(event_type.trigger_words, key=len, reverse=True)
        pattern = re.compile("|".join(_word_pattern(word) for word in words), re.IGNORECASE)
        for match in pattern.finditer(text):
            if context.is_annotated(match.start(), match.end()):
                continue
            yield Suggestion(
                kind=SuggestionKind.TRIGGER,
                type=event_type.id,
                start=match.start(),
                end=match.end(),
                text=match.group(),
                rule=f"{RULE}:{event_type.id}",
                confidence=0.7,
            )
            index = bisect_right(starts, match.start()) - 1
            sentence_start = starts[index]
            sentence_end = starts[index + 1] if index + 1 < len(starts) else len(text)
            low = bisect_right(candidate_starts, sentence_start - 1)
            high = bisect_right(candidate_starts, sentence_end)
            in_sentence = candidates[low:high]
            for role in event_type.roles:
                allowed = [item for item in in_sentence if item[2] in role.entity_types]
                if not allowed:
                    continue
                nearest = min(allowed, key=lambda item: abs(item[0] - match.start()))
                yield Suggestion(
                    kind=SuggestionKind.ROLE,
                    type=f"{event_type.id}.{role.name}",
                    start=nearest[0],
                    end=nearest[1],
                    text=nearest[3],
                    rule=ROLE_RULE,
                    entity=nearest[4],
                    attributes={"trigger_start": match.start(), "trigger_end": match.end()},
                    confidence=0.4,
                )

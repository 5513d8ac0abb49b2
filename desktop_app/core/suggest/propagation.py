"""Propagation within a document: once an entity is tagged, its other occurrences (every
mention's text, its name and its name in the other language) are suggested as its mentions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.model import Suggestion, SuggestionKind
from desktop_app.core.suggest.phrases import word_head, word_tail

log = logging.getLogger(__name__)

RULE = "propagation"
_MIN_LENGTH = 2
# No reviewer goes through more new mentions of tagged entities than this in one document; a
# common word tagged by mistake ("the", "HK$") in a 10 MB document would otherwise offer
# hundreds of thousands, and making, sorting and storing them took minutes of the worker.
MOST_OFFERED = 20_000


# A word character that is not Chinese: "LMX-207" is a whole word in 「共同進行LMX-207之臨床」.
_NOT_CJK_WORD = r"[^\W\u3400-\u9fff\U00020000-\U0003ffff]"


_JOINS_WORD = re.compile(_NOT_CJK_WORD)


def _joins_word(text: str, index: int) -> bool:
    """Whether the character at ``index`` (if any) would join a Latin phrase to a word."""
    return 0 <= index < len(text) and _JOINS_WORD.match(text, index) is not None


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every place ``phrase`` occurs in ``text`` (as a whole word where it is Latin)."""
    return list(find_all(text, phrase))


def find_all(text: str, phrase: str) -> Iterator[tuple[int, int]]:
    """The places ``phrase`` occurs in ``text``, left to right and not overlapping; as a whole
    word where it begins or ends with a Latin letter or digit (Chinese characters next to it
    do not join it to a word: "LMX-207" is found in 「共同進行LMX-207之臨床」).

    The phrase is found by ``str.find`` and its edges checked here, not by one regular
    expression: a pattern that opens with a look-behind is tried at every character of the
    text in a single call that never lets go of the interpreter, so on a 10 MB document each
    Latin phrase held every other thread (the window's included) for up to 200 ms."""
    if not phrase.strip():
        return
    head, tail = bool(word_head(phrase)), bool(word_tail(phrase))
    size = len(phrase)
    at = text.find(phrase)
    while at >= 0:
        end = at + size
        if (head and _joins_word(text, at - 1)) or (tail and _joins_word(text, end)):
            at = text.find(phrase, at + 1)
            continue
        yield at, end
        at = text.find(phrase, end)


def surface_forms(names: list[str]) -> list[str]:
    """The distinct phrases to look for, longest first (so a longer one wins an overlap)."""
    forms = {name.strip() for name in names if len(name.strip()) >= _MIN_LENGTH}
    for name in list(forms):
        if name.startswith("the "):
            forms.add("The " + name[4:])
    return sorted(forms, key=len, reverse=True)


def suggest_propagation(context: SuggestContext) -> Iterator[Suggestion]:
    """Each distinct form is looked for once per type (a form several entities share would
    give the same spans again, of which the first entity's are the ones kept), and a place
    already annotated is never yielded: the tagged mentions themselves are most of the hits,
    and a document of 100,000 mentions would otherwise make millions of suggestions only to
    drop them. At most ``MOST_OFFERED`` are yielded, those of the first entities."""
    text = context.text
    seen: set[tuple[str, str]] = set()
    offered = 0
    for entity in context.entities:
        names = [mention.text for mention in entity.mentions] + [entity.name]
        alt_name = entity.attributes.get("alt_name")
        if isinstance(alt_name, str):
            names.append(alt_name)
        for form in surface_forms(names):
            if (form, entity.type) in seen:
                continue
            if context.stop():
                return  # each form scans the whole text: 12,500 entities take seconds
            seen.add((form, entity.type))
            for start, end in find_all(text, form):
                if context.is_annotated(start, end):
                    continue
                if offered == MOST_OFFERED:
                    log.info("propagation stopped at %d suggestions", MOST_OFFERED)
                    context.notes.append(
                        f"Other occurrences of tagged names: only the first {MOST_OFFERED:,} "
                        "are suggested in this document."
                    )
                    return
                offered += 1
                yield Suggestion(
                    kind=SuggestionKind.MENTION,
                    type=entity.type,
                    start=start,
                    end=end,
                    text=form,
                    rule=RULE,
                    entity=entity.id,
                    confidence=0.85,
                )

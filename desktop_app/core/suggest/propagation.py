"""Propagation within a document: once an entity is tagged, its other occurrences (every
mention's text, its name and its name in the other language) are suggested as its mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.model import Suggestion, SuggestionKind
from desktop_app.core.suggest.phrases import word_head, word_tail

RULE = "propagation"
_MIN_LENGTH = 2


# A word character that is not Chinese: "LMX-207" is a whole word in 「共同進行LMX-207之臨床」.
_NOT_CJK_WORD = r"[^\W\u3400-\u9fff\U00020000-\U0003ffff]"


def boundary_pattern(phrase: str) -> str:
    """``phrase`` as a whole word where it is Latin text (Chinese characters next to it do not
    join it to a word); anywhere in Chinese text."""
    head = rf"(?<!{_NOT_CJK_WORD})" if word_head(phrase) else ""
    tail = rf"(?!{_NOT_CJK_WORD})" if word_tail(phrase) else ""
    return head + re.escape(phrase) + tail


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every place ``phrase`` occurs in ``text`` (as a whole word where it is Latin)."""
    if not phrase.strip():
        return []
    return [match.span() for match in re.finditer(boundary_pattern(phrase), text)]


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
    drop them."""
    text = context.text
    seen: set[tuple[str, str]] = set()
    for entity in context.entities:
        names = [mention.text for mention in entity.mentions] + [entity.name]
        alt_name = entity.attributes.get("alt_name")
        if isinstance(alt_name, str):
            names.append(alt_name)
        for form in surface_forms(names):
            if (form, entity.type) in seen:
                continue
            if context.stop():
                return  # each form scans the whole text: 12,500 entities take minutes
            seen.add((form, entity.type))
            for match in re.finditer(boundary_pattern(form), text):
                if context.is_annotated(match.start(), match.end()):
                    continue
                yield Suggestion(
                    kind=SuggestionKind.MENTION,
                    type=entity.type,
                    start=match.start(),
                    end=match.end(),
                    text=match.group(),
                    rule=RULE,
                    entity=entity.id,
                    confidence=0.85,
                )

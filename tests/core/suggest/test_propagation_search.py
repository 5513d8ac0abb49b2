"""Propagation finds a tagged name's other occurrences with ``str.find`` and checks the word
edges itself: the same places a whole-word regular expression finds, without one search that
holds the interpreter across a 10 MB text (the window stalled behind it), and never more than
a reviewer could go through."""

from __future__ import annotations

import random
import re

import pytest

from desktop_app.core.models import Entity, Mention
from desktop_app.core.suggest import SuggestionKind, propagation, suggest_document
from desktop_app.core.suggest.phrases import word_head, word_tail
from desktop_app.core.suggest.propagation import find_all

_NOT_CJK_WORD = r"[^\W\u3400-\u9fff\U00020000-\U0003ffff]"


def whole_word_regex(phrase: str) -> str:
    """What propagation searched with before: the phrase with look-arounds at its Latin edges."""
    head = rf"(?<!{_NOT_CJK_WORD})" if word_head(phrase) else ""
    tail = rf"(?!{_NOT_CJK_WORD})" if word_tail(phrase) else ""
    return head + re.escape(phrase) + tail


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("共同進行LMX-207之臨床", "LMX-207", [(4, 11)]),  # Chinese on both sides: a whole word
        ("ALMX-207 LMX-2071 LMX-207", "LMX-207", [(18, 25)]),  # joined to Latin: not the name
        ("本本本本本", "本本", [(0, 2), (2, 4)]),  # left to right, not overlapping
        ("aaaa", "aa", []),  # inside a longer word at every place
        ("xab ab", "ab", [(4, 6)]),  # a refused place does not hide the next
        ("ba中a中a", "a中a", [(3, 6)]),  # nor one that overlaps it
        ("本公司與本公司", "本公司", [(0, 3), (4, 7)]),  # Chinese: anywhere
        ("Ho Ka Lok_", "Ho Ka Lok", []),  # an underscore is a word character
        ("  ", "  ", []),  # white space alone is never looked for
    ],
)
def test_the_places_found(text, phrase, expected):
    assert list(find_all(text, phrase)) == expected


def test_the_same_places_as_the_whole_word_expression_on_mixed_text():
    rng = random.Random(11)
    alphabet = ["a", "b", "A", "1", "中", "國", " ", "-", "_", "\n", "é"]
    phrases = ["a", "ab", "a b", "中a", "a中", "1-", "-a", "中國", "aa", "é a", "a中a"]
    for _ in range(2_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        phrase = rng.choice(phrases)
        expected = [match.span() for match in re.finditer(whole_word_regex(phrase), text)]
        assert list(find_all(text, phrase)) == expected, (text, phrase)


def _tagged(text: str, name: str, type_: str = "COMPANY") -> Entity:
    start = text.index(name)
    return Entity(
        id=f"e-{name}",
        type=type_,
        name=name,
        mentions=[Mention(id=f"m-{name}", start=start, end=start + len(name), text=name)],
    )


def test_a_name_tagged_once_is_offered_at_each_other_occurrence(hk_schema):
    text = "Bright Future Limited signed. Bright Future paid. Bright Futures did not."
    entity = _tagged(text, "Bright Future")
    found = [
        (s.start, s.end, s.entity)
        for s in suggest_document(text, hk_schema, [entity])
        if s.kind is SuggestionKind.MENTION and s.rule == "propagation"
    ]
    assert found == [(30, 43, "e-Bright Future")]  # not inside "Bright Futures"


def test_a_word_tagged_everywhere_offers_at_most_the_bound(hk_schema, monkeypatch):
    monkeypatch.setattr(propagation, "MOST_OFFERED", 25)
    text = "Sun Hing paid. " + "Sun Hing and Wing Lee agreed. " * 40
    first, second = _tagged(text, "Sun Hing"), _tagged(text, "Wing Lee")
    found = [
        s
        for s in suggest_document(text, hk_schema, [first, second])
        if s.kind is SuggestionKind.MENTION and s.rule == "propagation"
    ]
    assert len(found) == 25
    assert {s.entity for s in found} == {first.id}  # the first entity's, in text order
    assert [s.start for s in found] == sorted(s.start for s in found)

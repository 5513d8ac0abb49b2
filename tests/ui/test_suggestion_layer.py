"""The suggestion layer finds the suggestions over a range (what the painter draws and the
hover describes) the same as checking every one, also with a few very long ones among many."""

from __future__ import annotations

import random

from desktop_app.core.suggest import Suggestion, SuggestionKind
from desktop_app.ui.suggestion_painter import SuggestionLayer


def _suggestion(
    start: int, length: int, kind: SuggestionKind = SuggestionKind.MENTION
) -> Suggestion:
    return Suggestion(kind, "MONEY", start, start + length, "x" * length, "pattern:money")


def test_the_suggestions_over_a_range_are_those_that_overlap_it_in_order() -> None:
    generator = random.Random(3)
    suggestions = [
        _suggestion(generator.randint(0, 20_000), generator.randint(1, 30)) for _ in range(3000)
    ]
    suggestions += [
        _suggestion(generator.randint(0, 20_000), generator.randint(500, 9000)) for _ in range(5)
    ]
    suggestions.append(_suggestion(0, 25_000))  # the whole document, from a recommender
    suggestions.append(_suggestion(100, 5, SuggestionKind.ROLE))  # role fillers are not drawn
    layer = SuggestionLayer({"MONEY": "#16a34a"})
    layer.set_suggestions(suggestions)
    drawn = sorted(
        (s for s in suggestions if s.kind is not SuggestionKind.ROLE),
        key=lambda s: (s.start, s.end),
    )
    for _ in range(300):
        start = generator.randint(0, 25_000)
        end = start + generator.randint(1, 400)
        assert layer.overlapping(start, end) == [
            s for s in drawn if s.start < end and s.end > start
        ]
    assert layer.at(102) == [s for s in drawn if s.start <= 102 < s.end]

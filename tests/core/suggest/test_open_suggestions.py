"""What is offered after an edit, brought up to date from the highlights the edit took out and
put in: the same as working it all out again from every highlight, whatever the edits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.edits.open_suggestions import OpenSuggestions, highlighted
from desktop_app.core.span_index import IndexedSpan, SpanKind
from desktop_app.core.suggest import Suggestion, SuggestionKind


def mention(start: int, end: int, owner: str) -> IndexedSpan:
    return IndexedSpan(start, end, SpanKind.MENTION, f"m-{owner}-{start}", owner, "COMPANY")


def trigger(start: int, end: int, event: str) -> IndexedSpan:
    return IndexedSpan(start, end, SpanKind.TRIGGER, event, event, "BusinessAgreement")


def suggestions() -> list[Suggestion]:
    found = [
        Suggestion(SuggestionKind.MENTION, "COMPANY", start, start + 4, "Acme", "propagation")
        for start in range(0, 60, 6)
    ]
    found.append(Suggestion(SuggestionKind.TRIGGER, "BusinessAgreement", 30, 39, "agreement", "p"))
    found.append(
        Suggestion(SuggestionKind.ROLE, "BusinessAgreement.Party", 0, 4, "Acme", "p")
    )  # a filler for the trigger at 30–39 is named by its attributes; here by none
    return found


def offered_keys(open_suggestions: OpenSuggestions) -> list[tuple[str, int, int]]:
    return [s.key for s in open_suggestions.offered]


def test_a_span_two_mentions_share_stays_annotated_until_both_are_gone() -> None:
    first, second = mention(6, 10, "a"), mention(6, 10, "b")
    shown = OpenSuggestions()
    shown.reset(suggestions(), set(), *highlighted([first, second]))
    assert ("COMPANY", 6, 10) not in offered_keys(shown)

    shown.apply(set(), [first], [])
    assert ("COMPANY", 6, 10) not in offered_keys(shown), "the other mention still covers it"

    assert shown.apply(set(), [second], [])
    assert ("COMPANY", 6, 10) in offered_keys(shown)


def test_a_decision_hides_the_suggestion_it_decides() -> None:
    shown = OpenSuggestions()
    shown.reset(suggestions(), set(), [], [])
    assert shown.apply({("COMPANY", 12, 16)}, [], [])
    assert ("COMPANY", 12, 16) not in offered_keys(shown)
    assert not shown.apply({("COMPANY", 12, 16)}, [], []), "nothing changed the second time"


spans = st.one_of(
    st.builds(mention, st.integers(0, 58), st.just(0), st.sampled_from("abc")),
    st.builds(trigger, st.integers(0, 58), st.just(0), st.sampled_from(["e1", "e2"])),
).map(lambda s: s._replace(end=s.start + 1 + s.start % 9))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(), spans, st.integers(0, 30), st.sets(st.sampled_from([("COMPANY", 0, 4)]))
        ),
        max_size=25,
    )
)
def test_edits_applied_one_by_one_offer_what_a_full_reset_offers(
    steps: list[tuple[bool, IndexedSpan, int, set[tuple[str, int, int]]]],
) -> None:
    present: list[IndexedSpan] = []
    shown = OpenSuggestions()
    shown.reset(suggestions(), set(), [], [])
    for add, span, which, decided in steps:
        if add or not present:
            present.append(span)
            shown.apply(decided, [], [span])
        else:
            gone = present.pop(which % len(present))
            shown.apply(decided, [gone], [])
        fresh = OpenSuggestions()
        fresh.reset(suggestions(), decided, *highlighted(present))
        assert offered_keys(shown) == offered_keys(fresh)

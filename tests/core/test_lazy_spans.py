"""A large document's highlights read a region at a time answer every question as if all were
read at once, through edits saved before and after their region is read."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.lazy_spans import LazySpanIndex
from desktop_app.core.span_index import IndexedSpan, SpanIndex

LENGTH = 400


class Stored:
    """The store's side: the saved spans, and how often a region was read."""

    def __init__(self, spans: list[IndexedSpan]) -> None:
        self.spans = spans
        self.reads: list[tuple[int, int]] = []
        self.longest_reads = 0

    def between(self, start: int, end: int) -> list[IndexedSpan]:
        self.reads.append((start, end))
        return sorted(s for s in self.spans if start <= s.start < end)

    def longest(self) -> int:
        self.longest_reads += 1
        return max((s.end - s.start for s in self.spans), default=0)


def lazy(stored: Stored, first_screen: int, chunk: int) -> LazySpanIndex:
    return LazySpanIndex(
        stored.between(0, first_screen),
        first_screen,
        LENGTH,
        stored.between,
        stored.longest,
        chunk=chunk,
    )


@st.composite
def span(draw: st.DrawFn, owner: str | None = None) -> IndexedSpan:
    start = draw(st.integers(0, LENGTH - 1))
    # Mostly short, now and then long enough to reach across several regions.
    length = draw(st.one_of(st.integers(1, 6), st.integers(1, 150)))
    end = min(start + length, LENGTH)
    owner = owner or draw(st.sampled_from("abcdefgh"))
    number = draw(st.integers(0, 10**6))
    return IndexedSpan(start, end, "mention", f"{owner}{number}", owner, "company")


question = st.one_of(
    st.tuples(st.just("overlapping"), st.integers(0, LENGTH), st.integers(0, 60)),
    st.tuples(st.just("at"), st.integers(0, LENGTH), st.just(0)),
    st.tuples(st.just("next_after"), st.integers(-1, LENGTH), st.just(0)),
    st.tuples(st.just("previous_before"), st.integers(0, LENGTH + 1), st.just(0)),
    st.tuples(st.just("edit"), st.sampled_from("abcdefgh"), st.integers(0, 3)),
)


def positions(spans: list[IndexedSpan]) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in spans]


def answer(index: SpanIndex, name: str, a: int, b: int) -> object:
    if name == "overlapping":
        return sorted(index.overlapping(a, min(a + b, LENGTH)))
    if name == "at":
        return sorted(index.at(a))
    found = index.next_after(a) if name == "next_after" else index.previous_before(a)
    return None if found is None else (found.start, found.end)


@settings(max_examples=300, deadline=None)
@given(
    saved=st.lists(span(), max_size=40, unique_by=lambda s: s.annotation_id),
    first_screen=st.integers(1, LENGTH - 1),
    chunk=st.sampled_from([7, 32, 100]),
    questions=st.lists(question, max_size=12),
    data=st.data(),
)
def test_regions_read_as_asked_answer_as_the_whole_index_does(
    saved: list[IndexedSpan],
    first_screen: int,
    chunk: int,
    questions: list[tuple[str, object, int]],
    data: st.DataObject,
) -> None:
    stored = Stored(list(saved))
    whole = SpanIndex(list(saved))
    index = lazy(stored, first_screen, chunk)
    for name, a, b in questions:
        if name == "edit":
            # Saved first, then the open document is told: the owner's spans come and go.
            owner = str(a)
            new = data.draw(st.lists(span(owner), max_size=b, unique_by=lambda s: s.annotation_id))
            stored.spans = [s for s in stored.spans if s.owner_id != owner] + new
            assert sorted(index.remove_owner(owner)) == sorted(
                s for s in whole.remove_owner(owner) if index._covered(s.start, s.start + 1)
            )
            for added in new:
                index.add(added)
                whole.add(added)
            continue
        assert isinstance(a, int)
        assert answer(index, name, a, b) == answer(whole, name, a, b), (name, a, b)
    assert sorted(index) == sorted(whole)
    assert index.complete


def test_opening_reads_the_first_screen_and_a_paint_reads_only_its_own_region() -> None:
    saved = [
        IndexedSpan(start, start + 3, "mention", f"m{start}", f"e{start}", "company")
        for start in range(0, LENGTH, 10)
    ]
    stored = Stored(saved)
    index = lazy(stored, 50, chunk=40)
    stored.reads.clear()
    assert positions(index.overlapping(10, 40)) == [(10, 13), (20, 23), (30, 33)]
    assert stored.reads == [] and stored.longest_reads == 0  # within the first screen
    assert positions(index.overlapping(200, 215)) == [(200, 203), (210, 213)]
    assert stored.reads == [(160, 240)]  # [200 - longest, 215) in whole chunks
    assert not index.complete
    assert len(index) == len(saved)  # something counts them all: the rest is read
    assert index.complete


def test_an_edit_where_nothing_is_read_yet_appears_once_when_its_region_is() -> None:
    stored = Stored([IndexedSpan(5, 8, "mention", "m1", "e1", "company")])
    index = lazy(stored, 20, chunk=20)
    late = IndexedSpan(300, 306, "mention", "m2", "e2", "company")
    stored.spans.append(late)  # saved, then the document told
    index.add(late)
    assert index.overlapping(299, 310) == [late]
    index.add(late)  # told again after its region was read: still once
    assert index.overlapping(299, 310) == [late]


def test_a_region_the_store_cannot_give_now_stays_unread_and_is_asked_again() -> None:
    late = IndexedSpan(300, 306, "mention", "m2", "e2", "company")
    stored = Stored([IndexedSpan(5, 8, "mention", "m1", "e1", "company"), late])
    reachable = False

    def between(start: int, end: int) -> list[IndexedSpan] | None:
        return stored.between(start, end) if reachable else None

    index = LazySpanIndex(stored.between(0, 20), 20, LENGTH, between, stored.longest, chunk=20)
    assert index.overlapping(299, 310) == []  # answered from what is read
    assert index.next_after(10) is None  # gives up instead of asking again for ever
    assert index.previous_before(LENGTH) == stored.spans[0]
    assert not index.complete
    reachable = True
    assert index.overlapping(299, 310) == [late]
    assert index.next_after(10) == late

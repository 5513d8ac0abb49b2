"""The span index after edits: taking out one owner's spans leaves everyone else's, found by
position as before, however the spans overlap or share a place."""

from __future__ import annotations

import random

from desktop_app.core.span_index import IndexedSpan, SpanIndex, SpanKind


def span(start: int, end: int, owner: str, number: int) -> IndexedSpan:
    return IndexedSpan(start, end, SpanKind.MENTION, f"{owner}-{number}", owner, "COMPANY")


def test_removing_an_owner_keeps_the_others_at_the_same_place() -> None:
    index = SpanIndex([span(5, 9, "a", 1), span(5, 9, "b", 1), span(7, 12, "a", 2)])
    removed = index.remove_owner("a")
    assert sorted(s.annotation_id for s in removed) == ["a-1", "a-2"]
    assert [s.annotation_id for s in index.overlapping(0, 20)] == ["b-1"]
    assert index.remove_owner("a") == []


def test_removals_and_additions_match_an_index_built_afresh() -> None:
    rng = random.Random(11)
    spans = [
        span(s, s + rng.randint(1, 6), f"o{rng.randint(0, 30)}", n)
        for n, s in enumerate(rng.randint(0, 200) for _ in range(300))
    ]
    index = SpanIndex(spans)
    present = list(spans)
    for step in range(200):
        if step % 3:
            owner = f"o{rng.randint(0, 30)}"
            index.remove_owner(owner)
            present = [s for s in present if s.owner_id != owner]
        else:
            new = span(rng.randint(0, 200), 0, f"o{rng.randint(0, 30)}", 1000 + step)
            new = new._replace(end=new.start + 3)
            index.add(new)
            present.append(new)
        fresh = SpanIndex(present)
        assert [s[:2] for s in index] == [s[:2] for s in fresh], "still in position order"
        assert sorted(index) == sorted(fresh)
        for probe in range(0, 210, 7):
            found = index.overlapping(probe, probe + 5)
            assert sorted(found) == sorted(fresh.overlapping(probe, probe + 5))

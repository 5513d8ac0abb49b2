"""Finding annotations by position quickly, whatever their number.

The text view asks "which spans touch the visible range?" on every paint and "what is under
the caret?" on every move; both are answered with binary search over spans sorted by start,
never by scanning all of them. Each span also gets a nesting level (interval colouring) so
that overlapping and nested spans can be drawn apart.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum


class SpanKind(Enum):
    MENTION = "mention"
    TRIGGER = "trigger"


@dataclass(frozen=True, order=True)
class IndexedSpan:
    """One highlight: the stored span, what it belongs to and how to draw it."""

    start: int
    end: int
    kind: SpanKind = field(compare=False)
    annotation_id: str = field(compare=False)  # mention id or event id
    owner_id: str = field(compare=False)  # entity id or event id
    type_id: str = field(compare=False)


class SpanIndex:
    """Spans sorted by start, with the longest length kept to bound overlap searches."""

    def __init__(self, spans: list[IndexedSpan] | None = None) -> None:
        self._spans: list[IndexedSpan] = sorted(spans or [])
        self._starts = [span.start for span in self._spans]
        self._longest = max((s.end - s.start for s in self._spans), default=0)
        self._levels: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[IndexedSpan]:
        return iter(self._spans)

    def add(self, span: IndexedSpan) -> None:
        index = bisect_left(self._spans, span)
        self._spans.insert(index, span)
        self._starts.insert(index, span.start)
        self._longest = max(self._longest, span.end - span.start)
        self._levels = None

    def remove_where(self, annotation_ids: set[str]) -> None:
        kept = [s for s in self._spans if s.annotation_id not in annotation_ids]
        if len(kept) != len(self._spans):
            self._spans = kept
            self._starts = [s.start for s in kept]
            self._levels = None

    def overlapping(self, start: int, end: int) -> list[IndexedSpan]:
        """Spans that share at least one character with ``[start, end)`` (or contain a caret
        position when ``start == end``), in start order."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end + 1 if start == end else end)
        if start == end:
            return [s for s in self._spans[low:high] if s.start <= start < s.end]
        return [s for s in self._spans[low:high] if s.end > start and s.start < end]

    def at(self, offset: int) -> list[IndexedSpan]:
        """Spans covering the character at ``offset``, innermost (shortest) first."""
        return sorted(self.overlapping(offset, offset), key=lambda s: s.end - s.start)

    def next_after(self, offset: int) -> IndexedSpan | None:
        index = bisect_left(self._starts, offset + 1)
        return self._spans[index] if index < len(self._spans) else None

    def previous_before(self, offset: int) -> IndexedSpan | None:
        index = bisect_left(self._starts, offset) - 1
        return self._spans[index] if index >= 0 else None

    def level(self, span: IndexedSpan) -> int:
        """Nesting level for drawing: spans that overlap never share a level."""
        if self._levels is None:
            self._levels = self._assign_levels()
        return self._levels.get(span.annotation_id, 0)

    def _assign_levels(self) -> dict[str, int]:
        levels: dict[str, int] = {}
        busy: list[tuple[int, int]] = []  # (end, level) of spans still open
        free: list[int] = []
        next_level = 0
        for span in self._spans:
            while busy and busy[0][0] <= span.start:
                _, released = heapq.heappop(busy)
                heapq.heappush(free, released)
            if free:
                level = heapq.heappop(free)
            else:
                level, next_level = next_level, next_level + 1
            levels[span.annotation_id] = level
            heapq.heappush(busy, (span.end, level))
        return levels

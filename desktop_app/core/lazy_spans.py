"""A large document's highlights, read from the store a region at a time as they are asked for.

Opening a 10 MB document with 100,000 mentions must not read every mention before the
reviewer can work: the text view asks only for what it paints. ``LazySpanIndex`` answers the
same questions as ``SpanIndex`` ("which spans touch this range?", "the next one after here?")
and reads each region of the document the first time a question reaches into it, a chunk of
text at a time. Anything that needs every span (iterating, ``len``) loads the rest then.

Regions are kept by the starts of their spans: region ``[a, b)`` holds every span starting in
it. A question about ``[start, end)`` needs the starts from ``start - longest`` (the longest
stored span, read once when a question first reaches past the opening region, and raised by
every span the document is told of since) to ``end``.

Edits: a span added where its region is not read yet is left out, because the edit is saved
already and the region's read will bring it (``add`` says whether it kept the span); removing
an owner takes out what is loaded, the rest being gone from the store too.

A region the store cannot give now (a team server out of reach) stays unread: the question is
answered from what is read, and the next one asks again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator

from desktop_app.core.span_index import IndexedSpan, SpanIndex

# The spans starting in [a, b), sorted; None when the store cannot be read now (the region
# stays unread, to be asked again by the next paint).
SpanLoader = Callable[[int, int], list[IndexedSpan] | None]
CHUNK = 65_536  # characters read at a time: one read serves a dozen screens of scrolling


class LazySpanIndex(SpanIndex):
    """``SpanIndex`` over a document of ``length`` characters whose spans starting before
    ``loaded_until`` are ``first``; see the module docstring."""

    def __init__(
        self,
        first: list[IndexedSpan],
        loaded_until: int,
        length: int,
        load: SpanLoader,
        longest: Callable[[], int | None],
        load_all: Callable[[], list[IndexedSpan]] | None = None,
        chunk: int | None = None,
    ) -> None:
        super().__init__(first, presorted=True)
        self._chunk = chunk or CHUNK
        self._length = length
        self._load = load
        self._read_longest = longest
        self._load_all = load_all
        self._stored_longest: int | None = None
        # Sorted, disjoint, non-touching [a, b) ranges of starts already read.
        self._regions: list[tuple[int, int]] = [(0, min(loaded_until, length))]

    @property
    def complete(self) -> bool:
        return self._covered(0, self._length)

    # --- what is read -------------------------------------------------------------------------

    def _covered(self, start: int, end: int) -> bool:
        if start >= end:
            return True
        index = bisect_right(self._regions, (start, self._length + 1)) - 1
        return index >= 0 and self._regions[index][0] <= start and self._regions[index][1] >= end

    def _gaps(self, start: int, end: int) -> list[tuple[int, int]]:
        gaps = []
        cursor = start
        for low, high in self._regions:
            if high <= cursor:
                continue
            if low >= end:
                break
            if low > cursor:
                gaps.append((cursor, low))
            cursor = max(cursor, high)
        if cursor < end:
            gaps.append((cursor, end))
        return gaps

    def _read(self, start: int, end: int) -> bool:
        """Make sure every span starting in ``[start, end)`` is loaded (whole chunks); False
        when the store could not give them now."""
        start = max(0, start)
        end = min(end, self._length)
        if self._covered(start, end):
            return True
        chunk = self._chunk
        start = start // chunk * chunk
        end = min(-(-end // chunk) * chunk, self._length)
        for low, high in self._gaps(start, end):
            spans = self._load(low, high)
            if spans is None:
                return False  # unreadable now: answered from what is read
            self._insert(spans, low)
            self._mark(low, high)
        return True

    def _insert(self, spans: list[IndexedSpan], low: int) -> None:
        if not spans:
            return
        index = bisect_left(self._starts, low)
        self._spans[index:index] = spans
        self._starts[index:index] = [span.start for span in spans]
        self._longest = max(self._longest, max(span.end - span.start for span in spans))
        if self._by_owner is not None:
            for span in spans:
                self._by_owner.setdefault(span.owner_id, []).append(span)

    def _mark(self, low: int, high: int) -> None:
        regions = [*self._regions, (low, high)]
        regions.sort()
        merged: list[tuple[int, int]] = []
        for a, b in regions:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        self._regions = merged

    def _reach(self, start: int, end: int) -> None:
        """Load what a question about ``[start, end)`` can touch."""
        if self._covered(0, end):
            return  # everything from the document's start is read: no bound needed
        if self._stored_longest is None:
            self._stored_longest = self._read_longest()
            if self._stored_longest is None:
                return  # unreadable now: answered from what is read
        self._read(start - self._stored_longest, end)

    def _read_everything(self) -> None:
        if self.complete:
            return
        if self._load_all is not None:
            spans = self._load_all()
            self._spans = spans
            self._starts = [span.start for span in spans]
            self._longest = max((s.end - s.start for s in spans), default=0)
            self._by_owner = None
            self._regions = [(0, self._length)]
        else:
            self._read(0, self._length)

    # --- SpanIndex ----------------------------------------------------------------------------

    def __len__(self) -> int:
        self._read_everything()
        return len(self._spans)

    def __iter__(self) -> Iterator[IndexedSpan]:
        self._read_everything()
        return iter(self._spans)

    def __bool__(self) -> bool:
        return bool(self._spans) or not self.complete

    def add(self, span: IndexedSpan) -> bool:
        if self._stored_longest is not None:  # the bound must hold for what is saved now
            self._stored_longest = max(self._stored_longest, span.end - span.start)
        if not self._covered(span.start, span.start + 1):
            return False  # saved already: its region's read brings it
        index = bisect_left(self._starts, span.start)
        while index < len(self._spans) and self._starts[index] == span.start:
            if self._spans[index] == span:
                return False  # read with its region after it was saved
            index += 1
        return super().add(span)

    def overlapping(self, start: int, end: int) -> list[IndexedSpan]:
        self._reach(start, end + 1 if start == end else end)
        return super().overlapping(start, end)

    def next_after(self, offset: int) -> IndexedSpan | None:
        low = offset + 1
        step = self._chunk
        while True:
            readable = self._read(low, low + step)
            found = super().next_after(offset)
            if found is not None and self._covered(low, found.start + 1):
                return found
            if not readable or self._covered(low, self._length):
                return found
            step *= 2

    def previous_before(self, offset: int) -> IndexedSpan | None:
        step = self._chunk
        while True:
            low = max(0, offset - step)
            readable = self._read(low, offset)
            found = super().previous_before(offset)
            if found is not None and self._covered(found.start, offset):
                return found
            if not readable or low == 0:
                return found
            step *= 2

"""What every suggester reads: the text, the schema and the document's annotations so far,
with quick look-ups of what is already marked where."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.validation import EntityLike, EventLike


@dataclass
class SuggestContext:
    text: str
    schema: AnnotationSchema
    # Models or plain rows (``core.annotation_rows``): suggesters only read their fields.
    entities: Sequence[EntityLike] = field(default_factory=list)
    events: Sequence[EventLike] = field(default_factory=list)
    # Asked by suggesters whose work grows with the document and its annotations, between
    # steps: once it says yes they stop yielding (the window, closing, waits for them).
    stop: Callable[[], bool] = field(default=lambda: False, repr=False)
    # What a suggester tells the reviewer about its run (that it stopped at its bound).
    notes: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._by_span: dict[tuple[int, int], EntityLike] = {}
        spans: list[tuple[int, int]] = []
        for entity in self.entities:
            for mention in entity.mentions:
                self._by_span.setdefault((mention.start, mention.end), entity)
                spans.append((mention.start, mention.end))
        for event in self.events:
            if event.trigger is not None:
                spans.append((event.trigger.start, event.trigger.end))
        spans.sort()
        self._starts = [start for start, _ in spans]
        self._spans = spans
        self._longest = max((end - start for start, end in spans), default=0)

    def entity_at(self, start: int, end: int) -> str:
        """The id of the entity with a mention exactly at ``[start, end)``, or ``""``."""
        entity = self._by_span.get((start, end))
        return entity.id if entity is not None else ""

    def type_of_span(self, start: int, end: int) -> str:
        entity = self._by_span.get((start, end))
        return entity.type if entity is not None else ""

    @property
    def has_annotations(self) -> bool:
        """Whether the document has any mention or trigger yet (a fresh one has none)."""
        return bool(self._spans)

    def is_annotated(self, start: int, end: int) -> bool:
        """Whether any mention or trigger overlaps ``[start, end)``."""
        index = bisect_left(self._starts, start - self._longest)
        while index < len(self._spans) and self._spans[index][0] < end:
            other_start, other_end = self._spans[index]
            if other_start < end and start < other_end:
                return True
            index += 1
        return False

    def entity(self, entity_id: str) -> EntityLike | None:
        return next((entity for entity in self.entities if entity.id == entity_id), None)

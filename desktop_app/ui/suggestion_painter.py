"""Drawing suggestions and span labels over the text, for the visible lines only.

A suggestion is drawn unmistakably unlike an annotation: a dashed outline in its type's colour
and no fill (annotations are filled with a bar beneath; triggers have a solid box); the one
the keys act on has a thicker outline. Span labels put a short type label at the start of each
annotation. Both ask the text view for the geometry of the visible lines and draw only what
falls on them, so a document with 20,000 suggestions repaints like one with a screenful.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from desktop_app.core.span_index import SpanIndex, SpanKind
from desktop_app.core.suggest import Suggestion, SuggestionKind
from desktop_app.ui.text_view import AnnotatedTextView

_LABEL_BACKGROUND = QColor(255, 255, 255, 215)
# Suggestions longer than this (a recommender's paragraph) are kept apart, so that one of them
# does not make every look-up walk back over all the short ones before it.
_LONG = 400


class SuggestionLayer:
    """The open document's suggestions, sorted, with the one the keys act on."""

    def __init__(self, colours: dict[str, str]) -> None:
        self._colours = {key: QColor(value) for key, value in colours.items()}
        self._fallback = QColor("#666666")
        self._pens: dict[tuple[str, bool, bool], QPen] = {}
        self.suggestions: list[Suggestion] = []
        self._starts: list[int] = []
        self._short: list[Suggestion] = []
        self._short_starts: list[int] = []
        self._long: list[Suggestion] = []
        self._longest = 0  # of the short ones
        self.current: Suggestion | None = None

    def set_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        shown = [s for s in suggestions if s.kind is not SuggestionKind.ROLE]
        self.suggestions = sorted(shown, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self.suggestions]
        self._short = [s for s in self.suggestions if s.end - s.start <= _LONG]
        self._short_starts = [s.start for s in self._short]
        self._long = [s for s in self.suggestions if s.end - s.start > _LONG]
        self._longest = max((s.end - s.start for s in self._short), default=0)
        if self.current is not None and self.current not in self.suggestions:
            self.current = None

    def __len__(self) -> int:
        return len(self.suggestions)

    def overlapping(self, start: int, end: int) -> list[Suggestion]:
        """The suggestions over ``[start, end)``, sorted: the short ones by bisection from
        the longest one's length before ``start``, the few long ones each checked."""
        short, count = self._short, len(self._short)
        index = bisect_left(self._short_starts, start - self._longest)
        found = []
        while index < count and short[index].start < end:
            suggestion = short[index]
            if suggestion.end > start:
                found.append(suggestion)
            index += 1
        long = [s for s in self._long if s.start < end and s.end > start]
        if long:
            found = sorted(found + long, key=lambda s: (s.start, s.end))
        return found

    def at(self, offset: int) -> list[Suggestion]:
        return [s for s in self.overlapping(offset, offset + 1)]

    def next_after(self, offset: int) -> Suggestion | None:
        index = bisect_left(self._starts, offset + 1)
        return self.suggestions[index] if index < len(self.suggestions) else None

    def previous_before(self, offset: int) -> Suggestion | None:
        index = bisect_left(self._starts, offset) - 1
        return self.suggestions[index] if index >= 0 else None

    def _pen(self, type_id: str, trigger: bool, current: bool) -> QPen:
        """The outline pen of one type and style, made once. A 1-pixel dash is drawn by the
        raster engine's fast path; a wider one is stroked as a path, about 7× slower, so only
        the current suggestion's (one on screen) is wide."""
        key = (type_id, trigger, current)
        pen = self._pens.get(key)
        if pen is None:
            pen = QPen(self._colours.get(type_id, self._fallback), 2.5 if current else 1.0)
            pen.setStyle(Qt.PenStyle.DotLine if trigger else Qt.PenStyle.DashLine)
            self._pens[key] = pen
        return pen

    def paint(self, view: AnnotatedTextView, painter: QPainter, clip: QRectF) -> None:
        if not self.suggestions:
            return
        geometry = view.visible_geometry(clip)
        if geometry is None:
            return
        first, last, rects_of = geometry
        # One pen and one drawRects call per type and style: a dense screen has hundreds.
        groups: dict[tuple[str, bool, bool], list[QRectF]] = {}
        current = self.current
        for suggestion in self.overlapping(first, last):
            key = (
                suggestion.type,
                suggestion.kind is SuggestionKind.TRIGGER,
                current is not None and (suggestion is current or suggestion == current),
            )
            rects = rects_of(suggestion.start, suggestion.end)
            for rect in rects:
                rect.adjust(0.5, 0.5, -0.5, -0.5)
            group = groups.get(key)
            if group is None:
                groups[key] = rects
            else:
                group += rects
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for (type_id, trigger, is_current), rects in groups.items():
            painter.setPen(self._pen(type_id, trigger, is_current))
            painter.drawRects(rects)


def paint_span_labels(
    view: AnnotatedTextView,
    spans: SpanIndex,
    colours: dict[str, str],
    painter: QPainter,
    clip: QRectF,
) -> None:
    """A short type label ("MONEY", "Share…") above the start of each visible annotation."""
    geometry = view.visible_geometry(clip)
    if geometry is None or not spans:
        return
    first, last, rects_of = geometry
    font = QFont(view.font())
    font.setPixelSize(max(int(QFontMetricsF(view.font()).height() * 0.42), 7))
    font.setBold(True)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    for span in spans.overlapping(first, last):
        rects = rects_of(span.start, span.end)
        if not rects:
            continue
        label = span.type_id if span.kind == SpanKind.MENTION else span.type_id[:12]
        label = label[:8]
        rect = rects[0]
        box = QRectF(
            rect.left(), rect.top(), metrics.horizontalAdvance(label) + 4, metrics.height()
        )
        painter.fillRect(box, _LABEL_BACKGROUND)
        painter.setPen(QColor(colours.get(span.type_id, "#444444")).darker(130))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

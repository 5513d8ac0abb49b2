"""Invisible characters in the text pane: each replaced by a placeholder in the widget's text
and painted over with a red tag naming it ("RLO", "ZWSP"), so that none can reorder or hide
what the reviewer reads (``core.invisible_chars`` finds them).

The first ``FIRST_SCAN`` characters (many screens) are searched before the text is first
painted; the rest on the next loop turn, or at once when anything would show them sooner
(the view scrolls, a tooltip asks): searching a 10 MB text took 24 ms of its opening. A large
document opened again takes the rest from its kept outline instead of searching.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from operator import attrgetter

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from desktop_app.core.display_text import DisplayText
from desktop_app.core.invisible_chars import (
    PLACEHOLDER,
    InvisibleChar,
    invisible_chars,
    visible_form,
)

FIRST_SCAN = 20_000  # stored characters searched before the first paint
_TAG_COLOUR = QColor("#d0021b")
_TAG_FILL = QColor(255, 235, 235)
_TAG_WIDTH_PERCENT = 300.0
_OFFSET = attrgetter("offset")
_MAX_WIDENED = 5000  # beyond that many, tags stay one placeholder wide (formats cost time)

# The stored range ``[first, last)`` a clip shows and a function giving a stored span's
# rectangles there (``AnnotatedTextView.visible_geometry``).
Geometry = tuple[int, int, Callable[[int, int], list[QRectF]]]


class InvisibleTags:
    """The invisible characters of the text a view shows: found, replaced, painted."""

    def __init__(self) -> None:
        self.found: list[InvisibleChar] = []
        self._offsets: list[int] = []
        self._display = DisplayText("")
        self._document: QTextDocument | None = None
        self.complete = True

    def start(self, display: DisplayText) -> str:
        """Search the first screens of ``display``; the widget text to show for it (the same
        length as ``display.display``, so every position holds)."""
        self._display, self._document = display, None
        text = display.text
        limit = min(FIRST_SCAN, len(text))
        self.found = invisible_chars(text, 0, limit)
        self._offsets = [char.offset for char in self.found]
        self.complete = limit == len(text)
        shown = display.display
        if self.found:
            cut = display.to_display(limit)
            shown = visible_form(shown[:cut]) + shown[cut:]
        return shown

    def shown_in(self, document: QTextDocument) -> None:
        """The widget's document now holds ``start``'s text: make room for the tags."""
        self._document = document
        self._widen(self.found)

    def finish(self, known: list[InvisibleChar] | None = None) -> bool:
        """Search the rest of the text (or take those past the first screens from ``known``,
        every invisible character of this text as found before) and replace what is found in
        the widget's document; whether anything was."""
        if self.complete:
            return False
        self.complete = True
        display, document = self._display, self._document
        searched = min(FIRST_SCAN, len(display.text))
        if known is None:
            rest = invisible_chars(display.text, searched)
        else:
            rest = known[bisect_left(known, searched, key=_OFFSET) :]
        if not rest or document is None:
            return False
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for char in rest:
            position = display.to_display(char.offset)
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(PLACEHOLDER)
        cursor.endEditBlock()
        self.found += rest
        self._offsets += [char.offset for char in rest]
        if len(self.found) <= _MAX_WIDENED:
            self._widen(rest)
        return True

    def at(self, offset: int) -> InvisibleChar | None:
        index = bisect_left(self._offsets, offset)
        if index < len(self.found) and self._offsets[index] == offset:
            return self.found[index]
        return None

    def _widen(self, chars: list[InvisibleChar]) -> None:
        """Room for a readable tag: each placeholder drawn about three times its width (a
        character format, so positions are untouched; only for a sane number of them)."""
        if not chars or len(chars) > _MAX_WIDENED or self._document is None:
            return
        wide = QTextCharFormat()
        wide.setFontLetterSpacingType(QFont.SpacingType.PercentageSpacing)
        wide.setFontLetterSpacing(_TAG_WIDTH_PERCENT)
        cursor = QTextCursor(self._document)
        for char in chars:
            position = self._display.to_display(char.offset)
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(wide)

    def paint(self, painter: QPainter, font: QFont, geometry: Geometry | None) -> None:
        """A red tag over the placeholder of each invisible character in view."""
        if geometry is None or not self.found:
            return
        first_offset, last_offset, rects_of = geometry
        first = bisect_left(self._offsets, first_offset)
        last = bisect_right(self._offsets, last_offset)
        font = QFont(font)
        font.setBold(True)
        font.setStretch(QFont.Stretch.Condensed)
        painter.setPen(QPen(_TAG_COLOUR, 1))
        for char in self.found[first:last]:
            for rect in rects_of(char.offset, char.offset + 1):
                tag = rect.adjusted(1.5, 1.5, -1.5, -1.5)
                size = max(int(tag.height() * 0.6), 6)
                font.setPixelSize(size)
                # Shrink until the name fits the tag, never below a legible minimum.
                while size > 6 and QFontMetricsF(font).horizontalAdvance(char.short_name) > (
                    tag.width() - 2
                ):
                    size -= 1
                    font.setPixelSize(size)
                painter.setFont(font)
                painter.fillRect(tag, _TAG_FILL)
                painter.drawRect(tag)
                painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, char.short_name)

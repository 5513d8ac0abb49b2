"""The one place where stored offsets meet the text widget's positions.

Stored offsets count code points of the stored text. Qt's text document counts UTF-16 code
units, turns ``\\r\\n`` into a single block break and treats a lone ``\\r`` as one. ``DisplayText``
builds the exact string handed to the widget and converts positions both ways, so that what is
highlighted on screen is exactly what is stored and exported. It is plain Python (tested without
Qt) and the views never do their own arithmetic on positions.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

# Characters whose display width differs from one code point: astral characters take two
# UTF-16 units; the ``\r`` of ``\r\n`` takes none.
_IRREGULAR = re.compile("[\U00010000-\U0010ffff]|\r(?=\n)")


class DisplayText:
    """A stored text with its widget form and a two-way position map."""

    __slots__ = ("_after_display", "_cumulative", "_points", "display", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        points: list[int] = []
        cumulative: list[int] = [0]
        after_display: list[int] = []
        shift = 0
        # Fast path: text with no astral character and no \r maps one to one (UTF-16 of such
        # text is exactly two bytes a character; the check runs in C).
        regular = "\r" not in text and len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(
            text
        )
        for match in () if regular else _IRREGULAR.finditer(text):
            index = match.start()
            points.append(index)
            is_crlf = text[index] == "\r"
            shift += -1 if is_crlf else 1
            cumulative.append(shift)
            # A collapsed \r is passed only once the position is beyond its line break, so that
            # the break's own position resolves to the offset before \r, never between \r\n.
            after_display.append(index + 1 + shift + (1 if is_crlf else 0))
        self._points = points
        self._cumulative = cumulative
        self._after_display = after_display
        display = text.replace("\r\n", "\n") if "\r" in text else text
        self.display = display.replace("\r", "\n") if "\r" in display else display

    @property
    def display_length(self) -> int:
        """Length of the widget text in UTF-16 code units."""
        return len(self.text) + self._cumulative[-1]

    def to_display(self, offset: int) -> int:
        """Widget position (UTF-16 units) of stored code-point ``offset``."""
        offset = max(0, min(offset, len(self.text)))
        if not self._points:
            return offset
        return offset + self._cumulative[bisect_left(self._points, offset)]

    def from_display(self, position: int) -> int:
        """Stored offset of widget ``position``; a position inside a surrogate pair or a
        collapsed ``\\r\\n`` resolves to the character boundary before it."""
        position = max(0, min(position, self.display_length))
        if not self._points:
            return position
        index = bisect_right(self._after_display, position)
        offset = position - self._cumulative[index]
        if index < len(self._points) and offset > self._points[index]:
            offset = self._points[index]
        return offset

    def span_to_display(self, start: int, end: int) -> tuple[int, int]:
        """Widget range of the stored span ``[start, end)``."""
        return self.to_display(start), self.to_display(end)

    def span_from_display(self, start: int, end: int) -> tuple[int, int]:
        """Stored span of a widget selection, widened to whole code points."""
        first = self.from_display(start)
        last = self.from_display(end)
        if self.to_display(last) < end:
            last += 1
        return first, last

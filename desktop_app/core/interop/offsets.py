"""Offsets in UTF-16 code units (JavaScript string positions) for formats that count them.

Our offsets count code points. Label Studio counts JavaScript string positions, which are
UTF-16 code units: every character outside the Basic Multilingual Plane (an emoji, an HKSCS
ideograph such as 𥚃) takes two. This module is the one place where the two are converted;
``\\r\\n`` and other line breaks count as they are (one unit per character), unlike the text
widget's positions (``core.display_text``), which collapse ``\\r\\n``.

UIMA CAS (XMI) counts UTF-16 units too; there ``dkpro-cassis`` converts while it reads and
writes the file (its own offset converter), so the XMI module works in code points and its
tests check the file's raw offsets against this module.
"""

from __future__ import annotations

from bisect import bisect_left


class OffsetError(ValueError):
    """A UTF-16 position that is not a character boundary of the text, or outside it."""


class Utf16Offsets:
    """Two-way conversion between code-point offsets and UTF-16 positions of one text."""

    __slots__ = ("_astral", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Code-point indices of characters that take two UTF-16 units.
        self._astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]

    @property
    def length(self) -> int:
        """The text's length in UTF-16 code units."""
        return len(self.text) + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """UTF-16 position of code-point ``offset`` (0 ≤ offset ≤ len(text))."""
        if not 0 <= offset <= len(self.text):
            raise OffsetError(f"offset {offset} is outside the text (0-{len(self.text)})")
        return offset + bisect_left(self._astral, offset)

    def from_utf16(self, position: int) -> int:
        """Code-point offset of UTF-16 ``position``; ``OffsetError`` for a position outside
        the text or between the two halves of a character (a shifted offset)."""
        if not 0 <= position <= self.length:
            raise OffsetError(f"position {position} is outside the text (0-{self.length} units)")
        low, high = 0, len(self.text)
        while low < high:  # the smallest offset whose UTF-16 position is ≥ position
            middle = (low + high) // 2
            if self.to_utf16(middle) < position:
                low = middle + 1
            else:
                high = middle
        if self.to_utf16(low) != position:
            raise OffsetError(
                f"position {position} falls inside the character {self.text[low - 1]!r} "
                "(between the two halves of its UTF-16 form)"
            )
        return low

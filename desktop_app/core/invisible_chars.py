"""Invisible format characters in a stored text: where they are, what they are called, and the
form of the text the screen shows so that none of them can act unseen.

Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) reorder what a
reader sees: with U+202E the screen shows "HKD 1000" while the stored and exported text is
"0001 DKH". Zero-width characters (U+200B, U+2060, U+FEFF …) hide inside words and break
search. The importers keep them (the stored text is faithful to the file); the text pane shows
``visible_form`` of the text, where each is replaced by one neutral placeholder character (no
reordering happens) over which the view paints a tag with the short name. Every character
listed is in the Basic Multilingual Plane and so is its placeholder, so the visible form has
exactly the positions of the original (``DisplayText`` conversions stay valid).

The zero-width joiner and non-joiner (U+200D, U+200C) are not listed: they are part of emoji
sequences and of correctly spelled text in several scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BIDI_CONTROLS: dict[str, str] = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
}
OTHER_INVISIBLES: dict[str, str] = {
    "\u200b": "ZWSP",
    "\u2060": "WJ",
    "\u2061": "FA",
    "\u2062": "IT",
    "\u2063": "IS",
    "\u2064": "IP",
    "\ufeff": "BOM",
    "\u180e": "MVS",
    "\ufff9": "IAA",
    "\ufffa": "IAS",
    "\ufffb": "IAT",
}
SHORT_NAMES: dict[str, str] = {**BIDI_CONTROLS, **OTHER_INVISIBLES}
# An em space: one UTF-16 unit, bidirectionally neutral, and wide enough for a short tag.
PLACEHOLDER = "\u2003"

_INVISIBLE = re.compile("[" + "".join(SHORT_NAMES) + "]")
_TO_PLACEHOLDER = str.maketrans(dict.fromkeys(SHORT_NAMES, PLACEHOLDER))


@dataclass(frozen=True)
class InvisibleChar:
    """One invisible character at ``offset`` (code points of the stored text)."""

    offset: int
    char: str

    @property
    def short_name(self) -> str:
        return SHORT_NAMES[self.char]

    @property
    def is_bidi(self) -> bool:
        return self.char in BIDI_CONTROLS

    @property
    def description(self) -> str:
        return f"{self.short_name} (U+{ord(self.char):04X})"


def invisible_chars(text: str, start: int = 0, end: int | None = None) -> list[InvisibleChar]:
    """The invisible characters of ``text[start:end]``, in order, with offsets into ``text``."""
    return [
        InvisibleChar(match.start(), match.group())
        for match in _INVISIBLE.finditer(text, start, len(text) if end is None else end)
    ]


def invisible_offsets(text: str) -> list[int]:
    """Where ``invisible_chars`` finds one in the whole of ``text`` (offsets only)."""
    return [match.start() for match in _INVISIBLE.finditer(text)]


def invisibles_at(text: str, offsets: list[int]) -> list[InvisibleChar] | None:
    """The invisible characters at ``offsets``, kept from an earlier search of this same text
    (``invisible_offsets``), in order; None when any offset is out of order or holds no
    invisible character: then the text is not the one searched, and is searched again."""
    found = []
    previous = -1
    for offset in offsets:
        if not previous < offset < len(text) or text[offset] not in SHORT_NAMES:
            return None
        found.append(InvisibleChar(offset, text[offset]))
        previous = offset
    return found


def has_invisibles(text: str) -> bool:
    return _INVISIBLE.search(text) is not None


def visible_form(text: str) -> str:
    """``text`` with every invisible character replaced by the placeholder; same length."""
    return text.translate(_TO_PLACEHOLDER) if has_invisibles(text) else text


def invisible_warning(found: list[InvisibleChar]) -> str:
    """A one-line warning naming the invisible characters ``found`` in a text (see
    ``invisible_chars``), or "" when there are none."""
    if not found:
        return ""
    bidi = sum(1 for char in found if char.is_bidi)
    other = len(found) - bidi
    parts = []
    if bidi:
        parts.append(f"{bidi} bidi control{'s' if bidi != 1 else ''}")
    if other:
        parts.append(f"{other} invisible character{'s' if other != 1 else ''}")
    names = sorted({char.short_name for char in found})
    return (
        f"⚠ The text holds {' and '.join(parts)} ({', '.join(names)}), shown as red tags; "
        "the text is shown in stored order"
    )

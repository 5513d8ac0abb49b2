"""Invisible format controls in imported text: found, kept and reported, never removed.

Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) reorder what
the screen shows: with U+202E the stored "0001 DKH" is displayed as "HKD 1000". Other
format controls (U+200B zero-width space, U+FEFF inside the text, U+2060 word joiner, soft
hyphens, tag characters) are invisible. The importers keep them — the text must be what the
issuer published — and add a report note so the document is flagged; the text pane uses
``control_positions`` to draw a visible marker at each one.
"""

from __future__ import annotations

import unicodedata

from desktop_app.core.importers.base import ImportNote

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_LISTED = 20  # offsets spelled out in a note; the rest are counted


def is_invisible_control(char: str) -> bool:
    """A format control (Unicode category Cf), bidirectional or not."""
    return unicodedata.category(char) == "Cf"


def control_positions(text: str) -> list[tuple[int, str]]:
    """Every invisible format control in ``text`` as (code point offset, character)."""
    return [(offset, char) for offset, char in enumerate(text) if is_invisible_control(char)]


def describe(char: str) -> str:
    """ "U+202E RIGHT-TO-LEFT OVERRIDE": how a note or a tooltip names a control."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'FORMAT CONTROL')}"


def _note(kind: str, what: str, found: list[tuple[int, str]]) -> ImportNote:
    listed = ", ".join(f"{describe(char)} at {offset}" for offset, char in found[:_LISTED])
    more = f" and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
    return ImportNote(
        kind,
        f"{len(found)} {what} kept in the text (they change or hide what the screen shows): "
        f"{listed}{more}",
        offset=found[0][0],
    )


def control_notes(text: str) -> list[ImportNote]:
    """A ``bidi_controls`` and an ``invisible_controls`` note when ``text`` holds any."""
    found = control_positions(text)
    bidi = [item for item in found if item[1] in BIDI_CONTROLS]
    other = [item for item in found if item[1] not in BIDI_CONTROLS]
    notes = []
    if bidi:
        notes.append(_note("bidi_controls", "bidirectional control characters", bidi))
    if other:
        notes.append(_note("invisible_controls", "invisible format characters", other))
    return notes

"""Stored code-point offsets versus the widget's UTF-16 positions, checked by brute force.

If this mapping is wrong, the highlight on screen and the span that is stored and exported
disagree — the user marks one thing and the bundle says another.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.display_text import DisplayText

HOSTILE = [
    "a",
    "Z",
    " ",
    "公",
    "司",
    "😀",  # astral: two UTF-16 units
    "𠀋",  # CJK Extension B: astral too
    "\r\n",
    "\r",
    "\n",
    "\u2028",
    "\u2029",
    "e\u0301",  # combining mark
    "\u0301",
    "👨\u200d👩",
    "🇭🇰",
    "\t",
]

hostile_text = st.lists(st.sampled_from(HOSTILE), max_size=40).map("".join)
SINGLE_CHARACTERS = [item for item in HOSTILE if len(item) == 1]
any_text = st.one_of(hostile_text, st.text(max_size=40), st.text(alphabet=SINGLE_CHARACTERS))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def inside_crlf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n"


def widget_text(text: str) -> str:
    """What the widget shows: \\r\\n collapsed to one break, a lone \\r as one break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def brute_display_position(text: str, offset: int) -> int:
    """UTF-16 units before ``offset`` once \\r\\n pairs are collapsed."""
    prefix = text[:offset]
    if inside_crlf(text, offset):
        prefix = prefix[:-1]  # the \r of a pair takes no room: it sits where the \n starts
    return utf16_length(prefix.replace("\r\n", "\n"))


def boundaries(text: str) -> list[int]:
    return [o for o in range(len(text) + 1) if not inside_crlf(text, o)]


@given(any_text)
def test_display_string_is_what_the_widget_holds_and_its_length_is_in_utf16(text):
    shown = DisplayText(text)
    assert shown.display == widget_text(text)
    assert utf16_length(shown.display) == shown.display_length
    assert shown.to_display(len(text)) == shown.display_length


@given(any_text)
def test_to_display_matches_a_brute_force_utf16_count(text):
    shown = DisplayText(text)
    for offset in range(len(text) + 1):
        assert shown.to_display(offset) == brute_display_position(text, offset), offset


@given(any_text)
def test_every_offset_survives_a_trip_through_the_widget(text):
    shown = DisplayText(text)
    for offset in boundaries(text):
        assert shown.from_display(shown.to_display(offset)) == offset, offset


@given(any_text)
def test_a_widget_position_resolves_to_the_character_boundary_at_or_before_it(text):
    shown = DisplayText(text)
    stops = boundaries(text)
    for position in range(shown.display_length + 1):
        expected = max(o for o in stops if shown.to_display(o) <= position)
        assert shown.from_display(position) == expected, position


@given(any_text, st.data())
def test_stored_spans_come_back_unchanged_from_the_widget(text, data):
    stops = boundaries(text)
    start = data.draw(st.sampled_from(stops))
    end = data.draw(st.sampled_from([o for o in stops if o >= start]))
    shown = DisplayText(text)
    assert shown.span_from_display(*shown.span_to_display(start, end)) == (start, end)


@given(any_text, st.data())
def test_a_widget_selection_becomes_a_stored_span_that_covers_it(text, data):
    shown = DisplayText(text)
    first = data.draw(st.integers(0, shown.display_length))
    last = data.draw(st.integers(first, shown.display_length))
    start, end = shown.span_from_display(first, last)
    assert 0 <= start <= end <= len(text)
    assert not inside_crlf(text, start)
    assert not inside_crlf(text, end)
    assert shown.to_display(start) <= first
    assert shown.to_display(end) >= last


def test_examples_a_reader_can_check_by_eye():
    shown = DisplayText("A😀\r\nB")
    # A=0, 😀=1..3 (two units), \r\n=3 (one break), B=4
    assert [shown.to_display(o) for o in range(6)] == [0, 1, 3, 3, 4, 5]
    assert shown.from_display(2) == 1  # inside the surrogate pair: the boundary before it
    assert shown.from_display(3) == 2  # the line break starts before \r, not between \r and \n
    assert shown.span_from_display(0, 2) == (0, 2)  # half an emoji selected: all of it
    assert shown.display == "A😀\nB"
    assert shown.display_length == 5


def test_positions_outside_the_text_are_clamped():
    shown = DisplayText("𠀋ab")
    assert shown.to_display(-3) == 0
    assert shown.to_display(99) == 4
    assert shown.from_display(99) == 3
    assert shown.from_display(-1) == 0

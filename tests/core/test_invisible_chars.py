"""Invisible characters are found with their offsets, replaced one-for-one for display, and
named in a warning."""

from __future__ import annotations

from desktop_app.core.display_text import DisplayText
from desktop_app.core.invisible_chars import (
    PLACEHOLDER,
    invisible_chars,
    invisible_warning,
    visible_form,
)

TEXT = "Price \u202eHKD 1000\u202c 😀 zero\u200bwidth \ufeff end 👩\u200d💻"


def test_found_with_offsets_and_names() -> None:
    found = invisible_chars(TEXT)
    assert [(TEXT[char.offset], char.short_name) for char in found] == [
        ("\u202e", "RLO"),
        ("\u202c", "PDF"),
        ("\u200b", "ZWSP"),
        ("\ufeff", "BOM"),
    ]
    assert [char.is_bidi for char in found] == [True, True, False, False]
    assert found[0].description == "RLO (U+202E)"


def test_zero_width_joiner_of_an_emoji_is_not_flagged() -> None:
    assert invisible_chars("👩\u200d💻 a\u200cb") == []


def test_visible_form_keeps_every_display_position() -> None:
    display = DisplayText(TEXT)
    shown = visible_form(display.display)
    assert len(shown) == len(display.display)
    assert len(shown.encode("utf-16-le")) == len(display.display.encode("utf-16-le"))
    assert shown.count(PLACEHOLDER) == 4
    for char in invisible_chars(TEXT):
        assert shown[char.offset] == PLACEHOLDER  # no line breaks here: code points align
    assert "\u202e" not in shown and "\u200b" not in shown


def test_warning_counts_bidi_controls_apart() -> None:
    warning = invisible_warning(invisible_chars(TEXT))
    assert "2 bidi controls" in warning and "2 invisible characters" in warning
    assert "RLO" in warning and "ZWSP" in warning
    assert invisible_warning(invisible_chars("plain HKD 1000")) == ""
    assert "1 bidi control " in invisible_warning(invisible_chars("a\u200fb"))

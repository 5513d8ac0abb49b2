"""Text rules: one line-break convention on import, spans of whole characters, word picking."""

from __future__ import annotations

import pytest

from desktop_app.core.text import (
    content_hash,
    is_character_boundary,
    normalise_imported_text,
    snap_span,
    word_span_at,
)

# --- normalise_imported_text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one\r\ntwo", "one\ntwo"),
        ("one\rtwo", "one\ntwo"),
        ("one\r\r\ntwo", "one\n\ntwo"),
        ("one\u2028two\u2029three", "one\ntwo\nthree"),
        ("one\x85two", "one\ntwo"),
        ("one\x0btwo\x0cthree", "one\ntwo\nthree"),
        ("\ufeffTitle\nbody", "Title\nbody"),
        ("nul\x00here", "nulhere"),
        ("bell\x07 and escape\x1b and delete\x7f", "bell and escape and delete"),
        ("tab\tstays\nnewline stays", "tab\tstays\nnewline stays"),
        ("公司\r\n公告", "公司\n公告"),
    ],
)
def test_imported_text_gets_one_line_break_convention_and_no_controls(raw: str, expected: str):
    assert normalise_imported_text(raw) == expected


def test_only_a_leading_bom_is_dropped():
    # A BOM in the middle is a (zero-width) character of the text, not an encoding marker.
    assert normalise_imported_text("\ufeffa\ufeffb") == "a\ufeffb"


def test_normalising_twice_changes_nothing():
    raw = "\ufeffA\r\nB\rC\u2028D\x85E\x00F"
    once = normalise_imported_text(raw)
    assert normalise_imported_text(once) == once
    assert "\r" not in once


def test_content_hash_tells_texts_apart_and_is_stable():
    assert content_hash("公告") == content_hash("公告")
    assert content_hash("公告") != content_hash("公告 ")
    assert content_hash("a").startswith("sha256:")


# --- snap_span and character boundaries --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("cafe\u0301 au lait", 4, 5, (3, 5)),  # the accent belongs to its e
        ("cafe\u0301 au lait", 0, 4, (0, 5)),  # an end before the accent takes it too
        ("x👨\u200d👩\u200d👧y", 2, 3, (1, 6)),  # family emoji is one character
        ("x👨\u200d👩\u200d👧y", 1, 2, (1, 6)),
        ("🇭🇰🇨🇳", 1, 2, (0, 2)),  # one flag is two regional indicators
        ("🇭🇰🇨🇳", 1, 3, (0, 4)),
        ("🇭🇰🇨🇳", 2, 4, (2, 4)),  # the second flag alone is already whole
        ("a\r\nb", 2, 4, (1, 4)),  # never between \r and \n
        ("a\r\nb", 0, 2, (0, 3)),
        ("👍🏽 ok", 0, 1, (0, 2)),  # skin-tone modifier joins its emoji
        ("❤\ufe0f!", 0, 1, (0, 2)),  # variation selector joins its character
        ("plain", 1, 3, (1, 3)),
        ("plain", -5, 99, (0, 5)),  # clamped to the text
    ],
)
def test_snap_span_widens_to_whole_characters(text, start, end, expected):
    assert snap_span(text, start, end) == expected


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("e\u0301", 1),
        ("a\r\nb", 2),
        ("👨\u200d👩", 1),
        ("👨\u200d👩", 2),
        ("🇭🇰", 1),
        ("🇭🇰🇨🇳", 3),
    ],
)
def test_offsets_inside_a_character_are_not_boundaries(text, offset):
    assert not is_character_boundary(text, offset)


@pytest.mark.parametrize(
    ("text", "offset"), [("ab", 1), ("🇭🇰🇨🇳", 2), ("a\r\nb", 1), ("a\r\nb", 3), ("𠀋𠀋", 1)]
)
def test_offsets_between_characters_are_boundaries(text, offset):
    assert is_character_boundary(text, offset)


# --- word_span_at ------------------------------------------------------------------------


def _word(text: str, offset: int) -> str:
    start, end = word_span_at(text, offset)
    return text[start:end]


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("Price HK$1,234.5 per share.", "1,234", "HK$1,234.5"),
        ("Price HK$1,234.5 per share.", "HK", "HK$1,234.5"),
        ("under Rule 13.09 of the Listing Rules", "09", "13.09"),
        ("under Rule 13.09.", "13", "13.09"),  # the sentence's full stop is not part of it
        ("the Company's shares", "pany", "Company's"),
        ("a 5.2% stake", "2", "5.2%"),
        ("dated 2025-03-31, the", "03", "2025-03-31"),
        ("the Vendor, Mr Chan", "Vend", "Vendor"),  # comma after a word is punctuation
    ],
)
def test_english_tokens_keep_amounts_and_codes_whole(text, needle, expected):
    assert _word(text, text.index(needle) + 1) == expected


def test_a_cjk_run_is_one_token_and_stops_at_latin_text():
    text = "本公司宣佈收購ABC Limited之股份"
    assert _word(text, 2) == "本公司宣佈收購"
    assert _word(text, text.index("ABC") + 1) == "ABC"
    assert _word(text, text.index("之") + 1) == "之股份"


def test_cjk_extension_b_characters_belong_to_the_run():
    text = "收購𠀋貝塔 now"
    assert _word(text, 1) == "收購𠀋貝塔"


def test_caret_on_white_space_picks_nothing_or_the_word_it_ends():
    text = "alpha   beta"
    assert word_span_at(text, 6) == (6, 6)  # between two spaces
    assert _word(text, 5) == "alpha"  # caret right after a word takes that word
    assert word_span_at("", 0) == (0, 0)
    assert word_span_at("   ", 1) == (1, 1)


def test_punctuation_alone_is_picked_as_one_character():
    text = "a (b) c"
    assert _word(text, 2) == "("


def test_word_span_never_splits_a_combining_sequence():
    text = "cafe\u0301 noir"
    assert _word(text, 1) == "cafe\u0301"
    assert _word(text, 4) == "cafe\u0301"

"""UTF-16 positions: astral characters take two units, line breaks one each."""

from __future__ import annotations

import pytest

from desktop_app.core.interop.offsets import OffsetError, Utf16Offsets


def test_positions_after_astral_characters_shift_by_one_each() -> None:
    text = "a😀b𥚃c\r\nd"
    offsets = Utf16Offsets(text)
    assert offsets.length == len(text.encode("utf-16-le")) // 2
    for offset in range(len(text) + 1):
        expected = len(text[:offset].encode("utf-16-le")) // 2
        assert offsets.to_utf16(offset) == expected
        assert offsets.from_utf16(expected) == offset


def test_a_position_inside_a_surrogate_pair_is_refused() -> None:
    offsets = Utf16Offsets("a😀b")
    with pytest.raises(OffsetError, match="inside the character"):
        offsets.from_utf16(2)
    with pytest.raises(OffsetError, match="outside"):
        offsets.from_utf16(5)
    with pytest.raises(OffsetError, match="outside"):
        offsets.to_utf16(4)

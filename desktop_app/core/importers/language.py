"""Script classes of characters and a best-effort language guess from script counts.

Traditional and Simplified Chinese are told apart without any word list: a Han character
that Big5-HKSCS can encode but GB2312 cannot is typical of Traditional text; one that GB2312
can encode but Big5 (CP950) cannot is typical of Simplified text. Characters both can encode
(the majority) do not vote.
"""

from __future__ import annotations

from functools import lru_cache

# Latin words are counted as letters / this many: a Han character carries about a word.
_LETTERS_PER_WORD = 5
_MIXED_LOW = 0.2
_MIXED_HIGH = 0.8


def is_han(char: str) -> bool:
    """A CJK ideograph (unified, extensions or compatibility)."""
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def is_cjk(char: str) -> bool:
    """A character written without spaces around it in Chinese or Japanese text: ideographs,
    kana, CJK and full-width punctuation (「」，。：（） …), full-width forms, the ``╱`` slash."""
    code = ord(char)
    return (
        is_han(char)
        or 0x3000 <= code <= 0x30FF  # CJK symbols and punctuation, kana
        or 0x3100 <= code <= 0x312F  # bopomofo
        or 0xFE30 <= code <= 0xFE4F  # CJK compatibility forms
        or 0xFF01 <= code <= 0xFF60  # full-width ASCII variants
        or 0xFFE0 <= code <= 0xFFE6  # full-width signs
        or 0x2571 <= code <= 0x2573  # ╱ ╲ ╳ used as slashes in Chinese text
    )  # Hangul is left out on purpose: Korean separates words with real spaces.


@lru_cache(maxsize=65536)
def _encodable(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def chinese_variant(text: str) -> str:
    """``"zh-Hant"``, ``"zh-Hans"`` or ``""`` when the Han characters do not tell."""
    traditional = simplified = 0
    for char in text:
        if not is_han(char):
            continue
        in_gb = _encodable(char, "gb2312")
        if in_gb and not _encodable(char, "cp950"):
            simplified += 1
        elif not in_gb and _encodable(char, "big5hkscs"):
            traditional += 1
    if traditional == simplified == 0:
        return ""
    if traditional >= simplified * 2:
        return "zh-Hant"
    if simplified >= traditional * 2:
        return "zh-Hans"
    return ""


def detect_language(text: str) -> str:
    """``"en"``, ``"zh-Hant"``, ``"zh-Hans"``, ``"mixed"`` or ``""`` (no letters at all).

    Chinese with a sprinkling of English names stays Chinese and the other way round;
    only when both scripts carry a fair share of the text is it ``"mixed"``.
    """
    han = sum(1 for char in text if is_han(char))
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    latin_words = latin / _LETTERS_PER_WORD
    if han == 0 and latin == 0:
        return ""
    share_latin = latin_words / (han + latin_words)
    if share_latin >= _MIXED_HIGH:
        return "en"
    if share_latin > _MIXED_LOW:
        return "mixed"
    return chinese_variant(text)

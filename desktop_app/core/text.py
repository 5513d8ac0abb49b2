"""Text rules shared by importers, the store and the views.

Offsets everywhere in the data are integers counting Unicode code points of the stored text
(``OFFSET_UNIT``); a mention ``[start, end)`` covers ``text[start:end]``. Imported text is
normalised once, before it is stored, so that line breaks are a single ``\\n``; after a
document has annotations its text never changes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

OFFSET_UNIT = "codepoint"

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls other than tab and newline carry no text and upset some renderers.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def normalise_imported_text(raw: str) -> str:
    """Return ``raw`` with one line-break convention (``\\n``), no BOM and no stray controls."""
    text = raw[1:] if raw.startswith("\ufeff") else raw
    text = _LINE_BREAKS.sub("\n", text)
    return _CONTROL_CHARS.sub("", text)


def content_hash(text: str) -> str:
    """Stable identity of a document's text, used to recognise duplicates."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _joins_previous(char: str) -> bool:
    """True when ``char`` belongs to the same user-perceived character as the one before it."""
    code = ord(char)
    if char == "\u200d" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return True  # zero-width joiner and variation selectors
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True  # emoji skin-tone modifiers and tag characters
    return unicodedata.category(char) in ("Mn", "Me", "Mc")


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def is_character_boundary(text: str, offset: int) -> bool:
    """Whether ``offset`` lies between two user-perceived characters (grapheme clusters).

    A practical subset of UAX #29: never inside ``\\r\\n``, before a combining mark, around a
    zero-width joiner, before a variation selector or skin-tone modifier, or inside a flag.
    """
    if offset <= 0 or offset >= len(text):
        return True
    before, after = text[offset - 1], text[offset]
    if before == "\r" and after == "\n":
        return False
    if before == "\u200d" or _joins_previous(after):
        return False
    if _is_regional_indicator(before) and _is_regional_indicator(after):
        run = 0
        index = offset - 1
        while index >= 0 and _is_regional_indicator(text[index]):
            run += 1
            index -= 1
        return run % 2 == 0
    return True


def snap_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole user-perceived characters within ``text``."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while not is_character_boundary(text, start):
        start -= 1
    while not is_character_boundary(text, end):
        end += 1
    return start, end


_WORD_CHARS = re.compile(r"[\w.,%$'’\-/]", re.UNICODE)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or 0x3040 <= code <= 0x30FF
        or 0xAC00 <= code <= 0xD7AF
    )


def word_span_at(text: str, offset: int) -> tuple[int, int]:
    """The token around ``offset``: a run of Latin word characters, or of CJK ideographs.

    Amounts such as ``HK$1,234.5`` and codes such as ``13.09`` stay one token. Returns an empty
    span at ``offset`` when the caret sits on white space or punctuation alone.
    """
    if not text:
        return 0, 0
    offset = max(0, min(offset, len(text)))
    probe = offset if offset < len(text) and not text[offset].isspace() else offset - 1
    if probe < 0 or text[probe].isspace():
        return offset, offset
    while probe > 0 and not is_character_boundary(text, probe):
        probe -= 1  # on a combining mark or joiner: classify by the character it belongs to
    cjk = _is_cjk(text[probe])

    def same_kind(char: str) -> bool:
        if cjk:
            return _is_cjk(char)
        return bool(_WORD_CHARS.match(char)) and not _is_cjk(char)

    if not same_kind(text[probe]):
        return snap_span(text, probe, probe + 1)
    start = probe
    while start > 0 and (same_kind(text[start - 1]) or _joins_previous(text[start])):
        start -= 1
    end = probe + 1
    while end < len(text) and (same_kind(text[end]) or _joins_previous(text[end])):
        end += 1
    # Trailing punctuation (full stops, commas) belongs to the sentence, not the token.
    while end - start > 1 and text[end - 1] in ".,-/'’":
        end -= 1
    return snap_span(text, start, end)

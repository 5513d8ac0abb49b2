"""Decoding the bytes of a text file: Unicode with or without a byte-order mark, or the
legacy encodings common in Hong Kong (Big5 / Big5-HKSCS, GB2312 / GBK / GB18030).

Decoding is strict. A file that is UTF-8 apart from a few bad bytes (and has real UTF-8
characters to prove it) stays UTF-8: the bad bytes become U+FFFD and are listed in
``Decoded.replaced`` — it is never re-read as another code page, which would turn every
accented letter and dash into mojibake. Only real text encodings (``TEXT_ENCODINGS``) are
ever used; codecs that hide or rewrite text (UTF-7, ``unicode_escape``, punycode, EBCDIC)
are not.

Legacy bytes are detected with charset-normalizer and then checked: Big5 bytes also decode
as GB18030 (and short GB text as Big5), so both readings are scored by how many of their
characters are among the commonest Chinese characters (level 1 of Big5 or of GB2312). A
right reading scores close to 1, a wrong one far lower. When neither reading is clearly
right, the file is refused rather than imported as mojibake.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHINESE = {"big5hkscs": "Big5-HKSCS", "gb18030": "GB18030"}
_BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "cp1250", "cp1257", "cp850", "mac_roman"}
_GOOD_READING = 0.9  # share of common characters in a right Chinese reading
_CLEAR_MARGIN = 0.15
_WESTERN_PUNCTUATION = set("“”‘’–—…•€£¥©®°±×÷§¶·«»¡¿\u00a0")
_MAX_WESTERN_SHARE = 0.3


# Python codec names (as ``codecs.lookup(...).name`` spells them) of the encodings text is
# really written in. Anything else — utf-7, unicode_escape, punycode, cp037 (EBCDIC),
# rot13, the stateful ISO-2022 family — can hide or rewrite text and is refused.
TEXT_ENCODINGS = frozenset(
    {
        *("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"),
        *("utf-32", "utf-32-le", "utf-32-be", "ascii"),
        *("big5", "big5hkscs", "cp950", "gb2312", "gbk", "gb18030"),
        *("iso8859-1", "iso8859-15", "cp1252", "cp1250", "cp1251", "iso8859-2", "iso8859-5"),
        *("koi8-r", "shift_jis", "cp932", "euc_jp", "euc_jis_2004", "euc_kr", "cp949", "johab"),
    }
)
_MAX_REPLACED = 16  # more bad sequences than this and the file is not "UTF-8 with a flaw"


@dataclass(frozen=True)
class Replaced:
    """Bytes that could not be decoded: where they were and where their U+FFFD stands."""

    byte_offset: int
    data: bytes
    text_offset: int  # into the decoded (not yet normalised) text


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read with, and the bytes replaced on the way."""

    encoding: str
    text: str
    replaced: tuple[Replaced, ...] = ()


# Labels web pages use that Python does not know under that name.
_WEB_LABELS = {
    "x-sjis": "shift_jis",
    "gb_2312": "gb2312",
    "gb_2312-80": "gb2312",
    "x-gbk": "gbk",
    "x-euc-jp": "euc_jp",
    "ks_c_5601-1987": "cp949",
}


def codec_name(label: str) -> str | None:
    """The Python codec name for an encoding label ("Big5", "windows-1252"), or ``None``."""
    label = label.strip().lower()
    try:
        return codecs.lookup(_WEB_LABELS.get(label, label)).name
    except (LookupError, UnicodeError):
        return None


class EncodingUnknown(ValueError):
    """The bytes are not in an encoding we can identify with confidence; ``str`` says why."""


@lru_cache(maxsize=65536)
def _is_common(char: str) -> bool:
    """A character among the commonest in Chinese text: CJK punctuation, full-width forms,
    or a Han character of level 1 of Big5 (A440–C67E) or of GB2312 (B0A1–D7F9)."""
    code = ord(char)
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF60:
        return True
    for encoding, low, high in (("cp950", 0xA440, 0xC67E), ("gb2312", 0xB0A1, 0xD7F9)):
        try:
            encoded = char.encode(encoding)
        except UnicodeEncodeError:
            continue
        if len(encoded) == 2 and low <= int.from_bytes(encoded, "big") <= high:
            return True
    return False


def chinese_score(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` that are common Chinese characters."""
    non_ascii = [char for char in text if not char.isascii()]
    if not non_ascii:
        return 0.0
    return sum(1 for char in non_ascii if _is_common(char)) / len(non_ascii)


def _looks_western(text: str) -> bool:
    """Mostly ASCII, and the rest letters or usual typographic punctuation (no C1 controls,
    no replacement characters): what English text in Windows-1252 looks like."""
    non_ascii = [char for char in text if not char.isascii()]
    if len(non_ascii) > _MAX_WESTERN_SHARE * len(text):
        return False
    return all(char.isalpha() or char in _WESTERN_PUNCTUATION for char in non_ascii)


def _clean(text: str) -> bool:
    """No replacement characters, C1 controls or private-use characters."""
    return not any(
        char == "\ufffd" or 0x80 <= ord(char) <= 0x9F or 0xE000 <= ord(char) <= 0xF8FF
        for char in text
    )


def _family(encoding: str) -> str:
    if encoding in _BIG5_FAMILY:
        return "big5hkscs"
    if encoding in _GB_FAMILY:
        return "gb18030"
    return encoding


def _chinese_reading(data: bytes, detected: list[str]) -> tuple[str, str] | None:
    """The one clearly right Chinese reading of ``data`` as (encoding label, text), if any."""
    readings: dict[str, tuple[float, str]] = {}
    for encoding in _CHINESE:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings[encoding] = (chinese_score(text), text)
    good = {enc: reading for enc, reading in readings.items() if reading[0] >= _GOOD_READING}
    if not good:
        return None
    if len(good) == 1:
        (encoding, (score, text)), *_ = good.items()
        others = [reading[0] for enc, reading in readings.items() if enc != encoding]
        if all(score - other >= _CLEAR_MARGIN for other in others):
            return _CHINESE[encoding], text
    # Both readings are plausible (very short text): only the detector can tell them apart.
    families = [_family(name) for name in detected if _family(name) in _CHINESE]
    if families and families[0] in good:
        return _CHINESE[families[0]], good[families[0]][1]
    return None


def decode_legacy(data: bytes) -> tuple[str, str]:
    """(encoding label, text) for bytes that are not UTF-8; raises ``EncodingUnknown``."""
    matches = list(charset_normalizer.from_bytes(data))
    detected = [match.encoding for match in matches]
    if reading := _chinese_reading(data, detected):
        return reading
    if any(_family(name) in _CHINESE for name in detected[:1]):
        raise EncodingUnknown("looks like Chinese text, but neither Big5 nor GB18030 fits it")
    if any(name in _WESTERN for name in detected):
        text = data.decode("cp1252", errors="replace")
        if _clean(text) and _looks_western(text):
            return "Windows-1252", text
    best = matches[0] if matches else None
    if (
        best is not None
        and codec_name(best.encoding) in TEXT_ENCODINGS
        and best.chaos <= 0.05
        and best.coherence >= 0.3
    ):
        text = str(best)
        if _clean(text):
            return best.encoding, text
    raise EncodingUnknown("no encoding fits it with confidence")


def _well_formed(text: str) -> int:
    return sum(1 for char in text if not char.isascii() and char != "\ufffd")


def _refuse_if_utf8(text: str, replaced: list[Replaced]) -> None:
    """Too many flaws to replace quietly: if what was read so far is evidently UTF-8, say so
    (and where) rather than let the file be guessed to be in some code page."""
    if _well_formed(text) >= 2 * len(replaced):
        offsets = ", ".join(str(item.byte_offset) for item in replaced[:5])
        raise EncodingUnknown(
            f"it is UTF-8 but has more than {_MAX_REPLACED} invalid byte sequences (the first "
            f"at byte offsets {offsets}); repair or re-save the file as UTF-8"
        )


def utf8_with_flaws(data: bytes) -> Decoded | None:
    """``data`` as UTF-8 with its few invalid sequences replaced by U+FFFD, when it is
    evidently UTF-8: at least two well-formed non-ASCII characters per bad sequence and no
    more than ``_MAX_REPLACED`` bad sequences. ``None`` when it is not UTF-8; raises
    ``EncodingUnknown`` when it is, but with more flaws than that."""
    parts: list[str] = []
    replaced: list[Replaced] = []
    position = length = 0
    while True:
        try:
            piece = data[position:].decode("utf-8")
        except UnicodeDecodeError as error:
            start, end = position + error.start, position + error.end
            piece = data[position:start].decode("utf-8")
            parts += [piece, "\ufffd"]
            length += len(piece)
            replaced.append(Replaced(start, data[start:end], length))
            length += 1
            position = end
            if len(replaced) > _MAX_REPLACED:
                _refuse_if_utf8("".join(parts), replaced)
                return None
            continue
        parts.append(piece)
        break
    text = "".join(parts)
    if _well_formed(text) < 2 * len(replaced):
        return None
    return Decoded("UTF-8", text, tuple(replaced))


def decode_text(data: bytes) -> Decoded:
    """The text of a text file's bytes, with how it was read; raises ``EncodingUnknown``.

    A byte-order mark decides (UTF-8, UTF-16 or UTF-32); otherwise valid UTF-8 is UTF-8,
    UTF-8 with a few flaws is UTF-8 with replacements, and anything else goes through
    ``decode_legacy``. The BOM is not part of the text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return Decoded(encoding.upper(), body.decode(encoding))
            except UnicodeDecodeError:
                if encoding == "utf-8" and (flawed := utf8_with_flaws(body)):
                    shift = len(bom)
                    return Decoded(
                        flawed.encoding,
                        flawed.text,
                        tuple(
                            Replaced(item.byte_offset + shift, item.data, item.text_offset)
                            for item in flawed.replaced
                        ),
                    )
                raise EncodingUnknown(
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()}"
                ) from None
    if b"\x00" in data:
        raise EncodingUnknown(
            "contains NUL bytes: it is binary, or UTF-16 without a byte-order mark"
        )
    try:
        return Decoded("UTF-8", data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if flawed := utf8_with_flaws(data):
        return flawed
    return Decoded(*decode_legacy(data))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(encoding label, text) of a text file's bytes; raises ``EncodingUnknown``."""
    decoded = decode_text(data)
    return decoded.encoding, decoded.text

"""Small PDFs written by hand, byte by byte, for the importer tests.

``build_pdf`` builds a PDF whose pages hold text runs placed exactly where a test wants them
(one run = one line), using a Type0 font with an explicit ToUnicode map so PDFium extracts
exactly the characters given, Latin and CJK alike. TJ adjustments between characters imitate
the justified Chinese lines that make PDF extraction insert spaces between characters. Optional
RC4 encryption (standard security handler, revision 2) produces password-protected files.
No binary fixtures are committed: every PDF is generated inside the test.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PAGE_WIDTH = 595.0
PAGE_HEIGHT = 842.0
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


@dataclass(frozen=True)
class Run:
    """Text at ``(x, y)`` (baseline, PDF units). ``gap`` adds that many thousandths of an em
    between characters with TJ adjustments, as justified Chinese lines do."""

    x: float
    y: float
    text: str
    size: float = 10.0
    gap: int = 0


def _code(char: str) -> int:
    """The glyph code (CID) a character is drawn with: its code point in the BMP, otherwise a
    private-use code (ToUnicode maps it back to the real, supplementary character)."""
    code = ord(char)
    return code if code <= 0xFFFF else 0xE000 + code % 0x1000


def _width(char: str) -> int:
    return 1000 if ord(char) >= 0x2E80 else 500


def run_width(run: Run) -> float:
    """How wide the run is drawn, so tests can place lines against a right margin."""
    advance = sum(_width(char) + run.gap for char in run.text) - run.gap
    return advance * run.size / 1000


BODY_LEFT = 70.0
BODY_WIDTH = 455.0


def justified(text: str, y: float, size: float = 10.0) -> Run:
    """A line of the body spread over the full measure, as justified Chinese text is."""
    natural = sum(_width(char) for char in text)
    gap = round((BODY_WIDTH * 1000 / size - natural) / max(1, len(text) - 1))
    return Run(BODY_LEFT, y, text, size, gap)


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


class _Security:
    """Standard security handler, revision 2 (40-bit RC4), as in PDF 1.7 §7.6.3."""

    def __init__(self, user: str, owner: str, file_id: bytes) -> None:
        self.permissions = -44
        owner_key = hashlib.md5(_padded(owner or user)).digest()[:5]
        self.o_entry = _rc4(owner_key, _padded(user))
        digest = hashlib.md5(
            _padded(user) + self.o_entry + struct.pack("<i", self.permissions) + file_id
        ).digest()
        self.key = digest[:5]
        self.u_entry = _rc4(self.key, _PAD)

    def encrypt(self, number: int, data: bytes) -> bytes:
        object_key = hashlib.md5(self.key + number.to_bytes(3, "little") + b"\0\0").digest()
        return _rc4(object_key[:10], data)

    def dictionary(self) -> bytes:
        return (
            b"<< /Filter /Standard /V 1 /R 2 /O <" + self.o_entry.hex().encode() + b"> /U <"
            + self.u_entry.hex().encode() + b"> /P " + str(self.permissions).encode() + b" >>"
        )  # fmt: skip


def _to_unicode(chars: list[str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CMapName /Test-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(chars), 100):
        chunk = chars[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{_code(char):04X}> <{char.encode('utf-16-be').hex()}>" for char in chunk]
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode("ascii")


def _content(runs: list[Run], extra: bytes) -> bytes:
    parts = [extra]
    for run in runs:
        glyphs = [f"<{_code(char):04X}>" for char in run.text]
        shown = f" {-run.gap} ".join(glyphs)
        parts.append(
            f"BT /F1 {run.size} Tf 1 0 0 1 {run.x} {run.y} Tm [{shown}] TJ ET\n".encode("ascii")
        )
    return b"".join(parts)


def build_pdf(
    pages: list[list[Run]],
    *,
    user_password: str | None = None,
    owner_password: str = "owner",
    page_extras: list[bytes] | None = None,
    title: str | None = None,
    extra_chars: str = "",
) -> bytes:
    """A complete PDF with one page per list of runs; encrypted when ``user_password`` is
    given (use "" for a file that opens without a password but is still encrypted).
    ``extra_chars`` are added to the font for text drawn by ``page_extras``."""
    chars = sorted(
        {char for runs in pages for run in runs for char in run.text} | {" "} | set(extra_chars)
    )
    widths = " ".join(f"{_code(char)} [{_width(char)}]" for char in chars)
    extras = page_extras or [b""] * len(pages)
    n_pages = len(pages)
    first_page = 6
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(f"{first_page + 2 * i} 0 R".encode() for i in range(n_pages))
        + f"] /Count {n_pages} >>".encode(),
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /TestSans /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSans /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /TestSans /Flags 4 "
        b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 >> /DW 1000 /W [" + widths.encode() + b"] >>",
    }
    streams: dict[int, bytes] = {5: _to_unicode(chars)}
    for index, runs in enumerate(pages):
        page_number = first_page + 2 * index
        objects[page_number] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_number + 1} 0 R >>"
        ).encode()
        streams[page_number + 1] = _content(runs, extras[index])
    file_id = hashlib.md5(repr(pages).encode()).digest()
    security = None
    if user_password is not None:
        security = _Security(user_password, owner_password, file_id)
    info = None
    if title is not None:
        info = max([*objects, *streams]) + 1
        objects[info] = b"<< /Title (" + title.encode("latin-1") + b") >>"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted([*objects, *streams]):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode()
        if number in streams:
            data = streams[number]
            if security is not None:
                data = security.encrypt(number, data)
            out += f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
        else:
            out += objects[number]
        out += b"\nendobj\n"
    encrypt_ref = b""
    size = max(offsets) + 1
    if security is not None:
        offsets[size] = len(out)
        out += f"{size} 0 obj\n".encode() + security.dictionary() + b"\nendobj\n"
        encrypt_ref = f" /Encrypt {size} 0 R".encode()
        size += 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode()
    info_ref = f" /Info {info} 0 R".encode() if info else b""
    out += (
        f"trailer\n<< /Size {size} /Root 1 0 R".encode() + info_ref + encrypt_ref
        + b" /ID [<" + file_id.hex().encode() + b"> <" + file_id.hex().encode() + b">] >>\n"
        + f"startxref\n{xref}\n%%EOF\n".encode()
    )  # fmt: skip
    return bytes(out)


# ``make_pdf(name, pages, **build_options)`` from the fixture in conftest.py
PdfMaker = Callable[..., Path]

"""PDF files: the text layer of every page, read with PDFium (pypdfium2), cleaned up.

Each page's text comes from ``get_textpage().get_text_range()`` together with every
character's loose box; ``pdf_layout`` turns that into clean lines and ``pdf_text`` joins
them and records the page of every character. Password-protected files, files without a
text layer (scans, which need OCR first), text layers without a Unicode mapping, and
damaged or non-PDF files are refused with a message saying so.
"""

from __future__ import annotations

import ctypes
import re
import threading
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from desktop_app.core.importers.base import (
    ImportedDocument,
    ImportNote,
    clean_title,
    problem,
    read_bytes,
)
from desktop_app.core.importers.language import detect_language
from desktop_app.core.importers.metadata import extract_metadata, with_title_category
from desktop_app.core.importers.pdf_furniture import drop_furniture
from desktop_app.core.importers.pdf_layout import (
    Glyph,
    Line,
    PageBox,
    make_line,
    split_lines,
    unseen_runs,
)
from desktop_app.core.importers.pdf_tables import rebuild_rows
from desktop_app.core.importers.pdf_text import assemble

# PDFium is not thread-safe; importers may run on a worker thread.
_PDFIUM_LOCK = threading.Lock()
_MAX_LINE_TITLE = 60  # a first line this short can serve as the title
_UNREADABLE_SHARE = 0.3  # share of private-use / unmapped characters that makes text garbage
# Titles that layout programs fill in by themselves: file names, job codes, "Untitled".
_JUNK_TITLE = re.compile(
    r"untitled.*|microsoft (?:word|excel|powerpoint).*|document\d*|[\d\W_]+"
    r"|.*\.(?:docx?|pdf|indd|rtf)|.*(?:_|\.\.).*",
    re.IGNORECASE,
)


def _open(path: Path, data: bytes) -> Any:
    if not data:
        raise problem(path, "the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise problem(path, "is not a PDF file (it has no PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise problem(
                path, "is password-protected; remove the password (or save an unprotected copy)"
            ) from None
        if code == pdfium.raw.FPDF_ERR_SECURITY:
            raise problem(path, "uses an encryption scheme that is not supported") from None
        raise problem(path, "is damaged or not a valid PDF; it could not be opened") from None


def _box(textpage: Any, index: int) -> tuple[float, float, float, float] | None:
    rect = pdfium.raw.FS_RECTF()
    if not pdfium.raw.FPDFText_GetLooseCharBox(textpage, index, rect):
        return None
    return rect.left, rect.bottom, rect.right, rect.top


def _hidden(textpage: Any, index: int) -> str:
    """Why the character at ``index`` is never seen: drawn in render mode 3 (invisible, as
    OCR layers and hidden keywords are) or in a fully transparent colour; "" otherwise."""
    text_object = pdfium.raw.FPDFText_GetTextObject(textpage, index)
    if text_object and pdfium.raw.FPDFTextObj_GetTextRenderMode(text_object) == (
        pdfium.raw.FPDF_TEXTRENDERMODE_INVISIBLE
    ):
        return "invisible"
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    filled = pdfium.raw.FPDFText_GetFillColor(textpage, index, red, green, blue, alpha)
    return "invisible" if filled and alpha.value == 0 else ""


def _glyph(textpage: Any, index: int, char: str) -> Glyph:
    if char.isspace():
        return Glyph(char)
    box = _box(textpage, index)
    if box is None:
        return Glyph(char, hidden=_hidden(textpage, index))
    return Glyph(char, *box, hidden=_hidden(textpage, index))


def _glyphs_one_by_one(textpage: Any, count: int) -> list[Glyph]:
    """The slow path: PDFium lists a supplementary character (e.g. an HKSCS ideograph) as
    two surrogate code units, which are put back together here."""
    units = [pdfium.raw.FPDFText_GetUnicode(textpage, index) for index in range(count)]
    glyphs: list[Glyph] = []
    index = 0
    while index < count:
        code = units[index]
        step = 1
        if 0xD800 <= code <= 0xDBFF and index + 1 < count and 0xDC00 <= units[index + 1] <= 0xDFFF:
            code = 0x10000 + ((code - 0xD800) << 10) + (units[index + 1] - 0xDC00)
            step = 2
        valid = 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        glyphs.append(_glyph(textpage, index, chr(code) if valid else "\ufffd"))
        index += step
    return glyphs


def _glyphs(textpage: Any) -> list[Glyph]:
    """Every character of the page, in PDFium's order, with its loose box."""
    count = textpage.count_chars()
    text = textpage.get_text_range() if count > 0 else ""
    if len(text) != count:
        return _glyphs_one_by_one(textpage, count)
    return [_glyph(textpage, index, char) for index, char in enumerate(text)]


_UNSEEN = {
    "off_page": "outside the visible page",
    "invisible": "drawn invisible (render mode 3 or transparent)",
}


def _read_pages(
    path: Path, document: Any
) -> tuple[list[list[Line]], list[PageBox], list[ImportNote]]:
    """Each page's lines and visible area, and a note for each run of unseen text."""
    pages: list[list[Line]] = []
    boxes: list[PageBox] = []
    notes: list[ImportNote] = []
    for index in range(len(document)):
        try:
            page = document[index]
            textpage = page.get_textpage()
            try:
                box = PageBox(*page.get_bbox())
                glyphs = _glyphs(textpage)
            finally:
                textpage.close()
                page.close()
        except pdfium.PdfiumError:
            message = f"page {index + 1} could not be read; the file may be damaged"
            raise problem(path, message) from None
        pages.append(rebuild_rows([make_line(line) for line in split_lines(glyphs, box)]))
        boxes.append(box)
        notes += [
            ImportNote(kind, f"left out “{text}” ({_UNSEEN[kind]})", page=index + 1)
            for kind, text in unseen_runs(glyphs, box)
        ]
    return pages, boxes, notes


def _check_readable(path: Path, pages: list[list[Line]]) -> None:
    chars = "".join(line.text for lines in pages for line in lines)
    visible = [char for char in chars if not char.isspace()]
    if not visible:
        raise problem(
            path, "has no text layer (it looks like a scan); run OCR on it first, then import"
        )
    unreadable = sum(1 for char in visible if char == "\ufffd" or 0xE000 <= ord(char) <= 0xF8FF)
    if unreadable > _UNREADABLE_SHARE * len(visible):
        raise problem(
            path, "its text layer cannot be decoded (fonts without a Unicode mapping); use OCR"
        )


def _declared_title(document: Any) -> str:
    """The document's /Title unless it is one that software filled in by itself."""
    try:
        declared = str(document.get_metadata_value("Title") or "").strip()
    except pdfium.PdfiumError:
        return ""
    return "" if _JUNK_TITLE.fullmatch(declared) else declared


def _title(headline: str | None, declared: str, text: str, path: Path) -> str:
    """The headline, else the declared title, else a short first line, else the file stem."""
    first_line = text.split("\n", 1)[0].strip()
    short_line = first_line if len(first_line) <= _MAX_LINE_TITLE else ""
    return clean_title(headline or declared or short_line, path.stem)


def import_pdf_file(path: Path) -> ImportedDocument:
    """Import a .pdf file; raises ``ImportProblem``."""
    data = read_bytes(path)
    with _PDFIUM_LOCK:
        document = _open(path, data)
        try:
            if len(document) == 0:
                raise problem(path, "has no pages")
            pages, boxes, unseen = _read_pages(path, document)
            declared = _declared_title(document)
        except pdfium.PdfiumError:
            raise problem(path, "is damaged; its text could not be read") from None
        finally:
            document.close()
    _check_readable(path, pages)
    kept, furniture = drop_furniture(pages, boxes)
    text, spans = assemble(kept, boxes)
    if not text.strip():
        raise problem(path, "has no text apart from page numbers and headers")
    metadata = extract_metadata(text)
    title = _title(metadata.get("headline"), declared, text, path)
    return ImportedDocument(
        text=text,
        title=title,
        source_name=path.name,
        language=detect_language(text),
        metadata=with_title_category(metadata, title),
        pages=spans,
        report=tuple(sorted([*unseen, *furniture], key=lambda note: note.page or 0)),
        original=data,
    )

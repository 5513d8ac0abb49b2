"""PDF files: the text layer of every page, read with PDFium (pypdfium2), cleaned up.

``pdf_glyphs`` reads each page's characters with their loose boxes and visibility;
``pdf_layout`` turns them into clean lines (setting aside what no reader sees),
``pdf_tables`` puts table rows back together, ``pdf_furniture`` removes page numbers and
running headers, and ``pdf_text`` joins the lines and records the page of every character.
Everything left out goes into the import report. Password-protected files, files without a
text layer (scans, which need OCR first), text layers without a Unicode mapping, and
damaged or non-PDF files are refused with a message saying so.
"""

from __future__ import annotations

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
from desktop_app.core.importers.controls import control_notes
from desktop_app.core.importers.language import detect_language
from desktop_app.core.importers.metadata import extract_metadata, with_title_category
from desktop_app.core.importers.pdf_furniture import drop_furniture
from desktop_app.core.importers.pdf_glyphs import page_glyphs
from desktop_app.core.importers.pdf_layout import (
    Line,
    PageBox,
    make_line,
    split_lines,
    unseen_runs,
)
from desktop_app.core.importers.pdf_tables import rebuild_rows
from desktop_app.core.importers.pdf_text import assemble

# PDFium is not thread-safe: every call into it (importers on a worker thread, the page pane
# on its render thread) holds this one lock.
PDFIUM_LOCK = threading.Lock()
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


# Why a run of text is unseen → the report note's kind and its explanation.
_UNSEEN = {
    "off_page": ("off_page", "outside the visible page"),
    "invisible": ("invisible", "drawn invisible: render mode 3 or a transparent colour"),
    "clipped": ("invisible", "outside the clipping path it is drawn in"),
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
                glyphs = page_glyphs(textpage)
            finally:
                textpage.close()
                page.close()
        except pdfium.PdfiumError:
            message = f"page {index + 1} could not be read; the file may be damaged"
            raise problem(path, message) from None
        pages.append(rebuild_rows([make_line(line) for line in split_lines(glyphs, box)]))
        boxes.append(box)
        for reason, text in unseen_runs(glyphs, box):
            kind, why = _UNSEEN[reason]
            notes.append(ImportNote(kind, f"left out “{text}” ({why})", page=index + 1))
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
    with PDFIUM_LOCK:
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
        report=(
            *sorted([*unseen, *furniture], key=lambda note: note.page or 0),
            *control_notes(text),
        ),
        original=data,
    )

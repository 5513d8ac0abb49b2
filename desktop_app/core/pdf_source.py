"""A stored PDF original, opened with PDFium to render pages and read character boxes.

``PdfSource`` is not thread-safe (PDFium is not): use one from one thread at a time. Every
PDFium call also holds the importers' PDFium lock, since an import may be reading another
PDF on another thread at the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]

# The importers' lock: one lock for every PDFium call in the process.
from desktop_app.core.importers.pdf_files import PDFIUM_LOCK
from desktop_app.core.models import PageSpan
from desktop_app.core.page_geometry import Box, PageChars, PageFrame, page_chars

POINTS_PER_INCH = 72.0


class PdfSourceError(Exception):
    """The original cannot be opened or a page cannot be read; the message says why."""


@dataclass(frozen=True)
class RenderedPage:
    """A page's pixels: 4 bytes a pixel, blue-green-red-unused, rows ``stride`` bytes apart."""

    page: int
    width: int
    height: int
    stride: int
    pixels: bytes
    scale: float


def is_pdf(data: bytes | None) -> bool:
    return bool(data) and b"%PDF-" in (data or b"")[:1024]


class PdfSource:
    """One PDF original: page count, page frames, rendered pages and character boxes."""

    def __init__(self, data: bytes) -> None:
        self._data = data  # PDFium reads from this buffer for as long as the document is open
        with PDFIUM_LOCK:
            try:
                self._document: Any = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as error:
                raise PdfSourceError(f"the original PDF could not be opened ({error})") from None
            self.page_count = len(self._document)
        self._loaded: tuple[int, Any] | None = None

    def close(self) -> None:
        with PDFIUM_LOCK:
            self._close_page()
            self._document.close()

    def _page(self, page: int) -> Any:
        """The loaded page (PDFium call with the lock held). The last page stays loaded, since
        rendering a page and reading its characters follow each other and loading costs."""
        if not 1 <= page <= self.page_count:
            raise PdfSourceError(f"the original has no page {page} (it has {self.page_count})")
        if self._loaded is None or self._loaded[0] != page:
            self._close_page()
            try:
                self._loaded = (page, self._document[page - 1])
            except pdfium.PdfiumError as error:
                raise PdfSourceError(f"page {page} could not be loaded ({error})") from None
        return self._loaded[1]

    def _close_page(self) -> None:
        if self._loaded is not None:
            self._loaded[1].close()
            self._loaded = None

    @staticmethod
    def _frame(handle: Any) -> PageFrame:
        left, bottom, right, top = handle.get_cropbox()
        return PageFrame(left, bottom, right, top, handle.get_rotation() % 360)

    def frame(self, page: int) -> PageFrame:
        with PDFIUM_LOCK:
            return self._frame(self._page(page))

    def render(self, page: int, dpi: float) -> RenderedPage:
        """Page ``page`` (1-based) at ``dpi``, rotated as the page says."""
        scale = dpi / POINTS_PER_INCH
        with PDFIUM_LOCK:
            handle = self._page(page)
            try:
                bitmap = handle.render(scale=scale, prefer_bgrx=True, draw_annots=True)
                try:
                    pixels = bytes(bitmap.buffer)
                    return RenderedPage(
                        page, bitmap.width, bitmap.height, bitmap.stride, pixels, scale
                    )
                finally:
                    bitmap.close()
            except pdfium.PdfiumError as error:
                raise PdfSourceError(f"page {page} could not be rendered ({error})") from None

    def chars(self, text: str, pages: list[PageSpan], page: int) -> PageChars:
        """The boxes of the stored characters of ``page`` (see ``page_geometry.page_chars``)."""
        with PDFIUM_LOCK:
            handle = self._page(page)
            try:
                frame = self._frame(handle)
                textpage = handle.get_textpage()
                try:
                    pdfium_text, boxes = _text_and_boxes(textpage)
                finally:
                    textpage.close()
            except pdfium.PdfiumError as error:
                raise PdfSourceError(
                    f"the text of page {page} could not be read ({error})"
                ) from None
        return page_chars(text, pages, page, frame, pdfium_text, boxes)


def _box(textpage: Any, index: int) -> Box | None:
    rect = pdfium.raw.FS_RECTF()
    if not pdfium.raw.FPDFText_GetLooseCharBox(textpage, index, rect):
        return None
    return float(rect.left), float(rect.bottom), float(rect.right), float(rect.top)


def _text_and_boxes(textpage: Any) -> tuple[str, list[Box | None]]:
    """PDFium's page text, one Python character per PDFium character index where possible,
    with each character's loose box (the box the importer saw, so that lines line up)."""
    count = textpage.count_chars()
    text = textpage.get_text_range() if count > 0 else ""
    if len(text) == count:
        boxes = [None if char.isspace() else _box(textpage, i) for i, char in enumerate(text)]
        return text, boxes
    # Supplementary characters come as two surrogate units: put each pair back together and
    # give it the first unit's box.
    units = [pdfium.raw.FPDFText_GetUnicode(textpage, index) for index in range(count)]
    chars: list[str] = []
    char_boxes: list[Box | None] = []
    index = 0
    while index < count:
        code, step = units[index], 1
        if 0xD800 <= code <= 0xDBFF and index + 1 < count and 0xDC00 <= units[index + 1] <= 0xDFFF:
            code, step = 0x10000 + ((code - 0xD800) << 10) + (units[index + 1] - 0xDC00), 2
        valid = 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        chars.append(chr(code) if valid else "\ufffd")
        char_boxes.append(_box(textpage, index))
        index += step
    return "".join(chars), char_boxes

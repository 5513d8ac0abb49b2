"""Every character of a PDF page as PDFium reads it: its loose box, and whether it is seen.

A character is never seen when its text object is drawn in render mode 3 (invisible, as
OCR layers and hidden keywords are), in a fully transparent fill, or outside the clipping
path it is drawn in; ``Glyph.hidden`` says which ("invisible", "clipped"), so the importer
can leave it out of the text and list it in the import report. What a text object says
about visibility is looked up once per object, not once per character.

Callers hold the PDFium lock (see ``pdf_files``).
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from desktop_app.core.importers.pdf_layout import Glyph

Box = tuple[float, float, float, float]  # left, bottom, right, top
_CLIP_TOLERANCE = 1.0  # PDF units: a glyph whose centre is this near the clip edge is seen


def _box(textpage: Any, index: int) -> Box | None:
    rect = pdfium.raw.FS_RECTF()
    if not pdfium.raw.FPDFText_GetLooseCharBox(textpage, index, rect):
        return None
    return rect.left, rect.bottom, rect.right, rect.top


def _clip_boxes(text_object: Any) -> list[Box]:
    """The bounding box of each path of the object's clipping path (page coordinates); the
    visible area is inside all of them."""
    raw = pdfium.raw
    clip = raw.FPDFPageObj_GetClipPath(text_object)
    if not clip:
        return []
    boxes: list[Box] = []
    for path in range(max(0, raw.FPDFClipPath_CountPaths(clip))):
        xs: list[float] = []
        ys: list[float] = []
        for index in range(max(0, raw.FPDFClipPath_CountPathSegments(clip, path))):
            segment = raw.FPDFClipPath_GetPathSegment(clip, path, index)
            x, y = ctypes.c_float(), ctypes.c_float()
            if segment and raw.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


class _TextObjects:
    """Visibility of a page's text objects, read once per object."""

    def __init__(self, textpage: Any) -> None:
        self.textpage = textpage
        self.known: dict[int, tuple[str, list[Box]]] = {}

    def _about(self, text_object: Any) -> tuple[str, list[Box]]:
        raw = pdfium.raw
        key = ctypes.cast(text_object, ctypes.c_void_p).value or 0
        if key not in self.known:
            reason = ""
            mode = raw.FPDFTextObj_GetTextRenderMode(text_object)
            if mode == raw.FPDF_TEXTRENDERMODE_INVISIBLE:
                reason = "invisible"
            # A transparent fill hides only text that is filled and not stroked: outlined text
            # (and text used as a clip) is still seen.
            filled_only = mode in (raw.FPDF_TEXTRENDERMODE_FILL, raw.FPDF_TEXTRENDERMODE_FILL_CLIP)
            red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
            if (
                filled_only
                and raw.FPDFPageObj_GetFillColor(text_object, red, green, blue, alpha)
                and not alpha.value
            ):
                reason = "invisible"
            self.known[key] = (reason, _clip_boxes(text_object))
        return self.known[key]

    def hidden(self, index: int, box: Box | None) -> str:
        """Why the character at ``index`` is never seen, or ""."""
        text_object = pdfium.raw.FPDFText_GetTextObject(self.textpage, index)
        if not text_object:
            return ""
        reason, clips = self._about(text_object)
        if reason or box is None:
            return reason
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        tolerance = _CLIP_TOLERANCE
        for left, bottom, right, top in clips:
            inside_x = left - tolerance <= x <= right + tolerance
            if not (inside_x and bottom - tolerance <= y <= top + tolerance):
                return "clipped"
        return ""


def _glyph(objects: _TextObjects, index: int, char: str) -> Glyph:
    if char.isspace():
        return Glyph(char)
    box = _box(objects.textpage, index)
    hidden = objects.hidden(index, box)
    return Glyph(char, hidden=hidden) if box is None else Glyph(char, *box, hidden=hidden)


def _glyphs_one_by_one(objects: _TextObjects, count: int) -> list[Glyph]:
    """The slow path: PDFium lists a supplementary character (e.g. an HKSCS ideograph) as
    two surrogate code units, which are put back together here."""
    textpage = objects.textpage
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
        glyphs.append(_glyph(objects, index, chr(code) if valid else "\ufffd"))
        index += step
    return glyphs


def page_glyphs(textpage: Any) -> list[Glyph]:
    """Every character of the page, in PDFium's order, with its loose box and visibility."""
    objects = _TextObjects(textpage)
    count = textpage.count_chars()
    text = textpage.get_text_range() if count > 0 else ""
    if len(text) != count:
        return _glyphs_one_by_one(objects, count)
    return [_glyph(objects, index, char) for index, char in enumerate(text)]

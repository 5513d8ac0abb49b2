"""Stored characters find their glyph boxes on the PDF page, on real Chinese filings too."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from desktop_app.core.importers import import_file
from desktop_app.core.importers.base import ImportedDocument
from desktop_app.core.models import PageSpan
from desktop_app.core.page_geometry import PageChars, PageFrame, align_to_pdfium, page_offsets
from desktop_app.core.pdf_source import PdfSource, PdfSourceError, is_pdf

REALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "realdata" / "hkex-00328-zh"
REAL_PDFS = sorted(REALDATA.glob("*.pdf"))
needs_realdata = pytest.mark.skipif(not REAL_PDFS, reason="../shared/realdata is not here")


@cache
def _imported(path: Path) -> ImportedDocument:
    return import_file(path)


def test_alignment_skips_what_the_importer_removed() -> None:
    pdfium = "盈 利 預 警\r\n- 1 -\r\n本公司\r\nwell\x02\r\nknown"
    stored = "盈利預警本公司well-known"
    mapping = align_to_pdfium(stored, pdfium)
    assert [pdfium[index] if index is not None else None for index in mapping[:7]] == list(
        "盈利預警本公司"
    )
    assert "1" not in [pdfium[index] for index in mapping if index is not None]
    assert pdfium[mapping[stored.index("-")] or 0] == "\x02"  # a replaced character still maps


def test_rows_the_importer_moved_still_find_their_characters() -> None:
    # A table rebuilt row by row: PDFium read the cells column by column.
    pdfium = (
        "議案一\r\n議案二\r\n贊成 12,345,678 票\r\n贊成 9,876,543 票\r\n反對 100 票\r\n反對 200 票"
    )
    stored = "議案一\t贊成 12,345,678 票\t反對 100 票\n議案二\t贊成 9,876,543 票\t反對 200 票"
    mapping = align_to_pdfium(stored, pdfium)
    for offset, char in enumerate(stored):
        if not char.isspace():
            assert mapping[offset] is not None, f"{char!r} at {offset} has no box"
            assert pdfium[mapping[offset] or 0] == char
    assert pdfium[mapping[stored.index("9,876")] or 0 :].startswith("9,876,543")


def test_white_space_gets_no_box() -> None:
    assert align_to_pdfium("a b", "a b") == [0, None, 2]


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_pixels_and_page_points_convert_both_ways(rotation: int) -> None:
    frame = PageFrame(10, 20, 610, 820, rotation)
    px, py = frame.to_pixels(100, 700, 2.0)
    width, height = frame.pixel_size(2.0)
    assert 0 <= px <= width and 0 <= py <= height
    assert frame.from_pixels(px, py, 2.0) == pytest.approx((100, 700))
    if rotation == 0:
        assert (px, py) == pytest.approx((180, 240))  # from the top left of the crop box


def test_span_rects_are_one_box_per_line() -> None:
    boxes = {0: (10, 100, 20, 110), 1: (20, 100, 30, 110), 2: (10, 80, 20, 90)}
    chars = PageChars(1, PageFrame(0, 0, 600, 800), boxes, [0, 1, 2], 3)
    assert chars.span_rects(0, 3) == [(10, 100, 30, 110), (10, 80, 20, 90)]
    assert chars.offset_at(25, 105) == 1
    assert chars.offset_at(33, 105) == 1  # just past the line's end: the nearest character
    assert chars.offset_at(300, 500) is None


def test_page_offsets_follow_the_page_map() -> None:
    pages = [PageSpan(page=1, start=0, end=3), PageSpan(page=2, start=3, end=5)]
    assert page_offsets(pages, 2) == [3, 4]


def test_not_a_pdf_is_refused_with_a_message() -> None:
    assert not is_pdf(b"plain text") and not is_pdf(None)
    with pytest.raises(PdfSourceError, match="could not be opened"):
        PdfSource(b"%PDF-1.4 broken")


@needs_realdata
@pytest.mark.parametrize("path", REAL_PDFS, ids=lambda path: path.stem)
def test_nearly_every_stored_character_of_every_page_has_its_box(path: Path) -> None:
    document = _imported(path)
    source = PdfSource(path.read_bytes())
    try:
        for page in sorted({span.page for span in document.pages}):
            chars = source.chars(document.text, document.pages, page)
            assert chars.coverage >= 0.98, f"page {page}: {chars.coverage:.1%}"
            # The box found for a character is that character's: nothing else is under it.
            for offset, (left, bottom, right, top) in list(chars.boxes.items())[::7]:
                assert chars.offset_at((left + right) / 2, (bottom + top) / 2) == offset
    finally:
        source.close()


@needs_realdata
@pytest.mark.parametrize("word", ["股份過戶登記處", "Alco Holdings Limited"])
def test_a_known_word_lies_on_one_line_left_to_right(word: str) -> None:
    path = REALDATA / "alco01_2025-03-31.pdf"
    document = _imported(path)
    start = document.text.index(word)
    source = PdfSource(path.read_bytes())
    try:
        chars = source.chars(document.text, document.pages, 1)
    finally:
        source.close()
    boxes = [
        chars.boxes[offset] for offset in range(start, start + len(word)) if offset in chars.boxes
    ]
    assert len(boxes) == len(word.replace(" ", ""))
    middles = [(bottom + top) / 2 for _, bottom, _, top in boxes]
    height = max(top - bottom for _, bottom, _, top in boxes)
    assert max(middles) - min(middles) < height / 2
    lefts = [left for left, *_ in boxes]
    assert lefts == sorted(lefts)
    assert len(chars.span_rects(start, start + len(word))) == 1
    # and the page's top line is where a reader sees it: near the top of the page
    first = chars.boxes[0]
    assert first[3] > chars.frame.top - 0.25 * chars.frame.height

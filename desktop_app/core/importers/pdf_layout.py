"""Turning the characters PDFium extracts from each page into lines of clean text.

Pure geometry and text rules, no PDF library: ``pdf_files`` supplies each page's characters
with their boxes (PDF units, y grows upwards) and this module

* drops characters placed outside the visible page (template junk such as
  "B_table indent_4.5 mm" that layout programs leave off the page edge);
* removes the space PDF extraction inserts between CJK characters of a justified line
  ("盈 利 預 警" → "盈利預警"): a single space between two CJK characters goes when the
  gap it stands for is narrower than half a line height; wider gaps separate table columns
  and stay, as do spaces next to Latin text;
* drops page numbers ("– 1 –", "- 2 -", "第1頁", "Page 3 of 9") and lines repeated on most
  pages (running headers, form codes) when they are among the first or last lines of the page
  and lie in its top or bottom margin band.

``pdf_text`` then joins the lines (see its docstring) and records each character's page.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from desktop_app.core.importers.language import is_cjk
from desktop_app.core.text import normalise_imported_text


@dataclass(frozen=True)
class Glyph:
    """One extracted character and its loose box; boxes of generated white space are unused."""

    char: str
    left: float = 0.0
    bottom: float = 0.0
    right: float = 0.0
    top: float = 0.0

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def has_box(self) -> bool:
        return self.right > self.left or self.top > self.bottom


@dataclass(frozen=True)
class PageBox:
    """The visible area of a page (crop box) in PDF units."""

    left: float
    bottom: float
    right: float
    top: float

    def shows(self, glyph: Glyph, tolerance: float = 1.0) -> bool:
        """Whether the glyph lies on the page (a glyph without a box is given the benefit)."""
        if not glyph.has_box:
            return True
        x = (glyph.left + glyph.right) / 2
        y = (glyph.bottom + glyph.top) / 2
        return (
            self.left - tolerance <= x <= self.right + tolerance
            and self.bottom - tolerance <= y <= self.top + tolerance
        )


@dataclass
class Line:
    """One line of a page, its text and geometry (from its visible characters)."""

    text: str
    left: float
    right: float
    bottom: float
    top: float
    height: float
    column_starts: list[float] = field(default_factory=list)  # left of each column segment

    @property
    def has_columns(self) -> bool:
        return len(self.column_starts) > 1


REMOVABLE_GAP = 0.55  # × line height: narrower gaps between CJK characters are justification
COLUMN_GAP = 1.0  # × line height: wider gaps separate columns of a table or a label list
WORD_COLUMN_GAP = 2.0  # × line height: the same between two Latin words
_EDGE_LINES = 3  # lines at the top and at the bottom of a page checked for page numbers
_REPEAT_LINES = 2  # lines at the top and at the bottom of a page checked for repetition
_REPEAT_SHARE = 0.6
_MARGIN_BAND = 0.15  # share of the page height, at the top and at the bottom, holding furniture

_PAGE_NUMBER = re.compile(
    r"[-–—−‒―~]\s*\d{1,4}\s*[-–—−‒―~]"
    r"|第\s*\d{1,4}\s*[頁页](?:\s*[,，]?\s*共\s*\d{1,4}\s*[頁页])?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|\d{1,4}",
    re.IGNORECASE,
)
_TEMPLATE_JUNK = re.compile(r"[A-Z]_table indent_[\d.]+\s*mm")


def split_lines(glyphs: list[Glyph], box: PageBox) -> list[list[Glyph]]:
    """The page's lines (as PDFium breaks them), without off-page characters."""
    lines: list[list[Glyph]] = []
    current: list[Glyph] = []
    for glyph in glyphs:
        if glyph.char in "\r\n":
            if current:
                lines.append(current)
            current = []
        elif glyph.char.isspace() or box.shows(glyph):
            current.append(glyph)
    if current:
        lines.append(current)
    return [line for line in lines if any(not glyph.char.isspace() for glyph in line)]


def _keeps_space(before: Glyph, after: Glyph) -> bool:
    if not (is_cjk(before.char) and is_cjk(after.char)):
        return True
    height = max(before.height, after.height)
    if height <= 0:
        return False  # no geometry: the plain text rule alone decides
    return after.left - before.right >= REMOVABLE_GAP * height


def clean_line_text(text: str) -> str:
    """A line's text as it will be stored: PDFium's markers for a hyphen at a line end
    (U+0002, U+FFFE) back to a hyphen, then the shared normalisation (which also drops
    other control characters)."""
    return normalise_imported_text(text.replace("\x02", "-").replace("\ufffe", "-")).strip()


def repair_spaces(glyphs: list[Glyph]) -> list[Glyph]:
    """``glyphs`` without the single spaces that justification put between CJK characters."""
    kept: list[Glyph] = []
    for index, glyph in enumerate(glyphs):
        if glyph.char == " " and 0 < index < len(glyphs) - 1:
            before, after = glyphs[index - 1], glyphs[index + 1]
            if before.char != " " and after.char != " " and not _keeps_space(before, after):
                continue
        kept.append(glyph)
    return kept


def make_line(glyphs: list[Glyph]) -> Line:
    """A ``Line`` from one line's glyphs: text with spaces repaired, and its geometry."""
    glyphs = repair_spaces(glyphs)
    text = clean_line_text("".join(glyph.char for glyph in glyphs))
    visible = [glyph for glyph in glyphs if not glyph.char.isspace()]
    height = statistics.median(glyph.height for glyph in visible)
    starts = [visible[0].left]
    for before, after in itertools.pairwise(visible):
        # Justified Latin text may stretch the space between two words to a full line height.
        words = before.char.isascii() and before.char.isalpha() and after.char.isascii()
        threshold = (WORD_COLUMN_GAP if words and after.char.isalpha() else COLUMN_GAP) * height
        if height > 0 and after.left - before.right >= threshold:
            starts.append(after.left)
    return Line(
        text=text,
        left=min(glyph.left for glyph in visible),
        right=max(glyph.right for glyph in visible),
        bottom=min(glyph.bottom for glyph in visible),
        top=max(glyph.top for glyph in visible),
        height=height,
        column_starts=starts,
    )


def _edge_lines(lines: list[Line], box: PageBox, count: int) -> set[int]:
    """Ids of the ``count`` topmost and bottommost lines that lie in the page's margins."""
    ordered = sorted(lines, key=lambda line: -(line.top + line.bottom))
    band = _MARGIN_BAND * (box.top - box.bottom)
    top = [line for line in ordered[:count] if line.bottom >= box.top - band]
    bottom = [line for line in ordered[-count:] if line.top <= box.bottom + band]
    return {id(line) for line in top + bottom}


def is_page_furniture(line: Line, at_edge: bool) -> bool:
    """Page numbers (only in the top or bottom margin of a page) and known template junk."""
    if _TEMPLATE_JUNK.fullmatch(line.text):
        return True
    return at_edge and bool(_PAGE_NUMBER.fullmatch(line.text))


def _repeat_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_furniture(pages: list[list[Line]], boxes: list[PageBox]) -> list[list[Line]]:
    """Every page without page numbers, template junk and lines repeated in the top or the
    bottom margin of most pages (digits ignored, so "第 2 頁 共 10 頁" repeats "第 1 頁 …")."""
    cleaned: list[list[Line]] = []
    for lines, box in zip(pages, boxes, strict=True):
        edges = _edge_lines(lines, box, _EDGE_LINES)
        cleaned.append([line for line in lines if not is_page_furniture(line, id(line) in edges)])
    if len(cleaned) < 2:
        return cleaned
    counts: Counter[str] = Counter()
    edge_sets = [
        _edge_lines(lines, box, _REPEAT_LINES) for lines, box in zip(cleaned, boxes, strict=True)
    ]
    for lines, edges in zip(cleaned, edge_sets, strict=True):
        counts.update({_repeat_key(line.text) for line in lines if id(line) in edges})
    needed = max(2, math.ceil(_REPEAT_SHARE * len(cleaned)))
    repeated = {key for key, count in counts.items() if count >= needed}
    return [
        [line for line in lines if id(line) not in edges or _repeat_key(line.text) not in repeated]
        for lines, edges in zip(cleaned, edge_sets, strict=True)
    ]

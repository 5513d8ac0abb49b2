"""Turning the characters PDFium extracts from each page into lines of clean text.

Pure geometry and text rules, no PDF library: ``pdf_files`` supplies each page's characters
with their boxes (PDF units, y grows upwards) and this module

* drops characters placed outside the visible page (template junk such as
  "B_table indent_4.5 mm" that layout programs leave off the page edge);
* removes the space PDF extraction inserts between CJK characters of a justified line
  ("盈 利 預 警" → "盈利預警"): a single space between two CJK characters goes when the
  gap it stands for is narrower than half a line height; wider gaps separate table columns
  and stay, as do spaces next to Latin text;
* sets apart, for the import report, what a reader never sees: characters off the page
  and characters PDFium marks invisible (``Glyph.hidden``).

``pdf_furniture`` then removes page numbers and running headers, ``pdf_text`` joins the
lines (see its docstring) and records each character's page.
"""

from __future__ import annotations

import itertools
import statistics
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
    # Why a reader never sees it ("" when they do): e.g. "invisible" for render mode 3.
    hidden: str = ""

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


@dataclass(frozen=True)
class Cell:
    """A stretch of a line set apart from the rest by a gap wide enough for a table column."""

    left: float
    right: float
    text: str
    bottom: float = 0.0  # of the lowest line the cell takes in (a cell may wrap)
    sources: tuple[int, ...] = ()  # which of the page's lines (in PDFium order) it comes from


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
    cells: list[Cell] = field(default_factory=list)  # split at table-column gaps

    @property
    def has_columns(self) -> bool:
        return len(self.column_starts) > 1


REMOVABLE_GAP = 0.55  # × line height: narrower gaps between CJK characters are justification
COLUMN_GAP = 1.0  # × line height: wider gaps separate columns of a table or a label list
WORD_COLUMN_GAP = 2.0  # × line height: the same between two Latin words
CELL_GAP = 2.5  # × line height: wider gaps than justification ever makes part table cells


def _unseen(glyph: Glyph, box: PageBox) -> str:
    """Why a reader never sees ``glyph`` ("off_page", "invisible"), or "" when they do."""
    if glyph.char.isspace():
        return ""
    return glyph.hidden if box.shows(glyph) else "off_page"  # off the page says more


def unseen_runs(glyphs: list[Glyph], box: PageBox) -> list[tuple[str, str]]:
    """The runs of characters a reader never sees, as (why, text), in page order."""
    runs: list[tuple[str, str]] = []
    kind_of_run, run = "", ""

    def flush() -> None:
        if kind_of_run and run.strip():
            runs.append((kind_of_run, run.strip()))

    for glyph in [*glyphs, Glyph("\n")]:
        kind = _unseen(glyph, box)
        if kind:
            if kind != kind_of_run:
                flush()
                kind_of_run, run = kind, ""
            run += glyph.char
        elif glyph.char == " " and kind_of_run:
            run += " "  # a space between two hidden words belongs to the run
        else:
            flush()
            kind_of_run, run = "", ""
    return runs


def split_lines(glyphs: list[Glyph], box: PageBox) -> list[list[Glyph]]:
    """The page's lines (as PDFium breaks them), without characters a reader never sees."""
    lines: list[list[Glyph]] = []
    current: list[Glyph] = []
    for glyph in glyphs:
        if glyph.char in "\r\n":
            if current:
                lines.append(current)
            current = []
        elif not _unseen(glyph, box):
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


def _cells(glyphs: list[Glyph], height: float) -> list[Cell]:
    """The line cut at gaps of at least ``CELL_GAP`` line heights between visible glyphs."""
    groups: list[list[Glyph]] = [[]]
    previous: Glyph | None = None
    for glyph in glyphs:
        if glyph.char.isspace():
            groups[-1].append(glyph)
            continue
        if previous is not None and height > 0 and glyph.left - previous.right >= CELL_GAP * height:
            groups.append([])
        groups[-1].append(glyph)
        previous = glyph
    cells = []
    for group in groups:
        visible = [glyph for glyph in group if not glyph.char.isspace()]
        text = clean_line_text("".join(glyph.char for glyph in group))
        if visible and text:
            right = max(glyph.right for glyph in visible)
            bottom = min(glyph.bottom for glyph in visible)
            cells.append(Cell(visible[0].left, right, text, bottom))
    return cells


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
        cells=_cells(glyphs, height),
        text=text,
        left=min(glyph.left for glyph in visible),
        right=max(glyph.right for glyph in visible),
        bottom=min(glyph.bottom for glyph in visible),
        top=max(glyph.top for glyph in visible),
        height=height,
        column_starts=starts,
    )

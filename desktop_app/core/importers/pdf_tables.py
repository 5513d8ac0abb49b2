"""Table rows of a PDF page rebuilt from glyph geometry: one row on one line, cells apart by
a tab.

PDFium lists a table cell by cell ("18,336,970", "(100 %)", "0", "(0 %)" each on a line of
their own), so a poll result or an allotment table reads as a column of numbers. Here the
lines of a page that share a baseline band (they overlap vertically by most of their
height) and sit side by side are one table row; so is a single line with gaps wider than
``CELL_GAP`` line heights. A row's cells — the lines' stretches between such gaps, left to
right — are joined with tabs.

A cell that wraps (a resolution over three lines, "18,336,970" above "(100 %)") continues
in the next row: that row is joined to the one above, cell by cell, when it lies just below
it, its cells all stand under cells of the row above, and its first cell does not open a
new item ("2.", "(ii)"). Only lines of one page are ever combined, so every character keeps
its page.

A row is kept only if its text follows PDFium's order of the page's lines (a whole,
unbroken run of them, as word processors draw tables cell by cell): the page pane finds
each stored character on the page by aligning the two texts, which a table drawn column
by column and rebuilt into rows would scramble. Such a table stays as PDFium reads it.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from desktop_app.core.importers.language import is_cjk
from desktop_app.core.importers.pdf_layout import Cell, Line
from desktop_app.core.importers.pdf_text import ENUMERATED

_SAME_BAND = 0.6  # share of the lower line's height two lines of one row overlap by
_MAX_PITCH = 1.6  # × line height: baselines at most this far apart for a cell to go on
_WRAPPED_GAP = 4.0  # × line height: a wrapped cell ends at most this far before the next


def _vertical_overlap(first: Line, second: Line) -> float:
    shared = min(first.top, second.top) - max(first.bottom, second.bottom)
    lowest = min(first.top - first.bottom, second.top - second.bottom)
    return shared / lowest if lowest > 0 else 0.0


def _side_by_side(first: Line, second: Line) -> bool:
    return first.right <= second.left or second.right <= first.left


def _bands(lines: list[Line]) -> list[list[int]]:
    """Indices of the lines grouped by baseline band, each band in first-seen order."""
    band_of = list(range(len(lines)))

    def root(index: int) -> int:
        while band_of[index] != index:
            index = band_of[index]
        return index

    for first, second in itertools.combinations(range(len(lines)), 2):
        a, b = lines[first], lines[second]
        if _side_by_side(a, b) and _vertical_overlap(a, b) >= _SAME_BAND:
            band_of[root(second)] = root(first)
    bands: dict[int, list[int]] = {}
    for index in range(len(lines)):
        bands.setdefault(root(index), []).append(index)
    result = []
    for members in bands.values():
        # Lines of one band must not overlap each other; if chaining made them, keep apart.
        if all(_side_by_side(lines[a], lines[b]) for a, b in itertools.combinations(members, 2)):
            result.append(members)
        else:
            result += [[index] for index in members]
    return sorted(result, key=lambda members: members[0])


def _cells_of(line: Line) -> list[Cell]:
    return line.cells or [Cell(line.left, line.right, line.text, line.bottom)]


def _row(members: list[Line]) -> Line:
    cells = sorted((cell for line in members for cell in _cells_of(line)), key=lambda c: c.left)
    return Line(
        text="\t".join(cell.text for cell in cells),
        left=min(line.left for line in members),
        right=max(line.right for line in members),
        bottom=min(line.bottom for line in members),
        top=max(line.top for line in members),
        height=max(line.height for line in members),
        column_starts=[cell.left for cell in cells],
        cells=cells,
    )


def _under(cell: Cell, above: list[Cell]) -> int | None:
    """Index of the cell of ``above`` that ``cell`` stands under, if any."""
    for index, upper in enumerate(above):  # overlapping horizontally
        if cell.left < upper.right and upper.left < cell.right:
            return index
    return None


def _glue(before: str, after: str) -> str:
    if not before or not after or is_cjk(before[-1]) or is_cjk(after[0]):
        return ""
    return " "


def _continues(row: Line, previous: Line) -> list[int] | None:
    """For each cell of ``row``, the cell of ``previous`` it continues, when ``row`` is the
    wrapped rest of ``previous``; else ``None``."""
    pitch = previous.bottom - row.bottom  # from the lowest line already in the row
    if pitch <= 0 or pitch > _MAX_PITCH * previous.height:
        return None
    targets = [_under(cell, previous.cells) for cell in row.cells]
    if any(target is None for target in targets) or len(set(targets)) != len(targets):
        return None
    chosen = [target for target in targets if target is not None]
    if any(_ends_sentence(previous.cells[target].text) for target in chosen):
        return None  # a finished cell does not go on: this is a new row, or text after
    if chosen[0] == 0 and not _wraps_into(previous, row):
        return None
    return chosen


def _wraps_into(previous: Line, row: Line) -> bool:
    """Whether the first cell of ``row`` is the wrapped rest of the first cell above: that
    one fills its column (up to the next cell: a short label such as "營業額" in a list of
    accounts did not wrap), the new one follows at a line's pitch and opens no item."""
    upper, lower = previous.cells[0], row.cells[0]
    height = previous.height
    if len(previous.cells) > 1 and previous.cells[1].left - upper.right > _WRAPPED_GAP * height:
        return False  # a short label ("營業額") with room to spare did not wrap
    if upper.bottom - lower.bottom > _MAX_PITCH * height:
        return False
    return not ENUMERATED.match(lower.text)


def _ends_sentence(text: str) -> bool:
    return text.rstrip("」』）)”’\"'").endswith(tuple("。！？；：.!?;:"))


def _join(previous: Line, row: Line, targets: list[int]) -> Line:
    cells = list(previous.cells)
    for cell, target in zip(row.cells, targets, strict=True):
        upper = cells[target]
        text = upper.text + _glue(upper.text, cell.text) + cell.text
        sources = upper.sources + cell.sources
        cells[target] = Cell(upper.left, max(upper.right, cell.right), text, cell.bottom, sources)
    return Line(
        text="\t".join(cell.text for cell in cells),
        left=min(previous.left, row.left),
        right=max(previous.right, row.right),
        bottom=min(previous.bottom, row.bottom),
        top=previous.top,
        height=previous.height,
        column_starts=previous.column_starts,
        cells=cells,
    )


def _in_reading_order(row: Line) -> bool:
    """Whether the row's text follows PDFium's order of the page's lines, taking a whole,
    unbroken run of them: then every character can still be found on the page (the page
    pane aligns the stored text with PDFium's). A table PDFium lists column by column is
    left as it lists it rather than scrambled against the page."""
    order = [source for cell in row.cells for source in cell.sources]
    unbroken = sorted(set(order)) == list(range(min(order), max(order) + 1))
    return unbroken and all(a <= b for a, b in itertools.pairwise(order))


def rebuild_rows(lines: list[Line]) -> list[Line]:
    """The page's lines with table rows put back together (see the module docstring)."""
    tagged = [
        replace(line, cells=[replace(cell, sources=(index,)) for cell in _cells_of(line)])
        for index, line in enumerate(lines)
    ]
    rows: list[Line] = []
    for members in _bands(tagged):
        group = [tagged[index] for index in members]
        row = _row(group) if len(group) > 1 or len(group[0].cells) > 1 else group[0]
        previous = rows[-1] if rows else None
        if previous is not None and len(previous.cells) >= 2:
            targets = _continues(row, previous)
            if targets is not None:
                rows[-1] = _join(previous, row, targets)
                continue
        rows.append(row)
    placed: list[tuple[int, Line]] = []
    for row in rows:
        sources = sorted({source for cell in row.cells for source in cell.sources})
        if _in_reading_order(row):
            placed.append((sources[0], row))
        else:  # keep PDFium's lines as they were
            placed += [(source, lines[source]) for source in sources]
    return [row for _, row in sorted(placed, key=lambda item: item[0])]

"""Page furniture of a PDF: page numbers, running headers and footers, template labels.

A line is furniture only when geometry and content agree:

* a page number ("– 1 –", "第1頁", "Page 3 of 9") or a line repeated on most pages is
  removed only where it sits *outside the body* of its page: among the lines peeled off
  the top or the bottom of the page, inside the top or bottom margin band, before the first
  line of body text. A line between body lines is never furniture.
* "repeated" means identical once page numbers are masked: every number in the line is
  either the same on each page or moves in step with the page ("第 2 頁 共 10 頁" on page 2,
  "第 3 頁 共 10 頁" on page 3). A line whose other numbers change from page to page — a
  resolution's vote count, a table row — is content, however alike its words are.

Everything removed is returned as an ``ImportNote`` (kind ``furniture``) quoting the text
and naming its page, so nothing disappears without a trace.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from desktop_app.core.importers.base import ImportNote
from desktop_app.core.importers.pdf_layout import Line, PageBox

MARGIN_BAND = 0.15  # share of the page height, at the top and at the bottom, holding furniture
_EDGE_LINES = 3  # at most this many lines are peeled off each edge of a page
_REPEAT_SHARE = 0.6  # a running header or footer is on at least this share of the pages

_PAGE_NUMBER = re.compile(
    r"[-–—−‒―~]\s*\d{1,4}\s*[-–—−‒―~]"
    r"|第\s*\d{1,4}\s*[頁页](?:\s*[,，]?\s*共\s*\d{1,4}\s*[頁页])?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|\d{1,4}",
    re.IGNORECASE,
)
_TEMPLATE_JUNK = re.compile(r"[A-Z]_table indent_[\d.]+\s*mm")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class _Occurrence:
    page: int  # 0-based index of the page
    line: Line
    numbers: tuple[int, ...]


def _shape(text: str) -> str:
    """The line with white space removed and every number replaced by ``#``."""
    return _NUMBER.sub("#", re.sub(r"\s+", "", text))


def _in_step(occurrences: list[_Occurrence]) -> list[_Occurrence]:
    """The occurrences whose numbers each follow the commonest pattern of their position:
    one constant value, or the page index plus one constant (a page number)."""
    width = min(len(item.numbers) for item in occurrences)
    patterns: list[tuple[str, int]] = []
    for position in range(width):
        votes: Counter[tuple[str, int]] = Counter()
        for item in occurrences:
            value = item.numbers[position]
            votes[("same", value)] += 1
            votes[("page", value - item.page)] += 1
        patterns.append(votes.most_common(1)[0][0])

    def follows(item: _Occurrence) -> bool:
        for position, (kind, constant) in enumerate(patterns):
            value = item.numbers[position]
            if value != (constant if kind == "same" else item.page + constant):
                return False
        return len(item.numbers) == width

    return [item for item in occurrences if follows(item)]


def _edge_runs(lines: list[Line], box: PageBox) -> tuple[list[Line], list[Line]]:
    """The lines in the top margin band from the top down and in the bottom band from the
    bottom up (at most ``_EDGE_LINES`` each): the only places furniture may be."""
    band = MARGIN_BAND * (box.top - box.bottom)
    ordered = sorted(lines, key=lambda line: -(line.top + line.bottom))
    top = list(
        itertools.takewhile(lambda line: line.bottom >= box.top - band, ordered[:_EDGE_LINES])
    )
    from_bottom = ordered[::-1][:_EDGE_LINES]
    bottom = list(itertools.takewhile(lambda line: line.top <= box.bottom + band, from_bottom))
    return top, [line for line in bottom if line not in top]


def _repeated(pages: list[list[Line]], boxes: list[PageBox]) -> dict[int, str]:
    """The lines (by id, with their shape) that repeat, page numbers masked, in the margins
    of most pages."""
    if len(pages) < 2:
        return {}
    groups: dict[str, list[_Occurrence]] = defaultdict(list)
    for index, (lines, box) in enumerate(zip(pages, boxes, strict=True)):
        top, bottom = _edge_runs(lines, box)
        for line in top + bottom:
            numbers = tuple(int(number) for number in _NUMBER.findall(line.text))
            groups[_shape(line.text)].append(_Occurrence(index, line, numbers))
    needed = max(2, math.ceil(_REPEAT_SHARE * len(pages)))
    repeated: dict[int, str] = {}
    for shape, occurrences in groups.items():
        if len({item.page for item in occurrences}) < needed:
            continue
        steady = _in_step(occurrences)
        if len({item.page for item in steady}) >= needed:
            repeated |= {id(item.line): shape for item in steady}
    return repeated


def _peel(run: list[Line], furniture: set[int]) -> list[Line]:
    """The leading lines of ``run`` that are furniture; the first body line ends the peel."""
    peeled: list[Line] = []
    for line in run:
        if id(line) not in furniture:
            break
        peeled.append(line)
    return peeled


def _peeled(
    pages: list[list[Line]], boxes: list[PageBox], repeated: dict[int, str]
) -> list[list[Line]]:
    """Per page, the furniture candidates peeled off its top and bottom edges."""
    peeled: list[list[Line]] = []
    for lines, box in zip(pages, boxes, strict=True):
        top, bottom = _edge_runs(lines, box)
        candidates = set(repeated) | {
            id(line) for line in top + bottom if _PAGE_NUMBER.fullmatch(line.text)
        }
        peeled.append(_peel(top, candidates) + _peel(bottom, candidates))
    return peeled


def drop_furniture(
    pages: list[list[Line]], boxes: list[PageBox]
) -> tuple[list[list[Line]], list[ImportNote]]:
    """Every page without its furniture, and one note per line left out (in page order)."""
    repeated = _repeated(pages, boxes)
    peeled = _peeled(pages, boxes, repeated)
    # A repeated line is furniture only if it sits outside the body on most pages too.
    outside: dict[str, set[int]] = defaultdict(set)
    for index, lines in enumerate(peeled):
        for line in lines:
            if id(line) in repeated:
                outside[repeated[id(line)]].add(index)
    needed = max(2, math.ceil(_REPEAT_SHARE * len(pages)))
    steady = {key for key, found in outside.items() if len(found) >= needed}
    if steady != set(outside):
        repeated = {line: key for line, key in repeated.items() if key in steady}
        peeled = _peeled(pages, boxes, repeated)
    cleaned: list[list[Line]] = []
    notes: list[ImportNote] = []
    for number, (lines, edges) in enumerate(zip(pages, peeled, strict=True), start=1):
        removed = {
            id(line): "page number"
            if _PAGE_NUMBER.fullmatch(line.text)
            else "running header or footer"
            for line in edges
        }
        for line in lines:
            if _TEMPLATE_JUNK.fullmatch(line.text):
                removed[id(line)] = "layout template label"
        cleaned.append([line for line in lines if id(line) not in removed])
        notes += [
            ImportNote("furniture", f"left out “{line.text}” ({removed[id(line)]})", page=number)
            for line in lines
            if id(line) in removed
        ]
    return cleaned, notes

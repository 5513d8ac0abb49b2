"""Joining a PDF's cleaned lines into one text and recording the page of every character.

A line is joined to the next one when it was wrapped mid-sentence:

* it does not end with sentence-final punctuation (。！？；： . ! ? ; :, before any closing
  quote or bracket), the next line does not open with an item number ("(iv)", "2.", "（三）")
  and is not a table row, neither line has dot leaders, and a table row is only continued
  under its last column (a wrapped cell); and
* it is a full line: it reaches the right margin of the body text (within
  ``FULL_LINE_SLACK`` line heights; the margin is the 90th percentile of the right edges
  of ordinary lines on pages of the same size) and starts in the left part of the text
  block, so centred headings and right-aligned signature blocks stay apart; or it ends in
  a Latin word or comma and the next line starts with a lowercase letter.

Across CJK the lines are joined directly ("…根 據 香" + "港聯合…"), between Latin words with
a space, and a hyphen at a line end is kept with nothing added ("well-" + "known"). The
same rule joins the last line of a page with the first of the next; the joining character
counts as part of the earlier page. Lines not joined are separated by a line break.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from desktop_app.core.importers.language import is_cjk
from desktop_app.core.importers.pdf_layout import Line, PageBox
from desktop_app.core.models import PageSpan

FULL_LINE_SLACK = 1.2
_MARGIN_PERCENTILE = 0.9
_MIN_MARGIN_CHARS = 8
_MAX_INDENT_SHARE = 0.4  # a full line starts in the left 40 % of the text block
_SENTENCE_END = "。！？；：.!?;:"
_CLOSERS = "」』）)”’\"'】》〉"
_LEADERS = re.compile(r"(?:\.\s?){5,}|…{2,}|·{5,}")
# A line opening with an item number starts an item of a list, not the rest of a sentence.
ENUMERATED = re.compile(
    r"\(?[ivx]{1,5}\)|\([a-z]\)|[a-z]\)\s|\(?\d{1,2}\)|\d{1,2}\.(?!\d)|[（(][一二三四五六七八九十]+[）)]"
    r"|[一二三四五六七八九十]+、|[•●▪■◆]"
)


@dataclass(frozen=True)
class Margins:
    """Where ordinary body lines start and end on a page."""

    left: float
    right: float

    def is_full(self, line: Line) -> bool:
        """The line runs from the left part of the text block to the right margin."""
        slack = FULL_LINE_SLACK * line.height
        start_limit = self.left + _MAX_INDENT_SHARE * (self.right - self.left)
        return line.right >= self.right - slack and line.left <= start_limit


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _size(box: PageBox) -> tuple[int, int, int, int]:
    return round(box.left), round(box.bottom), round(box.right), round(box.top)


def body_margins(pages: list[list[Line]], boxes: list[PageBox]) -> list[Margins]:
    """For each page, the margins of its body text (shared by pages of the same size)."""
    lefts: dict[tuple[int, ...], list[float]] = defaultdict(list)
    rights: dict[tuple[int, ...], list[float]] = defaultdict(list)
    for lines, box in zip(pages, boxes, strict=True):
        for line in lines:
            if len(line.text) >= _MIN_MARGIN_CHARS and not line.has_columns:
                lefts[_size(box)].append(line.left)
                rights[_size(box)].append(line.right)
    margins: list[Margins] = []
    for box in boxes:
        key = _size(box)
        if key in rights:
            margins.append(
                Margins(
                    _percentile(lefts[key], 1 - _MARGIN_PERCENTILE),
                    _percentile(rights[key], _MARGIN_PERCENTILE),
                )
            )
        else:
            margins.append(Margins(box.left, box.right))
    return margins


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return not stripped or stripped[-1] in _SENTENCE_END


def _is_row(line: Line) -> bool:
    """A row of a table: columns apart, or a label and a value joined by dot leaders."""
    return line.has_columns or bool(_LEADERS.search(line.text))


def joiner(line: Line, margins: Margins, following: Line) -> str | None:
    """What joins ``line`` to ``following`` ("" or " "), or ``None`` for a line break."""
    if not line.text or not following.text or _is_row(following):
        return None
    if _LEADERS.search(line.text) or ENUMERATED.match(following.text):
        return None
    if line.has_columns and abs(following.left - line.column_starts[-1]) > line.height:
        return None
    last, first = line.text[-1], following.text[0]
    if _ends_sentence(line.text):
        return None
    full = margins.is_full(line)
    latin_wrap = (last.isascii() and (last.isalnum() or last == ",")) and first.islower()
    if not (full or latin_wrap):
        return None
    if is_cjk(last) or is_cjk(first):
        return ""
    if last == "-" and len(line.text) > 1 and line.text[-2].isalpha() and first.islower():
        return ""
    return " "


def assemble(pages: list[list[Line]], boxes: list[PageBox]) -> tuple[str, list[PageSpan]]:
    """The document's text and one span per page, contiguous from 0 to the end of the text.

    A page without text gets an empty span where the next page's text starts.
    """
    margins = body_margins(pages, boxes)
    parts: list[str] = []
    length = 0
    starts: list[int | None] = []
    previous: tuple[Line, Margins] | None = None
    for lines, margin in zip(pages, margins, strict=True):
        start: int | None = None
        for line in lines:
            text = line.text
            if not text:
                continue
            if previous is not None:
                glue = joiner(previous[0], previous[1], line)
                separator = "\n" if glue is None else glue
                parts.append(separator)
                length += len(separator)
            if start is None:
                start = length
            parts.append(text)
            length += len(text)
            previous = (line, margin)
        starts.append(start)
    resolved: list[int] = []
    following = length
    for start in reversed(starts):
        following = following if start is None else start
        resolved.append(following)
    resolved.reverse()
    ends = [*resolved[1:], length]
    spans = [
        PageSpan(page=number, start=start, end=end)
        for number, (start, end) in enumerate(zip(resolved, ends, strict=True), start=1)
    ]
    return "".join(parts), spans

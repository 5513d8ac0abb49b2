"""Where each stored character sits on its PDF page: the alignment of the stored text with
PDFium's raw page text, and the geometry built on it (boxes of a span, the character under a
point, page units to bitmap pixels and back).

The stored text is not PDFium's text: the importer joins wrapped lines, removes the spaces
justification puts between CJK characters, drops page furniture and off-page template junk,
and may rearrange table rows. White space carries no box anyway, so only the non-white-space
characters of both are aligned (``difflib`` longest common runs, then equal-length gaps paired
one to one, which covers characters the importer replaced, such as U+0002 → "-").

Pure Python: PDFium is read in ``pdf_source``; coordinates here are PDF units (y grows upwards)
unless a name says pixels.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from dataclasses import dataclass, field

from desktop_app.core.models import PageSpan

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF units


def page_offsets(pages: list[PageSpan], page: int) -> list[int]:
    """Every stored offset that came from ``page`` (1-based), in order."""
    offsets: list[int] = []
    for span in pages:
        if span.page == page:
            offsets.extend(range(span.start, span.end))
    return offsets


def align_to_pdfium(stored: str, pdfium_text: str) -> list[int | None]:
    """For each character of ``stored``, the index of the same character in ``pdfium_text``,
    or None (white space, and characters PDFium's text does not have)."""
    stored_at = [index for index, char in enumerate(stored) if not char.isspace()]
    pdfium_at = [index for index, char in enumerate(pdfium_text) if not char.isspace()]
    left = "".join(stored[index] for index in stored_at)
    right = "".join(pdfium_text[index] for index in pdfium_at)
    result: list[int | None] = [None] * len(stored)
    for first, other in enumerate(_align_visible(left, right)):
        if other >= 0:
            result[stored_at[first]] = pdfium_at[other]
    return result


def _align_visible(left: str, right: str) -> list[int]:
    """Index in ``right`` of each character of ``left`` (-1 for none), both without spaces.

    Runs are anchored where ``left`` has an ``_ANCHOR``-character stretch that occurs exactly
    once in ``right`` and grown both ways, in linear time whatever the order of the runs (the
    importer may move table rows); what lies between anchored runs is matched with ``difflib``
    when short, which would be slow on a whole page of Chinese, where every common character
    occurs hundreds of times.
    """
    matched = [-1] * len(left)
    unique: dict[str, int] = {}
    for start in range(len(right) - _ANCHOR + 1):
        gram = right[start : start + _ANCHOR]
        unique[gram] = -1 if gram in unique else start
    index = 0
    while index <= len(left) - _ANCHOR:
        other = unique.get(left[index : index + _ANCHOR], -1)
        if other < 0 or matched[index] >= 0:
            index += 1
            continue
        back = 1
        while (
            index - back >= 0
            and other - back >= 0
            and matched[index - back] < 0
            and left[index - back] == right[other - back]
        ):
            matched[index - back] = other - back
            back += 1
        while index < len(left) and other < len(right) and left[index] == right[other]:
            matched[index] = other
            index, other = index + 1, other + 1
    _match_gaps(left, right, matched)
    return matched


def _match_gaps(left: str, right: str, matched: list[int]) -> None:
    """Match the characters of ``left`` left between anchored runs, within the stretch of
    ``right`` between the same runs."""
    index = 0
    while index < len(left):
        if matched[index] >= 0:
            index += 1
            continue
        end = index
        while end < len(left) and matched[end] < 0:
            end += 1
        low = matched[index - 1] + 1 if index > 0 else 0
        high = matched[end] if end < len(left) else len(right)
        if low < high and (end - index) * (high - low) <= _GAP_WORK:
            _match_gap(left, right, matched, (index, end), (low, high))
        else:
            # Between runs the importer moved (a rebuilt table row): the gap is found on its
            # own, if it occurs exactly once.
            gap = left[index:end]
            found = right.find(gap)
            if found >= 0 and right.find(gap, found + 1) < 0:
                matched[index:end] = range(found, found + len(gap))
        index = end


def _match_gap(
    left: str, right: str, matched: list[int], gap: tuple[int, int], within: tuple[int, int]
) -> None:
    first, last = gap
    low, high = within
    matcher = difflib.SequenceMatcher(None, left[first:last], right[low:high], autojunk=False)
    for tag, start, end, other_start, other_end in matcher.get_opcodes():
        # A replaced stretch of the same length is the importer's substitution (U+0002 → "-").
        if tag == "equal" or (tag == "replace" and end - start == other_end - other_start):
            for step in range(end - start):
                matched[first + start + step] = low + other_start + step


_ANCHOR = 6  # characters in an anchor: long enough to be unique on a page, short enough to fit
_GAP_WORK = 400_000  # largest gap (characters × characters) matched with difflib


@dataclass(frozen=True)
class PageFrame:
    """How a page's PDF units map onto its rendered bitmap: crop box and rotation."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int = 0  # clockwise degrees, as /Rotate

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def pixel_size(self, scale: float) -> tuple[int, int]:
        width, height = round(self.width * scale), round(self.height * scale)
        return (height, width) if self.rotation in (90, 270) else (width, height)

    def to_pixels(self, x: float, y: float, scale: float) -> tuple[float, float]:
        """Bitmap pixel (from the top left) of page point ``(x, y)``."""
        across, down = x - self.left, self.top - y
        if self.rotation == 90:
            across, down = self.height - down, across
        elif self.rotation == 180:
            across, down = self.width - across, self.height - down
        elif self.rotation == 270:
            across, down = down, self.width - across
        return across * scale, down * scale

    def from_pixels(self, px: float, py: float, scale: float) -> tuple[float, float]:
        """Page point of bitmap pixel ``(px, py)``; the inverse of ``to_pixels``."""
        across, down = px / scale, py / scale
        if self.rotation == 90:
            across, down = down, self.height - across
        elif self.rotation == 180:
            across, down = self.width - across, self.height - down
        elif self.rotation == 270:
            across, down = self.width - down, across
        return self.left + across, self.top - down

    def box_to_pixels(self, box: Box, scale: float) -> tuple[float, float, float, float]:
        """``(left, top, right, bottom)`` in pixels of a page box."""
        x1, y1 = self.to_pixels(box[0], box[1], scale)
        x2, y2 = self.to_pixels(box[2], box[3], scale)
        return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


@dataclass
class PageChars:
    """The boxes of one page's stored characters, keyed by stored offset."""

    page: int
    frame: PageFrame
    boxes: dict[int, Box] = field(default_factory=dict)
    offsets: list[int] = field(default_factory=list)  # every stored offset of the page
    visible_count: int = 0  # of those, the non-white-space ones

    @property
    def coverage(self) -> float:
        """Share of the page's non-white-space stored characters that have a box."""
        return len(self.boxes) / self.visible_count if self.visible_count else 1.0

    def span_rects(self, start: int, end: int) -> list[Box]:
        """Boxes of stored ``[start, end)`` on this page, merged into one box per line run."""
        rects: list[Box] = []
        first = bisect_left(self.offsets, start)
        for offset in self.offsets[first:]:
            if offset >= end:
                break
            box = self.boxes.get(offset)
            if box is None:
                continue
            if rects and _same_line(rects[-1], box) and box[0] >= rects[-1][0] - 1:
                last = rects[-1]
                rects[-1] = (
                    last[0],
                    min(last[1], box[1]),
                    max(last[2], box[2]),
                    max(last[3], box[3]),
                )
            else:
                rects.append(box)
        return rects

    def offset_at(self, x: float, y: float) -> int | None:
        """The stored offset of the character under page point ``(x, y)`` (of the nearest
        centre where loose boxes overlap, as a full-width bracket's does its neighbour's), else
        of the nearest character on that line within a character's height, else None."""
        inside: tuple[float, int] | None = None
        beside: tuple[float, int] | None = None
        for offset, (left, bottom, right, top) in self.boxes.items():
            if not bottom <= y <= top:
                continue
            if left <= x <= right:
                distance = abs(x - (left + right) / 2) + abs(y - (bottom + top) / 2)
                if inside is None or distance < inside[0]:
                    inside = (distance, offset)
            elif inside is None:
                distance = left - x if x < left else x - right
                if distance <= top - bottom and (beside is None or distance < beside[0]):
                    beside = (distance, offset)
        found = inside or beside
        return found[1] if found else None


def _same_line(a: Box, b: Box) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def page_chars(
    text: str,
    pages: list[PageSpan],
    page: int,
    frame: PageFrame,
    pdfium_text: str,
    pdfium_boxes: list[Box | None],
) -> PageChars:
    """The boxes of ``page``'s stored characters, from PDFium's text of that page and the box
    of each of its characters (None for characters without one)."""
    offsets = page_offsets(pages, page)
    stored = "".join(text[offset] for offset in offsets)
    mapping = align_to_pdfium(stored, pdfium_text)
    boxes: dict[int, Box] = {}
    for offset, index in zip(offsets, mapping, strict=True):
        if index is not None and pdfium_boxes[index] is not None:
            box = pdfium_boxes[index]
            assert box is not None
            boxes[offset] = box
    visible = sum(1 for char in stored if not char.isspace())
    return PageChars(page, frame, boxes, offsets, visible)

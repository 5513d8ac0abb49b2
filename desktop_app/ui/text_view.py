"""The announcement text: read-only, selectable, with annotation highlights painted on demand.

Highlights are not text formats or extra selections (both cost time proportional to every
highlight in the document). Each paint asks the span index for the spans touching the visible
lines and draws only those: translucent fills for mentions with a coloured bar per nesting
level, outlined boxes for event triggers. Invisible format characters (bidi controls,
zero-width spaces) are shown as placeholders with a red tag naming each, so they can neither
reorder nor hide what the reviewer reads. All position conversion goes through ``DisplayText``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontInfo,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCursor,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from desktop_app.core.display_text import DisplayText
from desktop_app.core.invisible_chars import InvisibleChar
from desktop_app.core.span_index import IndexedSpan, SpanIndex, SpanKind, nesting_levels
from desktop_app.core.text import snap_span
from desktop_app.ui.invisible_tags import InvisibleTags

_FILL_ALPHA = 70
_COMMENT_MARK = QColor("#e67e22")
_BAR_HEIGHT = 2.0
_BAR_STEP = 3.0
# Text sizes in points: the zoom keys stay within this range, and a saved size outside it is
# not restored (see MainWindow._restore_layout).
DEFAULT_POINT_SIZE = 12
SMALLEST_POINT_SIZE = 6
LARGEST_POINT_SIZE = 48
_CJK_FALLBACKS = [
    "Noto Sans CJK TC",
    "Noto Sans CJK SC",
    "Microsoft JhengHei",
    "PingFang TC",
    "Microsoft YaHei",
    "PingFang SC",
    "Source Han Sans TC",
]
# Latin families by platform, for when the system font is an alias of a CJK one.
_LATIN_FAMILIES = [
    "Segoe UI",
    "Helvetica Neue",
    "Noto Sans",
    "DejaVu Sans",
    "Liberation Sans",
    "Arial",
    "Nimbus Sans",
]


@dataclass
class _VisibleLine:
    start: int  # display positions
    end: int
    block_position: int
    top: float
    height: float
    line: QTextLine


def _line_x(line: QTextLine, position: int) -> float:
    result = line.cursorToX(position)
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]


def _solid_and_fill(colour: str) -> tuple[QColor, QColor]:
    """A type's bar colour and its translucent fill, made once rather than on every paint."""
    solid = QColor(colour)
    fill = QColor(colour)
    fill.setAlpha(_FILL_ALPHA)
    return solid, fill


def _is_cjk_family(family: str) -> bool:
    systems = QFontDatabase.writingSystems(family)
    return (
        QFontDatabase.WritingSystem.SimplifiedChinese in systems
        or QFontDatabase.WritingSystem.TraditionalChinese in systems
    )


def latin_family() -> str:
    """The family that draws Latin text and its punctuation (’ “ ” —).

    The system's general font may be an alias ("Sans Serif") that resolves to a CJK family,
    or a CJK family itself; a CJK font draws curly quotes and apostrophes full width
    ("Pharma’ s"), so a Latin family is put first and the CJK ones only after it.
    """
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    available = set(QFontDatabase.families())
    # An alias lists as a family of its own: judge the family it resolves to.
    for wanted in (system.family(), *_LATIN_FAMILIES):
        resolved = QFontInfo(QFont(wanted)).family()
        if resolved in available and not _is_cjk_family(resolved):
            return resolved
    return QFontInfo(system).family()


def reading_font(point_size: float = DEFAULT_POINT_SIZE) -> QFont:
    """A proportional reading font: a Latin family first, then CJK families for Chinese."""
    font = QFont()
    available = set(QFontDatabase.families())
    latin = latin_family()
    families = [latin] + [name for name in _CJK_FALLBACKS if name in available and name != latin]
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font


class AnnotatedTextView(QPlainTextEdit):
    """Shows one document's text with its annotations; reports the caret in stored offsets."""

    caret_moved = Signal(int)
    hovered = Signal(int)
    # The left button was released over a selection made with the mouse (a drag).
    mouse_selected = Signal()
    # A double click at this stored offset (after Qt's own word selection).
    double_clicked = Signal(int)
    # Invisible characters were found past the first screens (after the first paint).
    invisibles_found = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setCursorWidth(2)
        self.setMouseTracking(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFont(reading_font())
        self.setAccessibleName("Announcement text")
        self._display = DisplayText("")
        self._spans = SpanIndex()
        self._entity_colours: dict[str, tuple[QColor, QColor]] = {}
        self._fallback = _solid_and_fill("#888888")
        self._event_colours: dict[str, QColor] = {}
        self._current: set[str] = set()
        self._marked: set[str] = set()
        self._describe: Callable[[IndexedSpan], str] = lambda span: span.type_id
        self._tags = InvisibleTags()
        self._known_invisibles: Callable[[], list[InvisibleChar] | None] | None = None
        # Placeholders are put in after the first paint: not steps anyone could undo.
        self.document().setUndoRedoEnabled(False)
        # Drawn over the text after it (suggestions, span labels), each given the clip.
        self.overlays: list[Callable[[QPainter, QRectF], None]] = []
        self.cursorPositionChanged.connect(self._emit_caret)

    # --- content ---------------------------------------------------------------------------

    def set_colours(self, entity_colours: dict[str, str], event_colours: dict[str, str]) -> None:
        self._entity_colours = {
            key: _solid_and_fill(value) for key, value in entity_colours.items()
        }
        self._event_colours = {key: QColor(value) for key, value in event_colours.items()}

    def set_document(
        self,
        display: DisplayText,
        spans: SpanIndex,
        known_invisibles: Callable[[], list[InvisibleChar] | None] | None = None,
    ) -> None:
        """Show ``display`` with ``spans`` highlighted; invisible characters as tags, those
        past the first ``FIRST_SCAN`` characters found after the first paint
        (``ui.invisible_tags``) but before the view can show them: from
        ``known_invisibles`` (every one of this text, as found before) if it knows them."""
        self._display = display
        self._spans = spans
        self._known_invisibles = known_invisibles
        self._current = set()
        self.setPlainText(self._tags.start(display))
        self._tags.shown_in(self.document())
        if not self._tags.complete:
            QTimer.singleShot(0, self, self.scan_rest)

    @property
    def fully_scanned(self) -> bool:
        """Whether every invisible character of the text is known (and shown as a tag)."""
        return self._tags.complete

    def scan_rest(self) -> None:
        """Find the invisible characters past the first screens now, if not yet;
        ``invisibles_found`` says when there were any."""
        if self._tags.complete:
            return
        known = self._known_invisibles() if self._known_invisibles is not None else None
        self._known_invisibles = None  # holds the open document: asked once
        if self._tags.finish(known):
            self.invisibles_found.emit()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (a Qt override)
        # Nothing past the searched screens is painted before its invisible characters are
        # replaced: a bidi control must never reorder what the reviewer reads, even once.
        if dy:
            self.scan_rest()
        super().scrollContentsBy(dx, dy)

    def set_spans(self, spans: SpanIndex) -> None:
        self._spans = spans
        self.viewport().update()

    def set_describer(self, describe: Callable[[IndexedSpan], str]) -> None:
        self._describe = describe

    def set_marked(self, owner_ids: set[str]) -> None:
        """Annotations with open comments: a small corner mark at the start of each."""
        self._marked = owner_ids
        self.viewport().update()

    def set_current(self, annotation_ids: set[str]) -> None:
        """Mark the annotation(s) being edited so they stand out."""
        self._current = annotation_ids
        self.viewport().update()

    # --- positions in stored offsets ---------------------------------------------------------

    @property
    def display_text(self) -> DisplayText:
        return self._display

    @property
    def invisibles(self) -> list[InvisibleChar]:
        """The invisible characters found so far (all once ``fully_scanned``), each shown
        as a tag."""
        return self._tags.found

    def caret_offset(self) -> int:
        return self._display.from_display(self.textCursor().position())

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a stored span widened to whole characters, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._display.span_from_display(cursor.selectionStart(), cursor.selectionEnd())
        return snap_span(self._display.text, start, end)

    def select_span(self, start: int, end: int, caret_at_end: bool = True) -> None:
        """Select stored ``[start, end)`` and scroll it into view."""
        first, last = self._display.span_to_display(start, end)
        cursor = self.textCursor()
        anchor, position = (first, last) if caret_at_end else (last, first)
        cursor.setPosition(anchor)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor() if not self._is_visible(position) else self.ensureCursorVisible()

    def move_caret(self, offset: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._display.to_display(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def offset_at(self, point: QPoint) -> int:
        return self._display.from_display(self.cursorForPosition(point).position())

    def _is_visible(self, position: int) -> bool:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        rect = self.cursorRect(cursor)
        return self.viewport().rect().contains(rect.center())

    def _emit_caret(self) -> None:
        self.caret_moved.emit(self.caret_offset())

    # --- painting --------------------------------------------------------------------------

    def _visible_lines(self, clip: QRectF) -> list[_VisibleLine]:
        lines: list[_VisibleLine] = []
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        bottom = clip.bottom()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible() and geometry.bottom() >= clip.top():
                layout = block.layout()
                position = block.position()
                # A long paragraph is one block of many lines: find the first line in the clip
                # by bisection and stop at the first one below it, instead of visiting all.
                count = layout.lineCount()
                low, high = 0, count
                above = clip.top() - geometry.top()
                while low < high:
                    middle = (low + high) // 2
                    candidate = layout.lineAt(middle)
                    if candidate.y() + candidate.height() < above:
                        low = middle + 1
                    else:
                        high = middle
                for number in range(low, count):
                    line = layout.lineAt(number)
                    top = geometry.top() + line.y()
                    if top > bottom:
                        break
                    if top + line.height() < clip.top():
                        continue
                    start = position + line.textStart()
                    lines.append(
                        _VisibleLine(
                            start, start + line.textLength(), position, top, line.height(), line
                        )
                    )
            block = block.next()
        return lines

    def _span_rects(
        self, lines: list[_VisibleLine], starts: list[int], first: int, last: int
    ) -> list[QRectF]:
        rects = []
        x_offset = self.contentOffset().x()
        index = max(bisect_right(starts, first) - 1, 0)
        while index < len(lines) and lines[index].start < last:
            line = lines[index]
            begin, finish = max(first, line.start), min(last, line.end)
            if finish > begin:
                x1 = _line_x(line.line, begin - line.block_position)
                x2 = _line_x(line.line, finish - line.block_position)
                rects.append(QRectF(x_offset + x1, line.top, max(x2 - x1, 1.0), line.height))
            index += 1
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._spans:
            painter = QPainter(self.viewport())
            try:
                self._paint_highlights(painter, QRectF(event.rect()))
            finally:
                painter.end()
        super().paintEvent(event)
        if self._tags.found:
            painter = QPainter(self.viewport())
            try:
                clip = QRectF(event.rect())
                self._tags.paint(painter, self.font(), self.visible_geometry(clip))
            finally:
                painter.end()
        for overlay in self.overlays:
            painter = QPainter(self.viewport())
            try:
                overlay(painter, QRectF(event.rect()))
            finally:
                painter.end()

    def visible_geometry(
        self, clip: QRectF
    ) -> tuple[int, int, Callable[[int, int], list[QRectF]]] | None:
        """For overlays: the stored range ``[first, last)`` the visible lines in ``clip``
        cover, and a function giving a stored span's rectangles on those lines."""
        lines = self._visible_lines(clip)
        if not lines:
            return None
        display = self._display
        starts = [line.start for line in lines]

        def rects_of(start: int, end: int) -> list[QRectF]:
            begin, finish = display.span_to_display(start, end)
            return self._span_rects(lines, starts, begin, finish)

        first = display.from_display(lines[0].start)
        return first, display.from_display(lines[-1].end) + 1, rects_of

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 (a Qt override)
        """Copy the stored characters, not the placeholders shown for invisible ones."""
        data = QMimeData()
        span = self.selected_span()
        data.setText(self._display.text[span[0] : span[1]] if span else "")
        return data

    def _paint_highlights(self, painter: QPainter, clip: QRectF) -> None:
        lines = self._visible_lines(clip)
        if not lines:
            return
        display = self._display
        first = display.from_display(lines[0].start)
        last = display.from_display(lines[-1].end) + 1
        starts = [line.start for line in lines]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        visible = self._spans.overlapping(first, last)
        levels = nesting_levels(visible)
        for span in visible:
            begin, finish = display.span_to_display(span.start, span.end)
            rects = self._span_rects(lines, starts, begin, finish)
            if rects:
                self._paint_span(painter, span, rects, levels.get(span.annotation_id, 0))

    def _paint_span(
        self, painter: QPainter, span: IndexedSpan, rects: list[QRectF], level: int
    ) -> None:
        current = span.annotation_id in self._current or span.owner_id in self._current
        if span.owner_id in self._marked:
            corner = rects[0]
            painter.fillRect(QRectF(corner.left(), corner.top(), 6, 3), _COMMENT_MARK)
            painter.fillRect(QRectF(corner.left(), corner.top(), 3, 6), _COMMENT_MARK)
        if span.kind == SpanKind.MENTION:
            colour, fill = self._entity_colours.get(span.type_id, self._fallback)
            for rect in rects:
                painter.fillRect(rect, fill)
                bar_top = rect.bottom() - _BAR_HEIGHT - level * _BAR_STEP
                painter.fillRect(QRectF(rect.left(), bar_top, rect.width(), _BAR_HEIGHT), colour)
            if current:
                painter.setPen(QPen(self.palette().highlight().color(), 2))
                for rect in rects:
                    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        else:
            colour = self._event_colours.get(span.type_id, QColor("#444444"))
            pen = QPen(colour, 3 if current else 2)
            pen.setStyle(Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in rects:
                painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
            marker = QColor(colour)
            painter.fillRect(QRectF(rects[0].left(), rects[0].top(), 4, rects[0].height()), marker)

    # --- pointer -----------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        self.hovered.emit(self.offset_at(event.position().toPoint()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (a Qt override)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.textCursor().hasSelection():
            self.mouse_selected.emit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (a Qt override)
        super().mouseDoubleClickEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.double_clicked.emit(self.offset_at(event.position().toPoint()))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self.scan_rest()  # names every invisible character under the pointer
            offset = self.offset_at(event.pos())
            names = [self._describe(span) for span in self._spans.at(offset)]
            invisible = self._tags.at(offset)
            if invisible is not None:
                names.insert(0, f"Invisible character {invisible.description}")
            if names:
                QToolTip.showText(event.globalPos(), "\n".join(names), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # --- zoom --------------------------------------------------------------------------------

    def zoom(self, steps: int) -> None:
        font = self.font()
        font.setPointSizeF(
            min(max(font.pointSizeF() + steps, SMALLEST_POINT_SIZE), LARGEST_POINT_SIZE)
        )
        self.setFont(font)

"""The PDF page beside the text: the page of the caret, with every annotation on it outlined.

For a PDF document whose original file is stored, the pane shows the page the caret is on,
rendered by ``PageRenderer`` off the UI thread and kept in a small LRU cache. Each mention on
the page is outlined in its entity type's colour and each event trigger in its event type's;
the annotation at the caret (and the text selection) is filled so it stands out, and the page
scrolls to it. Clicking a character on the page asks the text to put its caret there.
Documents without a stored PDF original say so in the pane.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.core.errors import KnownError
from desktop_app.core.models import PageSpan
from desktop_app.core.page_geometry import PageChars
from desktop_app.core.span_index import SpanIndex, SpanKind
from desktop_app.core.store.annotations import page_at
from desktop_app.ui.text_view import AnnotatedTextView

if TYPE_CHECKING:  # the renderer and its worker thread: made when the pane first shows a page
    from desktop_app.ui.page_renderer import PageRenderer, RenderedPage

# Rendered pages kept; an A4 page at 150 dpi is about 8 MB as a pixmap.
CACHED_PAGES = 8
_SELECTION = QColor("#1e6fd9")
_CARET = QColor("#d0021b")
_FALLBACK = "#888888"


class PageCanvas(QWidget):
    """One rendered page scaled to the pane's width, with coloured boxes drawn over it."""

    clicked = Signal(QPointF)  # in page pixels of the rendered image

    def __init__(self) -> None:
        super().__init__()
        self.setMouseTracking(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.rendered: RenderedPage | None = None
        self._pixmap: QPixmap | None = None
        self._scaled: QPixmap | None = None
        # (rects in image pixels, colour, stands out?) of each annotation and of the selection
        self.outlines: list[tuple[list[QRectF], QColor, bool]] = []
        self.selection: list[QRectF] = []  # dashed, over the outlines
        self.caret: QRectF | None = None  # the box of the character at the text's caret

    def show_page(self, rendered: RenderedPage, pixmap: QPixmap) -> None:
        self.rendered = rendered
        self._pixmap = pixmap
        self._scaled = None
        self.fit_width(self.width())

    def fit_width(self, width: int) -> None:
        if self._pixmap is None or width <= 0:
            return
        height = round(self._pixmap.height() * width / self._pixmap.width())
        if self._scaled is None or self._scaled.width() != width:
            self._scaled = self._pixmap.scaled(
                width,
                height,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.setFixedSize(width, height)
        self.update()

    @property
    def rendered_size(self) -> tuple[int, int]:
        """Width and height in pixels of the page as rendered (before fitting the pane)."""
        return (self._pixmap.width(), self._pixmap.height()) if self._pixmap else (0, 0)

    @property
    def ratio(self) -> float:
        """Shown pixels per rendered pixel."""
        if self._pixmap is None or self._scaled is None:
            return 1.0
        return self._scaled.width() / self._pixmap.width()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("#606060"))
            if self._scaled is not None:
                painter.drawPixmap(0, 0, self._scaled)
            ratio = self.ratio
            for rects, colour, filled in self.outlines:
                fill = QColor(colour)
                fill.setAlpha(60)
                painter.setPen(QPen(colour, 2.0 if filled else 1.25))
                for rect in rects:
                    shown = QRectF(
                        rect.left() * ratio,
                        rect.top() * ratio,
                        rect.width() * ratio,
                        rect.height() * ratio,
                    ).adjusted(-1, -1, 1, 1)
                    if filled:
                        painter.fillRect(shown, fill)
                    painter.drawRect(shown)
            if self.caret is not None and not self.selection:
                box = self.caret
                painter.fillRect(
                    QRectF(
                        box.left() * ratio - 2, box.top() * ratio - 2, 2, box.height() * ratio + 4
                    ),
                    _CARET,
                )
            pen = QPen(_SELECTION, 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for rect in self.selection:
                shown = QRectF(
                    rect.left() * ratio,
                    rect.top() * ratio,
                    rect.width() * ratio,
                    rect.height() * ratio,
                )
                painter.drawRect(shown.adjusted(-3, -3, 3, 3))
        finally:
            painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rendered is not None:
            ratio = self.ratio
            self.clicked.emit(QPointF(event.position().x() / ratio, event.position().y() / ratio))
        super().mousePressEvent(event)


class PagePane(QWidget):
    """The page of the caret, for documents with a stored PDF original."""

    offset_clicked = Signal(int)  # the reviewer clicked this stored offset on the page
    page_shown = Signal(int)  # a page is on screen (after rendering, or from the cache)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_pane")
        self.setAccessibleName("PDF page")
        self.header = QLabel()
        self.header.setObjectName("page_pane_header")
        self.header.setWordWrap(True)
        self.canvas = PageCanvas()
        self.canvas.clicked.connect(self._clicked)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll_area, 1)
        self._renderer: PageRenderer | None = None
        self._cache: OrderedDict[tuple[str, int, float], tuple[RenderedPage, QPixmap]] = (
            OrderedDict()
        )
        self._entity_colours: dict[str, QColor] = {}
        self._event_colours: dict[str, QColor] = {}
        self._document_id: str | None = None
        self._text = ""
        self._pages: list[PageSpan] = []
        self._spans = SpanIndex()
        self._load_original: Callable[[], bytes | None] = lambda: None
        self._loaded = False
        self._usable = False
        self._page: int | None = None
        self._caret = 0
        self._selection: tuple[int, int] | None = None
        self._requested_at = 0.0
        self.last_shown_ms = 0.0  # request to screen, for the page on screen
        self.page_count = 0
        self._sync: Callable[..., None] = lambda *_: None

    # --- what to show ----------------------------------------------------------------------

    def set_colours(self, entity_colours: dict[str, str], event_colours: dict[str, str]) -> None:
        self._entity_colours = {key: QColor(value) for key, value in entity_colours.items()}
        self._event_colours = {key: QColor(value) for key, value in event_colours.items()}

    def set_document(
        self,
        document_id: str | None,
        text: str = "",
        pages: list[PageSpan] | None = None,
        load_original: Callable[[], bytes | None] = lambda: None,
    ) -> None:
        """Show ``document_id``'s pages; its original is read only once the pane is shown."""
        self._document_id = document_id
        self._text = text
        self._pages = list(pages or [])
        self._load_original = load_original
        self._loaded = self._usable = False
        self._page = None
        self._caret, self._selection = 0, None
        self.canvas.rendered = None
        self.page_count = 0
        if self.isVisible():
            self._load()

    def set_spans(self, spans: SpanIndex) -> None:
        self._spans = spans
        self._update_outlines(scroll=False)

    def show_position(self, caret: int, selection: tuple[int, int] | None) -> None:
        """Follow the text: the caret's page, scrolled to the annotation or selection there."""
        self._caret, self._selection = caret, selection
        if not self._usable:
            return
        page = page_at(self._pages, caret) or 1
        if page != self._page:
            self._show(page)
        else:
            self._update_outlines(scroll=True)

    def follow(self, text_view: AnnotatedTextView) -> None:
        """Keep to the caret and selection of ``text_view``; a click on the page moves its caret."""

        def sync(*_: object) -> None:
            if self.isVisible():
                self.show_position(text_view.caret_offset(), text_view.selected_span())

        def put_caret(offset: int) -> None:
            text_view.move_caret(offset)
            text_view.setFocus()

        text_view.caret_moved.connect(sync)
        text_view.selectionChanged.connect(sync)
        self.offset_clicked.connect(put_caret)
        self._sync = sync

    @property
    def page(self) -> int | None:
        return self._page

    @property
    def renderer(self) -> PageRenderer:
        if self._renderer is None:
            from desktop_app.ui.page_renderer import PageRenderer

            self._renderer = PageRenderer(self)
            self._renderer.rendered.connect(self._rendered)
        return self._renderer

    def shutdown(self) -> None:
        if self._renderer is not None:
            self._renderer.shutdown()

    # --- loading and rendering ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._load()
        self._sync()  # the caret may have moved while the pane was hidden

    def _load(self) -> None:
        self._loaded = True
        if self._document_id is None:
            self._say("No document is open.")
            return
        try:
            original = self._load_original()
        except KnownError as error:  # the stored original is damaged
            self._say(f"The original file cannot be shown: {error}")
            return
        if original is None:
            self._say(
                "No original file is stored for this document (it was not imported from a "
                "file, or was imported before originals were kept), so its pages cannot be shown."
            )
            return
        from desktop_app.core.pdf_source import is_pdf  # PDFium: on the first page shown

        if not is_pdf(original) or not self._pages:
            self._say("Pages are shown for PDF documents only; this one is not a PDF.")
            return
        from desktop_app.ui.page_renderer import PageSourceData

        self._usable = True
        self.renderer.load(
            PageSourceData(self._document_id, original, self._text, list(self._pages))
        )
        self._show(page_at(self._pages, self._caret) or 1)

    def _say(self, text: str) -> None:
        self.header.setText(text)
        self.canvas.rendered = None
        self.canvas.outlines = []
        self.canvas.hide()

    def _show(self, page: int) -> None:
        assert self._document_id is not None
        self._page = page
        self._requested_at = time.perf_counter()
        from desktop_app.ui.page_renderer import DPI

        key = (self._document_id, page, DPI)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self._display(*cached)
            return
        self.header.setText(f"Page {page} — rendering…")
        self.renderer.request(self._document_id, page)

    def _rendered(self, rendered: RenderedPage) -> None:
        request = rendered.request
        image, rendered.image = rendered.image, None  # the pixmap alone is kept: half the memory
        if image is not None:
            self._cache[request.key] = (rendered, QPixmap.fromImage(image))
            while len(self._cache) > CACHED_PAGES:
                self._cache.popitem(last=False)
        if request.document_id == self._document_id and request.page == self._page:
            if image is None:
                self._say(f"Page {request.page} cannot be shown: {rendered.error}")
                self._usable = False
                return
            self._display(rendered, self._cache[request.key][1])

    def _display(self, rendered: RenderedPage, pixmap: QPixmap) -> None:
        self.page_count = rendered.page_count
        self.canvas.show()
        self.canvas.show_page(rendered, pixmap)
        self.canvas.fit_width(self.scroll_area.viewport().width())
        self.last_shown_ms = (time.perf_counter() - self._requested_at) * 1000
        self.header.setText(f"Page {rendered.request.page} of {rendered.page_count}")
        self.header.setToolTip("Click a character on the page to put the caret there")
        self._update_outlines(scroll=True)
        self.page_shown.emit(rendered.request.page)

    # --- outlines, scrolling and clicks ------------------------------------------------------

    def _pixel_rects(self, chars: PageChars, start: int, end: int, scale: float) -> list[QRectF]:
        rects = []
        for box in chars.span_rects(start, end):
            left, top, right, bottom = chars.frame.box_to_pixels(box, scale)
            rects.append(QRectF(left, top, right - left, bottom - top))
        return rects

    def _update_outlines(self, scroll: bool) -> None:
        rendered = self.canvas.rendered
        if rendered is None or rendered.chars is None:
            return
        chars, scale = rendered.chars, rendered.request.dpi / 72.0
        outlines: list[tuple[list[QRectF], QColor, bool]] = []
        focus: list[QRectF] = []
        selection: list[QRectF] = []
        self.canvas.caret = None
        if chars.offsets:
            at_caret = {span.annotation_id for span in self._spans.at(self._caret)}
            for span in self._spans.overlapping(chars.offsets[0], chars.offsets[-1] + 1):
                rects = self._pixel_rects(chars, span.start, span.end, scale)
                colours = (
                    self._entity_colours if span.kind == SpanKind.MENTION else self._event_colours
                )
                current = span.annotation_id in at_caret or (
                    self._selection is not None
                    and span.start < self._selection[1]
                    and self._selection[0] < span.end
                )
                outlines.append((rects, colours.get(span.type_id, QColor(_FALLBACK)), current))
                if current:
                    focus.extend(rects)
            if self._selection is not None:
                selection = self._pixel_rects(chars, *self._selection, scale)
                focus = selection + focus
            caret = self._pixel_rects(chars, self._caret, self._caret + 1, scale)
            self.canvas.caret = caret[0] if caret else None
            if not focus:
                focus = caret
        self.canvas.outlines = outlines
        self.canvas.selection = selection
        self.canvas.update()
        if scroll and focus:
            ratio = self.canvas.ratio
            first = focus[0]
            self.scroll_area.ensureVisible(
                round(first.center().x() * ratio), round(first.center().y() * ratio), 40, 120
            )

    def _clicked(self, point: QPointF) -> None:
        rendered = self.canvas.rendered
        if rendered is None or rendered.chars is None:
            return
        x, y = rendered.chars.frame.from_pixels(point.x(), point.y(), rendered.request.dpi / 72)
        offset = rendered.chars.offset_at(x, y)
        if offset is not None:
            self.offset_clicked.emit(offset)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.canvas.fit_width(self.scroll_area.viewport().width())

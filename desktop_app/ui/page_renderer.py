"""Rendering PDF pages off the UI thread: one worker thread makes every PDFium call.

PDFium is not thread-safe, so a single ``QThread`` owns the open ``PdfSource`` and does all
rendering and character-box reading; the UI thread only sends requests and receives
``RenderedPage`` results (a ``QImage``, which unlike a ``QPixmap`` may be made off the UI
thread). A request the UI has already moved past (the caret went on to another page) is
skipped rather than rendered.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from desktop_app.core.models import PageSpan
from desktop_app.core.page_geometry import PageChars

if TYPE_CHECKING:  # PDFium is loaded by the worker, when the first page is asked for
    from desktop_app.core.pdf_source import PdfSource

DPI = 150.0


@dataclass(frozen=True)
class PageRequest:
    serial: int  # increasing; the worker skips a request older than the newest one
    document_id: str
    page: int
    dpi: float = DPI

    @property
    def key(self) -> tuple[str, int, float]:
        return self.document_id, self.page, self.dpi


@dataclass(frozen=True)
class PageSourceData:
    """What the worker needs to know of a document: its original and its stored text."""

    document_id: str
    original: bytes
    text: str
    pages: list[PageSpan] = field(default_factory=list)


@dataclass
class RenderedPage:
    request: PageRequest
    image: QImage | None = None
    chars: PageChars | None = None
    page_count: int = 0
    error: str = ""
    render_ms: float = 0.0
    thread_name: str = ""  # where it was rendered: the worker thread, never the UI thread


class _Worker(QObject):
    rendered = Signal(object)  # RenderedPage

    def __init__(self) -> None:
        super().__init__()
        self.newest_serial = 0  # set from the UI thread; an int, read atomically
        self._data: PageSourceData | None = None
        self._source: PdfSource | None = None
        self._error = ""

    @Slot(object)
    def load(self, data: PageSourceData) -> None:
        self.close()
        self._data = data
        self._error = ""

    @Slot()
    def close(self) -> None:
        if self._source is not None:
            self._source.close()
        self._source = None

    def _open(self) -> PdfSource | None:
        from desktop_app.core.pdf_source import PdfSource, PdfSourceError

        if self._source is None and self._data is not None and not self._error:
            try:
                self._source = PdfSource(self._data.original)
            except PdfSourceError as error:
                self._error = str(error)
        return self._source

    @Slot(object)
    def render(self, request: PageRequest) -> None:
        if request.serial < self.newest_serial:
            return  # superseded before it was started
        from desktop_app.core.pdf_source import PdfSourceError

        started = time.perf_counter()
        result = RenderedPage(request)
        data = self._data
        source = self._open() if data and data.document_id == request.document_id else None
        if data is None or data.document_id != request.document_id:
            result.error = "the document changed"
        elif source is None:
            result.error = self._error
        else:
            result.page_count = source.page_count
            try:
                page = source.render(request.page, request.dpi)
                image = QImage(
                    page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB32
                )
                result.image = image.copy()  # own the pixels: ``page.pixels`` goes away
                result.chars = source.chars(data.text, data.pages, request.page)
            except PdfSourceError as error:
                result.error = str(error)
        result.render_ms = (time.perf_counter() - started) * 1000
        result.thread_name = QThread.currentThread().objectName()
        self.rendered.emit(result)


class PageRenderer(QObject):
    """Sends page requests to the worker thread; ``rendered`` arrives on the UI thread."""

    rendered = Signal(object)  # RenderedPage
    _load = Signal(object)
    _render = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._serial = 0

    def _started(self) -> _Worker:
        if self._worker is None:
            self._thread = QThread()
            self._thread.setObjectName("pdf_pages")
            self._worker = _Worker()
            self._worker.moveToThread(self._thread)
            self._load.connect(self._worker.load)
            self._render.connect(self._worker.render)
            self._worker.rendered.connect(self.rendered)
            self._thread.start()
            application = QCoreApplication.instance()
            if application is not None:  # never leave the thread running as the process ends
                application.aboutToQuit.connect(self.shutdown)
        return self._worker

    def load(self, data: PageSourceData) -> None:
        self._started()
        self._load.emit(data)

    def request(self, document_id: str, page: int, dpi: float = DPI) -> PageRequest:
        worker = self._started()
        self._serial += 1
        request = PageRequest(self._serial, document_id, page, dpi)
        worker.newest_serial = self._serial
        self._render.emit(request)
        return request

    def shutdown(self) -> None:
        """Close the original and stop the thread (before the window goes)."""
        if self._thread is not None and self._worker is not None:
            self._thread.quit()
            self._thread.wait()
            self._worker.close()  # the thread has stopped: no other PDFium call can be running
            self._thread = None
            self._worker = None

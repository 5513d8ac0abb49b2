"""How long a PDF page takes to appear in the page pane at 150 dpi, against bare pypdfium2
rendering of the same page measured in the same run (medians of R runs).

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_page_render.py [--repeat 15]

For a few real Chinese filings from ``../shared/realdata`` (their densest page):

* floor: bare ``pdfium.PdfDocument(data)[n].render(scale=150/72)`` (load the page, rasterise);
* floor + QImage: the same, then the pixels copied into a ``QImage``;
* worker: what the page pane's worker thread does for a page not yet cached (and not loaded:
  another page is looked at between runs) — render through
  ``PdfSource`` into a ``QImage`` and find every stored character's box (PDFium text, boxes,
  alignment with the stored text);
* on screen: the pane itself, cache emptied, from the request to the ``page_shown`` signal
  (thread hop, ``QPixmap``, scaling to the pane's width and the outlines included);
* cached: the same page again, from the LRU cache.

Target: on screen ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from common import machine_description, median, timed

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from desktop_app.core.importers import import_file
from desktop_app.core.pdf_source import PdfSource
from desktop_app.ui.page_pane import PagePane
from desktop_app.ui.page_renderer import DPI

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "hkex-00328-zh"
FILINGS = ("alco05_2025-06-20.pdf", "alco09_2025-07-08.pdf", "alco18_2025-08-25.pdf")


def _bare_render(document: object, page: int, to_qimage: bool) -> None:
    handle = document[page - 1]  # type: ignore[index]
    bitmap = handle.render(scale=DPI / 72)
    if to_qimage:
        image = QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_BGR888,
        )
        image.copy()
    bitmap.close()
    handle.close()


def _densest_page(text: str, pages: list) -> int:  # type: ignore[type-arg]
    sizes: dict[int, int] = {}
    for span in pages:
        sizes[span.page] = sizes.get(span.page, 0) + span.end - span.start
    return max(sizes, key=lambda page: sizes[page])


def _on_screen(pane: PagePane, document: object, page: int, clear: bool) -> float:
    if clear:
        pane._cache.clear()  # the benchmark measures an uncached page
    pane._page = None  # make the pane ask again
    loop = QEventLoop()
    pane.page_shown.connect(loop.quit)
    QTimer.singleShot(10_000, loop.quit)
    pane.show_position(document.pages_start(page), None)  # type: ignore[attr-defined]
    if pane.page != page or pane.header.text().endswith("rendering…"):
        loop.exec()
    pane.page_shown.disconnect(loop.quit)
    return pane.last_shown_ms / 1000


class _Document:
    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        imported = import_file(path)
        self.text, self.pages = imported.text, imported.pages

    def pages_start(self, page: int) -> int:
        return next(span.start for span in self.pages if span.page == page)


def _measure(path: Path, repeat: int, pane: PagePane) -> None:
    document = _Document(path)
    page = _densest_page(document.text, document.pages)
    bare = pdfium.PdfDocument(document.data)
    source = PdfSource(document.data)
    floor = median([timed(lambda: _bare_render(bare, page, False)) for _ in range(repeat)])
    floor_image = median([timed(lambda: _bare_render(bare, page, True)) for _ in range(repeat)])

    other = 1 if page != 1 else 2  # every filing here has two pages or more

    def worker_work() -> None:
        rendered = source.render(page, DPI)
        QImage(
            rendered.pixels,
            rendered.width,
            rendered.height,
            rendered.stride,
            QImage.Format.Format_RGB32,
        ).copy()
        source.chars(document.text, document.pages, page)

    worker_times = []
    for _ in range(repeat):
        source.frame(other)  # unload the page: every run loads it, as a first view does
        worker_times.append(timed(worker_work))
    worker = median(worker_times)
    source.close()
    bare.close()
    pane.set_document(path.name, document.text, document.pages, lambda: document.data)
    _on_screen(pane, document, page, True)  # the first page shown on opening, not timed
    screen_times = []
    for _ in range(repeat):
        _on_screen(pane, document, other, True)  # so the worker must load the page again
        screen_times.append(_on_screen(pane, document, page, True))
    screen = median(screen_times)
    cached = median([_on_screen(pane, document, page, False) for _ in range(repeat)])
    width, height = pane.canvas.rendered_size
    verdict = "within" if screen <= 0.1 else "OVER"
    print(
        f"{path.name} page {page} ({width}×{height} px):\n"
        f"  floor: bare render {floor * 1000:6.1f} ms; + QImage {floor_image * 1000:6.1f} ms\n"
        f"  worker (render + QImage + char boxes) {worker * 1000:6.1f} ms "
        f"= {worker / floor:4.2f}× floor, {worker / floor_image:4.2f}× floor + QImage\n"
        f"  on screen, uncached {screen * 1000:6.1f} ms = {screen / floor:4.2f}× floor, "
        f"{screen / floor_image:4.2f}× floor + QImage ({verdict} the 100 ms target); "
        f"cached {cached * 1000:5.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    arguments = parser.parse_args()
    application = QApplication.instance() or QApplication(sys.argv)
    print(f"page render at {DPI:.0f} dpi — {machine_description()}")
    print(f"pypdfium2 {pdfium.version.PYPDFIUM_INFO}, PDFium {pdfium.version.PDFIUM_INFO}")
    pane = PagePane()
    pane.resize(620, 900)
    pane.show()
    for name in FILINGS:
        path = REALDATA / name
        if path.exists():
            _measure(path, arguments.repeat, pane)
        else:
            print(f"{name}: not found in {REALDATA}; skipped")
    pane.shutdown()
    pane.close()
    del application


if __name__ == "__main__":
    main()

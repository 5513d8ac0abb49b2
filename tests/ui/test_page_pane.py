"""The PDF page beside the text, on a real Chinese filing: F9 shows the page of the caret with
its annotations outlined in their colours, it follows the caret and the selected annotation,
a click on the page moves the caret, and documents without a PDF original say so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from desktop_app.core.importers import import_file
from desktop_app.core.store import Store
from desktop_app.ui.cheat_sheet import cheat_sheet_html
from desktop_app.ui.main_window import MainWindow

REALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "realdata" / "hkex-00328-zh"
FILING = REALDATA / "alco17_2025-08-22.pdf"  # four pages, Traditional Chinese
pytestmark = pytest.mark.skipif(not FILING.exists(), reason="../shared/realdata is not here")
COMPANY_COLOUR = QColor("#3B82F6")


@pytest.fixture
def filing(store: Store) -> dict[str, object]:
    imported = import_file(FILING)
    document_id, _ = store.add_document(
        text=imported.text,
        title=imported.title,
        source_name=FILING.name,
        pages=imported.pages,
        original=FILING.read_bytes(),
    )
    text = imported.text
    first = text.index("本公司")  # on page 1
    third = text.index("董事會", imported.pages[3].start)  # on page 4
    store.create_entity(document_id, "COMPANY", [(first, first + 3)])
    store.create_entity(document_id, "COMPANY", [(third, third + 3)])
    return {"id": document_id, "first": first, "third": third, "pages": imported.pages}


def _window_with_pane(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot, document_id: str
) -> MainWindow:
    window = make_window(store)
    window.resize(1500, 900)
    window.open_document(document_id)
    window.text_view.setFocus()
    with qtbot.waitSignal(window.page_pane.page_shown, timeout=5000):
        qtbot.keyClick(window.text_view, Qt.Key.Key_F9)
    return window


def _colour_pixels(image: QImage, colour: QColor, tolerance: int = 40) -> int:
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = QColor(image.pixel(x, y))
            if (
                abs(pixel.red() - colour.red())
                + abs(pixel.green() - colour.green())
                + abs(pixel.blue() - colour.blue())
                < tolerance
            ):
                count += 1
    return count


def test_f9_shows_the_page_with_the_mentions_outlined_in_their_colour(
    make_window: Callable[[Store], MainWindow],
    store: Store,
    qtbot: QtBot,
    filing: dict[str, object],
) -> None:
    window = _window_with_pane(make_window, store, qtbot, str(filing["id"]))
    pane = window.page_pane
    assert pane.isVisible() and pane.page == 1
    assert pane.header.text() == "Page 1 of 4"
    assert pane.canvas.rendered is not None
    assert pane.canvas.rendered.thread_name == "pdf_pages"  # rendered off the UI thread
    assert abs(pane.canvas.rendered_size[0] - 595.28 * 150 / 72) <= 1  # A4 at 150 dpi
    image = pane.canvas.grab().toImage()
    inked = _colour_pixels(image, QColor("#000000"), tolerance=500)
    assert inked > 500  # the page's text is drawn, not a blank sheet
    assert _colour_pixels(image, COMPANY_COLOUR) > 10  # the mention's outline
    # Without annotations on the page there is no outline in that colour.
    pane.set_spans(type(window.working.spans)())  # type: ignore[union-attr]
    assert _colour_pixels(pane.canvas.grab().toImage(), COMPANY_COLOUR) == 0


def test_the_page_follows_the_caret_and_the_selected_annotation(
    make_window: Callable[[Store], MainWindow],
    store: Store,
    qtbot: QtBot,
    filing: dict[str, object],
) -> None:
    window = _window_with_pane(make_window, store, qtbot, str(filing["id"]))
    pane = window.page_pane
    pages = filing["pages"]
    with qtbot.waitSignal(pane.page_shown, timeout=5000):
        window.text_view.move_caret(pages[1].start + 5)  # type: ignore[index]
    assert pane.page == 2 and pane.header.text() == "Page 2 of 4"
    third = int(str(filing["third"]))
    with qtbot.waitSignal(pane.page_shown, timeout=5000):
        window.jump_to(third, third + 3)
    assert pane.page == 4 and pane.header.text() == "Page 4 of 4"
    filled = [rects for rects, colour, filled in pane.canvas.outlines if filled]
    assert len(filled) == 1, "the selected mention stands out"
    assert pane.canvas.selection == filled[0]  # and the selection is drawn around it


def test_the_page_scrolls_to_a_selection_low_on_the_page(
    make_window: Callable[[Store], MainWindow],
    store: Store,
    qtbot: QtBot,
    filing: dict[str, object],
) -> None:
    window = _window_with_pane(make_window, store, qtbot, str(filing["id"]))
    window.resize(1500, 460)  # a page taller than the pane
    window.reading_splitter.setSizes([150, 600])
    pane = window.page_pane
    qtbot.waitUntil(lambda: pane.canvas.height() > pane.scroll_area.viewport().height())
    end = filing["pages"][2].end  # type: ignore[index]
    text = window.text_view.display_text.text
    low = max(i for i in range(end - 40, end - 3) if not text[i : i + 3].isspace())
    with qtbot.waitSignal(pane.page_shown, timeout=5000):
        window.jump_to(low, low + 3)
    assert pane.page == 3
    bar = pane.scroll_area.verticalScrollBar()
    assert bar.value() > 0
    selection = pane.canvas.selection
    middle = selection[0].center().y() * pane.canvas.ratio
    assert bar.value() <= middle <= bar.value() + pane.scroll_area.viewport().height()


def test_a_page_seen_before_comes_from_the_cache(
    make_window: Callable[[Store], MainWindow],
    store: Store,
    qtbot: QtBot,
    filing: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = _window_with_pane(make_window, store, qtbot, str(filing["id"]))
    pane = window.page_pane
    pages = filing["pages"]
    with qtbot.waitSignal(pane.page_shown, timeout=5000):
        window.text_view.move_caret(pages[1].start)  # type: ignore[index]
    requests: list[int] = []
    original_request = pane.renderer.request
    monkeypatch.setattr(
        pane.renderer, "request", lambda *args: requests.append(1) or original_request(*args)
    )
    with qtbot.waitSignal(pane.page_shown, timeout=1000):
        window.text_view.move_caret(3)
    assert pane.page == 1 and requests == []


def test_clicking_a_character_on_the_page_puts_the_caret_there(
    make_window: Callable[[Store], MainWindow],
    store: Store,
    qtbot: QtBot,
    filing: dict[str, object],
) -> None:
    window = _window_with_pane(make_window, store, qtbot, str(filing["id"]))
    pane = window.page_pane
    rendered = pane.canvas.rendered
    assert rendered is not None and rendered.chars is not None
    target = int(str(filing["first"])) + 1  # the 公 of 本公司
    box = rendered.chars.boxes[target]
    left, top, right, bottom = rendered.chars.frame.box_to_pixels(box, rendered.request.dpi / 72)
    ratio = pane.canvas.ratio
    point = QPoint(round((left + right) / 2 * ratio), round((top + bottom) / 2 * ratio))
    pane.scroll_area.ensureVisible(point.x(), point.y())
    qtbot.mouseClick(pane.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert window.text_view.caret_offset() == target
    assert window.text_view.hasFocus()


def test_a_document_without_an_original_says_so(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot, document_id: str
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    window.registry.run("view.page_pane")
    assert window.page_pane.isVisible()
    assert "No original file is stored" in window.page_pane.header.text()
    assert not window.page_pane.canvas.isVisible()


def test_a_text_document_with_an_original_is_not_a_pdf(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot
) -> None:
    document_id, _ = store.add_document(
        text="Plain announcement.\n", title="Plain", original=b"Plain announcement.\n"
    )
    window = make_window(store)
    window.registry.run("view.page_pane")
    window.open_document(document_id)
    assert "PDF documents only" in window.page_pane.header.text()


def test_the_command_is_in_the_menu_palette_and_cheat_sheet(
    make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = make_window(store)
    assert window.registry.keys_for("view.page_pane") == ["F9"]
    view_menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == "&View"
    )
    assert window.registry.action("view.page_pane") in view_menu.actions()
    assert "Show or hide the PDF page" in cheat_sheet_html(window)
    window.registry.run("view.page_pane")
    assert not window.page_pane.isHidden()
    window.registry.run("view.page_pane")
    assert window.page_pane.isHidden()

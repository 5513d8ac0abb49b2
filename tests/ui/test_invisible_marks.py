"""A reviewer sees every bidi control and invisible character as a red tag, reads the text in
its stored order (never "HKD 1000" for a stored "0001 DKH"), and is warned in the title line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QTextCursor
from pytestqt.qtbot import QtBot

from desktop_app.core.invisible_chars import PLACEHOLDER
from desktop_app.core.store import Store
from desktop_app.ui.invisible_tags import FIRST_SCAN
from desktop_app.ui.main_window import MainWindow

SPOOFED = "Consideration:\n\u202e0001 DKH\u202c per share,\npay\u200bable now.\n"


def _red_pixels(image: QImage, left: int, top: int, right: int, bottom: int) -> int:
    count = 0
    for x in range(max(left, 0), min(right, image.width())):
        for y in range(max(top, 0), min(bottom, image.height())):
            colour = QColor(image.pixel(x, y))
            if colour.red() > 150 and colour.green() < 90 and colour.blue() < 90:
                count += 1
    return count


def _open(make_window: Callable[[Store], MainWindow], store: Store, text: str) -> MainWindow:
    document_id, _ = store.add_document(text=text, title="Spoofed price")
    window = make_window(store)
    window.resize(1200, 700)
    window.splitter.setSizes([100, 1000, 100])  # room for the sentence on one line
    window.open_document(document_id)
    return window


def _tag_box(window: MainWindow, offset: int) -> tuple[int, int, int, int]:
    view = window.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.display_text.to_display(offset))
    left = view.cursorRect(cursor)
    cursor.setPosition(view.display_text.to_display(offset + 1))
    right = view.cursorRect(cursor)
    return left.left(), left.top(), right.right() + 1, left.bottom() + 1


def test_bidi_control_is_painted_as_a_red_tag(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot
) -> None:
    window = _open(make_window, store, SPOOFED)
    image = window.text_view.viewport().grab().toImage()
    rlo = SPOOFED.index("\u202e")
    assert _red_pixels(image, *_tag_box(window, rlo)) > 10
    assert _red_pixels(image, *_tag_box(window, SPOOFED.index("\u200b"))) > 10
    # Wide enough to read its name: more than two ordinary characters.
    tag_left, _, tag_right, _ = _tag_box(window, rlo)
    digit_left, _, digit_right, _ = _tag_box(window, rlo + 1)
    assert tag_right - tag_left > 2 * (digit_right - digit_left)
    # Nothing red over ordinary words: the tag marks the control, not the line.
    word = SPOOFED.index("Consideration")
    assert _red_pixels(image, *_tag_box(window, word)) == 0


def test_text_is_shown_in_stored_order(
    make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _open(make_window, store, SPOOFED)
    first, last = (
        _tag_box(window, SPOOFED.index("0001"))[0],
        _tag_box(window, SPOOFED.index("DKH"))[0],
    )
    assert first < last  # with the override active, "DKH" would be drawn left of "0001"


def test_title_and_status_bar_warn_of_bidi_controls(
    make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _open(make_window, store, SPOOFED)
    assert "2 bidi controls" in window.title_label.text()
    assert "RLO" in window.title_label.text()
    assert "bidi control" in window.statusBar().currentMessage()


def test_plain_text_has_no_warning(
    make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _open(make_window, store, "Consideration: HKD 1000 per share.\n")
    assert "bidi" not in window.title_label.text()
    assert window.text_view.invisibles == []


def test_copy_gives_the_stored_characters(
    make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _open(make_window, store, SPOOFED)
    window.text_view.selectAll()
    clipboard = QGuiApplication.clipboard()
    try:
        window.text_view.copy()
        copied = clipboard.text()
    finally:
        # Qt's offscreen clipboard still holding our data when the application is torn
        # down crashes the process at exit: leave it empty.
        clipboard.clear()
    assert copied == window.text_view.display_text.text
    assert "\u202e0001 DKH\u202c" in copied and "\u2003" not in copied


# A long announcement with the spoofed price far past the first screens, CRLF line ends and
# an astral character before it (stored offsets and widget positions differ there).
LONG = "Routine text about the Company 😀 and its business.\r\n" * (3 * FIRST_SCAN // 50) + SPOOFED


def test_a_bidi_control_past_the_first_screens_is_replaced_before_it_can_be_seen(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot
) -> None:
    window = _open(make_window, store, LONG)
    view = window.text_view
    rlo = LONG.index("\u202e")
    position = view.display_text.to_display(rlo)
    # Straight to the end, in the same turn as the open (no loop turn for the late scan):
    # with real keys, as a reviewer would.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.verticalScrollBar().value() > 0
    assert view.document().characterAt(position) == PLACEHOLDER
    image = view.viewport().grab().toImage()
    assert _red_pixels(image, *_tag_box(window, rlo)) > 10
    late = [LONG.index(char) for char in ("\u202e", "\u202c", "\u200b")]
    assert [char.offset for char in view.invisibles] == late


def test_the_late_scan_warns_in_the_title_after_the_first_paint(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot
) -> None:
    window = _open(make_window, store, LONG)
    assert not window.text_view.fully_scanned  # the first paint did not wait for it
    assert "bidi" not in window.title_label.text()
    qtbot.waitUntil(lambda: window.text_view.fully_scanned)
    assert "2 bidi controls" in window.title_label.text()
    assert "bidi control" in window.statusBar().currentMessage()
    rlo = LONG.index("\u202e")
    assert (
        window.text_view.document().characterAt(window.text_view.display_text.to_display(rlo))
        == PLACEHOLDER
    )
    # Positions still hold: the placeholders took the controls' places one for one.
    assert (
        window.text_view.document().characterCount() - 1
        == window.text_view.display_text.display_length
    )

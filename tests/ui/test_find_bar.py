"""Find in the document with real keys: matches are selected as you type, F3 and Shift+F3
walk them from the text and from the bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
TEXT = "Director one. The director resigned. A new director joined. 董事會宣佈董事辭任。\n"


def selected(window: MainWindow) -> tuple[int, int] | None:
    return window.text_view.selected_span()


def occurrences(word: str) -> list[tuple[int, int]]:
    spans, start = [], TEXT.lower().find(word)
    while start >= 0:
        spans.append((start, start + len(word)))
        start = TEXT.lower().find(word, start + 1)
    return spans


def open_window(store: Store, make_window: MakeWindow) -> MainWindow:
    document_id, _ = store.add_document(text=TEXT, title="Directors")
    window = make_window(store)
    window.open_document(document_id)
    window.text_view.setFocus()
    return window


def test_typing_selects_the_first_match_as_you_type(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = open_window(store, make_window)
    qtbot.keyClick(window.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = window.find_bar.field
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "dir")
    assert selected(window) == (0, 3)  # no Return needed
    qtbot.keyClicks(field, "ector j")  # grows in place, then moves on to the only match
    start = TEXT.index("director joined")
    assert selected(window) == (start, start + len("director j"))
    assert window.find_bar.status.text() == "1 of 1"
    qtbot.keyClicks(field, "x")
    assert window.find_bar.status.text() == "no match"


def test_f3_and_shift_f3_walk_the_matches_from_the_text(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = open_window(store, make_window)
    matches = occurrences("director")
    qtbot.keyClick(window.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.find_bar.field, "director")
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)  # keeps the match just found
    assert selected(window) == matches[0]
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.text_view.hasFocus)
    qtbot.keyClick(window.text_view, Qt.Key.Key_F3)
    assert selected(window) == matches[1]
    qtbot.keyClick(window.text_view, Qt.Key.Key_F3)
    assert selected(window) == matches[2]
    qtbot.keyClick(window.text_view, Qt.Key.Key_F3)
    assert selected(window) == matches[0]  # wraps around
    qtbot.keyClick(window.text_view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert selected(window) == matches[2]
    qtbot.keyClick(window.text_view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert selected(window) == matches[1]


def test_f3_in_the_bar_and_chinese_matches(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = open_window(store, make_window)
    qtbot.keyClick(window.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = window.find_bar.field
    # Chinese is typed through an input method: its commit string reaches the field.
    typed = QInputMethodEvent()
    typed.setCommitString("董事")
    QApplication.sendEvent(field, typed)
    first = TEXT.index("董事")
    assert selected(window) == (first, first + 2)
    qtbot.keyClick(field, Qt.Key.Key_F3)
    second = TEXT.index("董事", first + 1)
    assert selected(window) == (second, second + 2)
    assert field.hasFocus()  # still typing in the bar


def test_f3_with_nothing_searched_opens_the_bar(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = open_window(store, make_window)
    qtbot.keyClick(window.text_view, Qt.Key.Key_F3)
    qtbot.waitUntil(window.find_bar.field.hasFocus)
    assert window.find_bar.isVisible()

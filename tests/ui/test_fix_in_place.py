"""Fixing annotations in place with real key events: resize, merge with the likely entity
preselected, tagging text already tagged, tag all occurrences; each undone with Ctrl+Z."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

BOTH_ENGINES = True  # the window on a database file and on a team database

TEXT = "Harbour Bridge Holdings Limited agreed. Harbour Bridge paid. Ho Ka Lok and Ho Ka Lok.\n"
Key = Qt.Key
Mod = Qt.KeyboardModifier
ALT_SHIFT = Mod.AltModifier | Mod.ShiftModifier


def _span(needle: str, number: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(number):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def _window(qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store) -> MainWindow:
    document_id, _ = store.add_document(text=TEXT, title="Fixes", source_name="f.txt")
    store.create_entity(document_id, "COMPANY", [_span("Harbour Bridge Holdings Limited")])
    store.create_entity(document_id, "COMPANY", [_span("Harbour Bridge paid")])
    window = make_window(store)
    window.suggestions.automatic = False
    window.open_document(document_id)
    window.text_view.setFocus()
    qtbot.waitUntil(window.text_view.hasFocus)
    return window


def _names(window: MainWindow) -> dict[str, list[str]]:
    assert window.working is not None
    return {e.name: [m.text for m in e.mentions] for e in window.working.entities.values()}


def _accept_picker(qtbot: QtBot) -> str:
    """Return in the open picker (once it has focus); the text of the choice it took."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    picker = QApplication.activeModalWidget()
    qtbot.waitUntil(
        lambda: (
            QApplication.focusWidget() is not None and QApplication.focusWidget().window() is picker
        )  # type: ignore[union-attr]
    )
    current = picker.list.currentItem().text()  # type: ignore[union-attr]
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Return)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    return current


def test_resize_then_merge_into_the_preselected_entity_then_undo(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _window(qtbot, make_window, store)
    view = window.text_view
    view.select_span(*_span("Harbour Bridge paid"))
    for _ in range(len(" paid")):
        qtbot.keyClick(view, Key.Key_Left, ALT_SHIFT)
    assert _names(window)["Harbour Bridge paid"] == ["Harbour Bridge"]
    qtbot.keyClick(view, Key.Key_Right, ALT_SHIFT)
    assert _names(window)["Harbour Bridge paid"] == ["Harbour Bridge "]
    qtbot.keyClick(view, Key.Key_Z, Mod.ControlModifier)
    assert _names(window)["Harbour Bridge paid"] == ["Harbour Bridge"]

    view.move_caret(_span("Harbour Bridge", 2)[0] + 1)
    qtbot.keyClick(view, Key.Key_M, Mod.ControlModifier | Mod.AltModifier)
    assert _accept_picker(qtbot).startswith("Harbour Bridge Holdings Limited")
    qtbot.waitUntil(
        lambda: (
            _names(window)
            == {
                "Harbour Bridge Holdings Limited": [
                    "Harbour Bridge Holdings Limited",
                    "Harbour Bridge",
                ]
            }
        )
    )
    view.setFocus()
    qtbot.keyClick(view, Key.Key_Z, Mod.ControlModifier)
    assert len(_names(window)) == 2


def test_tagging_text_already_tagged_offers_the_entity_and_tag_all(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _window(qtbot, make_window, store)
    view = window.text_view
    view.select_span(*_span("Ho Ka Lok"))
    qtbot.keyClick(view, Key.Key_2)  # PERSON
    qtbot.waitUntil(lambda: "Ho Ka Lok" in _names(window))
    # Every occurrence of the same text, as mentions of that entity.
    view.select_span(*_span("Ho Ka Lok"))
    qtbot.keyClick(view, Key.Key_A, Mod.ControlModifier | Mod.AltModifier)
    qtbot.waitUntil(lambda: _names(window)["Ho Ka Lok"] == ["Ho Ka Lok", "Ho Ka Lok"])
    qtbot.keyClick(view, Key.Key_Z, Mod.ControlModifier)
    assert _names(window)["Ho Ka Lok"] == ["Ho Ka Lok"]
    # Tagging the second occurrence as PERSON again offers the existing entity (Return).
    view.select_span(*_span("Ho Ka Lok", 2))
    qtbot.keyClick(view, Key.Key_2)
    assert _accept_picker(qtbot).startswith("Add to Ho Ka Lok")
    qtbot.waitUntil(lambda: _names(window)["Ho Ka Lok"] == ["Ho Ka Lok", "Ho Ka Lok"])
    assert len(window.working.entities) == 3  # type: ignore[union-attr]

"""The closing list of directors recorded as one BoardComposition event from the keys: each
director in the role of their category, the company, the as-at date."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

Key, Mod = Qt.Key, Qt.KeyboardModifier
TEXT = (
    "Harbour Star Holdings Limited announces a change of directors.\n"
    "As at the date of this announcement, the Board comprises Mr. Chan Tai Man as executive "
    "Director and Ms. Lee Mei Ling as independent non-executive Director.\n"
)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _tag(qtbot: QtBot, window: MainWindow, words: str, key: Key) -> None:
    start = TEXT.index(words)
    window.text_view.select_span(start, start + len(words))
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, key)


def test_the_board_list_is_one_event_with_a_role_per_category(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot
) -> None:
    document_id, _ = store.add_document(text=TEXT, title="Board list")
    window = make_window(store)
    window.open_document(document_id)
    _tag(qtbot, window, "Harbour Star Holdings Limited", Key.Key_1)
    _tag(qtbot, window, "Chan Tai Man", Key.Key_2)
    _tag(qtbot, window, "Lee Mei Ling", Key.Key_2)
    _tag(qtbot, window, "comprises", Key.Key_E)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    qtbot.waitUntil(lambda: focused().window() is QApplication.activeModalWidget())
    qtbot.keyClicks(focused(), "Board composition")
    qtbot.keyClick(focused(), Key.Key_Return)
    qtbot.waitUntil(lambda: len(store.events(document_id)) == 1)
    (event,) = store.events(document_id)
    assert event.type == "BoardComposition"
    board = store.schema.event_type("BoardComposition")
    assert board is not None
    roles = [role.name for role in board.roles]

    def fill(role: str, name: str, from_role: str) -> None:
        for _ in range(roles.index(role) - roles.index(from_role)):
            qtbot.keyClick(focused(), Key.Key_Tab)
        qtbot.keyClicks(focused(), name)
        qtbot.keyClick(focused(), Key.Key_Return)

    steps = (
        ("Company", "Harbour", "Company"),
        ("ExecutiveDirector", "Chan", "Company"),
        ("IndependentNonExecutiveDirector", "Lee", "ExecutiveDirector"),
    )
    for count, (role, name, after) in enumerate(steps, 1):
        fill(role, name, after)
        qtbot.waitUntil(lambda n=count: len(store.events(document_id)[0].arguments) == n)
    (event,) = store.events(document_id)
    entities = {entity.id: entity.name for entity in store.entities(document_id)}
    filled = {argument.role: entities[argument.entity_id] for argument in event.arguments}
    assert filled == {
        "Company": "Harbour Star Holdings Limited",
        "ExecutiveDirector": "Chan Tai Man",
        "IndependentNonExecutiveDirector": "Lee Mei Ling",
    }
    labels = [
        label.text() for label in window.forms.events_tab.findChildren(type(window.title_label))
    ]
    assert any(text.startswith("Independent non-executive directors") for text in labels)

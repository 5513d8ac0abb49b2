"""Word selection in the text with real keys and mouse: W on Chinese selects a word (names
annotated anywhere in the corpus included), drags snap to words, double clicks select the
segmenter's word, and the right-click menu offers the annotation commands."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
CHINESE = (
    "根據香港聯合交易所有限公司證券上市規則第13.09條，董事會宣佈，楊大軍先生獲委任為"
    "獨立非執行董事。\n"
)
ENGLISH = "The Board announces that Mr. Yang Dajun has been appointed as a director.\n"


def point_at(window: MainWindow, offset: int) -> QPoint:
    """A viewport point just inside the left edge of the character at stored ``offset`` (a
    click there puts the caret before that character)."""
    view = window.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.display_text.to_display(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def selected_text(window: MainWindow) -> str:
    span = window.text_view.selected_span()
    assert span is not None and window.working is not None
    return window.working.text[span[0] : span[1]]


def open_text(store: Store, make_window: MakeWindow, text: str) -> MainWindow:
    document_id, _ = store.add_document(text=text, title="Appointment")
    window = make_window(store)
    window.open_document(document_id)
    window.text_view.setFocus()
    return window


def test_w_selects_a_chinese_word_not_the_whole_run(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = open_text(store, make_window, CHINESE)
    window.text_view.move_caret(CHINESE.index("交易所") + 1)
    qtbot.keyClick(window.text_view, Qt.Key.Key_W)
    assert selected_text(window) == "交易所"
    window.text_view.move_caret(CHINESE.index("上市"))
    qtbot.keyClick(window.text_view, Qt.Key.Key_W)
    assert selected_text(window) == "上市"


def test_w_knows_names_annotated_elsewhere_in_the_corpus(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    other, _ = store.add_document(text="楊大軍先生辭任。", title="Earlier")
    store.create_entity(other, "PERSON", [(0, 3)])
    window = open_text(store, make_window, CHINESE)
    window.text_view.move_caret(CHINESE.index("大軍"))
    qtbot.keyClick(window.text_view, Qt.Key.Key_W)
    assert selected_text(window) == "楊大軍"


def test_an_english_drag_snaps_to_whole_words(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = open_text(store, make_window, ENGLISH)
    viewport = window.text_view.viewport()
    start = point_at(window, ENGLISH.index("ang Dajun"))
    end = point_at(window, ENGLISH.index("Dajun") + 5)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert selected_text(window) == "Yang Dajun"


def test_snapping_can_be_turned_off_from_the_view_menu(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = open_text(store, make_window, ENGLISH)
    action = window.registry.action("view.snap_words")
    assert action.isCheckable() and action.isChecked()
    action.trigger()
    assert not action.isChecked()
    assert window.settings.value("text/snap_to_words") in (False, "false")
    viewport = window.text_view.viewport()
    start = point_at(window, ENGLISH.index("ang Dajun"))
    end = point_at(window, ENGLISH.index("Dajun") + 5)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert selected_text(window) == "ang Dajun"


def test_a_double_click_on_chinese_selects_one_word(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = open_text(store, make_window, CHINESE)
    point = point_at(window, CHINESE.index("證券") + 1)
    qtbot.mouseDClick(window.text_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert selected_text(window) == "證券"


def test_the_context_menu_offers_tag_mention_and_event_on_the_clicked_word(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = open_text(store, make_window, ENGLISH)
    point = point_at(window, ENGLISH.index("Board"))
    viewport = window.text_view.viewport()
    # What the window system sends for a right click (QTest's clicks do not make one).
    click = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, click)

    def shown() -> QMenu | None:
        return next(
            (
                widget
                for widget in QApplication.topLevelWidgets()
                if isinstance(widget, QMenu)
                and widget.objectName() == "text_context_menu"
                and widget.isVisible()
            ),
            None,
        )

    qtbot.waitUntil(lambda: shown() is not None)
    menu = shown()
    assert menu is not None
    try:
        names = [action.objectName() for action in menu.actions()]
        for command_id in ("entity.tag_as", "mention.add", "event.create", "selection.word"):
            assert command_id in names
        assert "annotation.delete" not in names  # nothing annotated under the pointer
        texts = [action.text().replace("&", "") for action in menu.actions()]
        assert any(text.startswith("Copy") for text in texts)
        tag_menu = menu.findChild(QMenu, "text_tag_menu")
        assert tag_menu is not None and tag_menu.actions()
        # The right click moved the caret onto the word, so the tag acts on it.
        assert window.text_view.caret_offset() == ENGLISH.index("Board")
        tag_menu.actions()[0].trigger()
    finally:
        menu.close()
    assert window.working is not None
    assert [e.name for e in window.working.entities.values()] == ["Board"]
    menu = window.text_menu.build(point)
    try:
        assert "annotation.delete" in [action.objectName() for action in menu.actions()]
    finally:
        menu.deleteLater()


def test_the_context_menu_shows_sections_added_by_other_features(
    store: Store, make_window: MakeWindow
) -> None:
    window = open_text(store, make_window, ENGLISH)
    offsets: list[int] = []

    def provider(offset: int) -> list[str]:
        offsets.append(offset)
        return ["review.flag"]

    window.text_menu.add_section(provider)
    menu = window.text_menu.build(point_at(window, ENGLISH.index("Board")))
    try:
        assert "review.flag" in [action.objectName() for action in menu.actions()]
        assert offsets == [ENGLISH.index("Board")]
    finally:
        menu.deleteLater()

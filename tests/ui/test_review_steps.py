"""Return with a reason, flags, comment threads and their undo, from the keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

Key, Mod = Qt.Key, Qt.KeyboardModifier
CTRL_SHIFT = Mod.ControlModifier | Mod.ShiftModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def answer(qtbot: QtBot, text: str, save: Mod = Mod.NoModifier) -> None:
    """Type into the prompt and press Return (Ctrl+Return saves a comment or reply)."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: focused().window() is dialog)
    qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Key.Key_Return, save)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def test_return_flag_and_comment_threads_with_undo(
    make_window: Callable[[Store], MainWindow], store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    window.open_document(document_id)
    window.text_view.setFocus()

    qtbot.keyClick(window.text_view, Key.Key_R, CTRL_SHIFT)
    answer(qtbot, "dates not tagged")
    document = store.document(document_id)
    assert (document.status, document.status_note) == (DocumentStatus.RETURNED, "dates not tagged")
    qtbot.keyClick(focused(), Key.Key_Z, Mod.ControlModifier)
    assert store.document(document_id).status is DocumentStatus.ANNOTATED

    qtbot.keyClick(focused(), Key.Key_L, CTRL_SHIFT)
    answer(qtbot, "needs legal")
    assert store.document(document_id).flag == "needs legal"
    assert "⚑ needs legal" in window.title_label.text()

    qtbot.keyClick(focused(), Key.Key_M, CTRL_SHIFT)
    answer(qtbot, "Is the amount gross?", Mod.ControlModifier)
    qtbot.keyClick(focused(), Key.Key_C, CTRL_SHIFT)
    tree = window.forms.comments_tab.tree
    qtbot.waitUntil(tree.hasFocus)
    qtbot.keyClick(tree, Key.Key_R)
    answer(qtbot, "Yes, before expenses", Mod.ControlModifier)
    (root,) = [c for c in store.comments(document_id) if c.parent_id is None]
    (reply,) = [c for c in store.comments(document_id) if c.parent_id == root.id]
    assert reply.body == "Yes, before expenses"
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0))
    qtbot.keyClick(tree, Key.Key_Space)
    assert store.comment(root.id).resolved
    assert window.forms.tabText(window.forms.indexOf(window.forms.comments_tab)) == "Comments (1)"
    qtbot.keyClick(tree, Key.Key_Z, Mod.ControlModifier)
    assert not store.comment(root.id).resolved

"""Reasons where the prompt says "(recorded)": returning and reopening refuse an empty reason,
and the latest reason stays in view on the Document tab and in the documents list tooltip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.prompt import TextPrompt

Key, Mod = Qt.Key, Qt.KeyboardModifier
CTRL_SHIFT = Mod.ControlModifier | Mod.ShiftModifier


def _prompt(qtbot: QtBot) -> TextPrompt:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TextPrompt))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, TextPrompt) and dialog.line is not None
    qtbot.waitUntil(dialog.line.hasFocus)
    return dialog


def _refuses_empty_then_takes(qtbot: QtBot, dialog: TextPrompt, reason: str) -> None:
    assert dialog.line is not None
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClicks(dialog.line, "   ")
    qtbot.keyClick(dialog.line, Key.Key_Return)
    assert dialog.isVisible()  # an empty reason does not close it
    assert not ok.isEnabled()
    assert dialog.hint.isVisibleTo(dialog) and "reason is required" in dialog.hint.text()
    dialog.line.clear()
    qtbot.keyClicks(dialog.line, reason)
    assert ok.isEnabled() and not dialog.hint.isVisibleTo(dialog)
    qtbot.keyClick(dialog.line, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_return_and_reopen_need_a_reason_which_stays_in_view(
    make_window: Callable[[Store], MainWindow], store: Store, document_id: str, qtbot: QtBot
) -> None:
    store.set_document_field(document_id, "stock_code", "0328")
    store.set_document_field(document_id, "publication_date", "2025-03-03")
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    window = make_window(store)
    window.open_document(document_id)
    window.text_view.setFocus()
    store.actor = "bob"

    qtbot.keyClick(window.text_view, Key.Key_R, CTRL_SHIFT)
    _refuses_empty_then_takes(qtbot, _prompt(qtbot), "dates not tagged")
    qtbot.waitUntil(lambda: store.document(document_id).status is DocumentStatus.RETURNED)
    tab = window.forms.document_tab
    assert tab.reason_label.text().startswith("Returned by bob on ")
    assert tab.reason_label.text().endswith(": dates not tagged")
    model = window.documents.model
    row = window.documents.visible_ids().index(document_id)
    tooltip = model.data(model.index(row, 4), Qt.ItemDataRole.ToolTipRole)
    assert "Returned by bob" in tooltip and "dates not tagged" in tooltip

    # Work resumes: the status note clears, the reason stays in view.
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    store.set_four_eyes(False)
    store.set_status(document_id, DocumentStatus.APPROVED)
    window.open_document(document_id)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_O, Mod.ControlModifier | Mod.AltModifier)
    _refuses_empty_then_takes(qtbot, _prompt(qtbot), "issuer misspelt")
    qtbot.waitUntil(lambda: store.document(document_id).status is DocumentStatus.IN_PROGRESS)
    assert tab.reason_label.text().startswith("Reopened by bob")
    assert tab.reason_label.text().endswith("issuer misspelt")


def test_a_cancelled_reason_changes_nothing(
    make_window: Callable[[Store], MainWindow], store: Store, document_id: str, qtbot: QtBot
) -> None:
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    window = make_window(store)
    window.open_document(document_id)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_R, CTRL_SHIFT)
    dialog = _prompt(qtbot)
    qtbot.keyClick(dialog.line, Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert store.document(document_id).status is DocumentStatus.ANNOTATED
    assert not window.forms.document_tab.reason_label.isVisibleTo(window.forms.document_tab)

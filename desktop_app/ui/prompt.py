"""A one-line text prompt that does not block (reasons for returning, flagging, reopening)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QWidget


def ask_text(
    parent: QWidget,
    title: str,
    label: str,
    on_text: Callable[[str], None],
    *,
    initial: str = "",
    allow_empty: bool = False,
) -> QInputDialog:
    """Ask for a line of text; ``on_text`` runs after the dialog has closed, if accepted."""
    return_focus = QApplication.focusWidget()
    dialog = QInputDialog(parent)
    dialog.setObjectName("text_prompt")
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(initial)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)

    def after_close(accepted: bool) -> None:
        if return_focus is not None:
            return_focus.window().activateWindow()
            return_focus.setFocus()
        text = dialog.textValue().strip()
        dialog.deleteLater()
        if accepted and (text or allow_empty):
            on_text(text)

    dialog.accepted.connect(lambda: QTimer.singleShot(0, lambda: after_close(True)))
    dialog.rejected.connect(lambda: QTimer.singleShot(0, lambda: after_close(False)))
    dialog.open()
    dialog.activateWindow()
    return dialog

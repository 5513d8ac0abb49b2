"""A text prompt that does not block: reasons for returning, flagging and reopening (one line)
and comments and replies (several lines, Ctrl+Return to save).

A prompt whose text is required refuses to close on OK while the text is empty: the OK button
stays disabled and the prompt says what it needs, so "(recorded)" is never an empty record.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

SAVE_KEYS = "Ctrl+Return"


class _NoteEdit(QPlainTextEdit):
    """Several lines; Ctrl+Return (or Ctrl+Enter) saves instead of starting a line."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.dialog.accept()
            return
        super().keyPressEvent(event)


class TextPrompt(QDialog):
    def __init__(
        self,
        parent: QWidget,
        title: str,
        label: str,
        *,
        initial: str = "",
        allow_empty: bool = False,
        multiline: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("text_prompt")
        self.setWindowTitle(title)
        self.allow_empty = allow_empty
        self.label = QLabel(label, self)
        self.label.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("prompt_hint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.line: QLineEdit | None = None
        self.note: QPlainTextEdit | None = None
        if multiline:
            self.note = _NoteEdit(self)
            self.note.setPlainText(initial)
            self.note.setAccessibleName(label)
            self.note.setTabChangesFocus(True)
            self.note.setMinimumSize(420, 120)
            self.note.textChanged.connect(self._update)
            layout.addWidget(self.note, 1)
            keys = QLabel(f"{SAVE_KEYS} saves · Return starts a new line", self)
            keys.setEnabled(False)  # drawn as a quieter hint
            layout.addWidget(keys)
        else:
            self.line = QLineEdit(initial, self)
            self.line.setAccessibleName(label)
            self.line.setMinimumWidth(360)
            self.line.textChanged.connect(self._update)
            layout.addWidget(self.line)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def text(self) -> str:
        raw = (
            self.note.toPlainText() if self.note is not None else (self.line or QLineEdit()).text()
        )
        return raw.strip()

    def _update(self) -> None:
        missing = not self.allow_empty and not self.text()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not missing)
        self.hint.setText(
            "A reason is required: it is recorded with the change." if missing else ""
        )
        self.hint.setVisible(missing)

    def accept(self) -> None:
        if not self.allow_empty and not self.text():
            self._update()  # stays open and says why
            return
        super().accept()

    def focus_field(self) -> None:
        widget: QWidget | None = self.note if self.note is not None else self.line
        if widget is not None:
            widget.setFocus()


def ask_text(
    parent: QWidget,
    title: str,
    label: str,
    on_text: Callable[[str], None],
    *,
    initial: str = "",
    allow_empty: bool = False,
    multiline: bool = False,
) -> TextPrompt:
    """Ask for text; ``on_text`` runs after the dialog has closed, if accepted. Without
    ``allow_empty`` an empty text is refused (OK stays disabled and the prompt says so)."""
    return_focus = QApplication.focusWidget()
    dialog = TextPrompt(
        parent, title, label, initial=initial, allow_empty=allow_empty, multiline=multiline
    )
    if dialog.line is not None:
        dialog.line.selectAll()

    def after_close(accepted: bool) -> None:
        if return_focus is not None:
            return_focus.window().activateWindow()
            return_focus.setFocus()
        text = dialog.text()
        dialog.deleteLater()
        if accepted and (text or allow_empty):
            on_text(text)

    dialog.accepted.connect(lambda: QTimer.singleShot(0, lambda: after_close(True)))
    dialog.rejected.connect(lambda: QTimer.singleShot(0, lambda: after_close(False)))
    dialog.open()
    dialog.activateWindow()
    dialog.focus_field()
    return dialog

"""A type-ahead picker: a line edit over a fuzzy-filtered list, driven by the keyboard.

Up/Down choose, Return accepts, Escape cancels. Used for entity and event types, existing
entities, the command palette and documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.fuzzy import fuzzy_filter


@dataclass(frozen=True)
class Choice:
    key: str  # what the caller gets back
    text: str  # what is matched and shown
    detail: str = ""  # shown on the right, e.g. a key binding


class Picker(QDialog):
    def __init__(
        self,
        title: str,
        choices: list[Choice],
        parent: QWidget | None = None,
        preselect: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("picker")
        self.setModal(True)
        self.choices = choices
        self.preselect = preselect  # the key of the most likely choice, current until typing
        self.chosen: Choice | None = None
        self.prompt = QLabel(title)
        self.query = QLineEdit()
        self.query.setAccessibleName(f"{title}: type to filter")
        self.query.setPlaceholderText("Type to filter…")
        self.list = QListWidget()
        self.list.setAccessibleName(f"{title}: choices")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.query)
        layout.addWidget(self.list)
        self.query.textChanged.connect(self._filter)
        self.query.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self._accept_current())
        self.resize(460, 380)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.list.clear()
        for index in fuzzy_filter(text, [choice.text for choice in self.choices]):
            choice = self.choices[index]
            label = choice.text + (f"    {choice.detail}" if choice.detail else "")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
            if not text and self.preselect is not None:
                keys = [choice.key for choice in self.choices]
                for row in range(self.list.count()):
                    index = self.list.item(row).data(Qt.ItemDataRole.UserRole)
                    if index is not None and keys[int(index)] == self.preselect:
                        self.list.setCurrentRow(row)
                        break
        else:
            placeholder = QListWidgetItem("No match — keep typing, or Escape to cancel")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                step = {
                    Qt.Key.Key_Down: 1,
                    Qt.Key.Key_Up: -1,
                    Qt.Key.Key_PageDown: 10,
                    Qt.Key.Key_PageUp: -10,
                }[Qt.Key(key)]
                row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._accept_current()
                return True
        return super().eventFilter(watched, event)

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        self.chosen = self.choices[int(item.data(Qt.ItemDataRole.UserRole))]
        self.accept()


def pick(
    parent: QWidget,
    title: str,
    choices: list[Choice],
    on_chosen: Callable[[Choice], None],
    preselect: str | None = None,
) -> Picker | None:
    """Open a window-modal picker without blocking; ``on_chosen`` runs if the user accepts.
    ``preselect``: the key of the choice Return takes before anything is typed.

    Focus returns to the widget that had it when the picker closes either way.
    """
    if not choices:
        return None
    return_focus = QApplication.focusWidget()
    picker = Picker(title, choices, parent, preselect)
    picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def after_close(result: int) -> None:
        # Runs once the dialog has gone (activating our window while it hides would not
        # stick): focus goes back first, then the choice runs and may move focus on purpose.
        if return_focus is not None:
            return_focus.window().activateWindow()
            return_focus.setFocus()
        if result == QDialog.DialogCode.Accepted and picker.chosen is not None:
            on_chosen(picker.chosen)

    def finished(result: int) -> None:
        QTimer.singleShot(0, lambda: after_close(result))

    picker.finished.connect(finished)
    picker.open()
    picker.activateWindow()
    picker.query.setFocus()
    return picker

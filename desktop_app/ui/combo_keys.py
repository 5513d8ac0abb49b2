"""Alt+Down, Alt+Up and F4 open a focused drop-down's list, as on every desktop.

The window binds Alt+Down/Alt+Up to the next and previous document. Qt asks the focused
widget first whether it wants a key (a ``ShortcutOverride`` event) and a drop-down does not
claim these, so the shortcut won and a reviewer choosing a role jumped to another document.
This filter claims them for a focused ``QComboBox``, which then opens its list itself; in any
other widget the keys keep walking the documents.

The filter sits on the focused drop-down alone, moved as the focus moves: an
application-wide Python filter would turn every event of every widget (each paint, each
mouse move) into a Python call, about 16 ms of every start and a cost on every scroll. A
``ShortcutOverride`` goes to the focus widget, so that one is enough.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

_OPENING_KEYS = {
    (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier),
}


class ComboKeys(QObject):
    """An event filter on the focused drop-down; see the module docstring."""

    def __init__(self, app: QApplication, parent: QObject) -> None:
        super().__init__(parent)
        app.focusChanged.connect(self._follow_focus)
        self._follow_focus(None, app.focusWidget())

    def _follow_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(old, QComboBox):
            old.removeEventFilter(self)
        if isinstance(new, QComboBox):
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QComboBox):
            assert isinstance(event, QKeyEvent)
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if (Qt.Key(event.key()), modifiers) in _OPENING_KEYS:
                event.accept()  # the drop-down handles the key press itself
                return True
        return False

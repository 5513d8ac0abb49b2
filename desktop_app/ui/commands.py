"""One registry of user commands; menus, shortcuts, the palette and the cheat sheet come from it.

A command is declared once (id, title, menu, when it can run, what it does). Keys come from the
keymap data, not from code. Running a command that cannot run reports why in the status bar;
``CommandError`` and the core's ``KnownError`` are shown as messages, never as tracebacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import KnownError
from desktop_app.core.keymap import Keymap


class CommandError(KnownError):
    """A command cannot run now; the message says why."""


Availability = Callable[[], str | None]  # None when the command can run, else the reason


@dataclass(frozen=True)
class Command:
    id: str
    title: str
    run: Callable[[], object]
    menu: str | None = None
    toolbar: bool = False
    palette: bool = True
    unavailable: Availability | None = None
    description: str = ""

    def reason_not_runnable(self) -> str | None:
        return self.unavailable() if self.unavailable else None


class CommandRegistry(QObject):
    """All commands of one window. Registering an id twice is an error."""

    message = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._commands: dict[str, Command] = {}
        self._actions: dict[str, QAction] = {}
        self.keymap = Keymap()

    def register(self, command: Command) -> Command:
        if command.id in self._commands:
            raise ValueError(f"command {command.id!r} is registered twice")
        self._commands[command.id] = command
        return command

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands.values())

    def __contains__(self, command_id: object) -> bool:
        return command_id in self._commands

    def get(self, command_id: str) -> Command:
        return self._commands[command_id]

    def ids(self) -> set[str]:
        return set(self._commands)

    def keys_for(self, command_id: str) -> list[str]:
        return self.keymap.keys_for(command_id)

    def scope_of(self, command_id: str) -> str:
        return self.keymap.scopes.get(command_id, "window")

    def run(self, command_id: str) -> bool:
        """Run a command, or say in the status bar why it cannot run. True when it ran."""
        command = self._commands[command_id]
        reason = command.reason_not_runnable()
        if reason:
            self.message.emit(f"{command.title}: {reason}")
            return False
        try:
            command.run()
        except KnownError as error:
            self.message.emit(f"{command.title}: {error}")
            return False
        return True

    def action(self, command_id: str) -> QAction:
        return self._actions[command_id]

    def build_actions(self, window: QWidget, text_widget: QWidget, keymap: Keymap) -> None:
        """Create one QAction per command with its keys; text-scope keys work only in the text."""
        self.keymap = keymap
        for command in self._commands.values():
            action = self._actions.get(command.id)
            if action is None:
                action = QAction(command.title, window)
                action.setObjectName(command.id)
                action.triggered.connect(lambda _=False, cid=command.id: self.run(cid))
                self._actions[command.id] = action
            keys = [QKeySequence(key) for key in keymap.keys_for(command.id)]
            action.setShortcuts(keys)
            owner = text_widget if self.scope_of(command.id) == "text" else window
            for widget in (window, text_widget):
                widget.removeAction(action)
            owner.addAction(action)
            action.setShortcutContext(
                Qt.ShortcutContext.WidgetShortcut
                if owner is text_widget
                else Qt.ShortcutContext.WindowShortcut
            )
            tip = command.description or command.title
            if keys:
                tip += f"  ({self.shortcut_text(command.id)})"
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def shortcut_text(self, command_id: str) -> str:
        keys = [QKeySequence(key) for key in self.keys_for(command_id)]
        return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)

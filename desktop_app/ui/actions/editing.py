"""Undo and redo of every edit, over the editor's undo stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.ui.commands import Command

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def register(window: MainWindow) -> None:
    stack = window.context.undo_stack

    def undo_reason() -> str | None:
        return None if stack.canUndo() else "nothing to undo"

    def redo_reason() -> str | None:
        return None if stack.canRedo() else "nothing to redo"

    def undo() -> None:
        text = stack.undoText()
        stack.undo()
        window.show_message(f"Undone: {text}")

    def redo() -> None:
        text = stack.redoText()
        stack.redo()
        window.show_message(f"Redone: {text}")

    window.registry.register(
        Command("edit.undo", "Undo", undo, menu="Edit", toolbar=True, unavailable=undo_reason)
    )
    window.registry.register(
        Command("edit.redo", "Redo", redo, menu="Edit", toolbar=True, unavailable=redo_reason)
    )

"""Undo and redo of every edit, over the editor's undo history (a refused step says why and
leaves the history where it was)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.ui.commands import Command

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def register(window: MainWindow) -> None:
    context = window.context
    history = context.history

    def undo_reason() -> str | None:
        return None if history.can_undo() else "nothing to undo"

    def redo_reason() -> str | None:
        return None if history.can_redo() else "nothing to redo"

    def undo() -> None:
        context.undo()  # reports "Undone: …" or why not

    def redo() -> None:
        context.redo()

    window.registry.register(
        Command("edit.undo", "Undo", undo, menu="Edit", toolbar=True, unavailable=undo_reason)
    )
    window.registry.register(
        Command("edit.redo", "Redo", redo, menu="Edit", toolbar=True, unavailable=redo_reason)
    )

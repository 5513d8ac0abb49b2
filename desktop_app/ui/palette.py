"""The command palette (Ctrl+K): fuzzy search over every command and every document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.ui.picker import Choice, pick

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

_DOCUMENT_PREFIX = "document:"


def palette_choices(window: MainWindow) -> list[Choice]:
    choices = [
        Choice(command.id, command.title, window.registry.shortcut_text(command.id))
        for command in window.registry
        if command.palette
    ]
    for document_id, title, code in window.documents.model.documents.titles():
        choices.append(Choice(_DOCUMENT_PREFIX + document_id, f"Open: {title}", code))
    return choices


def open_palette(window: MainWindow) -> None:
    def chosen(choice: Choice) -> None:
        if choice.key.startswith(_DOCUMENT_PREFIX):
            window.open_document(choice.key.removeprefix(_DOCUMENT_PREFIX))
        else:
            window.registry.run(choice.key)

    pick(window, "Command palette", palette_choices(window), chosen)

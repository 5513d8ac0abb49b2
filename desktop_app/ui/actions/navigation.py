"""Moving around: documents, panes, find, zoom, the command palette and the cheat sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from desktop_app.core.edits import SetStatus
from desktop_app.core.models import DocumentStatus
from desktop_app.ui.commands import Command

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def register(window: MainWindow) -> None:
    registry = window.registry

    def no_document() -> str | None:
        return None if window.working is not None else "no document is open"

    def step(offset: int) -> None:
        current = window.working.id if window.working else None
        target = window.documents.neighbour(current, offset)
        if target is None or target == current:
            window.show_message("no further document in this list")
            return
        window.open_document(target)

    def done_and_next() -> None:
        working = window.working
        assert working is not None
        old = working.document.status
        if old in (DocumentStatus.NEW, DocumentStatus.IN_PROGRESS, DocumentStatus.RETURNED):
            edit = SetStatus(working.id, old, DocumentStatus.ANNOTATED)
            if not window.context.run_edit(edit):
                return  # the refusal stays on screen, and so does the document
        window.show_message(f"Marked annotated: {working.document.title}")
        step(1)

    def focus_text() -> None:
        if window.find_bar.isVisible():
            window.find_bar.close_to_text()
        else:
            window.text_view.setFocus()

    def document_fields() -> None:
        window.forms.setCurrentWidget(window.forms.document_tab)
        window.forms.document_tab.focus_tab()

    def find_all() -> None:
        window.documents.search_box.setFocus()
        window.documents.search_box.selectAll()

    def zoom(steps: int) -> None:
        window.text_view.zoom(steps)

    def palette() -> None:
        from desktop_app.ui.palette import open_palette

        open_palette(window)

    def key_bindings() -> None:
        from desktop_app.ui.app import user_keymap_path
        from desktop_app.ui.keymap_settings import KeymapSettings

        dialog = KeymapSettings(window, window.user_keymap or user_keymap_path())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def cheat_sheet() -> None:
        from desktop_app.ui.cheat_sheet import show_cheat_sheet

        show_cheat_sheet(window)

    for command in (
        Command("document.next", "Next document", lambda: step(1), menu="Go"),
        Command("document.previous", "Previous document", lambda: step(-1), menu="Go"),
        Command(
            "document.done",
            "Mark annotated and open next",
            done_and_next,
            menu="Review",
            toolbar=True,
            unavailable=no_document,
        ),
        Command("focus.documents", "Focus documents", window.documents.table.setFocus, menu="Go"),
        Command("focus.text", "Focus text", focus_text, menu="Go"),
        Command("focus.forms", "Focus forms", window.forms.focus_current_tab, menu="Go"),
        Command(
            "focus.document_fields",
            "Edit document fields",
            document_fields,
            menu="Go",
            unavailable=no_document,
        ),
        Command(
            "find.document",
            "Find in document",
            window.find_bar.open,
            menu="Edit",
            unavailable=no_document,
        ),
        Command(
            "find.next",
            "Find next",
            window.find_bar.find_next,
            menu="Edit",
            unavailable=no_document,
        ),
        Command(
            "find.previous",
            "Find previous",
            window.find_bar.find_previous,
            menu="Edit",
            unavailable=no_document,
        ),
        Command("find.all", "Search all documents", find_all, menu="Edit"),
        Command("view.zoom_in", "Zoom in", lambda: zoom(1), menu="View"),
        Command("view.zoom_out", "Zoom out", lambda: zoom(-1), menu="View"),
        Command(
            "view.problems",
            "Show problems",
            window.forms.focus_problems,
            menu="View",
            unavailable=no_document,
        ),
        Command("app.palette", "Command palette…", palette, menu="Help", palette=False),
        Command("app.key_bindings", "Key bindings…", key_bindings, menu="Help"),
        Command("help.cheat_sheet", "Keyboard cheat sheet", cheat_sheet, menu="Help"),
    ):
        registry.register(command)

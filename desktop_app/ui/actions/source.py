"""Seeing where the text came from: the PDF page beside it and the importer's report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from desktop_app.ui.commands import Command

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def register(window: MainWindow) -> None:
    registry = window.registry

    def no_document() -> str | None:
        return None if window.working is not None else "no document is open"

    def toggle_page_pane() -> None:
        pane = window.page_pane
        pane.setVisible(not pane.isVisible())
        sizes = window.reading_splitter.sizes()
        if pane.isVisible() and sizes[1] < sum(sizes) // 3:
            # A page narrower than that is too small to read: give it a little over half.
            width = sum(sizes)
            window.reading_splitter.setSizes([width * 9 // 20, width - width * 9 // 20])
        if not pane.isVisible():
            window.show_message("PDF page hidden")
        else:  # the pane says why when it has nothing to show (not a PDF, no original)
            window.show_message(f"Page pane: {pane.header.text()}")

    def import_report() -> None:
        from desktop_app.ui.import_report import ImportReportDialog

        working = window.working
        assert working is not None

        def jump(offset: int) -> None:
            window.text_view.move_caret(offset)
            window.text_view.setFocus()

        notes = window.context.store.import_report(working.id)
        dialog = ImportReportDialog(window, working.document.title, notes, jump)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    for command in (
        Command(
            "view.page_pane",
            "Show or hide the PDF page",
            toggle_page_pane,
            menu="View",
            description="The page of the caret beside the text, with the annotations outlined",
        ),
        Command(
            "source.import_report",
            "View import report…",
            import_report,
            menu="View",
            unavailable=no_document,
            description="What the importer left out, replaced or flagged in this document",
        ),
    ):
        registry.register(command)

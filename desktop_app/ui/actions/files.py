"""Importing announcements, exporting the bundle, saving a document's original file, quitting."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from desktop_app.core.errors import BundleInvalid, KnownError
from desktop_app.core.wording import count_of
from desktop_app.ui import file_dialogs
from desktop_app.ui.actions import interop
from desktop_app.ui.commands import Command

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

IMPORT_FILTER = "Announcements (*.pdf *.html *.htm *.txt *.md);;All files (*)"
_LISTED = 15  # lines shown in a message box; the rest are counted


def register(window: MainWindow) -> None:
    def import_files() -> None:
        names = file_dialogs.open_file_names(window, "Import announcements", IMPORT_FILTER)
        if names:
            window.start_import([Path(name) for name in names])

    def import_folder() -> None:
        name = file_dialogs.existing_directory(window, "Import a folder of announcements")
        if name:
            window.start_import([Path(name)])

    def export() -> None:
        name = file_dialogs.save_file_name(
            window, "Export validated bundle", "annotations.json", "JSON bundle (*.json)"
        )
        if name:
            export_to(window, Path(name))

    def export_approved() -> None:
        name = file_dialogs.save_file_name(
            window, "Export approved documents", "approved.json", "JSON bundle (*.json)"
        )
        if name:
            export_to(window, Path(name), status="approved")

    def save_original() -> None:
        working = window.context.working
        if working is None:
            return
        suggested = working.document.source_name or "original"
        name = file_dialogs.save_file_name(window, "Save original as", suggested, "")
        if name:
            save_original_to(window, working.id, Path(name))

    def no_document() -> str | None:
        return None if window.context.working is not None else "no document is open"

    registry = window.registry
    registry.register(
        Command("document.import", "Import files…", import_files, menu="File", toolbar=True)
    )
    registry.register(
        Command("document.import_folder", "Import folder…", import_folder, menu="File")
    )
    registry.register(
        Command("document.export", "Export bundle…", export, menu="File", toolbar=True)
    )
    registry.register(
        Command(
            "document.export_approved", "Export approved documents…", export_approved, menu="File"
        )
    )
    registry.register(
        Command(
            "document.save_original",
            "Save original as…",
            save_original,
            menu="File",
            unavailable=no_document,
        )
    )
    interop.register(window)  # Export as… / Import annotications…, before Quit
    registry.register(Command("app.quit", "Quit", window.close, menu="File"))


def save_original_to(window: MainWindow, document_id: str, path: Path) -> bool:
    """Write the open document's original file, byte for byte, or say why not."""
    from desktop_app.core.safe_write import write_bytes_atomically

    try:
        data = window.context.store.original(document_id)
        if data is None:
            raise KnownError(
                "no original file is kept for this document (added by hand, or imported "
                "before originals were kept)"
            )
        write_bytes_atomically(path, data)
    except KnownError as error:
        window.show_message(f"Original not saved: {error}")
        QMessageBox.warning(window, "Original not saved", str(error))
        return False
    window.show_message(f"Saved the original ({len(data):,} bytes) to {path}")
    return True


def _bullets(lines: list[str], total: int) -> str:
    """The first of ``lines`` as bullets, then how many of ``total`` are not shown."""
    shown = "\n".join(f"• {line}" for line in lines[:_LISTED])
    more = total - min(len(lines), _LISTED)
    return shown + (f"\n… and {more} more" if more > 0 else "")


def export_to(window: MainWindow, path: Path, status: str | None = None) -> bool:
    """Export; or show every problem that prevents it and offer to jump to the first; or say
    why the file could not be written. Warnings (unfinished documents with incomplete data,
    written anyway) are shown after a successful export."""
    from desktop_app.core.bundle import export_bundle  # with the command, not the window
    from desktop_app.core.bundle_export import ExportRefused

    try:
        report = export_bundle(window.context.store, path, status=status)
    except BundleInvalid as error:
        listed, count = error.problems, len(error.problems)
        if isinstance(error, ExportRefused):  # only the first are listed
            listed, count = error.listed, error.count
        window.show_message(f"Bundle not exported: {count_of(count, 'problem')}")
        answer = QMessageBox.warning(
            window,
            "Bundle not exported",
            f"The bundle was not written because of {count_of(count, 'problem')}:\n\n"
            f"{_bullets(listed, count)}\n\nOpen the first document with problems?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Open:
            window.open_first_problem()
        return False
    except KnownError as error:  # the file could not be written: disk full, folder gone …
        window.show_message(str(error))
        QMessageBox.critical(window, "Bundle not exported", str(error))
        return False
    summary = (
        f"Exported {count_of(report.documents, 'document')}, "
        f"{count_of(report.mentions, 'mention')}, {count_of(report.events, 'event')} to {path}"
    )
    if not report.warning_count:
        window.show_message(summary)
        return True
    warnings = count_of(report.warning_count, "warning")
    window.show_message(f"{summary} — {warnings}")
    QMessageBox.information(
        window,
        "Bundle exported with warnings",
        f"{summary}.\n\n{warnings} in {count_of(report.warned_documents, 'document')}: "
        "documents not yet marked annotated are incomplete (they are exported with their "
        f"status, so this is allowed):\n\n{_bullets(report.warning_lines(), report.warning_count)}",
    )
    return True

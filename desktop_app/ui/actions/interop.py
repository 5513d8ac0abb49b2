"""File → Export as… and File → Import annotations…: other tools' formats (brat, INCEpTION
XMI, Label Studio, doccano, spaCy) from the window.

The work is the core's (``core.interop``); this module asks for the format and the path with
the file dialogs that never open the database, says what was written or left out, and, when
an import is refused, offers what would let it through: a mapping file for foreign names,
skip or replace for documents already here. Nothing is imported until everything fits.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop_app.core.errors import BundleInvalid, KnownError
from desktop_app.core.wording import count_of
from desktop_app.ui import file_dialogs
from desktop_app.ui.commands import Command

# The formats and the bundle's import are loaded by the commands, not with the window: a start
# shows the first document without them.
if TYPE_CHECKING:
    from desktop_app.core.bundle import ExistingPolicy
    from desktop_app.core.interop import Format
    from desktop_app.ui.main_window import MainWindow

MAPPING_FILTER = "Mapping files (*.toml *.json);;All files (*)"
_LISTED = 15


def _bullets(lines: list[str]) -> str:
    shown = "\n".join(f"• {line}" for line in lines[:_LISTED])
    more = len(lines) - _LISTED
    return shown + (f"\n… and {more} more" if more > 0 else "")


def _shown_title(entry: Format) -> str:
    missing = entry.needs and importlib.util.find_spec(entry.needs) is None
    return f"{entry.title} — needs {entry.needs}, not installed" if missing else entry.title


def choose_format(window: MainWindow, title: str, entries: list[Format]) -> Format | None:
    titles = [_shown_title(entry) for entry in entries]
    chosen, accepted = QInputDialog.getItem(window, title, "Format:", titles, 0, False)
    if not accepted or chosen not in titles:
        return None
    return entries[titles.index(chosen)]


def export_as(window: MainWindow) -> None:
    from desktop_app.core.interop import formats

    entry = choose_format(window, "Export as", [e for e in formats() if e.exporter is not None])
    if entry is None:
        return
    suggested = f"annotations-{entry.name}{entry.suffix}"
    name_filter = f"{entry.title} (*{entry.suffix})" if entry.suffix else ""
    name = file_dialogs.save_file_name(window, f"Export as {entry.title}", suggested, name_filter)
    if name:
        export_in_format(window, Path(name), entry)


def export_in_format(window: MainWindow, path: Path, entry: Format) -> bool:
    """Write every document in ``entry``'s format, or say why nothing was written."""
    from desktop_app.core.interop import export_annotations

    try:
        report = export_annotations(window.context.store, path, entry.name)
    except KnownError as error:
        window.show_message(f"Not exported: {error}")
        QMessageBox.critical(window, "Not exported", str(error))
        return False
    summary = (
        f"Exported {count_of(report.documents, 'document')}, "
        f"{count_of(report.spans, 'span')} as {entry.title} to {path}"
    )
    if not report.lost:
        window.show_message(summary)
        return True
    window.show_message(f"{summary} — {len(report.lost)} left out")
    QMessageBox.information(
        window,
        "Exported, with what the format cannot hold left out",
        f"{summary}.\n\n{entry.title} has no place for:\n\n{_bullets(report.lost)}",
    )
    return True


def import_from_tool(window: MainWindow) -> None:
    from desktop_app.core.interop import formats

    entry = choose_format(
        window, "Import annotations", [e for e in formats() if e.importer is not None]
    )
    if entry is None:
        return
    if entry.folder:
        name = file_dialogs.existing_directory(window, f"Import {entry.title}: choose the folder")
    else:
        names = file_dialogs.open_file_names(window, f"Import {entry.title}", "")
        name = names[0] if names else ""
    if name:
        import_in_format(window, Path(name), entry)


def _already_here(error: BundleInvalid) -> bool:
    return bool(error.problems) and all(
        line.endswith("already in the database") for line in error.problems
    )


def _retry_choice(window: MainWindow, error: BundleInvalid) -> tuple[str, Path | None] | None:
    """What to try next after a refusal: ``("mapping", file)``, ``("skip"|"replace", None)``,
    or None when the user gives up (or nothing would help)."""
    box = QMessageBox.StandardButton
    text = f"Nothing was imported: {error}\n\n{_bullets(error.problems)}"
    if "no counterpart" in str(error):
        answer = QMessageBox.warning(
            window,
            "Annotations not imported",
            f"{text}\n\nChoose a mapping file that maps these names to the schema's?",
            box.Open | box.Cancel,
        )
        if answer != box.Open:
            return None
        names = file_dialogs.open_file_names(window, "Choose a mapping file", MAPPING_FILTER)
        return ("mapping", Path(names[0])) if names else None
    if _already_here(error):
        answer = QMessageBox.question(
            window,
            "Documents already here",
            f"{text}\n\nReplace those documents by the imported ones (Yes), keep them and "
            "import the others (No), or cancel?",
            box.Yes | box.No | box.Cancel,
        )
        if answer == box.Yes:
            return ("replace", None)
        return ("skip", None) if answer == box.No else None
    QMessageBox.warning(window, "Annotations not imported", text)
    return None


def import_in_format(
    window: MainWindow,
    path: Path,
    entry: Format,
    mapping: Path | None = None,
    on_existing: ExistingPolicy | None = None,
) -> bool:
    """Import ``path``; on a refusal offer a mapping file or skip/replace and try again.
    ``on_existing`` is ``ExistingPolicy.FAIL`` unless given."""
    from desktop_app.core.bundle import ExistingPolicy
    from desktop_app.core.interop import import_annotations

    if on_existing is None:
        on_existing = ExistingPolicy.FAIL
    store = window.context.store
    while True:
        try:
            report = import_annotations(store, path, entry.name, mapping, on_existing)
            break
        except BundleInvalid as error:
            window.show_message(f"Not imported: {error}")
            choice = _retry_choice(window, error)
            if choice is None:
                return False
            kind, chosen = choice
            if kind == "mapping":
                mapping = chosen
            else:
                on_existing = ExistingPolicy(kind)
        except KnownError as error:
            window.show_message(f"Not imported: {error}")
            QMessageBox.critical(window, "Annotations not imported", str(error))
            return False
    window.documents.reload()
    summary = (
        f"Imported {count_of(len(report.added), 'document')} from {entry.title}"
        + (f", {len(report.replaced)} replaced" if report.replaced else "")
        + (f", {len(report.skipped)} skipped" if report.skipped else "")
    )
    window.show_message(summary)
    if report.warnings:
        QMessageBox.information(
            window, "Annotations imported", f"{summary}.\n\n{_bullets(report.warnings)}"
        )
    return True


def register(window: MainWindow) -> None:
    registry = window.registry
    registry.register(
        Command(
            "document.export_as",
            "Export as…",
            lambda: export_as(window),
            menu="File",
            description="Export every document in another tool's format (brat, XMI, …)",
        )
    )
    registry.register(
        Command(
            "document.import_annotations",
            "Import annotations…",
            lambda: import_from_tool(window),
            menu="File",
            description="Add documents annotated in another tool, mapped to the schema",
        )
    )

"""Importing from the window: files and folders parsed off the UI thread, with a cancellable
progress dialog, then a report of what could not be imported and why.

Parsing (PDF text extraction, encoding detection) runs in a worker thread; the store is written
only on the UI thread, where its SQLite connection lives, in batches as results arrive, so a
cancel keeps everything parsed before it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from desktop_app.core.corpus import add_imported, add_imported_many
from desktop_app.core.errors import KnownError
from desktop_app.core.importers import (
    Found,
    ImportedDocument,
    ImportOutcome,
    files_to_import,
    import_paths,
)

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

_BATCH = 25  # parsed files saved together; the rest are saved when the import ends


class ImportWorker(QObject):
    parsed = Signal(object)  # ImportOutcome
    finished = Signal()

    def __init__(self, files: list[Found]) -> None:
        super().__init__()
        self.files = files
        self.cancelled = threading.Event()

    @Slot()
    def run(self) -> None:
        for outcome in import_paths(self.files):
            if self.cancelled.is_set():
                break
            self.parsed.emit(outcome)
        self.finished.emit()


class ImportSession(QObject):
    """One import from the window; lives until its report is shown."""

    done = Signal()

    def __init__(self, window: MainWindow, files: list[Found]) -> None:
        super().__init__(window)
        self.window = window
        self.files = files
        self.added: list[str] = []
        self.duplicates = 0
        self.failures: list[str] = []
        self.pending: list[tuple[Path, ImportedDocument]] = []
        self.progress = QProgressDialog("Importing…", "Cancel", 0, len(files), window)
        self.progress.setWindowTitle("Import")
        self.progress.setMinimumDuration(300)
        self.progress.setValue(0)
        self.worker_thread = QThread(self)
        self.worker = ImportWorker(files)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.parsed.connect(self._store_one)
        self.worker.finished.connect(self._finish)
        self.progress.canceled.connect(self.worker.cancelled.set)

    def start(self) -> None:
        self.worker_thread.start()

    def _store_one(self, outcome: ImportOutcome) -> None:
        self.progress.setValue(self.progress.value() + 1)
        self.progress.setLabelText(f"Importing {outcome.path.name}")
        if outcome.document is None:
            self.failures.append(f"{outcome.path.name}: {outcome.problem}")
            return
        self.pending.append((outcome.path, outcome.document))
        if len(self.pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        """Save what has been parsed so far in one transaction (each commit also merges the
        full-text index, the main cost of adding a text); a failed batch is retried file by
        file so one bad file does not cost the others."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        store = self.window.context.store
        try:
            results = add_imported_many(store, [document for _, document in batch])
        except KnownError:
            results = []
            for path, document in batch:
                try:
                    results.append(add_imported(store, document))
                except KnownError as error:
                    self.failures.append(f"{path.name}: {error}")
        for document_id, created in results:
            if created:
                self.added.append(document_id)
            else:
                self.duplicates += 1

    def _finish(self) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait()
        cancelled = self.worker.cancelled.is_set()
        self._flush()
        # Closing a progress dialog emits canceled(); the import is over, so that is no cancel.
        self.progress.canceled.disconnect(self.worker.cancelled.set)
        self.progress.close()
        window = self.window
        window.documents.reload()
        if self.added:
            window.open_document(self.added[0])
            window.text_view.setFocus()
        summary = (
            f"{len(self.added)} imported, {self.duplicates} already present, "
            f"{len(self.failures)} failed"
        )
        if cancelled:
            summary = "Import cancelled: " + summary
        window.show_message(summary)
        if self.failures:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Some files were not imported",
                summary,
                QMessageBox.StandardButton.Ok,
                window,
            )
            box.setDetailedText("\n".join(self.failures))
            box.setInformativeText("\n".join(self.failures[:8]))
            box.open()
            self.report_box = box
        self.done.emit()


def run_import(window: MainWindow, paths: list[Path]) -> ImportSession:
    # The same walk as the command line's: loops, broken links and unreadable folders are
    # reported per path (they come back as outcomes with a problem), never silently skipped.
    session = ImportSession(window, files_to_import(paths))
    window.import_session = session
    session.start()
    return session

"""The dialog that says a crash report was written, where it is, and that the data is safe.

Shown for an exception nothing caught (at once, by the hook in ``core/app_logging.py``) and,
at the next start, for a run that died of a fatal error (its faulthandler dump). It only reads
the report's path: it never opens, writes or closes the database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app import APP_NAME
from desktop_app.core.app_logging import Logging

_SAFE = (
    "Your annotations are safe: every edit was saved to the database when you made it, and "
    "nothing was written to it after the error."
)


def open_log_folder(folder: Path) -> bool:
    """Opens ``folder`` in the file manager; False when the system refused."""
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class CrashDialog(QMessageBox):
    """Names the report file and offers to show it in its folder."""

    def __init__(
        self, report: Path, summary: str, *, previous_run: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.report = report
        self.setObjectName("crash_dialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(f"{APP_NAME}: error report")
        if previous_run:
            self.setText(f"{APP_NAME} closed unexpectedly the last time it ran.")
        else:
            self.setText(f"{APP_NAME} ran into an error it did not expect.")
        self.setInformativeText(
            f"{_SAFE}\n\nA report was written to:\n{report}\n\n"
            "Please send that file (and annotator.log beside it) with a note of what you were "
            "doing."
        )
        if summary:
            self.setDetailedText(summary)
        self.show_logs_button = self.addButton("Show logs", QMessageBox.ButtonRole.ActionRole)
        self.show_logs_button.setObjectName("show_logs")
        self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(QMessageBox.StandardButton.Close)

    def run(self) -> None:
        """Shows the dialog; *Show logs* then opens the report's folder."""
        self.exec()
        if self.clickedButton() is self.show_logs_button:
            open_log_folder(self.report.parent)


def _dialog_parent() -> QWidget | None:
    return QApplication.activeWindow()


def watch_crashes(logs: Logging) -> None:
    """Shows the dialog for every later uncaught exception and for the previous run's crash."""
    showing: list[CrashDialog] = []

    def show(report: Path, summary: str, previous_run: bool = False) -> None:
        if showing:  # one error often raises more: the open dialog already points to the logs
            return
        dialog = CrashDialog(report, summary, previous_run=previous_run, parent=_dialog_parent())
        showing.append(dialog)
        try:
            dialog.run()
        finally:
            showing.clear()
            dialog.deleteLater()

    logs.on_crash(show)
    if logs.previous_crashes:
        latest = logs.previous_crashes[-1]
        # After the window is up, so the dialog has a parent and the user sees both.
        QTimer.singleShot(0, lambda: show(latest, "", previous_run=True))

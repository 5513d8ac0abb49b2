"""Help → Show logs: the folder with the log file and crash reports, in the file manager."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.core.app_logging import log_folder
from desktop_app.ui.commands import Command

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def register(window: MainWindow) -> None:
    def show_logs() -> None:
        from desktop_app.ui.crash_dialog import open_log_folder

        folder = log_folder()
        if open_log_folder(folder):
            window.show_message(f"Logs: {folder}")
        else:
            window.show_message(f"Could not open the file manager; the logs are in {folder}")

    window.registry.register(
        Command(
            "help.show_logs",
            "Show logs",
            show_logs,
            menu="Help",
            description="Open the folder with the log file and crash reports",
        )
    )

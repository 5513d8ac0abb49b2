"""Starting the window: the Qt application, its look, the database and the first document.

A start shows the window's outline (``StartupShell``, Qt only) before it imports the store,
the annotation models or the panes, so the first pixels come about as soon as a bare Qt
window's would; the real window replaces the outline once the store is open. Keep this
module's own imports light for that reason: the heavy ones are made inside the functions.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.core.errors import KnownError
from desktop_app.core.resources import resource_path
from desktop_app.ui.settings_values import read_text
from desktop_app.ui.startup_shell import StartupShell

if TYPE_CHECKING:
    from desktop_app.core.app_logging import Logging
    from desktop_app.core.store import Store
    from desktop_app.ui.main_window import MainWindow


def _dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#25272a",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2b2d31",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2b2d31",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Link: "#8ab4f8",
    }
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    return palette


def apply_system_theme(app: QApplication) -> None:
    """Light or dark to match the system, and again whenever the system switches."""

    def follow(scheme: Qt.ColorScheme) -> None:
        app.setPalette(_dark_palette() if scheme == Qt.ColorScheme.Dark else QPalette())

    hints = QGuiApplication.styleHints()
    follow(hints.colorScheme())
    hints.colorSchemeChanged.connect(follow)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    icon = resource_path("icons", "app.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_system_theme(app)
    return app


def user_keymap_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False)) / "keymap.toml"


def open_window(
    store: Store,
    settings: QSettings,
    keymap: Path | None,
    replacing: StartupShell | None = None,
) -> MainWindow:
    """A window on ``store`` showing the last document worked on, or the first one; shown in
    place of ``replacing`` (the start-up outline), which is then closed."""
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(store, settings, keymap)
    last = read_text(settings, "session/document", "", window.ignored_settings)
    # Two indexed lookups, not the list of every shown id: that grew with the corpus.
    listing, query = window.documents.model.documents, window.documents.model.query
    if not last or listing.row(query, last) is None:
        first = listing.rows(query, 0, 1)
        last = first[0].id if first else ""
    if last:
        window.open_document(last)
    if replacing is not None and not settings.contains("window/geometry"):
        window.setGeometry(replacing.geometry())  # where the user may have moved it meanwhile
    window.show()
    window.text_view.setFocus()
    if replacing is not None:
        replacing.close()
        replacing.deleteLater()
    return window


def run_window(
    database: Path | None = None, schema_path: Path | None = None, logs: Logging | None = None
) -> int:
    app = create_application()
    settings = QSettings()
    shell = StartupShell(settings)
    shell.show_now(app)
    # Only now the store, the models and the panes: they load behind the outline.
    from desktop_app.core.samples import seed_if_new
    from desktop_app.core.session import open_session
    from desktop_app.ui.identity import IdentityDialog, save_reviewer, stored_reviewer

    if logs is not None:  # crash reports get a dialog (desktop_app/ui/crash_dialog.py)
        from desktop_app.ui.crash_dialog import watch_crashes

        watch_crashes(logs)
    try:
        store = open_session(database, schema_path)
        seed_if_new(store)
    except KnownError as error:
        QMessageBox.critical(shell, APP_NAME, str(error))
        shell.close()
        return 2
    try:
        if stored_reviewer(settings) is None:
            # First use: edits must carry a name before the first one is made.
            dialog = IdentityDialog(None, shell)
            dialog.name.setText(store.actor)
            dialog.name.selectAll()  # the account name is a suggestion: typing replaces it
            if dialog.exec():
                save_reviewer(settings, dialog.reviewer())
        window = open_window(store, settings, user_keymap_path(), replacing=shell)
        code = app.exec()
        window.context.poll_timer.stop()
        window.deleteLater()
        return code
    finally:
        store.close()  # on every way out: folds the log into the one file

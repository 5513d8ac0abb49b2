"""Starting the window: the Qt application, its look, the database and the first document.

A start shows the window's outline (``StartupShell``, Qt only) before it imports the store,
the annotation models or the panes, so the first pixels come about as soon as a bare Qt
window's would; the real window replaces the outline once the store is open. Keep this
module's own imports light for that reason: the heavy ones are made inside the functions.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.core.errors import KnownError
from desktop_app.core.resources import resource_path
from desktop_app.ui.settings_values import read_text
from desktop_app.ui.startup_shell import StartupShell
from desktop_app.ui.theme import apply_theme, saved_theme

if TYPE_CHECKING:
    from desktop_app.core.app_logging import Logging
    from desktop_app.core.store import Store
    from desktop_app.ui.main_window import MainWindow


_PYSIDE_CHECK_REPLACED = False


def _lighter_pyside_module_check() -> None:
    """PySide6 asks of every module imported after it whether its source mentions "PySide6"
    (for its ``__feature__`` switches), reading it with ``inspect.getsource`` through
    linecache and tokenize: about 45 ms over the 330 modules a start imports. The same
    question asked of the file's bytes costs a fifth of that. Plain ``.py`` files only;
    anything else gets PySide6's own answer. PySide6 is pinned (pyproject.toml): should its
    internals change, nothing is replaced."""
    global _PYSIDE_CHECK_REPLACED
    feature: Any = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if _PYSIDE_CHECK_REPLACED or feature is None or not callable(original):
        return

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    feature._mod_uses_pyside = uses_pyside
    _PYSIDE_CHECK_REPLACED = True


_lighter_pyside_module_check()


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    if app.style().name().lower() != "fusion":  # it usually is already: a second one costs
        app.setStyle("Fusion")
    app.setWindowIcon(_window_icon())
    return app


def _window_icon() -> QIcon:
    """The icon in the sizes a desktop shows (16 to 256 px, from the .ico): given the single
    1,024 px PNG, X11 would decode it and send all of it to the window manager as each window
    is first shown (about 25 ms before the first pixels)."""
    for name in ("app.ico", "app.png"):  # the PNG where no ICO reader is installed
        path = resource_path("icons", name)
        icon = QIcon(str(path)) if path.exists() else QIcon()
        if icon.availableSizes():
            return icon
    return QIcon()


class _CollectorPaused:
    """Python's cycle collector off while the window starts, then on again with what the start
    made in its oldest generation.

    A start allocates the store, the models and the panes: hundreds of thousands of objects,
    most of which live as long as the window, over which the collector would run a dozen
    times (a tenth of a start). Left in the youngest generation they would all be walked by
    the first collections after the start, twice, as they moved up; freezing them and
    unfreezing them at once puts them in the oldest one, which is walked only now and then,
    and where what later becomes garbage among them is still collected. ``resume`` early to
    wait on the user with the collector on (a first-use dialog)."""

    def __enter__(self) -> _CollectorPaused:
        self._paused = gc.isenabled()
        gc.disable()
        return self

    def resume(self) -> None:
        if self._paused:
            self._paused = False
            gc.freeze()  # then straight back: into the oldest generation
            gc.unfreeze()
            gc.enable()

    def __exit__(self, *_: object) -> None:
        self.resume()


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
    database: Path | None = None,
    schema_path: Path | None = None,
    logs: Logging | None = None,
    start_logging: Callable[[], Logging | None] | None = None,
) -> int:
    """The window on ``database``; ``start_logging`` (or ``logs``, already started) gives the
    run's log, started once the window's outline is on screen."""
    with _CollectorPaused() as collector:
        app = create_application()
        settings = QSettings()
        # The outline in the theme's colours; the fields' borders (a style sheet) come with
        # the window, set once its widgets exist: set before, every widget would be built
        # and polished through the sheet, which costs more than polishing them all again.
        apply_theme(app, saved_theme(settings), first_frame=True)
        shell = StartupShell(settings)
        shell.show_now(app)
        # Only now the store, the models and the panes: they load behind the outline.
        from desktop_app.core.pydantic_library import import_lean

        import_lean()
        from desktop_app.core.samples import seed_if_new
        from desktop_app.core.session import open_session
        from desktop_app.ui.identity import IdentityDialog, save_reviewer, stored_reviewer

        if start_logging is not None:
            logs = start_logging()
        if logs is not None:  # crash reports get a dialog (desktop_app/ui/crash_dialog.py)
            from desktop_app.ui.crash_dialog import watch_crashes

            watch_crashes(logs)
        try:
            store = open_session(database, schema_path)
            seed_if_new(store)
        except KnownError as error:
            collector.resume()
            QMessageBox.critical(shell, APP_NAME, str(error))
            shell.close()
            return 2
        try:
            if store.team_url is None and stored_reviewer(settings) is None:
                # First use: edits must carry a name before the first one is made (on a team
                # database they carry the login).
                collector.resume()
                dialog = IdentityDialog(None, shell)
                dialog.name.setText(store.actor)
                dialog.name.selectAll()  # the account name is a suggestion: typing replaces it
                if dialog.exec():
                    save_reviewer(settings, dialog.reviewer())
            window = open_window(store, settings, user_keymap_path(), replacing=shell)
            collector.resume()
            code = app.exec()
            window.context.poll_timer.stop()
            window.suggestions.shutdown()  # also when the loop quit without closing the window
            window.deleteLater()
            return code
        finally:
            store.close()  # on every way out: folds the log into the one file

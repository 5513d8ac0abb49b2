"""A start of the window does not wait for what only some documents need: PDFium and the page
renderer load when the first PDF page is shown (F9), and that page still shows; the importers'
charset detection not even then (a text or HTML import needs it). The start pauses Python's
cycle collector and turns it back on with nothing left frozen, even when it fails; the outline
has the saved theme's colours from its first frame; a start from the command line starts its
log once the outline is painted; and PySide6's per-module source check, answered from the
file's bytes, gives PySide6's own answers."""

from __future__ import annotations

import gc
import inspect
import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.core.importers import import_file
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store
from desktop_app.ui.startup_shell import StartupShell
from desktop_app.ui.theme import apply_theme, saved_theme

REPO = Path(__file__).resolve().parents[2]
FILING = REPO.parent / "shared" / "realdata" / "hkex-00328-zh" / "alco17_2025-08-22.pdf"
PAGES = ["pypdfium2", "desktop_app.core.importers.pdf_files", "desktop_app.ui.page_renderer"]
LAZY = [*PAGES, "charset_normalizer"]

# Starts the window the way ``annotator --db FILE`` does; once every event the start posted
# is handled, notes what is loaded and whether the collector is on, presses F9 and waits for
# the page.
SCRIPT = """
import gc, json, sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from desktop_app.ui.app import create_application
from desktop_app.ui.identity import Reviewer, save_reviewer
app = create_application()
save_reviewer(QSettings(), Reviewer("Test Reviewer", "TR"))
lazy = json.loads(sys.argv[3])
result = {}
def started():
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "main_window")
    result["loaded_at_start"] = [name for name in lazy if name in sys.modules]
    result["collector_on"] = gc.isenabled() and gc.get_freeze_count() == 0
    def shown(page):
        result["header"] = window.page_pane.header.text()
        result["loaded_after_f9"] = [name for name in lazy if name in sys.modules]
        app.quit()
    window.page_pane.page_shown.connect(shown)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window.text_view, Qt.Key.Key_F9)
    QTimer.singleShot(15000, app.quit)
original_exec = QApplication.exec
def exec_(*_):
    QTimer.singleShot(0, started)
    return original_exec()
QApplication.exec = exec_
from desktop_app.cli import main
main(["--db", sys.argv[2]])
print(json.dumps(result))
"""


@pytest.mark.skipif(not FILING.exists(), reason="../shared/realdata is not here")
def test_pdfium_loads_with_the_first_page_shown_not_with_the_window(tmp_path: Path) -> None:
    database = tmp_path / "pdf.db"
    imported = import_file(FILING)
    store = open_store(database, load_schema(default_schema_path()), "tester")
    store.add_document(
        text=imported.text,
        title=imported.title,
        source_name=FILING.name,
        pages=imported.pages,
        original=FILING.read_bytes(),
    )
    store.close()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(REPO), str(database), json.dumps(LAZY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
        },
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "loaded_at_start": [],
        "collector_on": True,
        "header": "Page 1 of 4",
        "loaded_after_f9": PAGES,
    }


def test_the_faster_pyside_module_check_answers_as_pyside_does() -> None:
    import_module("desktop_app.ui.app")  # replaces the check on import
    import_module("desktop_app.ui.main_window")  # modules that use PySide6, and many not

    feature = sys.modules["shibokensupport.feature"]

    def pyside_answer(module: object) -> bool:
        try:
            return "PySide6" in inspect.getsource(module)  # type: ignore[arg-type]
        except (TypeError, OSError, SyntaxError):
            return False

    modules = [
        module
        for name, module in sorted(sys.modules.items())
        if name.startswith(("desktop_app", "pydantic", "json", "sqlite3")) and module is not None
    ]
    answers = {module.__name__: feature._mod_uses_pyside(module) for module in modules}
    expected = {module.__name__: pyside_answer(module) for module in modules}
    assert answers == expected
    assert answers["desktop_app.ui.main_window"] and not answers["desktop_app.core.models"]


def test_a_start_that_cannot_open_its_database_says_why_and_turns_the_collector_back_on(
    qapp: QApplication, tmp_path: Path
) -> None:
    from desktop_app.ui.app import run_window

    folder = tmp_path / "not-a-database.db"
    folder.mkdir()  # a folder where the file should be: the store refuses it
    said: list[str] = []

    def read_and_close() -> None:
        box = qapp.activeModalWidget()
        if isinstance(box, QMessageBox):
            said.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, read_and_close)

    QTimer.singleShot(0, read_and_close)
    assert run_window(folder) == 2
    assert gc.isenabled() and gc.get_freeze_count() == 0  # nothing kept from collection
    assert said == [f"{folder}: is a folder, not a database file"]


def test_the_outline_is_painted_in_the_saved_dark_theme_from_its_first_frame(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/theme", "dark")
    palette, sheet = qapp.palette(), qapp.styleSheet()
    try:
        apply_theme(qapp, saved_theme(settings), first_frame=True)
        shell = StartupShell(settings)
        qtbot.addWidget(shell)
        shell.show_now(qapp)
        assert shell.painted
        frame = shell.grab().toImage()
        assert frame.pixelColor(frame.width() // 6, frame.height() // 2).lightness() < 80
    finally:
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)


def test_the_window_icon_comes_in_the_sizes_a_desktop_shows(qapp: QApplication) -> None:
    from desktop_app.ui.app import _window_icon

    sizes = sorted(size.width() for size in _window_icon().availableSizes())
    assert sizes[0] == 16 and sizes[-1] == 256  # not one 1,024 px image to send at every show


# ``annotator`` as typed: notes whether the log had started when the outline was painted, and
# whether the log file is there once the window is up.
LOG_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from desktop_app.ui import startup_shell
from desktop_app.ui.app import create_application
from desktop_app.ui.identity import Reviewer, save_reviewer
app = create_application()
save_reviewer(QSettings(), Reviewer("Test Reviewer", "TR"))
result = {}
show_now = startup_shell.StartupShell.show_now
def shown(self, app, wait_ms=300):
    show_now(self, app, wait_ms)
    result["log_started_before_first_pixels"] = "desktop_app.core.app_logging" in sys.modules
startup_shell.StartupShell.show_now = shown
original_exec = QApplication.exec
def exec_(*_):
    def started():
        from desktop_app.core.app_logging import LOG_NAME, log_folder
        result["log_written"] = (log_folder() / LOG_NAME).exists()
        app.quit()
    QTimer.singleShot(0, started)
    return original_exec()
QApplication.exec = exec_
sys.argv = ["annotator", "--db", sys.argv[2]]
from desktop_app.cli import main
main()
print(json.dumps(result))
"""


def test_a_start_from_the_command_line_logs_once_its_outline_is_painted(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOG_SCRIPT, str(REPO), str(tmp_path / "a.db")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            **{f"XDG_{kind}_HOME": str(tmp_path / kind) for kind in ("CONFIG", "DATA", "STATE")},
        },
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"log_started_before_first_pixels": False, "log_written": True}

"""The window's outline is on screen before the store, the models and the panes are imported,
at the size and place the window will have."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QSize
from pytestqt.qtbot import QtBot

from desktop_app.ui.startup_shell import MENU_TITLES, StartupShell

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QSettings
from desktop_app.ui.app import create_application
from desktop_app.ui.startup_shell import StartupShell
app = create_application()
shell = StartupShell(QSettings(sys.argv[2], QSettings.Format.IniFormat))
shell.show_now(app)
heavy = ["desktop_app.core.store", "desktop_app.core.models", "pydantic", "sqlite_utils",
         "desktop_app.ui.main_window"]
print(json.dumps({"painted": shell.painted, "loaded": [m for m in heavy if m in sys.modules]}))
"""


def test_the_outline_is_painted_before_the_store_or_models_load(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(REPO), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"painted": True, "loaded": []}


def test_the_outline_takes_the_saved_size_and_shows_the_menus(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/size", QSize(700, 500))
    shell = StartupShell(settings)
    qtbot.addWidget(shell)
    shell.show()
    qtbot.waitExposed(shell)
    assert shell.size() == QSize(700, 500)
    assert [action.text() for action in shell.menuBar().actions()] == list(MENU_TITLES)
    assert shell.statusBar().currentMessage() == "Starting…"

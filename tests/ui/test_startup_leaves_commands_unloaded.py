"""A start of the window shows the first document without loading what only some commands
need: the bundle export and import, the other tools' formats, the standard library's logging
handlers (the log file is written all the same). Those commands still work once it is up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UNLOADED = [
    "desktop_app.core.bundle",
    "desktop_app.core.bundle_export",
    "desktop_app.core.bundle_import",
    "desktop_app.core.interop",
    "logging.handlers",
]

# ``annotator --db FILE`` as typed; once every event the start posted is handled, notes what is
# loaded, then exports the bundle from the window.
SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from desktop_app.ui.app import create_application
from desktop_app.ui.identity import Reviewer, save_reviewer
app = create_application()
save_reviewer(QSettings(), Reviewer("Test Reviewer", "TR"))
watched = json.loads(sys.argv[3])
result = {}
def started():
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "main_window")
    result["document_open"] = window.context.working is not None
    result["loaded_at_start"] = [name for name in watched if name in sys.modules]
    from desktop_app.core.app_logging import LOG_NAME, log_folder
    result["log_written"] = "started" in (log_folder() / LOG_NAME).read_text(encoding="utf-8")
    from desktop_app.ui.actions.files import export_to
    bundle = Path(sys.argv[2]).with_name("bundle.json")
    result["exported"] = export_to(window, bundle, status="approved") and bundle.exists()
    app.quit()
original_exec = QApplication.exec
def exec_(*_):
    QTimer.singleShot(0, started)
    return original_exec()
QApplication.exec = exec_
sys.argv = ["annotator", "--db", sys.argv[2]]
from desktop_app.cli import main
main()
print(json.dumps(result))
"""


def test_the_window_starts_without_the_export_and_interop_code_and_can_still_export(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(REPO), str(tmp_path / "a.db"), json.dumps(UNLOADED)],
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
    assert result == {
        "document_open": True,
        "loaded_at_start": [],
        "log_written": True,
        "exported": True,
    }

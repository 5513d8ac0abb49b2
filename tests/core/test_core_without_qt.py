"""The core and the command line work on a machine where Qt cannot be imported at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib
import importlib.abc
import pkgutil
import sys

sys.path.insert(0, sys.argv[1])


class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"Qt is not installed here ({name})")
        return None


sys.meta_path.insert(0, NoQt())

import desktop_app.core

modules = ["desktop_app.cli"]
for info in pkgutil.walk_packages(desktop_app.core.__path__, "desktop_app.core."):
    modules.append(info.name)
for name in modules:
    importlib.import_module(name)

try:
    import PySide6  # noqa: F401
except ImportError:
    pass
else:
    raise SystemExit("the Qt blocker did not work")

from desktop_app.cli import main

code = main(["--db", sys.argv[2], "stats"])
print("MODULES", len(modules))
print("QT LOADED", sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")))
raise SystemExit(code)
"""


def test_every_core_module_and_the_cli_run_without_qt(tmp_path):
    database = tmp_path / "no-qt.db"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(REPO), str(database)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"documents": 0' in done.stdout
    assert "QT LOADED []" in done.stdout
    count = int(next(line for line in done.stdout.splitlines() if line.startswith("MODULES"))[8:])
    assert count >= 15  # the walk really found the store, importers, bundle…
    assert database.exists()

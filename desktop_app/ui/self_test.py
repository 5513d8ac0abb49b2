"""``annotator --self-test``: proves an installed or frozen build works, end to end.

Starts the real main window (offscreen when there is no display) on a temporary database,
loads the sample corpus, tags an entity through the command registry exactly as a key press
would, exports a bundle and validates it. With ``--self-test-import FILE`` it also imports that
file through the window (the import dialog's worker thread, PDF text extraction), exports every
document and validates the bundle. Writes nothing outside its temporary folder and reports
through the exit code (a windowed build has no console): 0 passed, 3 failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

EXIT_PASSED, EXIT_FAILED = 0, 3
_IMPORT_SECONDS = 120

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def _needs_offscreen() -> bool:
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def _import_in_window(window: MainWindow, folder: Path, path: Path) -> str:
    """Imports ``path`` as the File menu would, then exports everything and validates it."""
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop_app.core.bundle import export_bundle, read_bundle
    from desktop_app.ui.import_dialog import run_import

    finished: list[bool] = []
    loop = QEventLoop()
    session = run_import(window, [path])

    def done() -> None:
        finished.append(True)
        loop.quit()

    session.done.connect(done)
    QTimer.singleShot(_IMPORT_SECONDS * 1000, loop.quit)  # a hung import fails, not hangs
    if not finished:
        loop.exec()
    if not finished:
        return f"importing {path} did not finish in {_IMPORT_SECONDS} s"
    if session.failures or len(session.added) != 1:
        return f"importing {path} failed: {session.failures or 'nothing was added'}"
    working = window.working
    if working is None or working.id != session.added[0] or len(working.text.strip()) < 20:
        return f"the imported {path.name} did not open with its text"
    bundle_path = folder / "everything.json"
    export_bundle(window.context.store, bundle_path)
    bundle, _ = read_bundle(bundle_path)
    if session.added[0] not in {entry.document.id for entry in bundle.documents}:
        return f"the exported bundle lacks the imported {path.name}"
    return ""


def _check(folder: Path, import_file: Path | None) -> str:
    from PySide6.QtCore import QSettings

    from desktop_app.core import cache_files
    from desktop_app.core.bundle import read_bundle
    from desktop_app.core.samples import seed_if_new
    from desktop_app.core.session import open_session
    from desktop_app.ui.actions.files import export_to
    from desktop_app.ui.app import create_application, open_window

    app = create_application()
    cache_files.keep_in(folder / "cache")  # the self-test leaves nothing behind
    store = open_session(folder / "self-test.db")
    if not seed_if_new(store):
        return "the sample corpus did not load"
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = open_window(store, settings, None)
    app.processEvents()
    working = window.working
    if working is None:
        return "no document opened"
    before = len(working.spans)
    word = next(w for w in working.text.split() if len(w) > 3 and w.isalpha())
    start = working.text.index(word)
    window.text_view.select_span(start, start + len(word))
    if not window.registry.run("entity.tag_1"):
        return "tagging an entity failed"
    if len(working.spans) != before + 1:
        return "the new annotation did not appear"
    bundle_path = folder / "bundle.json"
    export_to(window, bundle_path, status="annotated")
    if not bundle_path.exists():
        return "the export was refused"
    bundle, _ = read_bundle(bundle_path)
    if not bundle.documents:
        return "the exported bundle is empty"
    if import_file is not None:
        problem = _import_in_window(window, folder, import_file)
        if problem:
            return problem
    window.close()
    app.processEvents()
    store.close()
    return ""


def run_self_test(import_file: Path | None = None) -> int:
    if _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="annotator-self-test-") as folder:
        try:
            problem = _check(Path(folder), import_file)
        except Exception:  # any failure must become an exit code, not a crash
            problem = traceback.format_exc()
    if problem:
        print(f"self-test FAILED: {problem}", file=sys.stderr)
        return EXIT_FAILED
    print("self-test passed")
    return EXIT_PASSED

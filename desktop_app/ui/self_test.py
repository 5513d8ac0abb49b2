"""``annotator --self-test``: proves an installed or frozen build works, end to end.

Starts the real main window (offscreen when there is no display) on a temporary database,
loads the sample corpus, tags an entity through the command registry exactly as a key press
would, exports a bundle and validates it. Writes nothing outside its temporary folder and
reports through the exit code (a windowed build has no console): 0 passed, 3 failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path

EXIT_PASSED, EXIT_FAILED = 0, 3


def _needs_offscreen() -> bool:
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def _check(folder: Path) -> str:
    from PySide6.QtCore import QSettings

    from desktop_app.core.bundle import read_bundle
    from desktop_app.core.samples import seed_if_new
    from desktop_app.core.session import open_session
    from desktop_app.ui.actions.files import export_to
    from desktop_app.ui.app import create_application, open_window

    app = create_application()
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
    window.close()
    app.processEvents()
    store.close()
    return ""


def run_self_test() -> int:
    if _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="annotator-self-test-") as folder:
        try:
            problem = _check(Path(folder))
        except Exception:  # any failure must become an exit code, not a crash
            problem = traceback.format_exc()
    if problem:
        print(f"self-test FAILED: {problem}", file=sys.stderr)
        return EXIT_FAILED
    print("self-test passed")
    return EXIT_PASSED

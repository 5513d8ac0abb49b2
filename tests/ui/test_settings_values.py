"""A damaged or hand-edited settings file: the window still opens, with defaults, and says which
settings it ignored.

Each test writes an INI file with a bad value and opens the real window through ``open_window``,
the same path the application takes at start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.app import open_window
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.text_view import DEFAULT_POINT_SIZE


def open_on(qtbot: QtBot, store: Store, ini: Path, content: bytes) -> MainWindow:
    ini.write_bytes(content)
    window = open_window(store, QSettings(str(ini), QSettings.Format.IniFormat), None)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    return window


def message_of(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


@pytest.mark.parametrize(
    ("content", "bad_key"),
    [
        (b"[text]\npoint_size=abc\n", "text/point_size"),
        (b"[text]\npoint_size=-3\n", "text/point_size"),
        (b"[text]\npoint_size=99999\n", "text/point_size"),
        (b"[text]\npoint_size=14.5\n", "text/point_size"),
        (b"[window]\ngeometry=garbage\n", "window/geometry"),
        (b"[window]\ngeometry=@ByteArray(garbage)\n", "window/geometry"),
        (b"[window]\nsize=@Rect(1 2 3 4)\n", "window/size"),
        (b"[window]\nsplitter=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x13junk)\n", "window/splitter"),
        (b"[window]\nsplitter=@ByteArray(junk)\n", "window/splitter"),
        (b"[window]\nsplitter=1, 2, 3\n", "window/splitter"),
        (b"[session]\ndocument=\xff\xfe\x80\n", "session/document"),
        (b"[session]\ndocument=@Rect(1 2 3 4)\n", "session/document"),
        (b"[reviewer]\nname=@Size(1 2)\n", "reviewer/name"),
        (b"[reviewer]\nname=Chan Tai Man\ninitials=\xff\xfe\n", "reviewer/initials"),
    ],
)
@pytest.mark.file_only  # the reviewer's name from the settings: a team database records the login
def test_a_bad_setting_is_ignored_named_and_the_defaults_used(
    qtbot: QtBot,
    store: Store,
    document_id: str,
    tmp_path: Path,
    content: bytes,
    bad_key: str,
) -> None:
    reference = open_on(qtbot, store, tmp_path / "empty.ini", b"")
    default_size, default_splitter = reference.size(), reference.splitter.sizes()
    reference.close()

    window = open_on(qtbot, store, tmp_path / "settings.ini", content)
    qtbot.waitUntil(lambda: bad_key in message_of(window))
    assert message_of(window) == f"Ignored a bad setting {bad_key}; using the default"
    assert window.ignored_settings == [bad_key]
    assert window.size() == default_size
    assert window.splitter.sizes() == default_splitter
    assert window.text_view.font().pointSizeF() == DEFAULT_POINT_SIZE
    assert window.working is not None and window.working.id == document_id
    if bad_key == "reviewer/name":
        assert window.reviewer is None and store.actor == "tester"
    if bad_key == "reviewer/initials":
        assert window.reviewer is not None and window.reviewer.label == "Chan Tai Man"


@pytest.mark.file_only  # the reviewer's name from the settings: a team database records the login
def test_several_bad_settings_are_named_together_once(
    qtbot: QtBot, store: Store, document_id: str, tmp_path: Path
) -> None:
    content = (
        b"[window]\ngeometry=garbage\nsize=@Size(-5 99999999)\nsplitter=@ByteArray(junk)\n"
        b"[text]\npoint_size=abc\n[session]\ndocument=\xff\n[reviewer]\nname=1, 2\n"
    )
    window = open_on(qtbot, store, tmp_path / "settings.ini", content)
    qtbot.waitUntil(lambda: "Ignored" in message_of(window))
    named = message_of(window).removeprefix("Ignored bad settings ").split("; ")[0].split(", ")
    assert sorted(named) == sorted(
        [
            "window/geometry",
            "window/size",
            "window/splitter",
            "text/point_size",
            "session/document",
            "reviewer/name",
        ]
    )
    assert message_of(window).endswith("; using the defaults")
    assert window.text_view.font().pointSizeF() == DEFAULT_POINT_SIZE


@pytest.mark.file_only  # the reviewer's name from the settings: a team database records the login
def test_good_settings_are_used_and_not_reported(
    qtbot: QtBot, store: Store, document_id: str, tmp_path: Path
) -> None:
    other_id, _ = store.add_document(text="A second announcement.\n", title="Second")
    content = (
        f"[text]\npoint_size=15\n[session]\ndocument={other_id}\n"
        "[reviewer]\nname=Chan Tai Man\ninitials=CTM\n"
    ).encode()
    window = open_on(qtbot, store, tmp_path / "settings.ini", content)
    assert window.ignored_settings == []
    assert window.text_view.font().pointSizeF() == 15
    assert window.working is not None and window.working.id == other_id
    assert window.reviewer is not None and window.reviewer.label == "Chan Tai Man (CTM)"


# A child process, so that a crash inside Qt (as a size of -5 x 99999999 caused) fails the test
# instead of killing pytest. Its screen is 1600 x 1000, larger than the default window size.
CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store
from desktop_app.ui.app import create_application, open_window

folder = Path(sys.argv[1])
app = create_application()
store = open_store(folder / "child.db", load_schema(default_schema_path()), "tester")
store.add_document(text="An announcement.\\n", title="One")
settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
window = open_window(store, settings, None)
app.processEvents()  # paints, and runs the start-up report queued for the event loop
screen = window.screen().availableGeometry()
print(json.dumps({
    "size": [window.width(), window.height()],
    "screen": [screen.width(), screen.height()],
    "point_size": window.text_view.font().pointSizeF(),
    "ignored": window.ignored_settings,
    "message": window.statusBar().currentMessage(),
}))
window.close()
store.close()
"""

SCREEN = {"screens": [{"name": "test", "x": 0, "y": 0, "width": 1600, "height": 1000}]}


@pytest.mark.parametrize(
    ("size", "expected", "reported"),
    [
        ("@Size(-5 99999999)", [1400, 860], True),
        ("@Size(99999999 99999999)", [1400, 860], True),
        ("@Size(0 0)", [1400, 860], True),
        ("@Size(3000 2000)", [1600, 1000], False),  # saved on a bigger monitor: clamped
        ("@Size(1000 700)", [1000, 700], False),
    ],
)
def test_a_saved_window_size_is_kept_within_the_screen_without_crashing(
    tmp_path: Path, size: str, expected: list[int], reported: bool
) -> None:
    (tmp_path / "settings.ini").write_text(f"[window]\nsize={size}\n", encoding="utf-8")
    screen_config = tmp_path / "screen.json"
    screen_config.write_text(json.dumps(SCREEN), encoding="utf-8")
    environment = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen_config}"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["screen"] == [1600, 1000]
    assert seen["size"] == expected
    assert seen["point_size"] == DEFAULT_POINT_SIZE
    if reported:
        assert seen["ignored"] == ["window/size"]
        assert seen["message"] == "Ignored a bad setting window/size; using the default"
    else:
        assert seen["ignored"] == []
        assert "Ignored" not in seen["message"]

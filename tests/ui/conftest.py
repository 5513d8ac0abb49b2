"""Fixtures for widget tests: a store on the default schema with one annotated document,
an editor context around it, and a check that no test leaks top-level windows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import Store, open_store
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.main_window import MainWindow

SAMPLE_TEXT = (
    'Harbour Star Holdings Limited (the "Company") announces that on 3 March 2025 the '
    "Company repurchased 120,000 shares for HK$1,500,000.\n"
    "本公司（「本公司」）於2025年3月3日回購股份。😀 𠀋 café\r\n"
    "By order of the Board\nChan Tai Man\nChairman\n"
)


@pytest.fixture
def store(tmp_path: Path, engine: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    schema = load_schema(default_schema_path())
    if engine == "sqlite":
        opened = open_store(tmp_path / "test.db", schema, "tester")
    else:
        database = request.getfixturevalue("team_copies")()
        opened = request.getfixturevalue("member_store")(database, "tester", schema)
        request.node.team_database = database  # for ``another_store``
    yield opened
    opened.close()


@pytest.fixture
def another_store(
    store: Store, engine: str, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Store]]:
    """``another_store("bob")``: a second store on the same data as ``store`` — the same file,
    or the same team database logged in as that member — as a second window has."""
    opened: list[Store] = []

    def open_another(member: str) -> Store:
        schema = load_schema(default_schema_path())
        if engine == "sqlite":
            other = open_store(store.path, schema, member)
        else:
            other = request.getfixturevalue("member_store")(
                request.node.team_database, member, schema
            )
        opened.append(other)
        return other

    yield open_another
    for other in opened:
        other.close()


@pytest.fixture
def document_id(store: Store) -> str:
    document_id, _ = store.add_document(text=SAMPLE_TEXT, title="Harbour Star buy-back")
    return document_id


@pytest.fixture
def context(qapp: QApplication, store: Store, document_id: str) -> EditorContext:
    editor = EditorContext(store)
    editor.open_document(document_id)
    return editor


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Callable[[Store], MainWindow]:
    """A shown main window on ``store`` with its settings in a temporary file."""

    def make(store: Store, keymap: Path | None = None) -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings, keymap)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # shortcuts only reach an active window
        return window

    return make


@pytest.fixture(autouse=True)
def no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    before = {id(w) for w in qapp.topLevelWidgets() if w.isVisible()}
    yield
    leaked = [
        w
        for w in qapp.topLevelWidgets()
        if w.isVisible() and id(w) not in before and w.objectName() != "qtbot-keep"
    ]
    for widget in leaked:
        widget.close()
    assert not leaked, f"test left windows open: {[type(w).__name__ for w in leaked]}"

"""The window on a team database: it names the database, and edits are recorded under the
login — no reviewer name from the settings or the name dialog applies there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_the_window_names_the_team_database_and_works_as_the_login(
    store: Store, document_id: str, qtbot: QtBot, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer/name", "Someone Else")  # left from working on a file
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert store.team_url is not None
    assert window.windowTitle().endswith(store.team_url)
    assert "secret" not in window.windowTitle()
    assert store.actor == "tester" and window.reviewer_label.text() == "tester"
    window.registry.run("review.identity")
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    ]
    assert "you work as your login, tester" in window.statusBar().currentMessage()
    window.open_document(document_id)
    text = store.text_of(document_id)
    start = text.index("HK$1,500,000")
    entity = store.create_entity(document_id, "MONEY", [(start, start + 12)])
    assert store.entity(entity.id).stamp.created_by == "tester"


@pytest.mark.file_only
def test_on_a_file_the_reviewer_name_still_applies(
    make_window: Callable[..., MainWindow], store: Store, tmp_path: Path
) -> None:
    window = make_window(store)
    assert store.team_url is None and window.windowTitle() == "Announcement Annotator"

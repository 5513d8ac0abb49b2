"""File → Connect to team database…: profiles saved without the password, the keyring's
absence said, a refused login changes nothing; two windows on one team database see each
other's edits and open documents without anyone doing anything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import Store
from desktop_app.core.team.team_store import open_team_store
from desktop_app.ui.actions.team import with_password
from desktop_app.ui.live_feed import TeamWatch
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.team_connect import NO_KEYRING, PROFILES_KEY, TeamConnectDialog

SAMPLE = "Harbour Star Holdings repurchased 120,000 shares for HK$1,500,000.\n"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def team_db(request: pytest.FixtureRequest) -> tuple[Any, str]:
    cluster = request.getfixturevalue("postgres_cluster")
    return cluster, request.getfixturevalue("team_copies")()


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _fill(qtbot: QtBot, dialog: TeamConnectDialog, cluster: Any, db: str, password: str) -> None:
    for field, text in (
        (dialog.name, "Team"),
        (dialog.host, str(cluster.socket_dir)),
        (dialog.database, db),
        (dialog.user, "alice"),
        (dialog.password, password),
    ):
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, text)


def test_a_profile_is_saved_without_the_password_and_no_keyring_is_said(
    qtbot: QtBot, tmp_path: Path, team_db: tuple[Any, str], no_keyring: None
) -> None:
    from pg_cluster import member_password

    cluster, db = team_db
    settings = _settings(tmp_path)
    schema = load_schema(default_schema_path())
    opened: list[Store] = []

    def connect(url: str, password: str | None) -> Store:
        opened.append(open_team_store(url, schema, password=password))
        return opened[-1]

    dialog = TeamConnectDialog(settings, connect)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.keyring_note.text() == NO_KEYRING and not dialog.remember.isEnabled()
    _fill(qtbot, dialog, cluster, db, member_password("alice"))
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.store is not None and dialog.store.actor == "alice"
    assert dialog.notice == NO_KEYRING
    settings.sync()
    saved = (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert "alice" in saved and db in saved
    assert "secret" not in saved
    # Opened again: the profile is offered, the password is asked again.
    again = TeamConnectDialog(_settings(tmp_path), connect)
    qtbot.addWidget(again)
    assert again.profile.currentText() == "Team" and again.database.text() == db
    assert again.password.text() == ""
    for store in opened:
        store.close()


def test_a_wrong_password_is_said_and_changes_nothing(
    qtbot: QtBot, tmp_path: Path, team_db: tuple[Any, str], no_keyring: None
) -> None:
    cluster, db = team_db
    settings = _settings(tmp_path)
    schema = load_schema(default_schema_path())

    def connect(url: str, password: str | None) -> Store:
        return open_team_store(url, schema, password=password)

    dialog = TeamConnectDialog(settings, connect)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, cluster, db, "not the password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.store is None
    assert "Not connected" in dialog.error.text() and "password" in dialog.error.text()
    assert not settings.contains(PROFILES_KEY)


def test_two_windows_see_each_others_edits_and_open_documents(
    qtbot: QtBot, tmp_path: Path, team_db: tuple[Any, str]
) -> None:
    from pg_cluster import member_password

    cluster, db = team_db
    schema = load_schema(default_schema_path())
    urls = {m: cluster.url(db, m, member_password(m)) for m in ("alice", "bob")}
    stores = {m: open_team_store(url, schema) for m, url in urls.items()}
    document_id, _ = stores["alice"].add_document(text=SAMPLE, title="Harbour Star buy-back")
    windows = {}
    for member, store in stores.items():
        window = MainWindow(
            store, QSettings(str(tmp_path / f"{member}.ini"), QSettings.Format.IniFormat)
        )
        qtbot.addWidget(window)
        window.context.poll_timer.stop()  # only the live feed may bring the edit
        assert isinstance(window.team_watch, TeamWatch)
        window.team_watch.use_feed(lambda url=urls[member]: _feed(url))
        window.show()
        window.open_document(document_id)
        windows[member] = window
    bob = windows["bob"]
    start = SAMPLE.index("HK$1,500,000")
    stores["alice"].create_entity(document_id, "MONEY", [(start, start + 12)])
    qtbot.waitUntil(lambda: bool(bob.context.working and bob.context.working.spans), timeout=3000)
    model = bob.documents.model
    row = model.row_of(document_id)
    assert row is not None
    qtbot.waitUntil(lambda: "alice" in model.open_by.get(document_id, set()), timeout=5000)
    tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert "Open by alice" in str(tip)
    assert model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole) is not None
    for window in windows.values():
        window.close()
    for store in stores.values():
        store.close()
    QApplication.processEvents()


def _feed(url: str) -> Any:
    from desktop_app.core.team.live import ChangeFeed

    return ChangeFeed(url)


def test_the_password_goes_into_the_feed_url_only() -> None:
    url = "postgresql://alice@/db?host=%2Ftmp&port=5432&sslmode=prefer"
    assert (
        with_password(url, "p w@")
        == "postgresql://alice:p%20w%40@/db?host=%2Ftmp&port=5432&sslmode=prefer"
    )
    assert with_password(url, None) == url


def test_connecting_from_the_file_menu_replaces_the_window(
    qtbot: QtBot, tmp_path: Path, team_db: tuple[Any, str], no_keyring: None, store: Store
) -> None:
    from pg_cluster import member_password

    from desktop_app.ui.actions import team

    cluster, db = team_db
    window = MainWindow(store, _settings(tmp_path))
    qtbot.addWidget(window)
    window.show()

    def fill_in() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, TeamConnectDialog))
        _fill(qtbot, dialog, cluster, db, member_password("alice"))
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill_in)
    window.registry.run("file.connect_team")
    new = next(w for w in team._WINDOWS if isinstance(w, MainWindow))
    assert not window.isVisible() and new.isVisible()
    assert new.context.store.team_url is not None and new.windowTitle().endswith(db)
    assert new.reviewer_label.text() == "alice"
    assert new.team_watch is not None and new.team_watch.feed is not None
    # A lost connection is said and mended without anyone doing anything.
    with cluster.superuser(db) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    qtbot.waitUntil(lambda: new.team_watch is not None and new.team_watch.lost, timeout=3000)
    assert "Lost the connection" in new.statusBar().currentMessage()
    qtbot.waitUntil(lambda: new.team_watch is not None and not new.team_watch.lost, timeout=8000)
    new.close()
    qtbot.waitUntil(lambda: not team._WINDOWS)

"""The crash dialog names the report and opens its folder; Help → Show logs opens the logs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.app_logging import Logging, start_logging
from desktop_app.core.store import Store
from desktop_app.ui import crash_dialog
from desktop_app.ui.crash_dialog import CrashDialog, watch_crashes
from desktop_app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(crash_dialog.QDesktopServices, "openUrl", open_url)
    return opened


@dataclass
class Shown:
    text: str
    informative: str
    details: str


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[Shown]:
    """Every crash dialog shown, answered with *Show logs* instead of blocking the test."""
    dialogs: list[Shown] = []

    def exec_(dialog: CrashDialog) -> int:
        dialogs.append(Shown(dialog.text(), dialog.informativeText(), dialog.detailedText()))
        dialog.show_logs_button.click()
        return 0

    monkeypatch.setattr(CrashDialog, "exec", exec_)
    return dialogs


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[Logging]:
    setup = start_logging(tmp_path / "logs")
    yield setup
    setup.stop()


def test_an_uncaught_exception_shows_the_report_and_opens_its_folder(
    logs: Logging, shown: list[Shown], opened_urls: list[str], qtbot: QtBot
) -> None:
    watch_crashes(logs)
    try:
        raise RuntimeError("the page pane lost its document")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())

    [dialog] = shown
    [report] = logs.folder.glob("crash-*.txt")
    assert str(report) in dialog.informative
    assert "Your annotations are safe" in dialog.informative
    assert "RuntimeError: the page pane lost its document" in dialog.details
    assert opened_urls == [str(logs.folder)]


def test_the_previous_runs_fatal_crash_is_shown_once_at_start(
    tmp_path: Path, shown: list[Shown], opened_urls: list[str], qtbot: QtBot
) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "fatal-20261201-120000-4242.txt").write_text(
        "Fatal Python error: Segmentation fault\n", encoding="utf-8"
    )
    logs = start_logging(folder)
    try:
        watch_crashes(logs)
        qtbot.waitUntil(lambda: len(shown) == 1)
    finally:
        logs.stop()

    assert "closed unexpectedly the last time" in shown[0].text
    assert "crash-20261201-120000-4242-fatal.txt" in shown[0].informative
    assert opened_urls == [str(folder)]


def test_help_show_logs_opens_the_log_folder(
    make_window: MakeWindow,
    store: Store,
    opened_urls: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    window = make_window(store)
    help_menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == "&Help"
    )
    [show_logs] = [action for action in help_menu.actions() if action.text() == "Show logs"]

    show_logs.trigger()
    QApplication.processEvents()

    expected = tmp_path / "state" / "announcement-annotator" / "log"
    assert opened_urls == [str(expected)]
    assert expected.is_dir()
    assert str(expected) in window.statusBar().currentMessage()

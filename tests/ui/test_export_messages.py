"""What the window says after File → Export: the warnings of unfinished documents, and why a
bundle could not be written (with the previous file left as it was). Message boxes are patched
to record their text, never shown."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.store import Store
from desktop_app.ui.actions.files import export_to
from desktop_app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
PREVIOUS = b'{"note": "yesterday\'s bundle"}\n'


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The text of every message box, by kind."""
    boxes: dict[str, list[str]] = {"information": [], "warning": [], "critical": []}

    def recorder(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def record(parent: object, title: str, text: str, *args: object) -> object:
            boxes[kind].append(f"{title}\n{text}")
            return QMessageBox.StandardButton.Ok

        return record

    for kind in boxes:
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return boxes


def test_an_unfinished_document_is_exported_and_its_warnings_shown(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    tmp_path: Path,
    shown: dict[str, list[str]],
) -> None:
    window = make_window(store)
    target = tmp_path / "out.json"
    assert export_to(window, target)
    assert target.exists()
    (message,) = shown["information"]
    assert message.startswith("Bundle exported with warnings")
    assert "Harbour Star buy-back: document: required field “Stock code” is empty" in message
    assert not shown["warning"] and not shown["critical"]
    status = window.statusBar().currentMessage()
    assert "Exported 1 document," in status and "warning" in status


def test_a_full_disk_is_reported_and_the_previous_bundle_kept(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    tmp_path: Path,
    shown: dict[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(PREVIOUS)

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    window = make_window(store)
    monkeypatch.setattr(os, "fsync", full_disk)
    assert not export_to(window, target)
    (message,) = shown["critical"]
    assert message == (
        f"Bundle not exported\n{target}: not written, the disk is full; a previous file there is "
        "unchanged"
    )
    assert f"{target}: not written, the disk is full" in window.statusBar().currentMessage()
    assert target.read_bytes() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")) == []


def test_a_folder_that_is_gone_is_reported(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    tmp_path: Path,
    shown: dict[str, list[str]],
) -> None:
    window = make_window(store)
    target = tmp_path / "removed" / "out.json"
    assert not export_to(window, target)
    (message,) = shown["critical"]
    assert f"the folder {target.parent} does not exist" in message

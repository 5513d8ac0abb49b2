"""File → Export of many unfinished documents: the message counts every warning and the
documents they are in, shows the first, and says how many more there are. Message boxes are
patched to record their text, never shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.bundle_export import SAMPLED, export_bundle
from desktop_app.core.store import Store
from desktop_app.ui.actions.files import export_to
from desktop_app.ui.main_window import MainWindow

DOCUMENTS = SAMPLED + 5
TEXT = "Harbour Star Holdings Limited announces a share buy-back.\n"
SHOWN = 15  # bullets a message box lists


def test_the_export_message_counts_all_warnings_and_shows_the_first(
    make_window: Callable[..., MainWindow],
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for number in range(DOCUMENTS):
        store.add_document(text=f"{TEXT}Notice {number}.\n", title=f"Notice {number}")
    total = export_bundle(store, tmp_path / "first.json").warning_count
    assert total > SAMPLED  # every document has an empty required field
    boxes: list[str] = []

    def record(parent: object, title: str, text: str, *args: object) -> object:
        boxes.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", record)
    window = make_window(store)
    assert export_to(window, tmp_path / "out.json")
    (message,) = boxes
    assert f"Exported {DOCUMENTS} documents" in message
    assert f"{total} warnings in {DOCUMENTS} documents" in message
    bullets = re.findall(r"^• (.*)$", message, flags=re.MULTILINE)
    assert len(bullets) == SHOWN
    assert bullets[0].startswith("Notice 0: document: required field")
    assert message.rstrip().endswith(f"… and {total - SHOWN} more")
    assert window.statusBar().currentMessage().endswith(f"— {total} warnings")

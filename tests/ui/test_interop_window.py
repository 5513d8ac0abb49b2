"""File → Export as… and File → Import annotations… driven through the File menu's actions,
with the format picker and file dialogs patched (never shown) and message boxes recorded."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop_app.core.store import Store
from desktop_app.ui import file_dialogs
from desktop_app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]


def file_menu_action(window: MainWindow, title: str) -> QAction:
    (file_menu,) = [
        action.menu() for action in window.menuBar().actions() if action.text() == "&File"
    ]
    titles = [action.text() for action in file_menu.actions()]  # type: ignore[union-attr]
    assert titles.index(title) < titles.index("Quit")
    return file_menu.actions()[titles.index(title)]  # type: ignore[union-attr]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {"information": [], "warning": [], "critical": [], "question": []}
    answers = {
        "warning": QMessageBox.StandardButton.Open,  # "choose a mapping file"
        "question": QMessageBox.StandardButton.No,  # keep documents already here
    }

    def recorder(kind: str) -> Callable[..., object]:
        def record(parent: object, title: str, text: str, *args: object) -> object:
            shown[kind].append(f"{title}\n{text}")
            return answers.get(kind, QMessageBox.StandardButton.Ok)

        return record

    for kind in shown:
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return shown


def pick_format(monkeypatch: pytest.MonkeyPatch, title: str) -> list[list[str]]:
    offered: list[list[str]] = []

    def get_item(parent: object, caption: str, label: str, items: list[str], *args: object):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return title, True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    return offered


def test_export_as_brat_from_the_file_menu(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: dict[str, list[str]],
) -> None:
    store.create_entity(document_id, "COMPANY", [(0, 29)])
    window = make_window(store)
    offered = pick_format(monkeypatch, "brat standoff (folder)")
    out = tmp_path / "for-brat"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *args: str(out))
    file_menu_action(window, "Export as…").trigger()
    assert "INCEpTION / UIMA CAS XMI (folder)" in offered[0]
    assert "spaCy training JSONL" in offered[0]
    docbin = next(title for title in offered[0] if title.startswith("spaCy DocBin"))
    if importlib.util.find_spec("spacy") is None:  # the optional extra is not installed here
        assert docbin.endswith("needs spacy, not installed")
    ann = (out / f"{document_id}.ann").read_text(encoding="utf-8")
    assert ann == "T1\tCOMPANY 0 29\tHarbour Star Holdings Limited\n"
    assert (out / "annotation.conf").exists()
    assert window.statusBar().currentMessage().startswith("Exported 1 document, 1 span as brat")
    assert not boxes["critical"]


def test_import_asks_for_a_mapping_then_keeps_what_is_already_here(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: dict[str, list[str]],
) -> None:
    window = make_window(store)
    here = store.text_of(document_id)
    source = tmp_path / "from-doccano.jsonl"
    records = [
        {"text": "😀 Alpha Ltd buys Beta.", "label": [[2, 11, "ORG"]]},
        {"text": here, "label": [[0, 29, "ORG"]]},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text('[entity_types]\nORG = "COMPANY"\n', encoding="utf-8")
    picked = iter([[str(source)], [str(mapping)]])
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *args: next(picked))
    pick_format(monkeypatch, "doccano JSONL")

    file_menu_action(window, "Import annotations…").trigger()

    (asked,) = boxes["warning"]
    assert "entity type ORG" in asked and "mapping file" in asked
    (already,) = boxes["question"]
    assert "already in the database" in already
    status = window.statusBar().currentMessage()
    assert status == "Imported 1 document from doccano JSONL, 1 skipped"
    assert window.documents.model.rowCount() == 2  # the list shows the new document
    (new_id,) = [i for i in store.document_ids() if i != document_id]
    (entity,) = store.annotated(new_id).entities
    assert (entity.type, entity.mentions[0].text) == ("COMPANY", "Alpha Ltd")
    assert store.annotated(document_id).entities == []  # the local document was kept as it was

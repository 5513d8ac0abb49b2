"""A whole document annotated with real key events only, then exported.

Keys go to whatever widget has focus (``QApplication.focusWidget()``), exactly as typing would;
only the operating system's file dialogs are patched, since they are not part of our window.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.ui import file_dialogs
from desktop_app.ui.main_window import MainWindow

BOTH_ENGINES = True  # the window on a database file and on a team database

ANNOUNCEMENT = """Hong Kong Exchanges and Clearing Limited take no responsibility for this notice.

HARBOUR STAR HOLDINGS LIMITED
(Stock Code: 1234)

VOLUNTARY ANNOUNCEMENT
REPURCHASE OF SHARES

The board of directors of Harbour Star Holdings Limited (the "Company") announces that on
3 March 2025 the Company repurchased 120,000 shares on the Stock Exchange for a total
consideration of HK$1,500,000.

By order of the Board
Chan Tai Man
Chairman
Hong Kong, 3 March 2025
"""

Key = Qt.Key
Mod = Qt.KeyboardModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def press(qtbot: QtBot, key: Key, modifier: Mod = Mod.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def find(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Ctrl+F, type, Return, Escape: the match stays selected with focus in the text."""
    press(qtbot, Key.Key_F, Mod.ControlModifier)
    qtbot.waitUntil(lambda: window.find_bar.field.hasFocus())
    window.find_bar.field.clear()
    type_text(qtbot, text)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: window.text_view.hasFocus())
    span = window.text_view.selected_span()
    assert span is not None and window.working is not None
    assert window.working.text[span[0] : span[1]].casefold() == text.casefold()


def pick_in_picker(qtbot: QtBot, text: str) -> None:
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    picker = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: focused().window() is picker)
    type_text(qtbot, text)
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


@pytest.fixture
def window(make_window: Callable[[Store], MainWindow], store: Store) -> MainWindow:
    main = make_window(store)
    main.documents.table.setFocus()
    return main


def test_a_document_annotated_end_to_end_with_keys_only(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "harbour_star_buyback.txt"
    source.write_text(ANNOUNCEMENT, encoding="utf-8")
    bundle = tmp_path / "bundle.json"
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *a, **k: [str(source)])
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(bundle))
    store = window.context.store

    # Import with Ctrl+O; the imported document opens with focus in the text.
    press(qtbot, Key.Key_O, Mod.ControlModifier)
    qtbot.waitUntil(lambda: window.working is not None and "1234" in window.working.text)
    qtbot.waitUntil(lambda: window.text_view.hasFocus())
    document_id = window.working.id  # type: ignore[union-attr]

    # Entity 1 (COMPANY, key 1) with a second mention added with M.
    find(qtbot, window, "Harbour Star Holdings Limited")
    press(qtbot, Key.Key_1)
    find(qtbot, window, '"Company"')
    press(qtbot, Key.Key_Left)  # caret inside: M works on a selection, so select the word
    find(qtbot, window, "Company")
    press(qtbot, Key.Key_M)
    pick_in_picker(qtbot, "Harbour")
    # Entity 2 (MONEY, key 3).
    find(qtbot, window, "HK$1,500,000")
    press(qtbot, Key.Key_3)
    entities = store.entities(document_id)
    company = next(e for e in entities if e.type == "COMPANY")
    # Find is case-insensitive: the first match is the heading in capitals.
    assert [m.text for m in company.mentions] == ["HARBOUR STAR HOLDINGS LIMITED", "Company"]
    assert any(e.type == "MONEY" and e.name == "HK$1,500,000" for e in entities)

    # Event from a trigger with E, type chosen by typing; focus lands on its first role.
    find(qtbot, window, "repurchased")
    press(qtbot, Key.Key_E)
    pick_in_picker(qtbot, "repurchase")
    qtbot.waitUntil(lambda: len(store.events(document_id)) == 1)
    # Fill Repurchaser (first role) and then Amount, moving between roles with Tab.
    type_text(qtbot, "Harbour")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: len(store.events(document_id)[0].arguments) == 1)
    roles = [role.name for role in store.schema.event_type("ShareRepurchase").roles]  # type: ignore[union-attr]
    for _ in range(roles.index("Amount") - roles.index("Repurchaser")):
        press(qtbot, Key.Key_Tab)
    type_text(qtbot, "HK$1")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: len(store.events(document_id)[0].arguments) == 2)

    # A document-level field: Ctrl+4 puts focus on the fields; correct the publication date
    # the importer read from the closing block.
    assert store.document(document_id).metadata["publication_date"] == "2025-03-03"
    press(qtbot, Key.Key_4, Mod.ControlModifier)
    document_fields = window.forms.document_tab.fields
    date_editor = document_fields.editors["publication_date"].focus_widgets()[0]
    visited = []
    for _ in range(40):
        if date_editor.hasFocus():
            break
        visited.append(f"{type(focused()).__name__}:{focused().accessibleName()}")
        press(qtbot, Key.Key_Tab)
    assert date_editor.hasFocus(), f"Tab never reached the date field: {visited}"
    date_editor.selectAll()
    type_text(qtbot, "2025-03-04")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(
        lambda: store.document(document_id).metadata.get("publication_date") == "2025-03-04"
    )

    # Undo and redo one step from the keyboard.
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: window.text_view.hasFocus())
    press(qtbot, Key.Key_Z, Mod.ControlModifier)
    qtbot.waitUntil(
        lambda: store.document(document_id).metadata.get("publication_date") == "2025-03-03"
    )
    press(qtbot, Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)
    qtbot.waitUntil(
        lambda: store.document(document_id).metadata.get("publication_date") == "2025-03-04"
    )

    # Ctrl+Return: marked annotated, and the next document opens.
    press(qtbot, Key.Key_Return, Mod.ControlModifier)
    qtbot.waitUntil(lambda: store.document(document_id).status is DocumentStatus.ANNOTATED)

    # Export with Ctrl+E and check what downstream systems get.
    press(qtbot, Key.Key_E, Mod.ControlModifier)
    qtbot.waitUntil(bundle.exists)
    exported = json.loads(bundle.read_text(encoding="utf-8"))
    (document,) = [d for d in exported["documents"] if d["document"]["id"] == document_id]
    assert document["document"]["status"] == "annotated"
    assert document["document"]["metadata"]["stock_code"] == "1234"
    assert document["document"]["metadata"]["publication_date"] == "2025-03-04"
    text = document["document"]["text"]
    by_type = {e["type"]: e for e in document["entities"]}
    assert {m["text"] for m in by_type["COMPANY"]["mentions"]} == {
        "HARBOUR STAR HOLDINGS LIMITED",
        "Company",
    }
    for entity in document["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    (event,) = document["events"]
    assert event["type"] == "ShareRepurchase"
    assert event["trigger"]["text"] == "repurchased"
    filled = {a["role"]: a["entity_id"] for a in event["arguments"]}
    assert filled == {"Repurchaser": by_type["COMPANY"]["id"], "Amount": by_type["MONEY"]["id"]}

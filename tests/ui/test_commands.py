"""The command registry: one place for menus, keys, the palette and the cheat sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.cheat_sheet import cheat_sheet_html
from desktop_app.ui.commands import Command
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.palette import palette_choices

BOTH_ENGINES = True  # the window on a database file and on a team database

MakeWindow = Callable[..., MainWindow]


def test_no_command_is_mouse_only(make_window: MakeWindow, store: Store) -> None:
    window = make_window(store)
    palette_keys = window.registry.keys_for("app.palette")
    assert palette_keys, "the palette itself needs a key"
    in_palette = {choice.key for choice in palette_choices(window)}
    for command in window.registry:
        reachable = bool(window.registry.keys_for(command.id)) or command.id in in_palette
        assert reachable, f"{command.id} can only be reached with the mouse"


def test_the_shipped_keymap_has_no_unknown_ids_or_conflicts(
    make_window: MakeWindow, store: Store
) -> None:
    window = make_window(store)
    assert window.keymap_problems == []


def test_user_keymap_problems_are_reported_not_ignored(
    make_window: MakeWindow, store: Store, tmp_path: Path, qtbot: QtBot
) -> None:
    user = tmp_path / "keymap.toml"
    user.write_text(
        '[window]\n"no.such.command" = ["Ctrl+J"]\n"document.export" = ["Ctrl+O"]\n',
        encoding="utf-8",
    )
    window = make_window(store, user)
    problems = " ".join(window.keymap_problems)
    assert "unknown command id 'no.such.command'" in problems
    assert "Ctrl+O is bound to both document.import and document.export" in problems
    qtbot.waitUntil(lambda: "no.such.command" in window.statusBar().currentMessage())


def test_registering_an_id_twice_is_an_error(make_window: MakeWindow, store: Store) -> None:
    window = make_window(store)
    with pytest.raises(ValueError, match="registered twice"):
        window.registry.register(Command("edit.undo", "Again", lambda: None))


def test_a_command_that_cannot_run_says_why_in_the_status_bar(
    make_window: MakeWindow, store: Store, qtbot: QtBot
) -> None:
    window = make_window(store)
    assert window.working is None
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Undo: nothing to undo" in window.statusBar().currentMessage()
    qtbot.keyClick(window.text_view, Qt.Key.Key_1)
    assert "no document is open" in window.statusBar().currentMessage()


def test_menus_and_cheat_sheet_come_from_the_registry(
    make_window: MakeWindow, store: Store
) -> None:
    window = make_window(store)
    menu_titles = {
        a.text() for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
    }  # type: ignore[union-attr]
    sheet = cheat_sheet_html(window)
    for command in window.registry:
        if command.menu:
            assert command.title in menu_titles
        assert command.title.replace("&", "&amp;") in sheet
    assert "Ctrl+K" in sheet and "F1" in sheet


def test_palette_runs_a_command_chosen_by_typing(
    make_window: MakeWindow, store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    picker = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: picker.query.hasFocus())  # type: ignore[union-attr]
    qtbot.keyClicks(picker.query, "find in doc")  # type: ignore[union-attr]
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.find_bar.isVisible())


def test_tag_keys_do_not_fire_while_typing_in_a_form(
    make_window: MakeWindow, store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    window.documents.filter_box.setFocus()
    qtbot.keyClicks(window.documents.filter_box, "123")
    assert window.documents.filter_box.text() == "123"
    assert store.entities(document_id) == []


def test_key_bindings_page_changes_a_key(
    make_window: MakeWindow, store: Store, tmp_path: Path, qtbot: QtBot
) -> None:
    from desktop_app.ui.keymap_settings import KeymapSettings

    user = tmp_path / "config" / "keymap.toml"
    window = make_window(store, user)
    dialog = KeymapSettings(window, user)
    qtbot.addWidget(dialog)
    row = next(
        r
        for r in range(dialog.table.rowCount())
        if dialog.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == "help.cheat_sheet"
    )  # type: ignore[union-attr]
    dialog.table.item(row, 1).setText("F2")  # type: ignore[union-attr]
    dialog.save()
    assert user.exists() and '"help.cheat_sheet" = ["F2"]' in user.read_text(encoding="utf-8")
    assert window.registry.keys_for("help.cheat_sheet") == ["F2"]
    # A conflict is shown and nothing is saved.
    dialog2 = KeymapSettings(window, user)
    qtbot.addWidget(dialog2)
    row = next(
        r
        for r in range(dialog2.table.rowCount())
        if dialog2.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == "find.all"
    )  # type: ignore[union-attr]
    dialog2.table.item(row, 1).setText("Ctrl+O")  # type: ignore[union-attr]
    dialog2.save()
    assert "bound to both" in dialog2.problems.text()
    assert window.registry.keys_for("find.all") == ["Ctrl+Shift+F"]

"""Two windows on one database — a file, or a team database, each window logged in as its
member — and undo when the file is locked: what each reviewer sees is what is saved, and
nothing one of them saved is overwritten by the other.

Everything goes through real key events on the focused widget.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
BOTH_ENGINES = True  # the window on a database file and on a team database


def _tag_amount(window: MainWindow, qtbot: QtBot, store: Store, document_id: str) -> None:
    text = store.document(document_id).text
    start = text.index("HK$1,500,000")
    _activate(window, qtbot)
    window.text_view.setFocus()
    window.text_view.select_span(start, start + len("HK$1,500,000"))
    qtbot.keyClick(window.text_view, Qt.Key.Key_3)


def _activate(window: MainWindow, qtbot: QtBot) -> None:
    """Bring a window to the front: shortcuts reach only the active window, as for a user."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow)


def _undo(window: MainWindow, qtbot: QtBot) -> None:
    _activate(window, qtbot)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.file_only  # another program locks the file
def test_ctrl_z_on_a_locked_database_says_so_and_undoes_nothing(
    make_window: MakeWindow, store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    _tag_amount(window, qtbot, store, document_id)
    [entity] = store.entities(document_id)
    store.db.execute("PRAGMA busy_timeout=100")
    other = sqlite3.connect(store.path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        _undo(window, qtbot)
    finally:
        other.rollback()
        other.close()
    message = window.statusBar().currentMessage()
    assert message.startswith("Not undone: Create")
    assert "locked" in message
    assert [e.id for e in store.entities(document_id)] == [entity.id]
    assert window.working is not None and len(window.working.spans) == 1
    history = window.context.history
    assert (history.can_undo(), history.can_redo()) == (True, False)
    # Unlocked, the same key undoes it; redo brings back the same entity, not a duplicate.
    _undo(window, qtbot)
    assert window.statusBar().currentMessage().startswith("Undone: Create")
    assert store.entities(document_id) == []
    qtbot.keyClick(
        window.text_view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [e.id for e in store.entities(document_id)] == [entity.id]


def _second_window(
    qtbot: QtBot, tmp_path: Path, another_store: Callable[[str], Store], reviewer: str
) -> MainWindow:
    store = another_store(reviewer)
    settings = QSettings(str(tmp_path / f"{reviewer}.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer/name", reviewer)
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_second_window_sees_the_first_ones_work_and_cannot_overwrite_it(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    qtbot: QtBot,
    tmp_path: Path,
    another_store: Callable[[str], Store],
) -> None:
    alice = make_window(store)
    alice.open_document(document_id)
    bob = _second_window(qtbot, tmp_path, another_store, "bob")
    try:
        bob.open_document(document_id)
        bob_field = bob.forms.document_tab.fields.editors["stock_code"]
        # Alice tags an amount and saves a field; Bob's window shows both without his asking.
        _tag_amount(alice, qtbot, store, document_id)
        alice_field = alice.forms.document_tab.fields.editors["stock_code"]
        _activate(alice, qtbot)
        alice_field.field.setFocus()
        qtbot.keyClicks(alice_field.field, "0328")
        qtbot.keyClick(alice_field.field, Qt.Key.Key_Return)
        assert store.document(document_id).metadata["stock_code"] == "0328"
        qtbot.waitUntil(lambda: bob.working is not None and len(bob.working.spans) == 1)
        qtbot.waitUntil(lambda: bob_field.value() == "0328")
        # Alice marks it annotated; Bob's queue shows it.
        _activate(alice, qtbot)
        alice.text_view.setFocus()
        qtbot.keyClick(
            alice.text_view,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert store.document_info(document_id).status is DocumentStatus.ANNOTATED
        qtbot.waitUntil(
            lambda: (
                bob.working is not None and bob.working.document.status is DocumentStatus.ANNOTATED
            )
        )
    finally:
        bob.close()
        bob.context.store.close()


def test_undo_in_one_window_never_reverts_what_another_saved_since(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    qtbot: QtBot,
    tmp_path: Path,
    another_store: Callable[[str], Store],
) -> None:
    alice = make_window(store)
    alice.open_document(document_id)
    bob = _second_window(qtbot, tmp_path, another_store, "bob")
    try:
        bob.open_document(document_id)
        # Alice sets the stock code from her form.
        alice_field = alice.forms.document_tab.fields.editors["stock_code"]
        _activate(alice, qtbot)
        alice_field.field.setFocus()
        qtbot.keyClicks(alice_field.field, "0328")
        qtbot.keyClick(alice_field.field, Qt.Key.Key_Return)
        # Bob, once his window shows it, corrects it; then Alice presses Ctrl+Z.
        bob_field = bob.forms.document_tab.fields.editors["stock_code"]
        qtbot.waitUntil(lambda: bob_field.value() == "0328")
        _activate(bob, qtbot)
        bob_field.field.setFocus()
        bob_field.field.selectAll()
        qtbot.keyClicks(bob_field.field, "0329")
        qtbot.keyClick(bob_field.field, Qt.Key.Key_Return)
        assert store.document(document_id).metadata["stock_code"] == "0329"
        _undo(alice, qtbot)
        message = alice.statusBar().currentMessage()
        assert message.startswith("Not undone: Set Stock code")
        assert "changed to '0329' by bob" in message
        assert store.document(document_id).metadata["stock_code"] == "0329"
        # Alice's window now shows Bob's value, and her history did not move.
        assert alice_field.value() == "0329"
        assert alice.context.history.can_undo()
    finally:
        bob.close()
        bob.context.store.close()


def test_an_edit_from_a_stale_view_is_refused_and_the_view_reloaded(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    qtbot: QtBot,
    tmp_path: Path,
    another_store: Callable[[str], Store],
) -> None:
    alice = make_window(store)
    alice.open_document(document_id)
    _tag_amount(alice, qtbot, store, document_id)
    [entity] = store.entities(document_id)
    bob = _second_window(qtbot, tmp_path, another_store, "bob")
    try:
        bob.open_document(document_id)
        bob.forms.fill_now()  # what the window does on the turn after the open: Bob sees it
        bob.context.poll_timer.stop()  # Bob's view goes stale: he has not seen what follows
        if bob.team_watch is not None:
            bob.team_watch.close()  # on a team database: nor heard of it
        alice.context.store.update_entity(entity.id, name="HK$1.5 million")
        form = bob.forms.entities_tab
        assert form.show_entity(entity.id)
        name = form.form.name_edit
        _activate(bob, qtbot)
        name.setFocus()
        name.selectAll()
        qtbot.keyClicks(name, "One and a half million")
        qtbot.keyClick(name, Qt.Key.Key_Return)
        assert "changed by tester" in bob.statusBar().currentMessage()
        assert store.entity(entity.id).name == "HK$1.5 million"
        assert bob.working is not None
        assert bob.working.entities[entity.id].name == "HK$1.5 million"
    finally:
        bob.close()
        bob.context.store.close()

"""A document with more entities than the Entities tree first shows: the tree still expands,
walks every entity with the arrow keys, Page Down and End, and Return jumps to the mention.

Most entities are people and a few at the end are money: Qt's own tree fetches more only for
the last expanded type, so these walk a type that is not the last."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.edits.annotation_edits import DeleteEntity, UpdateEntity
from desktop_app.core.gc_pause import paused_gc
from desktop_app.core.models import Entity, Mention
from desktop_app.core.store import Store
from desktop_app.ui.forms.entity_tree_model import ENTITY_ID_ROLE, FETCH_STEP
from desktop_app.ui.main_window import MainWindow

COUNT = 3 * FETCH_STEP + 17  # more than the tree is given at first, not a multiple of a step
MONEY = 5  # the last entities in reading order are money, the rest people
PEOPLE = COUNT - MONEY


def large_document(store: Store) -> tuple[str, list[Entity]]:
    """``COUNT`` entities each named once, in reading order ``p00000``, ``p00001``, …"""
    words = [f"p{n:05d}" for n in range(COUNT)]
    text = " ".join(words)
    entities = [
        Entity(
            id=f"e{n:05d}",
            type="PERSON" if n < PEOPLE else "MONEY",
            name=f"Person {n:05d}",
            mentions=[Mention(id=f"m{n:05d}", start=n * 7, end=n * 7 + 6, text=words[n])],
        )
        for n in range(COUNT)
    ]
    document_id, _ = store.add_document(text=text, title="Many people")
    with store.transaction():
        store.insert_annotations(document_id, entities, [])
    return document_id, entities


def open_large(
    qtbot: QtBot, store: Store, make_window: Callable[[Store], MainWindow]
) -> tuple[MainWindow, list[Entity]]:
    document_id, entities = large_document(store)
    window = make_window(store)
    window.open_document(document_id)
    qtbot.waitUntil(lambda: window.forms.filled)
    window.forms.setCurrentWidget(window.forms.entities_tab)
    return window, entities


def test_the_tree_expands_with_every_count_but_lays_out_only_the_first_screens(
    qtbot: QtBot, store: Store, make_window: Callable[[Store], MainWindow]
) -> None:
    window, _ = open_large(qtbot, store, make_window)
    tab = window.forms.entities_tab
    group = tab.model.index(0, 0)
    assert tab.tree.isExpanded(group)
    assert tab.model.data(group) == f"Person ({PEOPLE})"
    assert tab.model.rowCount(group) < PEOPLE  # the rest come as the reviewer gets to them
    assert tab.model.data(tab.model.index(1, 0)) == f"Money ({MONEY})"


def test_arrows_page_down_and_end_walk_every_entity_and_return_jumps_to_it(
    qtbot: QtBot, store: Store, make_window: Callable[[Store], MainWindow]
) -> None:
    window, entities = open_large(qtbot, store, make_window)
    tab = window.forms.entities_tab
    tree = tab.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # from the type's row to its first entity
    assert tree.currentIndex().data(ENTITY_ID_ROLE) == entities[0].id

    for _ in range(FETCH_STEP * 2 + 5):  # past the end of the rows the tree began with
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentIndex().data(ENTITY_ID_ROLE) == entities[FETCH_STEP * 2 + 5].id
    assert tab.form.entity_id == entities[FETCH_STEP * 2 + 5].id  # the form follows

    for _ in range(200):  # Page Down until the last person and beyond
        qtbot.keyClick(tree, Qt.Key.Key_PageDown)
        if tree.currentIndex().parent() != tab.model.index(0, 0):
            break
    else:
        raise AssertionError(f"Page Down stopped at {tree.currentIndex().row()}")
    qtbot.keyClick(tree, Qt.Key.Key_Home)
    for _ in range(PEOPLE):  # every person by the arrow key, in reading order
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentIndex().data(ENTITY_ID_ROLE) == entities[PEOPLE - 1].id

    qtbot.keyClick(tree, Qt.Key.Key_End)
    last = entities[-1]
    assert tree.currentIndex().data(ENTITY_ID_ROLE) == last.id

    qtbot.keyClick(tree, Qt.Key.Key_Return)
    mention = last.mentions[0]
    assert window.text_view.selected_span() == (mention.start, mention.end)

    qtbot.keyClick(tree, Qt.Key.Key_Up)
    assert tree.currentIndex().data(ENTITY_ID_ROLE) == entities[-2].id


def test_showing_an_entity_beyond_the_first_rows_selects_it(
    qtbot: QtBot, store: Store, make_window: Callable[[Store], MainWindow]
) -> None:
    window, entities = open_large(qtbot, store, make_window)
    far = entities[PEOPLE - 3]
    window.forms.show_entity(far.id)
    tab = window.forms.entities_tab
    assert tab.tree.currentIndex().data(ENTITY_ID_ROLE) == far.id
    assert tab.form.entity_id == far.id


def test_edits_to_entities_not_yet_fetched_keep_counts_and_rows_right(
    qtbot: QtBot, store: Store, make_window: Callable[[Store], MainWindow]
) -> None:
    window, entities = open_large(qtbot, store, make_window)
    tab, context = window.forms.entities_tab, window.context
    model = tab.model
    people = model.index(0, 0)
    shown = model.rowCount(people)
    far, farther = entities[PEOPLE - 2], entities[PEOPLE - 1]

    assert context.run_edit(DeleteEntity(far.id, "Person"))
    assert model.data(people) == f"Person ({PEOPLE - 1})"
    assert model.rowCount(people) == shown  # nothing the view showed went away

    moved = UpdateEntity(farther.id, {"type_id": "PERSON"}, {"type_id": "COMPANY"}, "Retype")
    assert context.run_edit(moved)
    companies = model.index(0, 0)  # companies come first in the schema
    assert model.data(companies) == "Company (1)"
    assert model.index(0, 0, companies).data(ENTITY_ID_ROLE) == farther.id
    people = model.index(1, 0)
    assert model.data(people) == f"Person ({PEOPLE - 2})"

    assert context.undo() and context.undo()
    people = model.index(0, 0)
    assert model.data(people) == f"Person ({PEOPLE})"
    window.forms.show_entity(far.id)
    assert tab.tree.currentIndex().data(ENTITY_ID_ROLE) == far.id
    assert tab.tree.currentIndex().row() == PEOPLE - 2  # back in its place in reading order


def test_the_collector_is_back_on_and_nothing_left_frozen_after_an_open(
    qtbot: QtBot, store: Store, make_window: Callable[[Store], MainWindow]
) -> None:
    window, _ = open_large(qtbot, store, make_window)
    window.forms.problems_tab.revalidate()
    # The suggestion worker pauses the collector while it suggests: let it finish first.
    window.suggestions.pool.waitForDone()
    qtbot.waitUntil(lambda: window.suggestions.running == 0)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with pytest.raises(KeyError), paused_gc():
        assert not gc.isenabled()
        raise KeyError("a failed read")
    assert gc.isenabled() and gc.get_freeze_count() == 0

"""The Entities tab: tree, entity form, mentions and deletion, driven with keys and clicks."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms import FormsPane
from desktop_app.ui.forms.attribute_editors import EnumEditor, MoneyEditor


def tree_labels(pane: FormsPane) -> list[str]:
    """Every row of the entity tree as a user reads it: groups and their entities."""
    model = pane.entities_tab.model
    rows = []
    for group_row in range(model.rowCount()):
        group = model.index(group_row, 0)
        rows.append(model.data(group))
        rows += [model.data(model.index(n, 0, group)) for n in range(model.rowCount(group))]
    return rows


def test_tree_groups_entities_by_type_with_counts(pane: FormsPane) -> None:
    labels = tree_labels(pane)
    assert labels[:2] == ["Company (1)", "Harbour Star Holdings Limited · 2 mentions"]
    assert "Person (1)" in labels and "Chan Tai Man · 1 mention" in labels


def test_rename_by_typing_and_return_is_saved_and_undoable(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    pane.show_entity(annotated.company)
    form = pane.entities_tab.form
    assert QApplication.focusWidget() is form.name_edit
    qtbot.keyClicks(form.name_edit, "Harbour Star")  # the name is selected: typing replaces it
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)

    assert store.entity(annotated.company).name == "Harbour Star"
    assert "Harbour Star · 2 mentions" in tree_labels(pane)
    assert QApplication.focusWidget() is form.name_edit  # the commit did not move focus
    assert pane.current_annotation() == annotated.company

    assert context.undo()
    assert store.entity(annotated.company).name == "Harbour Star Holdings Limited"
    assert form.name_edit.text() == "Harbour Star Holdings Limited"


def test_empty_name_is_refused_and_restored(
    qtbot: QtBot, pane: FormsPane, store: Store, annotated: Any
) -> None:
    pane.show_entity(annotated.person)
    form = pane.entities_tab.form
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
    assert store.entity(annotated.person).name == "Chan Tai Man"
    assert form.name_edit.text() == "Chan Tai Man"


def test_change_type_moves_the_entity_and_swaps_its_attributes(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    pane.show_entity(annotated.company)
    form = pane.entities_tab.form
    role = form.attribute_form.editors["role"]
    assert isinstance(role, EnumEditor)
    qtbot.keyClicks(role.choice, "issuer")
    assert store.entity(annotated.company).attributes == {"role": "issuer"}

    form.type_combo.setFocus()
    qtbot.keyClicks(form.type_combo, "Organisation")

    entity = store.entity(annotated.company)
    assert entity.type == "ORGANIZATION"
    assert entity.attributes == {}  # "role" is not an attribute of organisations
    assert "Company (1)" not in tree_labels(pane)
    assert "Organisation (1)" in tree_labels(pane)
    assert set(form.attribute_form.editors) == {"kind"}
    assert QApplication.focusWidget() is form.type_combo
    assert pane.current_annotation() == annotated.company  # still selected after the move
    tree = pane.entities_tab.tree
    assert pane.entities_tab.model.entity_id_at(tree.currentIndex()) == annotated.company

    assert context.undo()
    entity = store.entity(annotated.company)
    assert (entity.type, entity.attributes) == ("COMPANY", {"role": "issuer"})
    assert form.attribute_form.editors["role"].value() == "issuer"


def test_enum_and_money_attributes_are_saved(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    pane.show_entity(annotated.money)
    money = pane.entities_tab.form.attribute_form.editors["value"]
    assert isinstance(money, MoneyEditor)
    money.currency.setFocus()
    qtbot.keyClicks(money.currency, "USD")
    qtbot.keyClicks(money.amount, "1,500,000")
    qtbot.keyClick(money.amount, Qt.Key.Key_Return)
    assert store.entity(annotated.money).attributes["value"] == "USD 1500000.00"
    assert money.amount.text() == "1500000.00"

    approximate = pane.entities_tab.form.attribute_form.editors["approximate"]
    check = approximate.focus_widgets()[0]
    assert check.checkState() is Qt.CheckState.PartiallyChecked  # not recorded yet
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert store.entity(annotated.money).attributes == {
        "value": "USD 1500000.00",
        "approximate": True,
    }
    assert context.undo()
    assert store.entity(annotated.money).attributes == {"value": "USD 1500000.00"}


def test_invalid_date_is_refused_and_marked(
    qtbot: QtBot, pane: FormsPane, store: Store, annotated: Any
) -> None:
    pane.show_entity(annotated.date)
    editor = pane.entities_tab.form.attribute_form.editors["value"]
    field = editor.focus_widgets()[0]
    field.setFocus()
    qtbot.keyClicks(field, "2025-02-30")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "value" not in store.entity(annotated.date).attributes
    assert field.property("invalid") is True
    assert "YYYY-MM-DD" in field.toolTip()

    field.selectAll()
    qtbot.keyClicks(field, "2025-03-03")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert store.entity(annotated.date).attributes["value"] == "2025-03-03"
    assert field.property("invalid") is False


def test_mentions_list_jumps_and_deletes(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    pane.show_entity(annotated.company)
    mentions = pane.entities_tab.form.mention_list
    assert [mentions.item(n).text() for n in range(mentions.count())] == [
        "«Harbour Star Holdings Limited» · 0",
        f"«Company» · {annotated.text.index('Company')}",
    ]
    mentions.setFocus()
    mentions.setCurrentRow(1)
    start = annotated.text.index("Company")
    with qtbot.waitSignal(pane.jump_requested) as jump:
        qtbot.keyClick(mentions, Qt.Key.Key_Return)
    assert jump.args == [start, start + len("Company")]

    qtbot.keyClick(mentions, Qt.Key.Key_Delete)
    assert [m.text for m in store.entity(annotated.company).mentions] == [
        "Harbour Star Holdings Limited"
    ]
    assert mentions.count() == 1
    assert "Harbour Star Holdings Limited · 1 mention" in tree_labels(pane)
    assert context.undo()
    assert len(store.entity(annotated.company).mentions) == 2


def test_delete_entity_says_what_else_goes_and_undo_restores_it(
    qtbot: QtBot,
    pane: FormsPane,
    context: EditorContext,
    store: Store,
    annotated: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def answer_yes(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    pane.show_entity(annotated.company)
    with qtbot.waitSignal(context.message) as message:
        qtbot.mouseClick(pane.entities_tab.form.delete_button, Qt.MouseButton.LeftButton)

    assert "also removes 1 event argument" in asked[0]
    assert "1 event argument" in message.args[0]
    with pytest.raises(KeyError):
        store.entity(annotated.company)
    assert store.event(annotated.event).arguments == []
    assert "Company (1)" not in tree_labels(pane)
    assert pane.current_annotation() != annotated.company

    assert context.undo()
    assert store.entity(annotated.company).name == "Harbour Star Holdings Limited"
    assert [a.entity_id for a in store.event(annotated.event).arguments] == [annotated.company]
    assert "Company (1)" in tree_labels(pane)


def test_declining_the_delete_question_keeps_the_entity(
    qtbot: QtBot, pane: FormsPane, store: Store, annotated: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    pane.show_entity(annotated.person)
    qtbot.mouseClick(pane.entities_tab.form.delete_button, Qt.MouseButton.LeftButton)
    assert store.entity(annotated.person).name == "Chan Tai Man"


def test_filter_narrows_the_tree_and_show_entity_clears_it(
    qtbot: QtBot, pane: FormsPane, annotated: SimpleNamespace
) -> None:
    tab = pane.entities_tab
    tab.filter_edit.setFocus()
    qtbot.keyClicks(tab.filter_edit, "chan")
    assert tree_labels(pane) == ["Person (1)", "Chan Tai Man · 1 mention"]
    qtbot.keyClick(tab.filter_edit, Qt.Key.Key_Return)  # on to the first match
    assert QApplication.focusWidget() is tab.tree
    assert pane.current_annotation() == annotated.person

    pane.show_entity(annotated.company)
    assert tab.filter_edit.text() == ""
    assert pane.current_annotation() == annotated.company


def test_every_form_control_has_an_accessible_name(pane: FormsPane, annotated: Any) -> None:
    pane.show_entity(annotated.money)
    form = pane.entities_tab.form
    controls = [form.type_combo, form.name_edit, form.identifier_edit, form.mention_list]
    controls += [*form.attribute_form.focus_widgets(), form.delete_button]
    assert all(control.accessibleName() for control in controls)

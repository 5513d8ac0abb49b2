"""The Events tab: role rows, the type-ahead picker, new-from-selection, type and deletion."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms import FormsPane
from desktop_app.ui.forms.role_row import RoleRow


def role_row(pane: FormsPane, name: str) -> RoleRow:
    return pane.events_tab.form.rows[name]


def focused_row(pane: FormsPane) -> str | None:
    focus = QApplication.focusWidget()
    rows = pane.events_tab.form.rows
    return next(
        (name for name, row in rows.items() if focus in (row.picker, row.picker_edit)), None
    )


def test_event_list_and_role_rows_show_the_event(pane: FormsPane, annotated: Any) -> None:
    pane.show_event(annotated.event)
    events = pane.events_tab.event_list
    assert events.item(0).text() == "Share repurchase · «repurchased»"
    form = pane.events_tab.form
    assert list(form.rows)[:3] == ["Repurchaser", "Security", "Shares"]
    labels = [form.roles_layout.itemAt(n, form.roles_layout.ItemRole.LabelRole) for n in range(2)]
    assert "(1)" in labels[0].widget().text() and "(0..1)" in labels[1].widget().text()
    assert [chip.text() for chip in role_row(pane, "Repurchaser").chips] == [
        "Harbour Star Holdings Limited ✕"
    ]


def test_role_picker_offers_only_entities_of_allowed_types(
    qtbot: QtBot, pane: FormsPane, store: Store, annotated: Any
) -> None:
    pane.show_event(annotated.event)
    row = role_row(pane, "Amount")
    row.picker.setFocus()
    assert [entity_id for _label, entity_id in row.choices()] == [annotated.money]
    completer = row.picker.completer()
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    assert completer.caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
    assert completer.model().rowCount() == 1

    qtbot.keyClicks(row.picker_edit, "chan")  # a PERSON: not offered, so nothing happens
    qtbot.keyClick(row.picker_edit, Qt.Key.Key_Return)
    assert [a.role for a in store.event(annotated.event).arguments] == ["Repurchaser"]


def test_typing_part_of_a_name_and_return_fills_the_role(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    pane.show_event(annotated.event)
    row = role_row(pane, "Shares")
    row.picker.setFocus()
    qtbot.keyClicks(row.picker_edit, "120,0")
    qtbot.keyClick(row.picker_edit, Qt.Key.Key_Return)

    arguments = store.event(annotated.event).arguments
    assert [(a.role, a.entity_id) for a in arguments] == [
        ("Repurchaser", annotated.company),
        ("Shares", annotated.shares),
    ]
    assert [chip.text() for chip in row.chips] == ["120,000 shares ✕"]
    assert row.picker_edit.text() == ""
    assert focused_row(pane) == "Shares"  # still where the user was typing

    assert context.undo()
    assert [a.role for a in store.event(annotated.event).arguments] == ["Repurchaser"]
    assert row.chips == []


def test_required_role_is_marked_until_filled(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    pane.show_event(annotated.event)
    repurchaser = role_row(pane, "Repurchaser")
    assert not repurchaser.marker.isVisible()
    assert not role_row(pane, "Shares").marker.isVisible()  # optional roles are never marked

    qtbot.mouseClick(repurchaser.chips[0], Qt.MouseButton.LeftButton)  # empty the role
    assert store.event(annotated.event).arguments == []
    assert repurchaser.marker.isVisible()
    assert repurchaser.marker.text() == "required"

    repurchaser.picker.setFocus()
    qtbot.keyClicks(repurchaser.picker_edit, "harbour")
    qtbot.keyClick(repurchaser.picker_edit, Qt.Key.Key_Return)
    assert [a.entity_id for a in store.event(annotated.event).arguments] == [annotated.company]
    assert not repurchaser.marker.isVisible()


def test_show_event_focuses_the_first_empty_required_role(
    qtbot: QtBot, pane: FormsPane, store: Store, document_id: str, context: EditorContext
) -> None:
    officer_change = store.create_event(document_id, "OfficerChange")
    context.open_document(document_id)
    pane.show_event(officer_change.id)
    assert focused_row(pane) == "Person"
    assert pane.current_annotation() == officer_change.id


def test_tab_walks_the_role_pickers_in_order(qtbot: QtBot, pane: FormsPane, annotated: Any) -> None:
    pane.show_event(annotated.event)
    names = list(pane.events_tab.form.rows)
    role_row(pane, names[0]).picker.setFocus()
    visited = [focused_row(pane)]
    for _ in names[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(focused_row(pane))
    assert visited == names
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert focused_row(pane) == names[-2]


def test_new_from_selection_creates_an_entity_and_fills_the_role(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    start = annotated.text.index("本公司")
    context.selection_provider = lambda: (start, start + 3)
    pane.show_event(annotated.event)
    row = role_row(pane, "Security")
    row.picker.setFocus()
    new_keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(row.picker_edit, Qt.Key.Key_N, new_keys)

    created = [e for e in store.entities(context.working.id) if e.type == "SECURITY"]
    assert [e.name for e in created] == ["本公司"]
    arguments = store.event(annotated.event).arguments
    assert ("Security", created[0].id) in [(a.role, a.entity_id) for a in arguments]
    assert [chip.text() for chip in row.chips] == ["本公司 ✕"]

    assert context.undo()  # one step takes back both the entity and the argument
    assert [e for e in store.entities(context.working.id) if e.type == "SECURITY"] == []
    assert [a.role for a in store.event(annotated.event).arguments] == ["Repurchaser"]


def test_new_from_selection_without_a_selection_says_so(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, annotated: Any
) -> None:
    pane.show_event(annotated.event)
    with qtbot.waitSignal(context.message) as message:
        qtbot.mouseClick(role_row(pane, "Security").new_button, Qt.MouseButton.LeftButton)
    assert "Select text first" in message.args[0]
    assert len(context.history) == 0


def test_event_type_change_and_attribute(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    pane.show_event(annotated.event)
    form = pane.events_tab.form
    method = form.attribute_form.editors["method"]
    method.focus_widgets()[0].setFocus()
    qtbot.keyClicks(method.focus_widgets()[0], "on market")
    assert store.event(annotated.event).attributes == {"method": "on_market"}

    form.type_combo.setFocus()
    qtbot.keyClicks(form.type_combo, "Trading")
    event = store.event(annotated.event)
    assert event.type == "TradingStatus" and event.attributes == {}
    assert "Repurchaser" in form.rows and form.rows["Repurchaser"].role is None  # kept, marked
    assert "Company" in form.rows
    assert pane.events_tab.event_list.item(0).text().startswith("Trading")
    assert context.undo()
    assert store.event(annotated.event).type == "ShareRepurchase"
    assert form.rows["Repurchaser"].role is not None


def test_jump_button_and_delete_event(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    pane.show_event(annotated.event)
    form = pane.events_tab.form
    with qtbot.waitSignal(pane.jump_requested) as jump:
        qtbot.mouseClick(form.jump_button, Qt.MouseButton.LeftButton)
    assert tuple(jump.args) == annotated.trigger

    qtbot.mouseClick(form.delete_button, Qt.MouseButton.LeftButton)
    assert store.events(context.working.id) == []
    assert pane.events_tab.event_list.count() == 0
    assert pane.current_annotation() is None
    assert context.undo()
    assert pane.events_tab.event_list.count() == 1


# one user approving under a second name: a file's way (the server enforces four-eyes by login)
@pytest.mark.file_only
def test_new_from_selection_on_a_locked_document_leaves_no_undo_step(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, annotated: Any
) -> None:
    # Setup only: the workflow would need a second reviewer and a valid document to approve.
    store.db.execute("UPDATE documents SET status = 'approved' WHERE id = ?", [context.working.id])
    context.open_document(context.working.id)
    start = annotated.text.index("本公司")
    context.selection_provider = lambda: (start, start + 3)
    pane.show_event(annotated.event)
    with qtbot.waitSignal(context.message) as message:
        qtbot.mouseClick(role_row(pane, "Security").new_button, Qt.MouseButton.LeftButton)
    assert "locked" in message.args[0]
    assert len(context.history) == 0
    assert [e for e in store.entities(context.working.id) if e.type == "SECURITY"] == []

"""The Document and Problems tabs, and the pane's navigation between problems and forms."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.edits import DeleteEntity
from desktop_app.core.problem_book import reading_order
from desktop_app.core.store import Store
from desktop_app.core.validation import validate_document
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms import FormsPane
from desktop_app.ui.forms.attribute_editors import DateEditor, TextEditor


def problems_title(pane: FormsPane) -> str:
    return pane.tabText(pane.indexOf(pane.problems_tab))


def shown(pane: FormsPane, row: int) -> str:
    """The text the Problems list shows in ``row``."""
    view = pane.problems_tab.problem_list
    return str(view.model().index(row, 0).data())


def problem_count(pane: FormsPane) -> int:
    return int(problems_title(pane).removeprefix("Problems (").removesuffix(")"))


def test_document_tab_shows_the_document_and_saves_a_field(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, store: Store, document_id: str
) -> None:
    tab = pane.document_tab
    assert tab.title_label.text() == "Harbour Star buy-back"
    assert tab.status_label.text() == "New"
    stock_code = tab.fields.editors["stock_code"]
    assert isinstance(stock_code, TextEditor)
    pane.setCurrentWidget(tab)
    stock_code.field.setFocus()
    qtbot.keyClicks(stock_code.field, "0328")
    qtbot.keyClick(stock_code.field, Qt.Key.Key_Return)
    assert store.document(document_id).metadata["stock_code"] == "0328"
    assert QApplication.focusWidget() is stock_code.field

    assert context.undo()
    assert "stock_code" not in store.document(document_id).metadata
    assert stock_code.field.text() == ""


def test_problem_count_follows_edits(
    qtbot: QtBot, pane: FormsPane, store: Store, document_id: str
) -> None:
    qtbot.waitUntil(lambda: problems_title(pane) != "Problems")
    before = problem_count(pane)
    listed = [shown(pane, n) for n in range(before)]
    assert any("Publication date" in text for text in listed)

    date = pane.document_tab.fields.editors["publication_date"]
    assert isinstance(date, DateEditor)
    date.field.setFocus()
    qtbot.keyClicks(date.field, "2025-03-03")
    qtbot.keyClick(date.field, Qt.Key.Key_Return)
    assert store.document(document_id).metadata["publication_date"] == "2025-03-03"
    qtbot.waitUntil(lambda: problem_count(pane) == before - 1)
    listed = [shown(pane, n) for n in range(before - 1)]
    assert not any("Publication date" in text for text in listed)


def test_changes_in_one_turn_are_validated_once(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, annotated: Any
) -> None:
    qtbot.waitUntil(lambda: problems_title(pane) != "Problems")
    runs: list[int] = []
    pane.problems_tab.count_changed.connect(runs.append)
    form = pane.entities_tab.form
    pane.show_entity(annotated.person)
    form.identifier_edit.setText("HKID A123")
    form.identifier_edit.editingFinished.emit()
    form.name_edit.setText("Mr Chan Tai Man")
    form.name_edit.editingFinished.emit()
    assert len(context.history) == 2
    qtbot.waitUntil(lambda: len(runs) == 1)
    QApplication.processEvents()
    assert len(runs) == 1


def test_activating_a_problem_jumps_to_its_span_and_form(
    qtbot: QtBot, pane: FormsPane, store: Store, context: EditorContext, annotated: Any
) -> None:
    (repurchaser,) = store.event(annotated.event).arguments
    store.remove_argument(repurchaser.id)  # leaves a required role empty
    context.open_document(context.working.id)
    problems = pane.problems_tab
    qtbot.waitUntil(lambda: any(p.event_id == annotated.event for p in problems.problems))
    row = next(n for n, p in enumerate(problems.problems) if p.event_id == annotated.event)
    assert "required role Repurchaser is empty" in shown(pane, row)

    pane.focus_problems()
    assert pane.currentWidget() is problems
    problems.problem_list.setCurrentIndex(problems.model.index(row))
    with qtbot.waitSignal(pane.jump_requested) as jump:
        qtbot.keyClick(problems.problem_list, Qt.Key.Key_Return)
    assert tuple(jump.args) == annotated.trigger
    assert pane.currentWidget() is pane.events_tab
    assert pane.current_annotation() == annotated.event
    repurchaser_picker = pane.events_tab.form.rows["Repurchaser"].picker
    assert QApplication.focusWidget() is repurchaser_picker  # ready to fix it


def test_activating_a_document_problem_opens_the_field(
    qtbot: QtBot, pane: FormsPane, annotated: Any
) -> None:
    qtbot.waitUntil(lambda: problem_count(pane) > 0)
    problems = pane.problems_tab
    row = next(n for n, p in enumerate(problems.problems) if "Stock code" in p.message)
    pane.focus_problems()
    problems.problem_list.setCurrentIndex(problems.model.index(row))
    qtbot.keyClick(problems.problem_list, Qt.Key.Key_Return)
    assert pane.currentWidget() is pane.document_tab
    stock_code = pane.document_tab.fields.editors["stock_code"]
    assert QApplication.focusWidget() is stock_code.focus_widgets()[0]


def test_opening_another_document_resets_every_tab(
    qtbot: QtBot, pane: FormsPane, context: EditorContext, annotated: Any
) -> None:
    pane.show_entity(annotated.company)
    context.open_document(None)
    assert pane.entities_tab.model.rowCount() == 0
    assert pane.events_tab.event_list.count() == 0
    assert pane.current_annotation() is None
    assert not pane.document_tab.isEnabled()
    qtbot.waitUntil(lambda: problems_title(pane) == "Problems (0)")


def test_after_edits_and_undo_the_list_matches_a_full_check(
    qtbot: QtBot, pane: FormsPane, store: Store, context: EditorContext, annotated: Any
) -> None:
    """Only what an edit touched is checked again; what is shown must still be everything."""
    assert context.working is not None
    document_id = context.working.id

    def full_check() -> list[str]:
        problems = validate_document(store.annotated(document_id), store.schema)
        return [p.message for p in sorted(problems, key=reading_order)]

    def listed() -> list[str]:
        return [shown(pane, row) for row in range(pane.problems_tab.model.rowCount())]

    qtbot.waitUntil(lambda: problems_title(pane) != "Problems")
    assert listed() == full_check()
    assert not any("Repurchaser is empty" in text for text in listed())
    assert context.run_edit(DeleteEntity(annotated.company, "the company"))
    qtbot.waitUntil(lambda: any("Repurchaser is empty" in text for text in listed()))
    assert listed() == full_check()
    assert context.undo()
    qtbot.waitUntil(lambda: not any("Repurchaser is empty" in text for text in listed()))
    assert listed() == full_check()

"""The History tab in words with filters, field diffs, jumps and CSV; comments entered on
several lines, read in full and opened from their mark in the text; labels instead of slugs in
the forms; an invalid date says why under the field."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from desktop_app.core.edits import AddComment
from desktop_app.core.store import Store
from desktop_app.ui import file_dialogs
from desktop_app.ui.forms.attribute_editors import DateEditor, EnumEditor
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.prompt import TextPrompt

BOTH_ENGINES = True  # the window on a database file and on a team database

Key, Mod = Qt.Key, Qt.KeyboardModifier
MakeWindow = Callable[..., MainWindow]
LONG = "Harbour Star Holdings Limited, a company incorporated in Bermuda with limited liability"


def _tag_company(qtbot: QtBot, window: MainWindow) -> str:
    window.text_view.select_span(0, 29)  # "Harbour Star Holdings Limited"
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_1)
    assert window.working is not None
    (entity_id,) = window.working.entities
    return entity_id


def _rename(qtbot: QtBot, window: MainWindow, entity_id: str, name: str) -> None:
    window.forms.show_entity(entity_id)
    field = window.forms.entities_tab.form.name_edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, name)
    qtbot.keyClick(field, Key.Key_Return)


def test_history_in_words_filtered_with_full_diffs_jump_and_csv(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    entity_id = _tag_company(qtbot, window)
    _rename(qtbot, window, entity_id, LONG)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_H, Mod.ControlModifier)
    tab = window.forms.history_tab
    qtbot.waitUntil(tab.entries.hasFocus)
    texts = [tab.entries.item(n).text() for n in range(tab.entries.count())]
    assert texts[0].endswith(f"tester renamed Company «Harbour Star Holdings Limited» → «{LONG}»")
    assert any("tester added Company «Harbour Star Holdings Limited»" in t for t in texts)
    assert any("marked «Harbour Star Holdings Limited» as a mention of Company" in t for t in texts)
    assert any(t.endswith("tester marked the document In progress") for t in texts)
    assert not any("{" in t for t in texts)  # no raw JSON
    detail = tab.detail.toPlainText()
    assert LONG in detail and "Harbour Star Holdings Limited" in detail  # both sides in full

    # Filters: what (mentions only), then back; who has one reviewer.
    tab.what.setFocus()
    tab.what.setCurrentIndex(tab.what.findData("mention"))
    assert tab.entries.count() == 1 and "mention" in tab.entries.item(0).text()
    assert tab.summary.text() == "1 change of 5"
    tab.what.setCurrentIndex(0)
    assert [tab.who.itemText(n) for n in range(tab.who.count())] == ["Everyone", "tester"]

    # Return on an entry jumps to its annotation in the text.
    window.text_view.move_caret(100)
    tab.entries.setFocus()
    tab.entries.setCurrentRow(0)
    qtbot.keyClick(tab.entries, Key.Key_Return)
    assert window.text_view.selected_span() == (0, 29)

    # Export CSV for auditors: one row per changed field, every value in full.
    target = tmp_path / "history.csv"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    name = next(row for row in rows if row["field"] == "Name")
    assert (name["before"], name["after"], name["who"]) == (
        "Harbour Star Holdings Limited",
        LONG,
        "tester",
    )
    assert "Exported 5 changes" in window.statusBar().currentMessage()


def test_a_comment_on_several_lines_read_in_full_and_opened_from_its_mark(
    make_window: MakeWindow, store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    entity_id = _tag_company(qtbot, window)
    window.forms.show_entity(entity_id)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_M, Mod.ControlModifier | Mod.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TextPrompt))
    prompt = QApplication.activeModalWidget()
    assert isinstance(prompt, TextPrompt) and prompt.note is not None
    qtbot.waitUntil(prompt.note.hasFocus)
    qtbot.keyClicks(prompt.note, "Is this the issuer's full name?")
    qtbot.keyClick(prompt.note, Key.Key_Return)  # a new line, not saved yet
    assert prompt.isVisible()
    qtbot.keyClicks(prompt.note, "The heading adds 'Group' in the Chinese version.")
    qtbot.keyClick(prompt.note, Key.Key_Return, Mod.ControlModifier)
    qtbot.waitUntil(lambda: bool(store.comments(document_id)))
    (comment,) = store.comments(document_id)
    body = "Is this the issuer's full name?\nThe heading adds 'Group' in the Chinese version."
    assert comment.body == body and comment.target_id == entity_id

    tab = window.forms.comments_tab
    item = tab.tree.topLevelItem(0)
    assert item is not None and item.text(0) == "Is this the issuer's full name? …"
    assert "Company «Harbour Star Holdings Limited»" in item.text(1)
    tab.tree.setCurrentItem(item)
    assert body.split("\n")[1] in tab.detail.toPlainText()  # the whole body, wrapped

    # A click on the corner mark at the start of the commented mention opens its thread.
    window.forms.setCurrentWidget(window.forms.entities_tab)
    window.text_view.move_caret(60)
    view = window.text_view
    geometry = view.visible_geometry(QRectF(view.viewport().rect()))
    assert geometry is not None
    corner = geometry[2](0, 29)[0].topLeft() + QPointF(2, 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=corner.toPoint())
    assert window.forms.currentWidget() is tab
    assert tab.current_comment() == comment.id
    # A click elsewhere in the same mention does not.
    window.forms.setCurrentWidget(window.forms.entities_tab)
    middle = geometry[2](0, 29)[0].center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=middle.toPoint())
    assert window.forms.currentWidget() is not tab


def test_a_reply_thread_reads_in_order_in_the_detail(
    make_window: MakeWindow, store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    assert window.context.run_edit(AddComment(document_id, "Is the amount gross?"))
    (root,) = store.comments(document_id)
    assert window.context.run_edit(AddComment(document_id, "Yes,\nbefore expenses", None, root.id))
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_C, Mod.ControlModifier | Mod.ShiftModifier)
    tab = window.forms.comments_tab
    text = tab.detail.toPlainText()
    assert text.index("Is the amount gross?") < text.index("before expenses")


def test_forms_show_labels_and_an_invalid_date_says_why(
    make_window: MakeWindow, store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    tab = window.forms.document_tab
    category = tab.fields.editors["headline_category"]
    assert isinstance(category, EnumEditor)
    combo = category.focus_widgets()[0]
    assert isinstance(combo, QComboBox)
    texts = [combo.itemText(n) for n in range(combo.count())]
    assert "Notice of AGM" in texts and "notice of agm" not in texts
    date = tab.fields.editors["publication_date"]
    assert isinstance(date, DateEditor)
    window.forms.setCurrentWidget(tab)
    date.field.setFocus()
    qtbot.keyClicks(date.field, "31/03/2025")
    qtbot.keyClick(date.field, Key.Key_Return)
    assert date.message.isVisibleTo(date)
    assert "write it as YYYY-MM-DD" in date.message.text()
    assert "publication_date" not in store.document(document_id).metadata
    date.field.selectAll()
    qtbot.keyClicks(date.field, "2025-03-31")
    qtbot.keyClick(date.field, Key.Key_Return)
    assert not date.message.isVisibleTo(date)
    assert store.document(document_id).metadata["publication_date"] == "2025-03-31"

"""Attribute editors on their own: what each kind accepts, shows and commits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.core.models import AttributeValue
from desktop_app.core.schema import AttributeKind, AttributeSpec
from desktop_app.ui.forms.attribute_editors import AttributeEditor, MoneyEditor, editor_for
from desktop_app.ui.forms.attribute_form import AttributeForm


def shown(qtbot: QtBot, spec: AttributeSpec) -> tuple[AttributeEditor, list[AttributeValue]]:
    editor = editor_for(spec)
    qtbot.addWidget(editor)
    editor.show()
    commits: list[AttributeValue] = []
    editor.committed.connect(commits.append)
    editor.focus_widgets()[-1].setFocus()
    return editor, commits


def type_and_return(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_each_kind_gets_its_control() -> None:
    controls = {
        AttributeKind.TEXT: QLineEdit,
        AttributeKind.NUMBER: QLineEdit,
        AttributeKind.DATE: QLineEdit,
        AttributeKind.ENUM: QComboBox,
        AttributeKind.BOOLEAN: QCheckBox,
    }
    for kind, control in controls.items():
        values = ("a", "b") if kind is AttributeKind.ENUM else ()
        editor = editor_for(AttributeSpec(name="x", kind=kind, values=values))
        assert isinstance(editor.focus_widgets()[0], control)
        editor.deleteLater()
    money = editor_for(AttributeSpec(name="x", kind=AttributeKind.MONEY))
    assert [type(w) for w in money.focus_widgets()] == [QComboBox, QLineEdit]
    money.deleteLater()


def test_number_commits_int_or_float_and_drops_separators(qtbot: QtBot) -> None:
    editor, commits = shown(qtbot, AttributeSpec(name="n", kind=AttributeKind.NUMBER))
    field = editor.focus_widgets()[0]
    assert isinstance(field, QLineEdit)
    type_and_return(qtbot, field, "12,500,000")
    type_and_return(qtbot, field, "4.76")
    qtbot.keyClicks(field, "abc")  # letters are refused as they are typed
    assert field.text() == "4.76"
    assert commits == [12500000, 4.76]
    assert isinstance(commits[0], int) and isinstance(commits[1], float)


def test_money_value_matches_the_schema_format(qtbot: QtBot) -> None:
    spec = AttributeSpec(name="value", kind=AttributeKind.MONEY)
    editor, commits = shown(qtbot, spec)
    assert isinstance(editor, MoneyEditor)
    assert editor.currency.itemData(1) == "CNY" and "RMB" in editor.currency.itemText(1)
    type_and_return(qtbot, editor.amount, "0.125")
    editor.currency.setCurrentIndex(editor.currency.findData("CNY"))
    editor.currency.activated.emit(editor.currency.currentIndex())
    assert commits == ["HKD 0.125", "CNY 0.125"]
    assert all(spec.problem_with(value) is None for value in commits)

    editor.set_value("SGD 38.6")
    assert (editor.currency.currentData(), editor.amount.text()) == ("SGD", "38.6")
    editor.set_value("XAU 2")  # a currency not in the list is still shown, not lost
    assert editor.currency.currentData() == "XAU"


def test_date_accepts_only_real_iso_dates(qtbot: QtBot) -> None:
    editor, commits = shown(qtbot, AttributeSpec(name="d", kind=AttributeKind.DATE))
    field = editor.focus_widgets()[0]
    assert isinstance(field, QLineEdit) and field.placeholderText() == "YYYY-MM-DD"
    for bad in ("3 March 2025", "2025-3-3", "2025-13-01"):
        type_and_return(qtbot, field, bad)
        assert field.property("invalid") is True
    assert commits == []
    assert not editor.is_acceptable()
    type_and_return(qtbot, field, "2024-02-29")
    assert commits == ["2024-02-29"] and field.toolTip() == ""


def test_enum_has_an_empty_first_item_that_clears(qtbot: QtBot) -> None:
    spec = AttributeSpec(name="kind", kind=AttributeKind.ENUM, values=("on_market", "tender"))
    editor, commits = shown(qtbot, spec)
    combo = editor.focus_widgets()[0]
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(n) for n in range(combo.count())] == ["", "on market", "tender"]
    qtbot.keyClicks(combo, "tender")
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert commits == ["tender", None]
    editor.set_value("dropped_value")
    assert combo.currentText() == "dropped_value (not in schema)"


def test_boolean_tells_unrecorded_from_no(qtbot: QtBot) -> None:
    editor, commits = shown(qtbot, AttributeSpec(name="b", kind=AttributeKind.BOOLEAN))
    check = editor.focus_widgets()[0]
    assert isinstance(check, QCheckBox)
    assert editor.value() is None
    qtbot.keyClick(check, Qt.Key.Key_Space)
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert commits == [True, False]
    assert editor.value() is False


def test_form_marks_required_attributes(qtbot: QtBot) -> None:
    specs = (
        AttributeSpec(name="direction", kind=AttributeKind.ENUM, values=("a",), required=True),
        AttributeSpec(name="note"),
    )
    form = AttributeForm(specs)
    qtbot.addWidget(form)
    labels = {label.buddy(): label.text() for label in form.findChildren(QLabel)}
    direction, note = (editor.focus_widgets()[0] for editor in form.editors.values())
    assert labels[direction].startswith("Direction") and "*" in labels[direction]
    assert "*" not in labels[note]
    assert direction.accessibleName() == "Direction (required)"
    assert note.accessibleName() == "Note"

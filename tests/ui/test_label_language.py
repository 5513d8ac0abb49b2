"""The schema's labels in Traditional Chinese from the View menu (or the palette): the
documents list, the Document tab's fields and choices, the History tab; remembered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.picker import Picker

Key, Mod = Qt.Key, Qt.KeyboardModifier


def _run_from_palette(qtbot: QtBot, window: MainWindow, words: str) -> None:
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Key.Key_K, Mod.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), Picker))
    picker = QApplication.activeModalWidget()
    assert isinstance(picker, Picker)
    qtbot.waitUntil(picker.query.hasFocus)
    qtbot.keyClicks(picker.query, words)
    qtbot.keyClick(picker.query, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_labels_switch_to_chinese_and_back(
    make_window: Callable[..., MainWindow], store: Store, document_id: str, qtbot: QtBot
) -> None:
    store.set_document_field(document_id, "headline_category", "notice_of_agm")
    window = make_window(store)
    window.open_document(document_id)
    model = window.documents.model
    assert model.data(model.index(0, 3)) == "Notice of AGM"
    _run_from_palette(qtbot, window, "Labels in Chinese")
    qtbot.waitUntil(lambda: window.context.label_language == "zh-Hant")
    assert model.data(model.index(0, 3)) == "股東週年大會通告"
    assert model.data(model.index(0, 4)) == "新"
    tab = window.forms.document_tab
    assert tab.status_label.text() == "新"
    assert window.title_label.text().endswith("新")
    combo = tab.fields.editors["language"].focus_widgets()[0]
    assert isinstance(combo, QComboBox)
    assert "繁體中文" in [combo.itemText(n) for n in range(combo.count())]
    field_labels = [label.text() for label in tab.fields.findChildren(QLabel)]
    assert any(text.startswith("刊發日期") for text in field_labels)
    assert window.settings.value("view/label_language") == "zh-Hant"
    _run_from_palette(qtbot, window, "Labels in Chinese")
    qtbot.waitUntil(lambda: window.context.label_language == "en")
    assert model.data(model.index(0, 3)) == "Notice of AGM"
    assert tab.status_label.text() == "New"

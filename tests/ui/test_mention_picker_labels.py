"""The "Add as mention of…" picker names each entity's type by its label and counts its
mentions in words, never by the schema's id ("COMPANY · 2")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

TEXT = "Harbour Star Holdings Limited (the Company) paid HK$1,500,000 to the Company."


def test_the_picker_shows_type_labels_and_counted_mentions(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    document_id, _new = store.add_document(text=TEXT, title="Picker")
    window = make_window(store)
    window.open_document(document_id)
    view = window.text_view
    view.setFocus()
    view.select_span(0, len("Harbour Star Holdings Limited"))
    qtbot.keyClick(view, Qt.Key.Key_1)  # the first entity type
    qtbot.waitUntil(lambda: len(store.entities(document_id)) == 1)
    start = TEXT.index("Company")
    view.select_span(start, start + len("Company"))
    qtbot.keyClick(view, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    picker = QApplication.activeModalWidget()
    assert picker is not None
    (choices,) = picker.findChildren(QListWidget)
    labels = [choices.item(row).text() for row in range(choices.count())]
    entity = store.entities(document_id)[0]
    type_label = store.schema.label(entity.type)
    assert labels == [f"Harbour Star Holdings Limited    {type_label} · 1 mention"]
    assert entity.type not in labels[0] or entity.type == type_label
    qtbot.waitUntil(lambda: (w := QApplication.focusWidget()) is not None and w.window() is picker)
    qtbot.keyClicks(QApplication.focusWidget(), "Harbour")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    qtbot.waitUntil(lambda: len(store.entities(document_id)[0].mentions) == 2)

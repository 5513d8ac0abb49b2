"""Alt+Down in a focused drop-down opens its list; the key-bindings dialog shows its whole
column header and says "Saved to …" only once it has saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.keymap_settings import KeymapSettings
from desktop_app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]


def test_alt_down_in_a_focused_drop_down_opens_it_and_stays_on_the_document(
    store: Store, make_window: MakeWindow, document_id: str, qtbot: QtBot
) -> None:
    store.add_document(text="A second announcement.", title="Second")
    window = make_window(store)
    window.open_document(document_id)
    entity = store.create_entity(document_id, "COMPANY", [(0, 7)])
    window.context.open_document(document_id)
    window.forms.show_entity(entity.id)
    combo = window.forms.entities_tab.form.type_combo
    assert combo is not None
    # The focus moves on to another drop-down: that one opens too.
    for drop_down in (combo, window.documents.status_filter):
        drop_down.setFocus()
        qtbot.waitUntil(drop_down.hasFocus)
        qtbot.keyClick(drop_down, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda shown=drop_down: shown.view().isVisible())
        assert window.working is not None and window.working.id == document_id
        drop_down.hidePopup()
    # Elsewhere Alt+Down still walks the documents.
    window.text_view.setFocus()
    qtbot.waitUntil(window.text_view.hasFocus)
    qtbot.keyClick(window.text_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.working is not None and window.working.id != document_id)


def test_key_bindings_dialog_shows_its_headers_and_says_saved_after_saving(
    store: Store, make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(store)
    target = tmp_path / "keymap.toml"
    dialog = KeymapSettings(window, target)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    header = dialog.table.horizontalHeader()
    metrics = QFontMetrics(header.font())
    for column in range(dialog.table.columnCount()):
        label = dialog.table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= metrics.horizontalAdvance(label), label
    assert "Saved" not in dialog.file_label.text()
    assert str(target) in dialog.file_label.text()
    assert not target.exists()
    row = next(
        r
        for r in range(dialog.table.rowCount())
        if dialog.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == "find.previous"
    )
    dialog.table.item(row, 1).setText("Shift+F4")
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert target.exists() and "Shift+F4" in target.read_text(encoding="utf-8")
    assert window.statusBar().currentMessage() == f"Saved to {target}"

"""The annotation window as a reviewer meets it: panes, import, export, layout, errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.ui.actions.files import export_to
from desktop_app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
GOOD = "EAST PIER HOLDINGS LIMITED\n(Stock Code: 0777)\nThe Company announces a dividend.\n"


def drop(window: MainWindow, paths: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_opening_a_new_document_shows_it_and_leaves_it_new(
    make_window: MakeWindow, store: Store, document_id: str
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    assert window.text_view.toPlainText().startswith("Harbour Star Holdings Limited")
    assert store.document(document_id).status is DocumentStatus.NEW
    assert "New" in window.title_label.text()


def test_dropping_files_imports_them_off_the_ui_thread_and_reports_failures(
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 this is not really a pdf")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda self: shown.append(self.detailedText()))
    window = make_window(store)
    drop(window, [folder])
    qtbot.waitUntil(lambda: window.working is not None, timeout=10000)
    assert window.working is not None and "EAST PIER" in window.working.text
    assert store.document(window.working.id).metadata["stock_code"] == "0777"
    qtbot.waitUntil(lambda: bool(shown))
    assert "broken.pdf" in shown[0]
    assert "1 imported" in window.statusBar().currentMessage()
    assert "cancelled" not in window.statusBar().currentMessage()


def test_a_dropped_folder_with_a_link_loop_and_a_broken_link_imports_the_good_file(
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "incoming"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)  # a loop
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # a broken link
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda self: shown.append(self.detailedText()))
    window = make_window(store)
    drop(window, [folder])
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert [info.title for info in store.document_infos()] == ["EAST PIER HOLDINGS LIMITED"]
    report = shown[0]
    assert "gone.txt" in report  # the broken link, named
    assert "back" in report  # the loop, named


def test_export_with_problems_writes_nothing_and_offers_to_jump(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Marked annotated, the document claims to be finished: its empty fields refuse export.
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    window = make_window(store)
    messages: list[str] = []

    def answer(parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        messages.append(text)
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "warning", answer)
    target = tmp_path / "out.json"
    assert not export_to(window, target)
    assert not target.exists()
    assert "Stock code" in messages[0]  # the sample document has no stock code yet
    assert window.working is not None and window.working.id == document_id
    assert window.forms.currentWidget() is window.forms.problems_tab


def test_the_jump_after_a_refused_export_goes_to_the_refused_document(
    make_window: MakeWindow,
    store: Store,
    document_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Listed first: a new, incomplete document (exported with a warning, not refused).
    unfinished, _ = store.add_document(text="An unfinished notice.", title="A unfinished")
    store.set_status(document_id, DocumentStatus.ANNOTATED)  # finished, yet incomplete: refused
    window = make_window(store)
    window.documents.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert window.documents.visible_ids()[0] == unfinished
    window.open_first_problem()
    assert window.working is not None and window.working.id == document_id


def test_layout_and_zoom_are_remembered(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    first = MainWindow(store, settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)  # inside the offscreen screen, which geometry restores are clamped to
    first.splitter.setSizes([200, 400, 160])
    sizes = first.splitter.sizes()
    first.text_view.zoom(3)
    size = first.text_view.font().pointSizeF()
    first.close()
    second = MainWindow(store, settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == first.size()
    qtbot.waitUntil(lambda: second.splitter.sizes() == sizes)
    assert second.text_view.font().pointSizeF() == size


def test_zoom_keys_change_the_text_size(
    make_window: MakeWindow, store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    window.text_view.setFocus()
    before = window.text_view.font().pointSizeF()
    qtbot.keyClick(window.text_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.text_view.font().pointSizeF() == before + 1
    qtbot.keyClick(window.text_view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.text_view.font().pointSizeF() == before


def test_status_bar_names_the_annotation_at_the_caret(
    make_window: MakeWindow, store: Store, document_id: str
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    text = store.document(document_id).text
    start = text.index("Harbour Star")
    window.text_view.select_span(start, start + len("Harbour Star Holdings Limited"))
    window.registry.run("entity.tag_1")
    window.text_view.move_caret(start + 3)
    assert "Company: Harbour Star Holdings Limited" in window.caret_label.text()
    assert "line 1" in window.caret_label.text()


@pytest.mark.file_only  # another program locks the file
def test_a_locked_database_is_reported_and_the_view_stays_as_saved(
    make_window: MakeWindow, store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    window.text_view.setFocus()
    text = store.document(document_id).text
    start = text.index("HK$1,500,000")
    window.text_view.select_span(start, start + len("HK$1,500,000"))
    other = sqlite3.connect(store.path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        qtbot.keyClick(window.text_view, Qt.Key.Key_3)  # waits out the 3 s busy timeout
    finally:
        other.rollback()
        other.close()
    assert "locked" in window.statusBar().currentMessage()
    assert store.entities(document_id) == []
    assert window.working is not None and len(window.working.spans) == 0
    assert len(window.context.history) == 0


def test_highlight_is_painted_where_the_mention_is(
    make_window: MakeWindow, store: Store, document_id: str, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    text = store.document(document_id).text
    start = text.index("café")
    window.text_view.select_span(start, start + 4)
    window.registry.run("entity.tag_1")
    window.text_view.move_caret(0)
    window.text_view.viewport().repaint()
    image = window.text_view.viewport().grab().toImage()
    cursor = window.text_view.textCursor()
    first, _ = window.working.display.span_to_display(start, start + 4)  # type: ignore[union-attr]
    cursor.setPosition(first + 1)
    rect = window.text_view.cursorRect(cursor)
    colour = image.pixelColor(rect.center().x() + 1, rect.bottom() - 1)
    company = store.schema.entity_type("COMPANY")
    assert company is not None
    expected = QApplication.palette().base().color()
    assert colour != expected, "no highlight painted under the tagged word"

"""The documents list as a reviewer uses it: sorting by a column, the text filter, the queue
filters, counts, next/previous document, the open document staying selected, rows that follow
edits, and documents added elsewhere appearing — on corpora larger than one page of rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.edits import SetDocumentField
from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.ui.documents_pane import DocumentsPane
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.palette import palette_choices

BOTH_ENGINES = True  # the window on a database file and on a team database

MakeWindow = Callable[..., MainWindow]
_CATEGORIES = ("final_results", "share_buyback", "placing")


def _add(store: Store, number: int) -> str:
    document_id, _ = store.add_document(
        text=f"Notice number {number}: the Company announces results.",
        title=f"Notice {number:03d}",
        metadata={
            "stock_code": f"{number:04d}",
            "publication_date": f"2025-01-{number % 28 + 1:02d}",
            "headline_category": _CATEGORIES[number % 3],
        },
    )
    return document_id


@pytest.fixture
def corpus(store: Store) -> list[str]:
    """150 documents (more than two pages of rows), in import order."""
    with store.transaction():
        return [_add(store, number) for number in range(150)]


@pytest.fixture
def pane(qtbot: QtBot, store: Store, corpus: list[str]) -> DocumentsPane:
    widget = DocumentsPane(store)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _column(pane: DocumentsPane, column: int) -> list[str]:
    model = pane.model
    return [str(model.data(model.index(row, column))) for row in range(model.rowCount())]


def _title(store: Store, document_id: str | None) -> str:
    assert document_id is not None
    return store.document_info(document_id).title


def test_the_list_is_in_import_order_and_reads_every_row(
    pane: DocumentsPane, corpus: list[str]
) -> None:
    assert pane.model.rowCount() == 150
    assert _column(pane, 0) == [f"Notice {number:03d}" for number in range(150)]
    assert pane.visible_ids() == corpus
    assert _column(pane, 1)[149] == "0149"
    assert _column(pane, 3)[1] == "Share buy-back"


def test_sorting_by_a_column_and_back_to_import_order(
    pane: DocumentsPane, corpus: list[str]
) -> None:
    pane.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _column(pane, 0)[:2] == ["Notice 149", "Notice 148"]
    assert _column(pane, 0)[-1] == "Notice 000"
    pane.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    dates = _column(pane, 2)
    assert dates == sorted(dates)
    # Equal dates keep import order, as a stable sort does.
    assert _column(pane, 0)[:3] == ["Notice 000", "Notice 028", "Notice 056"]
    pane.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert pane.visible_ids() == corpus


def test_the_text_filter_matches_title_code_category_and_status_ignoring_case(
    pane: DocumentsPane, store: Store, corpus: list[str]
) -> None:
    pane.filter_box.setText("notice 12")
    assert _column(pane, 0) == [f"Notice {n}" for n in range(120, 130)]
    pane.filter_box.setText("0042")
    assert _column(pane, 0) == ["Notice 042"]
    pane.filter_box.setText("share buyback")
    assert pane.model.rowCount() == 50
    store.set_status(corpus[7], DocumentStatus.IN_PROGRESS)
    pane.reload()
    pane.filter_box.setText("IN PROGRESS")
    assert pane.visible_ids() == [corpus[7]]
    pane.filter_box.setText("")
    assert pane.model.rowCount() == 150


@pytest.mark.file_only  # several reviewers by name in one window: a file's way
def test_each_queue_filter_and_the_counts(
    pane: DocumentsPane, store: Store, corpus: list[str]
) -> None:
    store.actor = "Alice"
    store.set_status(corpus[3], DocumentStatus.IN_PROGRESS)
    store.set_status(corpus[3], DocumentStatus.ANNOTATED)
    store.set_flag(corpus[140], "possible inside information")
    text = store.document(corpus[5]).text
    start = text.index("Company")
    store.create_entity(corpus[5], "COMPANY", [(start, start + len("Company"))])
    pane.reload()
    assert [pane.reviewer_filter.itemData(i) for i in range(pane.reviewer_filter.count())] == [
        "",
        "Alice",
        "tester",
    ]
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("annotated"))
    assert pane.visible_ids() == [corpus[3]]
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("flagged"))
    assert pane.visible_ids() == [corpus[140]]
    assert _column(pane, 4) == ["New ⚑ possible inside information"]
    pane.status_filter.setCurrentIndex(0)
    pane.category_filter.setCurrentIndex(pane.category_filter.findData("placing"))
    assert pane.model.rowCount() == 50
    assert set(_column(pane, 3)) == {"Placing"}
    pane.category_filter.setCurrentIndex(0)
    pane.reviewer_filter.setCurrentIndex(pane.reviewer_filter.findData("Alice"))
    assert set(pane.visible_ids()) == {corpus[3], corpus[140]}
    pane.reviewer_filter.setCurrentIndex(0)
    assert pane.model.rowCount() == 150
    assert _column(pane, 6)[5] == "1"  # one mention
    assert _column(pane, 6)[6] == "0"


def test_next_and_previous_follow_the_shown_order_across_pages(
    pane: DocumentsPane, store: Store, corpus: list[str]
) -> None:
    assert pane.neighbour(None, 1) == corpus[0]  # nothing open: the first one
    assert pane.neighbour(corpus[63], 1) == corpus[64]
    assert pane.neighbour(corpus[64], -1) == corpus[63]
    assert pane.neighbour(corpus[149], 1) is None
    assert pane.neighbour(corpus[0], -1) is None
    pane.category_filter.setCurrentIndex(pane.category_filter.findData("placing"))
    assert pane.neighbour(corpus[2], 1) == corpus[5]
    pane.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _title(store, pane.neighbour(corpus[149], 1)) == "Notice 146"


def test_the_open_document_stays_selected_through_filters_and_sorting(
    make_window: MakeWindow, store: Store, corpus: list[str], qtbot: QtBot
) -> None:
    window = make_window(store)
    pane = window.documents

    def selected() -> list[str]:
        rows = pane.table.selectionModel().selectedRows()
        return [str(pane.model.data(index, Qt.ItemDataRole.UserRole)) for index in rows]

    window.open_document(corpus[130])
    assert selected() == [corpus[130]]
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.working is not None and window.working.id == corpus[131]
    assert selected() == [corpus[131]]
    pane.filter_box.setText("notice 13")
    assert selected() == [corpus[131]]
    pane.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert selected() == [corpus[131]]
    pane.filter_box.setText("notice 14")
    assert selected() == []
    pane.filter_box.setText("")
    assert selected() == [corpus[131]]


def test_an_edit_refreshes_its_row_and_moves_it_out_of_a_status_filter(
    make_window: MakeWindow, store: Store, corpus: list[str]
) -> None:
    window = make_window(store)
    pane = window.documents
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("new"))
    assert pane.model.rowCount() == 150
    window.open_document(corpus[100])  # reading it changes nothing
    assert pane.model.rowCount() == 150
    window.context.run_edit(SetDocumentField(corpus[100], "issuer", None, "Notice Ltd"))
    assert pane.model.rowCount() == 149  # the first edit starts it: in progress
    assert corpus[100] not in pane.visible_ids()
    pane.status_filter.setCurrentIndex(0)
    row = pane.visible_ids().index(corpus[100])
    assert pane.model.data(pane.model.index(row, 4)) == "In progress"
    assert pane.model.data(pane.model.index(row, 5)) == "tester"


def test_documents_added_elsewhere_appear_after_a_reload(
    pane: DocumentsPane, store: Store, qtbot: QtBot
) -> None:
    added = _add(store, 150)
    assert not pane.model.has_document(added)
    pane.reload()
    assert pane.model.has_document(added)
    assert pane.model.rowCount() == 151
    assert pane.visible_ids()[-1] == added
    assert _column(pane, 0)[-1] == "Notice 150"


def test_the_palette_offers_every_document(
    make_window: MakeWindow, store: Store, corpus: list[str]
) -> None:
    window = make_window(store)
    keys = [choice.key for choice in palette_choices(window)]
    assert [key for key in keys if key.startswith("document:")] == [
        f"document:{document_id}" for document_id in corpus
    ]

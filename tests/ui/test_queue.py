"""The review queue: filters by status, flag, category and reviewer; next needing me; progress."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

BOTH_ENGINES = True  # the window on a database file and on a team database


def add(store: Store, title: str, category: str) -> str:
    document_id, _ = store.add_document(
        text=f"{title} (Stock Code: 0001) announcement text.",
        title=title,
        metadata={
            "stock_code": "0001",
            "publication_date": "2025-01-02",
            "headline_category": category,
        },
    )
    return document_id


@pytest.mark.file_only  # several reviewers by name in one window: a file's way
def test_queue_filters_and_next_needing_me(
    make_window: Callable[[Store], MainWindow], store: Store, qtbot: QtBot
) -> None:
    store.actor = "Alice"
    first = add(store, "Alpha results", "final_results")
    second = add(store, "Beta buy-back", "share_buyback")
    third = add(store, "Gamma placing", "placing")
    store.set_status(first, DocumentStatus.IN_PROGRESS)
    store.set_status(first, DocumentStatus.ANNOTATED)
    store.set_flag(third, "possible inside information")
    store.actor = "Bob"
    window = make_window(store)
    pane = window.documents

    def shown() -> set[str]:
        return set(pane.visible_ids())

    assert shown() == {first, second, third}
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("annotated"))
    assert shown() == {first}
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("flagged"))
    assert shown() == {third}
    pane.status_filter.setCurrentIndex(0)
    pane.category_filter.setCurrentIndex(pane.category_filter.findData("placing"))
    assert shown() == {third}
    pane.category_filter.setCurrentIndex(0)
    pane.reviewer_filter.setCurrentIndex(pane.reviewer_filter.findData("Alice"))
    assert shown() == {first, second, third}
    pane.reviewer_filter.setCurrentIndex(0)

    # Bob's attention goes first to Alice's annotated document, awaiting a second reviewer.
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.working is not None and window.working.id == first
    assert window.progress.value() == 0 and window.progress.maximum() == 3
    qtbot.keyClick(
        window.text_view,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert store.document(first).status is DocumentStatus.APPROVED, (
        window.statusBar().currentMessage()
    )
    assert window.progress.value() == 1

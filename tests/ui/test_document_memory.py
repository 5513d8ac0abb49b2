"""Moving to another document lets the last one go at once: nothing in the window keeps it in
a reference cycle, which only the collector would free, so a large document's rows do not
stay in memory after the reviewer has moved on."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.lazy_spans import LazySpanIndex
from desktop_app.core.store import Store
from desktop_app.ui.editor_context import FIRST_SCREEN
from desktop_app.ui.main_window import MainWindow

SENTENCE = "Harbour Star Holdings Limited repurchased shares; 董事會宣佈回購股份。\n"


def test_the_document_left_is_freed_without_the_collector(
    qtbot: QtBot, store: Store, make_window: Callable[[Store], MainWindow]
) -> None:
    copies = FIRST_SCREEN // len(SENTENCE) + 50  # longer than the first screen
    text = SENTENCE * copies
    long_id, _ = store.add_document(text=text, title="Long")
    for copy in range(0, copies, 7):
        at = copy * len(SENTENCE)
        store.create_entity(long_id, "COMPANY", [(at, at + 29)])
    other_id, _ = store.add_document(text="A short notice.", title="Other")
    window = make_window(store)
    window.open_document(long_id)
    qtbot.waitUntil(lambda: window.forms.filled)
    working = window.working
    assert working is not None and isinstance(working.spans, LazySpanIndex)
    assert working.entity_rows  # every row read, as the lists and checks do
    gone = weakref.ref(working)
    del working
    gc.collect()  # what came before this test is not what it measures
    gc.disable()
    try:
        window.open_document(other_id)
        qtbot.waitUntil(lambda: window.forms.filled)
        QApplication.processEvents()
        assert gone() is None
    finally:
        gc.enable()

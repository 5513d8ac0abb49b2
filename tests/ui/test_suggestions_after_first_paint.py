"""Opening a document paints its text before its stored suggestions are read and drawn (a
10 MB document has tens of thousands), from the highlights the document already holds."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

TEXT = (
    'Harbour Bridge Holdings Limited (the "Company") announces that the Company paid HK$3.12 '
    "on 16 September 2025, then HK$3.12 again, and HK$3.26 and HK$9.99.\n"
)


def test_stored_suggestions_are_shown_on_the_turn_after_the_text(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    document_id, _ = store.add_document(text=TEXT, title="Buy-back", source_name="b.txt")
    other_id, _ = store.add_document(text="Nothing here.\n", title="Other", source_name="o.txt")
    window = make_window(store)
    window.open_document(document_id)
    qtbot.waitUntil(lambda: len(window.suggestions.layer) == 7)  # computed and stored
    window.open_document(other_id)
    qtbot.waitUntil(lambda: window.suggestions._opening is None)
    window.open_document(document_id)
    working = window.context.working
    assert working is not None
    assert window.text_view.toPlainText() == TEXT
    assert len(window.suggestions.layer) == 0  # the text first, nothing of the other drawn
    qtbot.waitUntil(lambda: len(window.suggestions.layer) == 7)
    assert window.suggestions.running == 0  # the stored ones, not computed again

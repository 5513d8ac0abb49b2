"""A name tagged in a huge document is suggested at most ``MOST_OFFERED`` times more, and the
reviewer is told so in the status bar rather than left to think the rest were not found."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.models import Entity, Mention
from desktop_app.core.store import Store
from desktop_app.core.suggest import propagation
from desktop_app.ui.main_window import MainWindow


def _opened_with_one_tag(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store, text: str
) -> MainWindow:
    """A window on ``text`` with its first eight characters ("Sun Hing") tagged, its
    suggestions computed."""
    document_id, _ = store.add_document(text=text, title="Repeated", source_name="r.txt")
    tagged = Entity(
        id="e1",
        type="COMPANY",
        name="Sun Hing",
        mentions=[Mention(id="m1", start=0, end=8, text="Sun Hing")],
    )
    with store.transaction():
        store.insert_annotations(document_id, [tagged], [])
    window = make_window(store)
    with qtbot.waitSignal(window.suggestions.computed, timeout=10_000):
        window.open_document(document_id)
    return window


def _propagated(window: MainWindow) -> list[int]:
    return [s.start for s in window.suggestions.all if s.rule == "propagation"]


def test_the_status_bar_says_when_propagation_stopped_at_its_bound(
    qtbot: QtBot,
    make_window: Callable[[Store], MainWindow],
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(propagation, "MOST_OFFERED", 3)
    text = "Sun Hing paid. " + "Then Sun Hing agreed. " * 8
    window = _opened_with_one_tag(qtbot, make_window, store, text)
    assert _propagated(window) == [20, 42, 64]  # the first three other occurrences
    assert "only the first 3 are suggested" in window.statusBar().currentMessage()


def test_no_word_of_a_bound_when_every_occurrence_is_offered(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _opened_with_one_tag(qtbot, make_window, store, "Sun Hing paid. Then Sun Hing agreed.")
    assert _propagated(window) == [20]
    assert "only the first" not in window.statusBar().currentMessage()

"""Suggestions in the window, decided with real key events: accept, reject, accept all like
this one, undo; then the exported bundle holds exactly what was accepted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.bundle import export_bundle
from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

TEXT = (
    'Harbour Bridge Holdings Limited (the "Company") announces that the Company paid HK$3.12 '
    "on 16 September 2025, then HK$3.12 again, and HK$3.26 and HK$9.99.\n"
)
Key = Qt.Key
Mod = Qt.KeyboardModifier


def _ready(qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store) -> MainWindow:
    document_id, _ = store.add_document(text=TEXT, title="Buy-back", source_name="b.txt")
    window = make_window(store)
    window.open_document(document_id)
    qtbot.waitUntil(lambda: len(window.suggestions.layer) == 7)
    window.text_view.setFocus()
    qtbot.waitUntil(window.text_view.hasFocus)
    return window


def _current_text(window: MainWindow) -> str:
    current = window.suggestions.layer.current
    return current.text if current else ""


def test_accept_reject_and_accept_all_from_the_keys_then_export(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store, tmp_path: Path
) -> None:
    window = _ready(qtbot, make_window, store)
    view = window.text_view
    qtbot.keyClick(view, Key.Key_BracketRight)
    assert _current_text(window) == "Harbour Bridge Holdings Limited"
    assert view.selected_span() == (0, len("Harbour Bridge Holdings Limited"))
    assert "defined-term" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Key.Key_Y)  # the name: a new COMPANY
    assert _current_text(window) == "the Company"  # the next one is selected
    qtbot.keyClick(view, Key.Key_Y)  # the short form joins it
    assert _current_text(window) == "HK$3.12"
    qtbot.keyClick(view, Key.Key_Y, Mod.ShiftModifier)  # both HK$3.12 at once
    assert _current_text(window) == "16 September 2025"
    qtbot.keyClick(view, Key.Key_X)  # reject the date
    assert _current_text(window) == "HK$3.26"
    qtbot.keyClick(view, Key.Key_Y)
    assert _current_text(window) == "HK$9.99"
    qtbot.keyClick(view, Key.Key_X)
    qtbot.waitUntil(lambda: len(window.suggestions.layer) == 0)

    # Rejected ones stay rejected when suggestions are computed again.
    with qtbot.waitSignal(window.suggestions.computed, timeout=5000):
        qtbot.keyClick(view, Key.Key_G, Mod.ControlModifier | Mod.AltModifier)
    assert len(window.suggestions.layer) == 0
    # Undo the last reject: HK$9.99 is offered again.
    qtbot.keyClick(view, Key.Key_Z, Mod.ControlModifier)
    qtbot.waitUntil(lambda: [s.text for s in window.suggestions.layer.suggestions] == ["HK$9.99"])

    assert window.working is not None
    export_bundle(store, tmp_path / "bundle.json")
    [document] = json.loads((tmp_path / "bundle.json").read_text(encoding="utf-8"))["documents"]
    entities = {
        (e["type"], e["name"]): [m["text"] for m in e["mentions"]] for e in document["entities"]
    }
    assert entities == {
        ("COMPANY", "Harbour Bridge Holdings Limited"): [
            "Harbour Bridge Holdings Limited",
            "the Company",
        ],
        ("MONEY", "HK$3.12"): ["HK$3.12", "HK$3.12"],
        ("MONEY", "HK$3.26"): ["HK$3.26"],
    }
    money = next(e for e in document["entities"] if e["name"] == "HK$3.26")
    assert money["attributes"]["value"] == "HKD 3.26"
    rules = [
        entry["after"]["suggested_by"]
        for entry in document["audit"]
        if entry["table_name"] == "mentions" and entry["action"] == "insert"
    ]
    assert rules == [
        "defined-term:name",
        "defined-term",
        "pattern:money",
        "pattern:money",
        "pattern:money",
    ]


def test_suggestions_are_outlined_not_filled(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _ready(qtbot, make_window, store)
    view = window.text_view
    start = TEXT.index("HK$3.26")
    geometry = view.visible_geometry(view.viewport().rect().toRectF())
    assert geometry is not None
    rects = geometry[2](start, start + len("HK$3.26"))
    with_layer = view.viewport().grab().toImage()
    shown = list(window.suggestions.layer.suggestions)
    window.suggestions.layer.set_suggestions([])
    bare = view.viewport().grab().toImage()
    window.suggestions.layer.set_suggestions(shown)
    ratio = with_layer.devicePixelRatio()
    border = 3 * ratio
    differing: set[tuple[int, int]] = set()
    interior: set[tuple[int, int]] = set()
    for rect in rects:  # one per line the amount is drawn on
        left, top = int(rect.left() * ratio), int(rect.top() * ratio)
        right, bottom = int(rect.right() * ratio), int(rect.bottom() * ratio)
        for x in range(left, right + 1):
            for y in range(top, bottom + 1):
                if with_layer.pixel(x, y) != bare.pixel(x, y):
                    differing.add((x, y))
                    if left + border < x < right - border and top + border < y < bottom - border:
                        interior.add((x, y))
    assert differing, "the suggestion is drawn"
    assert not interior, "only its outline is drawn: the text inside is not tinted"
    green = window.context.schema.entity_type("MONEY").colour.lower()
    assert any(with_layer.pixelColor(x, y).name() == green for x, y in differing)


def test_the_windows_end_stops_the_running_computation_and_stores_nothing_from_it(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    """The worker reads the database: closing the window (as run_window does after a quit
    without a close) asks it to stop and waits for it before the store closes, and what it
    was computing is neither reported nor stored."""
    window = _ready(qtbot, make_window, store)
    controller = window.suggestions
    long_text = TEXT * 1000  # long enough to be still computing when the window ends
    document_id, _ = store.add_document(text=long_text, title="Long", source_name="l.txt")
    window.open_document(document_id)
    reported: list[str] = []
    controller.relay.finished.connect(lambda _generation, doc, _result: reported.append(doc))
    for _ in range(3):
        controller.compute()
    assert controller.pool.activeThreadCount() == 1  # still computing: the end must wait
    window.close()  # the reviewer closes the window
    assert controller.pool.activeThreadCount() == 0  # nothing left to read the database
    QCoreApplication.processEvents()  # a result it had sent would be delivered now
    assert document_id not in reported
    assert store.stored_suggestions(document_id) == []

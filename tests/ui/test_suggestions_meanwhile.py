"""What the reviewer does while the worker computes suggestions is not undone by its result:
a suggestion rejected meanwhile stays rejected, one accepted meanwhile is not offered again.
The worker is held at one suggester (a gate) so that the keys land while it runs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.core.suggest import engine
from desktop_app.ui.actions.suggestions import AUTOMATIC_KEY
from desktop_app.ui.main_window import MainWindow

TEXT = (
    'Harbour Bridge Holdings Limited (the "Company") announces that the Company paid HK$3.12 '
    "on 16 September 2025, then HK$3.12 again, and HK$3.26 and HK$9.99.\n"
)
Key = Qt.Key
Mod = Qt.KeyboardModifier


class Gate:
    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()
        self.waiting = threading.Event()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """Each computation waits at the people suggester until the gate is open."""
    gate = Gate()
    original = engine.suggest_people

    def held(context):  # type: ignore[no-untyped-def]
        gate.waiting.set()
        gate.open.wait(timeout=20)
        return original(context)

    monkeypatch.setattr(engine, "suggest_people", held)
    yield gate
    gate.open.set()  # never leave the worker waiting as the window closes


@dataclass
class Held:
    window: MainWindow
    release: Callable[[], list[str]]  # lets the worker go: the texts offered with its result


@pytest.fixture
def held(
    qtbot: QtBot,
    make_window: Callable[[Store], MainWindow],
    store: Store,
    gate: Gate,
    tmp_path: Path,
) -> Held:
    """A window computing on demand only (no recompute after an edit to take over), its first
    suggestions shown, then held in a second computation until ``release``."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(AUTOMATIC_KEY, False)
    document_id, _ = store.add_document(text=TEXT, title="Buy-back", source_name="b.txt")
    window = make_window(store)
    window.open_document(document_id)
    window.text_view.setFocus()
    qtbot.waitUntil(window.text_view.hasFocus)
    with qtbot.waitSignal(window.suggestions.computed, timeout=10_000):
        qtbot.keyClick(window.text_view, Key.Key_G, Mod.ControlModifier | Mod.AltModifier)
    assert len(window.suggestions.layer) == 7
    gate.open.clear()
    gate.waiting.clear()
    qtbot.keyClick(window.text_view, Key.Key_G, Mod.ControlModifier | Mod.AltModifier)
    qtbot.waitUntil(gate.waiting.is_set)  # the snapshot is taken: the worker runs

    def release() -> list[str]:
        with qtbot.waitSignal(window.suggestions.computed, timeout=10_000):
            gate.open.set()
        return _offered(window)

    return Held(window, release)


def _offered(window: MainWindow) -> list[str]:
    return [s.text for s in window.suggestions.layer.suggestions]


def test_a_suggestion_rejected_while_computing_stays_rejected(qtbot: QtBot, held: Held) -> None:
    window = held.window
    view = window.text_view
    qtbot.keyClick(view, Key.Key_BracketRight)
    assert window.suggestions.layer.current is not None
    assert window.suggestions.layer.current.text == "Harbour Bridge Holdings Limited"
    qtbot.keyClick(view, Key.Key_X)
    assert "Harbour Bridge Holdings Limited" not in _offered(window)
    offered = held.release()
    assert len(offered) == 6
    assert "Harbour Bridge Holdings Limited" not in offered


def test_a_suggestion_accepted_while_computing_is_not_offered_again(
    qtbot: QtBot, held: Held
) -> None:
    window = held.window
    view = window.text_view
    qtbot.keyClick(view, Key.Key_BracketRight)
    qtbot.keyClick(view, Key.Key_Y)  # the name: a new COMPANY
    assert window.working is not None
    qtbot.waitUntil(lambda: "Harbour Bridge Holdings Limited" not in _offered(window))
    assert "Harbour Bridge Holdings Limited" not in held.release()
    assert [e.name for e in window.working.entities.values()] == ["Harbour Bridge Holdings Limited"]


def test_a_place_tagged_while_computing_is_not_offered_again(qtbot: QtBot, held: Held) -> None:
    window = held.window
    view = window.text_view
    start = TEXT.index("HK$3.26")
    view.select_span(start, start + len("HK$3.26"))
    qtbot.keyClick(view, Key.Key_1)  # tagged by hand: an edit, no suggestion decided
    assert window.working is not None
    assert [e.name for e in window.working.entities.values()] == ["HK$3.26"]
    assert "HK$3.26" not in _offered(window)
    offered = held.release()
    assert len(offered) == 6
    assert "HK$3.26" not in offered

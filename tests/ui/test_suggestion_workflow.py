"""Suggestion workflow in the window, with real key events: a trigger accepted with its
proposed role fillers in one key, or alone and its fillers decided one by one (Alt+Y,
Alt+], Y, X); Shift+Y on a name taking its short forms; suggestions for imported documents
computed in the background and stored (a setting), else on first open; an edit updating the
suggestions in memory without rewriting the stored ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

TEXT = (
    'Harbour Bridge Holdings Limited (the "Company") announces that on 16 September 2025 the '
    "Company repurchased 1,240,000 Shares at HK$3.12 each.\n"
)
Key = Qt.Key
Mod = Qt.KeyboardModifier


def _ready(qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store) -> MainWindow:
    document_id, _ = store.add_document(text=TEXT, title="Buy-back", source_name="b.txt")
    window = make_window(store)
    window.suggestions.automatic = False  # the keys alone change what is offered
    window.open_document(document_id)
    with qtbot.waitSignal(window.suggestions.computed, timeout=5000):
        window.suggestions.compute()
    window.text_view.setFocus()
    qtbot.waitUntil(window.text_view.hasFocus)
    return window


def _to(qtbot: QtBot, window: MainWindow, text: str) -> None:
    view = window.text_view
    for _ in range(20):
        qtbot.keyClick(view, Key.Key_BracketRight)
        current = window.suggestions.layer.current
        if current is not None and current.text == text:
            return
    raise AssertionError(f"] never reached {text!r}")


def _event(store: Store, document_id: str) -> dict[str, list[str]]:
    [event] = store.events(document_id)
    names = {e.id: e.mentions[0].text for e in store.entities(document_id)}
    roles: dict[str, list[str]] = {}
    for argument in event.arguments:
        roles.setdefault(argument.role, []).append(names[argument.entity_id])
    return roles


def test_y_on_a_trigger_accepts_the_event_with_its_role_fillers_in_one_key(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _ready(qtbot, make_window, store)
    assert window.working is not None
    document_id = window.working.id
    _to(qtbot, window, "repurchased")
    assert "Alt+Y the event alone" in window.statusBar().currentMessage()
    qtbot.keyClick(window.text_view, Key.Key_Y)
    assert _event(store, document_id) == {
        "Date": ["16 September 2025"],
        "Repurchaser": ["the Company"],
        "Shares": ["1,240,000"],
        "Price": ["HK$3.12"],
        "Amount": ["HK$3.12"],
    }
    # The fillers' mention suggestions became entities, so they are no longer offered.
    offered = {s.text for s in window.suggestions.layer.suggestions}
    assert offered == {"Harbour Bridge Holdings Limited"}
    qtbot.keyClick(window.text_view, Key.Key_Z, Mod.ControlModifier)
    assert store.events(document_id) == [] and store.entities(document_id) == []
    assert "repurchased" in {s.text for s in window.suggestions.layer.suggestions}
    qtbot.keyClick(window.text_view, Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)
    assert set(_event(store, document_id)) == {"Date", "Repurchaser", "Shares", "Price", "Amount"}


def test_alt_y_accepts_the_event_alone_then_each_filler_is_decided(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _ready(qtbot, make_window, store)
    assert window.working is not None
    document_id = window.working.id
    view = window.text_view
    _to(qtbot, window, "repurchased")
    qtbot.keyClick(view, Key.Key_Y, Mod.AltModifier)
    [event] = store.events(document_id)
    assert event.arguments == []
    # The first proposed filler is selected: the date, to fill the role Date.
    start = TEXT.index("16 September 2025")
    assert view.selected_span() == (start, start + len("16 September 2025"))
    assert "Proposed Date" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Key.Key_Y)  # fill Date (the date becomes an entity)
    assert "Repurchaser" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Key.Key_X)  # not the Repurchaser
    qtbot.keyClick(view, Key.Key_Y)  # Shares
    qtbot.keyClick(view, Key.Key_Y)  # Price
    qtbot.keyClick(view, Key.Key_X)  # not the Amount
    assert _event(store, document_id) == {
        "Date": ["16 September 2025"],
        "Shares": ["1,240,000"],
        "Price": ["HK$3.12"],
    }
    assert "the Company" in {s.text for s in window.suggestions.layer.suggestions}
    # Every filler is decided: Alt+[ finds none; undo the last drop and it is there again.
    qtbot.keyClick(view, Key.Key_BracketLeft, Mod.AltModifier)
    assert "no proposed role fillers" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Key.Key_Z, Mod.ControlModifier)
    qtbot.keyClick(view, Key.Key_BracketLeft, Mod.AltModifier)
    assert "Proposed Amount" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Key.Key_Y)
    assert _event(store, document_id)["Amount"] == ["HK$3.12"]


def test_shift_y_on_a_name_takes_its_short_forms(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _ready(qtbot, make_window, store)
    assert window.working is not None
    _to(qtbot, window, "Harbour Bridge Holdings Limited")
    qtbot.keyClick(window.text_view, Key.Key_Y, Mod.ShiftModifier)
    [company] = [e for e in store.entities(window.working.id) if e.type == "COMPANY"]
    assert [m.text for m in company.mentions] == ["Harbour Bridge Holdings Limited", "the Company"]


def test_an_edit_updates_the_suggestions_in_memory_and_writes_no_suggestion_rows(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    window = _ready(qtbot, make_window, store)
    assert window.working is not None
    document_id = window.working.id

    def rows() -> list[tuple[object, ...]]:
        return sorted(
            tuple(row)
            for row in store.db.execute(
                'SELECT kind, type, start, "end", rule FROM suggestions WHERE document_id = ?',
                [document_id],
            )
        )

    stored = rows()
    _to(qtbot, window, "16 September 2025")
    qtbot.keyClick(window.text_view, Key.Key_Y)
    assert rows() == stored  # the accept wrote a decision, not the suggestions again
    shown = [s.text for s in window.suggestions.layer.suggestions]
    assert "16 September 2025" not in shown and "the Company" in shown
    # A new computation stores what it proposes now, once each.
    window.suggestions.automatic = True
    with qtbot.waitSignal(window.suggestions.computed, timeout=5000):
        qtbot.keyClick(window.text_view, Key.Key_G, Mod.ControlModifier | Mod.AltModifier)
    after = rows()
    assert len(after) == len(set(after))
    offered = {(s.kind.value, s.type, s.start, s.end, s.rule) for s in window.suggestions.all}
    assert offered <= set(after)
    assert ("mention", "DATE", 66, 83, "pattern:date") not in offered
    assert store.stored_suggestions(document_id) == window.suggestions.all


def _import(qtbot: QtBot, window: MainWindow, paths: list[Path]) -> None:
    window.start_import(paths)
    session = window.import_session
    assert session is not None
    qtbot.waitUntil(lambda: bool(session.added), timeout=10_000)


def test_imported_documents_get_their_suggestions_in_the_background(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT.replace("16 September", "17 September"), "utf-8")
    window = make_window(store)
    assert window.registry.action("suggestion.on_import").isChecked()
    with qtbot.waitSignals([window.suggestions.imports.computed], timeout=10_000):
        _import(qtbot, window, [folder])
    session = window.import_session
    assert session is not None
    qtbot.waitUntil(lambda: not window.suggestions.imports.queue, timeout=10_000)
    qtbot.waitUntil(lambda: window.suggestions.imports.running is None, timeout=10_000)
    # Both are stored, the one not opened included, before anyone opens it.
    for document_id in session.added:
        texts = {s.text for s in store.stored_suggestions(document_id)}
        assert "Harbour Bridge Holdings Limited" in texts

    # Off (Annotate → Suggest on import): nothing at import; computed on first open instead.
    window.registry.action("suggestion.on_import").trigger()
    assert not window.registry.action("suggestion.on_import").isChecked()
    assert str(window.settings.value("suggestions/on_import")) == "false"
    later = tmp_path / "c.txt"
    later.write_text(TEXT.replace("1,240,000", "2,000,000"), encoding="utf-8")
    window.suggestions.automatic = False  # so opening it does not compute either
    _import(qtbot, window, [later])
    qtbot.waitUntil(lambda: window.import_session is not None and not window.import_session.pending)
    [added] = window.import_session.added
    assert store.stored_suggestions(added) == []
    window.suggestions.automatic = True
    with qtbot.waitSignal(window.suggestions.computed, timeout=5000):
        window.open_document(added)
    assert store.stored_suggestions(added) != []


def test_shift_x_rejects_all_like_it_and_the_walk_survives_a_recompute(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    text = TEXT + "The Company paid HK$3.12 again, and HK$3.12 once more.\n"
    document_id, _ = store.add_document(text=text, title="Buy-back", source_name="c.txt")
    window = make_window(store)
    window.open_document(document_id)
    qtbot.waitUntil(lambda: len(window.suggestions.layer) > 0)
    view = window.text_view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Key.Key_BracketRight)
    with qtbot.waitSignal(window.suggestions.computed, timeout=5000):
        qtbot.keyClick(view, Key.Key_Y)  # the name; computed again after the edit
        qtbot.keyClick(view, Key.Key_X)  # not the date
        before = window.suggestions.layer.current
        assert before is not None and before.text == "the Company"
    # Computed again (the short form now names the new entity): still selected, so Y joins it.
    current = window.suggestions.layer.current
    assert current is not None and current.text == "the Company"
    assert current.entity == company_id(store, document_id)
    qtbot.keyClick(view, Key.Key_Y)
    [company] = [e for e in store.entities(document_id) if e.type == "COMPANY"]
    assert [m.text for m in company.mentions] == ["Harbour Bridge Holdings Limited", "the Company"]
    _to(qtbot, window, "HK$3.12")
    qtbot.keyClick(view, Key.Key_X, Mod.ShiftModifier)
    assert "HK$3.12" not in {s.text for s in window.suggestions.layer.suggestions}
    assert len([k for k in store.decided(document_id) if k[0] == "MONEY"]) == 3
    qtbot.keyClick(view, Key.Key_Z, Mod.ControlModifier)
    assert [s.text for s in window.suggestions.layer.suggestions].count("HK$3.12") == 3


def company_id(store: Store, document_id: str) -> str:
    return next(e.id for e in store.entities(document_id) if e.type == "COMPANY")


def test_the_cheat_sheet_lists_the_role_filler_keys_beside_the_other_suggestion_keys(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    from desktop_app.ui.cheat_sheet import cheat_sheet_html

    window = make_window(store)
    assert window.keymap_problems == []
    page = cheat_sheet_html(window)
    annotate = page[page.index("<h3>Annotate</h3>") :].split("<h3>", 2)[1]
    for title, keys in (
        ("Accept suggestion", "Y"),
        ("Accept the suggested event alone (without its role fillers)", "Alt+Y"),
        ("Next proposed role filler", "Alt+]"),
        ("Previous proposed role filler", "Alt+["),
        ("Reject all suggestions of this type and text", "Shift+X"),
    ):
        assert f"<tr><td>{title}</td><td><b>{keys}</b> (in the text)</td></tr>" in annotate
    assert window.registry.action("suggestion.automatic").isChecked()


def test_a_large_first_save_is_written_a_slice_at_a_time_and_completely(
    qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store
) -> None:
    from desktop_app.ui.actions.suggestion_saving import SLICE

    text = "".join(f"Paid HK${n}.50 on {1 + n % 28} March 2025.\n" for n in range(SLICE))
    document_id, _ = store.add_document(text=text, title="Many amounts", source_name="m.txt")
    window = make_window(store)
    with qtbot.waitSignal(window.suggestions.computed, timeout=20_000):
        window.open_document(document_id)
    shown = len(window.suggestions.all)
    assert shown > SLICE
    # Shown at once; stored over several turns of the event loop, typing going on between.
    assert document_id in window.suggestions.saving.running
    window.text_view.setFocus()
    qtbot.waitUntil(window.text_view.hasFocus)
    qtbot.keyClick(window.text_view, Key.Key_BracketRight)
    assert window.suggestions.layer.current is not None
    qtbot.waitUntil(lambda: not window.suggestions.saving.running, timeout=20_000)
    assert len(store.stored_suggestions(document_id)) == shown

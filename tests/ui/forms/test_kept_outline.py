"""A large document opened a second time shows its Entities tree, Events list and Problems
from the outline kept at the first open, exactly as a full read and check would, and an edit
made with the keyboard after such an open updates all three as it would after a full read,
without reading every row first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core import cache_files, document_outline
from desktop_app.core.event_listing import event_lists
from desktop_app.core.invisible_chars import PLACEHOLDER, InvisibleChar, invisible_chars
from desktop_app.core.problem_book import ProblemBook
from desktop_app.core.store import Store
from desktop_app.core.validation import Problem
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui import invisible_tags
from desktop_app.ui.actions.suggestions import AUTOMATIC_KEY
from desktop_app.ui.forms.entities_tab import EntitiesTab
from desktop_app.ui.main_window import MainWindow

COPIES = 20  # 20 companies, 20 people, 20 events: more than this test's LARGE
LARGE = 40
SENTENCE = "Alpha{n:02d} Holdings repurchased shares; 陳大文{n:02d} signed.\n"
UNTAGGED = "Zenith Capital Limited"

Key = Qt.Key
Mod = Qt.KeyboardModifier


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Outlines from a few dozen annotations, in a folder of this test's; no suggestions
    computed, since computing them reads every row whatever was kept (what is tested here
    is that nothing else does)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(AUTOMATIC_KEY, "false")
    settings.sync()
    monkeypatch.setattr(document_outline, "LARGE", LARGE)
    cache_files.keep_in(tmp_path / "cache")
    yield
    cache_files.keep_in(None)


def large_document(store: Store, tail: str = "") -> str:
    text = "".join(SENTENCE.format(n=n) for n in range(COPIES)) + f"Also named: {UNTAGGED}.\n"
    text += tail
    document_id, _ = store.add_document(text=text, title="Kept outline")
    at = 0
    for n in range(COPIES):
        sentence = SENTENCE.format(n=n)
        company = store.create_entity(document_id, "COMPANY", [(at, at + 16)])
        person_at = at + sentence.index("陳")
        store.create_entity(document_id, "PERSON", [(person_at, person_at + 5)])
        trigger_at = at + sentence.index("repurchased")
        event = store.create_event(document_id, "ShareRepurchase", (trigger_at, trigger_at + 11))
        if n % 2:
            store.add_argument(event.id, "Repurchaser", company.id)
        at += len(sentence)
    return document_id


def tree_labels(tab: EntitiesTab) -> list[str]:
    model = tab.model
    labels = []
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        while model.canFetchMore(group):
            model.fetchMore(group)
        labels.append(str(model.data(group)))
        labels += [str(model.index(r, 0, group).data()) for r in range(model.rowCount(group))]
    return labels


def event_labels(window: MainWindow) -> list[str]:
    events = window.forms.events_tab.event_list
    return [events.item(row).text() for row in range(events.count())]


def shown_problems(window: MainWindow) -> list[Problem]:
    window.forms.setCurrentWidget(window.forms.problems_tab)
    return list(window.forms.problems_tab.model.problems)


def checked_afresh(store: Store, document_id: str) -> tuple[list[Problem], list[str]]:
    """The problems and event labels from every row read and checked now."""
    fresh = WorkingDocument(store, document_id)
    book = ProblemBook()
    book.check_all(fresh.document, fresh.entity_rows, fresh.event_rows, store.schema)
    return book.problems, event_lists(fresh.event_rows, store.schema)[1]


def open_and_fill(qtbot: QtBot, window: MainWindow, document_id: str) -> None:
    window.open_document(document_id)
    qtbot.waitUntil(lambda: window.forms.filled)
    window.forms.setCurrentWidget(window.forms.entities_tab)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def find(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Ctrl+F, type, Return, Escape: the match is selected with focus in the text."""
    window.text_view.setFocus()
    qtbot.waitUntil(window.text_view.hasFocus)
    qtbot.keyClick(focused(), Key.Key_F, Mod.ControlModifier)
    qtbot.waitUntil(lambda: window.find_bar.field.hasFocus())
    window.find_bar.field.clear()
    qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Key.Key_Return)
    qtbot.keyClick(focused(), Key.Key_Escape)
    qtbot.waitUntil(window.text_view.hasFocus)


def test_a_second_open_shows_what_a_full_check_shows_and_a_tag_keeps_it_so(
    qtbot: QtBot, store: Store, make_window: Callable[[Store], MainWindow]
) -> None:
    document_id = large_document(store)
    other_id, _ = store.add_document(text="A short notice.", title="Other")
    window = make_window(store)
    assert not window.suggestions.automatic
    open_and_fill(qtbot, window, document_id)
    assert window.working is not None and window.working.outline is None
    first_tree = tree_labels(window.forms.entities_tab)
    first_events = event_labels(window)
    first_problems = shown_problems(window)
    assert first_problems  # required roles and fields left empty
    qtbot.waitUntil(lambda: WorkingDocument(store, document_id).outline is not None)

    open_and_fill(qtbot, window, other_id)
    open_and_fill(qtbot, window, document_id)
    working = window.working
    assert working is not None and working.outline is not None
    assert working._entity_rows is None and working._event_rows is None  # nothing read
    assert tree_labels(window.forms.entities_tab) == first_tree
    assert event_labels(window) == first_events
    assert shown_problems(window) == first_problems
    assert f"{len(first_problems)} problem(s)" in window.forms.problems_tab.summary.text()

    # Tag the untagged name as a company with real keys, then delete a company that is an
    # event's Repurchaser: its event now lacks a required role.
    find(qtbot, window, UNTAGGED)
    qtbot.keyClick(focused(), Key.Key_1)
    qtbot.waitUntil(lambda: UNTAGGED in " ".join(tree_labels(window.forms.entities_tab)))
    qtbot.waitUntil(lambda: shown_problems(window) == checked_afresh(store, document_id)[0])
    find(qtbot, window, "Alpha01 Holdings")
    qtbot.keyClick(focused(), Key.Key_Delete)
    qtbot.waitUntil(lambda: "Alpha01" not in " ".join(tree_labels(window.forms.entities_tab)))
    assert "1 event argument(s)" in window.statusBar().currentMessage()

    problems, labels = checked_afresh(store, document_id)
    assert len(problems) == len(first_problems) + 1
    qtbot.waitUntil(lambda: shown_problems(window) == problems)  # checked on the next turn
    assert event_labels(window) == labels
    assert window.working is working  # the same open, still without every row read
    assert working._entity_rows is None and working._event_rows is None
    tree = tree_labels(window.forms.entities_tab)
    assert tree[0] == f"Company ({COPIES})"  # one tagged, one deleted
    assert sum(label.startswith(UNTAGGED) for label in tree) == 1
    assert sum(label.startswith("Alpha") for label in tree) == COPIES - 1

    # Make another Repurchaser a person (T, then the type by typing): the event pointing to it
    # now names the wrong kind of entity, though only the entity was written.
    find(qtbot, window, "Alpha03 Holdings")
    qtbot.keyClick(focused(), Key.Key_T)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    picker = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: focused().window() is picker)
    qtbot.keyClicks(focused(), "Person")
    qtbot.keyClick(focused(), Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    qtbot.waitUntil(
        lambda: any(e.type == "PERSON" and "Alpha03" in e.name for e in store.entities(document_id))
    )
    problems, _labels = checked_afresh(store, document_id)
    assert len(problems) == len(first_problems) + 2
    qtbot.waitUntil(lambda: shown_problems(window) == problems)
    assert working._entity_rows is None and working._event_rows is None


def test_an_edit_by_another_writer_means_a_full_read_at_the_next_open(
    qtbot: QtBot, store: Store, make_window: Callable[[Store], MainWindow]
) -> None:
    document_id = large_document(store)
    other_id, _ = store.add_document(text="A short notice.", title="Other")
    window = make_window(store)
    open_and_fill(qtbot, window, document_id)
    shown_problems(window)
    qtbot.waitUntil(lambda: WorkingDocument(store, document_id).outline is not None)
    open_and_fill(qtbot, window, other_id)
    person = next(e for e in store.entities(document_id) if e.type == "PERSON")
    store.update_entity(person.id, name="Renamed elsewhere")  # as another window would
    open_and_fill(qtbot, window, document_id)
    assert window.working is not None and window.working.outline is None
    assert any("Renamed elsewhere" in label for label in tree_labels(window.forms.entities_tab))
    problems, labels = checked_afresh(store, document_id)
    assert shown_problems(window) == problems and event_labels(window) == labels


SPOOFED = "Consideration:\r\n\u202e0001 DKH\u202c per share, pay\u200bable now.\r\n"


def test_a_second_open_takes_the_invisible_characters_from_the_outline_not_a_search(
    qtbot: QtBot,
    store: Store,
    make_window: Callable[[Store], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the first screens the text is not searched again: the kept outline says where its
    invisible characters are, and they are tags before the reviewer can scroll to them."""
    monkeypatch.setattr(invisible_tags, "FIRST_SCAN", 200)  # the spoof is past the first screens
    searched: list[int] = []  # where each search of the rest began

    def search(text: str, start: int = 0, end: int | None = None) -> list[InvisibleChar]:
        if start:
            searched.append(start)
        return invisible_chars(text, start, end)

    monkeypatch.setattr(invisible_tags, "invisible_chars", search)
    document_id = large_document(store, tail="Routine text 😀.\r\n" * 20 + SPOOFED)
    text = store.document(document_id).text
    late = [text.index(char) for char in ("\u202e", "\u202c", "\u200b")]
    other_id, _ = store.add_document(text="A short notice.", title="Other")
    window = make_window(store)
    open_and_fill(qtbot, window, document_id)
    qtbot.waitUntil(lambda: window.text_view.fully_scanned)
    assert searched == [200]
    qtbot.waitUntil(lambda: WorkingDocument(store, document_id).outline is not None)
    open_and_fill(qtbot, window, other_id)

    searched.clear()
    window.open_document(document_id)  # and straight to the end, in the same turn
    view = window.text_view
    assert window.working is not None and window.working.outline is not None
    view.setFocus()
    qtbot.keyClick(view, Key.Key_End, Mod.ControlModifier)
    assert view.verticalScrollBar().value() > 0
    assert [char.offset for char in view.invisibles] == late
    for offset in late:
        assert view.document().characterAt(view.display_text.to_display(offset)) == PLACEHOLDER
    qtbot.waitUntil(lambda: "2 bidi controls" in window.title_label.text())
    assert searched == []


def test_kept_offsets_that_do_not_fit_the_text_mean_a_search(
    qtbot: QtBot,
    store: Store,
    make_window: Callable[[Store], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(invisible_tags, "FIRST_SCAN", 200)
    document_id = large_document(store, tail="Routine text.\n" * 20 + SPOOFED)
    text = store.document(document_id).text
    other_id, _ = store.add_document(text="A short notice.", title="Other")
    window = make_window(store)
    open_and_fill(qtbot, window, document_id)
    qtbot.waitUntil(lambda: WorkingDocument(store, document_id).outline is not None)
    folder = document_outline.cache_folder()
    (entry,) = [p for p in folder.glob("*.json") if ".problems" not in p.name]
    data = entry.read_bytes()
    kept = ",".join(str(text.index(char)) for char in ("\u202e", "\u202c", "\u200b"))
    assert f'"invisibles":[{kept}]'.encode() in data
    entry.write_bytes(data.replace(f'"invisibles":[{kept}]'.encode(), b'"invisibles":[3]'))
    open_and_fill(qtbot, window, other_id)
    open_and_fill(qtbot, window, document_id)
    assert window.working is not None and window.working.outline is not None
    qtbot.waitUntil(lambda: window.text_view.fully_scanned)
    assert len(window.text_view.invisibles) == 3  # found by searching: offset 3 holds none

"""The open document: first screen of highlights first, everything on demand, kept in step."""

from __future__ import annotations

import gc
import weakref

import pytest

from desktop_app.core import lazy_spans
from desktop_app.core.edits.annotation_edits import UpdateEntity
from desktop_app.core.edits.history import EditHistory
from desktop_app.core.errors import StaleEdit, StoreError
from desktop_app.core.models import Changes
from desktop_app.core.span_index import IndexedSpan
from desktop_app.core.store import Store
from desktop_app.core.working_document import WorkingDocument

BOTH_ENGINES = True

WORD = "Acme Ltd paid HK$5 to 😀 Beta. "


def test_first_screen_loads_first_and_the_rest_region_by_region_as_asked(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lazy_spans, "CHUNK", 1000)
    text = WORD * 400  # astral characters throughout, 12,000 code points
    document_id, _ = store.add_document(text=text, title="long")
    starts = [index * len(WORD) for index in range(400)]
    for start in starts[::2]:
        store.create_entity(document_id, "company", [(start, start + 8)])
    opened = WorkingDocument(store, document_id, first_screen=3000)
    early = [s.start for s in opened.spans.overlapping(0, 3000)]
    assert early == [s for s in starts[::2] if s < 3000]
    assert isinstance(opened.spans, lazy_spans.LazySpanIndex) and not opened.spans.complete
    # A view scrolled far down reads that region, and only the chunks around it.
    late = [s.start for s in opened.spans.overlapping(9000, 9300)]
    assert late == [s for s in starts[::2] if 9000 - 8 < s < 9300]
    assert isinstance(opened.spans, lazy_spans.LazySpanIndex) and not opened.spans.complete
    assert [s.start for s in opened.spans] == starts[::2]
    assert opened.spans.complete
    for span in opened.spans:
        assert text[span.start : span.end] == "Acme Ltd"


def test_the_rest_of_a_long_documents_highlights_match_the_stored_spans(store: Store) -> None:
    text = WORD * 300
    document_id, _ = store.add_document(text=text, title="long")
    step = len(WORD)
    for index in range(0, 300, 3):
        start = index * step
        # Nested and repeated spans, mentions added out of reading order, two entity types.
        entity = store.create_entity(document_id, "company", [(start + 22, start + 29)])
        store.add_mention(entity.id, start, start + 8)
        store.create_entity(document_id, "person", [(start, start + 4)])
        store.create_event(document_id, "acquisition", (start + 9, start + 13))
    store.create_event(document_id, "acquisition", None)  # no trigger: no highlight
    opened = WorkingDocument(store, document_id, first_screen=100)
    stored = [IndexedSpan._make(row) for row in store.span_rows(document_id)]
    assert list(opened.spans) == stored
    assert len(stored) == 400
    assert {(s.kind, s.type_id) for s in stored} == {
        ("mention", "company"),
        ("mention", "person"),
        ("trigger", "acquisition"),
    }


def test_an_edit_before_the_rest_loaded_leaves_every_highlight_once(store: Store) -> None:
    text = WORD * 300
    document_id, _ = store.add_document(text=text, title="long")
    first = store.create_entity(document_id, "company", [(0, 8)])
    late_start = 250 * len(WORD)
    store.create_entity(document_id, "company", [(late_start, late_start + 8)])
    opened = WorkingDocument(store, document_id, first_screen=100)
    mention = store.add_mention(first.id, len(WORD), len(WORD) + 8)
    opened.refresh(Changes(entities={first.id}))
    assert sorted((s.start, s.annotation_id == mention.id) for s in opened.spans) == [
        (0, False),
        (len(WORD), True),
        (late_start, False),
    ]


def test_an_edit_shows_the_documents_new_state_and_says_which_highlights_moved(
    store: Store,
) -> None:
    document_id, _ = store.add_document(text=WORD * 3, title="short")
    opened = WorkingDocument(store, document_id)
    text = opened.text
    assert opened.document.status == "new"
    entity = store.create_entity(document_id, "company", [(0, 8)])
    flagged = store.set_flag(document_id, "check the amounts")
    opened.refresh(Changes(entities={entity.id}).merge(flagged))
    assert opened.document.flag == "check the amounts"
    assert opened.text is text, "the text is not read again for an annotation edit"
    removed, added = opened.span_changes
    assert removed == [] and [(s.start, s.end, s.owner_id) for s in added] == [(0, 8, entity.id)]
    store.add_mention(entity.id, len(WORD), len(WORD) + 8)
    opened.refresh(Changes(entities={entity.id}))
    removed, added = opened.span_changes
    assert [s.start for s in removed] == [0]
    assert sorted(s.start for s in added) == [0, len(WORD)]


def test_an_edit_states_the_versions_of_the_rows_it_was_made_from(store: Store) -> None:
    document_id, _ = store.add_document(text=WORD * 3, title="short")
    entity = store.create_entity(document_id, "company", [(0, 8)])
    opened = WorkingDocument(store, document_id)
    # Changed by someone else after the text was painted, before the lists read the rows:
    store.update_entity(entity.id, name="Acme Limited")
    assert opened.entity_rows[entity.id].name == "Acme Limited"
    history = EditHistory(store)
    rename = UpdateEntity(entity.id, {"name": "Acme Limited"}, {"name": "Acme"}, "rename")
    history.perform(rename, based_on=opened.versions)  # made from what the list showed
    assert store.entity(entity.id).name == "Acme"
    opened.refresh(Changes(entities={entity.id}))
    # Changed again by someone else after the rows were read: an edit from them is refused.
    store.update_entity(entity.id, name="Acme Holdings")
    again = UpdateEntity(entity.id, {"name": "Acme"}, {"name": "Acme Co"}, "rename")
    with pytest.raises(StaleEdit):
        history.perform(again, based_on=opened.versions)
    assert store.entity(entity.id).name == "Acme Holdings"


def test_a_region_asked_for_after_the_store_closed_is_empty_not_an_error(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lazy_spans, "CHUNK", 1000)
    text = WORD * 400
    document_id, _ = store.add_document(text=text, title="long")
    store.create_entity(document_id, "company", [(0, 8)])
    late = 300 * len(WORD)
    store.create_entity(document_id, "company", [(late, late + 8)])
    opened = WorkingDocument(store, document_id, first_screen=100)
    store.close()
    # A window going away may paint once more: what was read still shows, the rest is empty.
    assert [s.start for s in opened.spans.overlapping(0, 50)] == [0]
    assert opened.spans.overlapping(late, late + 8) == []


def test_highlights_that_cannot_be_read_are_reported_once_and_read_when_they_can(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lazy_spans, "CHUNK", 1000)
    document_id, _ = store.add_document(text=WORD * 400, title="long")
    late = 300 * len(WORD)
    store.create_entity(document_id, "company", [(late, late + 8)])
    told: list[str] = []
    opened = WorkingDocument(store, document_id, first_screen=100, report=told.append)
    readable = store.span_rows_between

    def out_of_reach(*_args: object) -> list[tuple[int, int, str, str, str, str]]:
        raise StoreError("the team database cannot be reached")

    monkeypatch.setattr(store, "span_rows_between", out_of_reach)
    assert opened.spans.overlapping(late, late + 8) == []
    assert opened.spans.overlapping(late, late + 8) == []  # a second paint: not told again
    assert len(told) == 1 and "cannot be reached" in told[0]
    monkeypatch.setattr(store, "span_rows_between", readable)
    assert [s.start for s in opened.spans.overlapping(late, late + 8)] == [late]


def test_an_edit_in_an_unread_region_is_in_no_span_change(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``span_changes`` lists what left and entered the index: a view that keeps its own
    record from them stays in step with the index, read or not."""
    monkeypatch.setattr(lazy_spans, "CHUNK", 1000)
    document_id, _ = store.add_document(text=WORD * 400, title="long")
    entity = store.create_entity(document_id, "company", [(0, 8)])
    opened = WorkingDocument(store, document_id, first_screen=100)
    late = 300 * len(WORD)
    store.add_mention(entity.id, late, late + 8)
    opened.refresh(Changes(entities={entity.id}))
    removed, added = opened.span_changes
    assert [s.start for s in removed] == [0]
    assert [s.start for s in added] == [0]  # the late one comes with its region
    assert [s.start for s in opened.spans.overlapping(late, late + 8)] == [late]


def test_a_long_document_let_go_is_freed_at_once_not_by_the_collector(store: Store) -> None:
    """Its highlights index reads regions through it: were that a cycle, every row of a
    document read in full would stay in memory until a full collection, long after the
    reviewer moved on (and that collection would then walk all of them)."""
    document_id, _ = store.add_document(text=WORD * 400, title="long")
    store.create_entity(document_id, "company", [(0, 8)])
    opened = WorkingDocument(store, document_id, first_screen=3000)
    assert isinstance(opened.spans, lazy_spans.LazySpanIndex)
    assert opened.entity_rows and list(opened.spans)  # everything read
    spans = opened.spans
    gone = weakref.ref(opened)
    gc.disable()
    try:
        del opened
        assert gone() is None
    finally:
        gc.enable()
    assert spans.overlapping(9000, 9300) == []  # a view still holding it paints nothing

"""The open document's problems after any run of edits, each checked alone: the same list, in
the same order, as checking everything again from the annotations as they then are."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.annotation_rows import (
    ArgumentRow,
    EntityRow,
    EventRow,
    MentionRow,
    StampRow,
    TriggerRow,
)
from desktop_app.core.models import Changes, Document
from desktop_app.core.problem_book import ProblemBook
from desktop_app.core.schema import AnnotationSchema

TEXT = "Alpha Holdings bought Beta Ltd for HK$5 million; Mr Chan is appointed. " * 4
STAMP = StampRow("tester", "2026-01-01T00:00:00Z", "tester", "2026-01-01T00:00:00Z")
DOCUMENT = Document(id="d1", title="t", content_hash="h", text=TEXT)
ENTITY_TYPES = ["company", "person", "money", "security", "no-such-type"]
EVENT_TYPES = ["acquisition", "appointment", "no-such-event"]
ROLES = ["buyer", "target", "consideration", "adviser", "appointee", "issuer", "nonsense"]
IDS = [f"id{n}" for n in range(8)]  # drawn from a small pool so that ids repeat


def listed(book: ProblemBook) -> list[tuple[Any, ...]]:
    return [(p.message, p.entity_id, p.event_id, p.offset, p.kind) for p in book.problems]


def full(schema: AnnotationSchema, entities: dict[str, Any], events: dict[str, Any]) -> list[Any]:
    book = ProblemBook()
    book.check_all(DOCUMENT, entities, events, schema)
    return listed(book)


def apply_batch(entities: dict[str, Any], events: dict[str, Any], batch: list[Any]) -> Changes:
    """Apply one batch of (kind, id, row or None) to the rows; what it changed."""
    changes = Changes()
    for kind, row_id, row in batch:
        rows, named = (entities, "entities") if kind == "entity" else (events, "events")
        rows.pop(row_id, None)  # an edited one moves last, as in the open document
        if row is None:
            changes = changes.merge(Changes(**{f"removed_{named}": {row_id}}))
        else:
            rows[row_id] = row
            changes = changes.merge(Changes(**{named: {row_id}}))
    return changes


mention_rows = st.builds(
    lambda mention_id, start, length, right: MentionRow(
        mention_id,
        start,
        start + length,
        TEXT[start : start + length] if right else "wrong",
        None,
    ),
    st.sampled_from(IDS),
    st.integers(0, 100),
    st.integers(0, 12),
    st.booleans(),
)


def entity_rows(entity_id: str) -> st.SearchStrategy[EntityRow]:
    return st.builds(
        lambda type_id, mentions, code: EntityRow(
            entity_id,
            type_id,
            "name",
            None,
            {"code": code} if code else {},
            tuple(mentions),
            STAMP,
        ),
        st.sampled_from(ENTITY_TYPES),
        st.lists(mention_rows, max_size=3),
        st.sampled_from(["", "0001"]),
    )


def event_rows(event_id: str, entity_ids: list[str]) -> st.SearchStrategy[EventRow]:
    argument = st.builds(
        ArgumentRow,
        st.sampled_from(IDS),
        st.sampled_from(ROLES),
        st.sampled_from([*entity_ids, "missing-entity"]),
        st.sampled_from([None, "id1", "id2"]),
    )
    trigger = st.one_of(
        st.none(), st.integers(0, 100).map(lambda s: TriggerRow(s, s + 5, TEXT[s : s + 5], None))
    )
    return st.builds(
        lambda type_id, found, arguments: EventRow(
            event_id, type_id, found, tuple(arguments), {}, STAMP
        ),
        st.sampled_from(EVENT_TYPES),
        trigger,
        st.lists(argument, max_size=4),
    )


ENTITY_IDS = ["e1", "e2", "e3", "e4", "id3"]  # one entity id also in the mention id pool
EVENT_IDS = ["v1", "v2", "v3"]


@st.composite
def edit(draw: st.DrawFn) -> tuple[str, str, Any]:
    """One edit: an entity or event replaced (made, changed) or removed."""
    if draw(st.booleans()):
        entity_id = draw(st.sampled_from(ENTITY_IDS))
        return ("entity", entity_id, draw(st.none() | entity_rows(entity_id)))
    event_id = draw(st.sampled_from(EVENT_IDS))
    return ("event", event_id, draw(st.none() | event_rows(event_id, ENTITY_IDS)))


@settings(max_examples=150, deadline=None)
@given(first=st.lists(edit(), max_size=8), edits=st.lists(st.lists(edit(), max_size=3), max_size=6))
def test_each_edit_checked_alone_lists_what_a_full_check_lists(
    schema: AnnotationSchema, first: list[Any], edits: list[list[Any]]
) -> None:
    entities: dict[str, Any] = {}
    events: dict[str, Any] = {}

    def apply(batch: list[Any]) -> Changes:
        return apply_batch(entities, events, batch)

    apply(first)
    book = ProblemBook()
    book.check_all(DOCUMENT, entities, events, schema)
    assert listed(book) == full(schema, entities, events)
    for batch in edits:
        changes = apply(batch)
        book.check_changed(DOCUMENT, entities, events, schema, changes)
        assert listed(book) == full(schema, entities, events)


def test_a_repeated_id_is_listed_while_repeated_and_goes_when_no_longer(
    schema: AnnotationSchema,
) -> None:
    mention = MentionRow("shared", 0, 5, TEXT[0:5], None)
    entities: dict[str, Any] = {
        "e1": EntityRow("e1", "company", "Alpha", None, {}, (mention,), STAMP),
    }
    book = ProblemBook()
    book.check_all(DOCUMENT, entities, {}, schema)
    assert listed(book) == []
    entities["e2"] = EntityRow("e2", "company", "Alpha", None, {}, (mention,), STAMP)
    book.check_changed(DOCUMENT, entities, {}, schema, Changes(entities={"e2"}))
    assert [p[0] for p in listed(book)] == ["id shared is used 2 times"]
    del entities["e1"]
    book.check_changed(DOCUMENT, entities, {}, schema, Changes(removed_entities={"e1"}))
    assert listed(book) == []


def test_an_event_pointing_to_a_removed_entity_is_checked_again(schema: AnnotationSchema) -> None:
    company = EntityRow(
        "e1", "company", "Alpha", None, {}, (MentionRow("m1", 0, 5, TEXT[0:5], None),), STAMP
    )
    money = EntityRow(
        "e2", "money", "HK$5", None, {}, (MentionRow("m2", 35, 39, TEXT[35:39], None),), STAMP
    )
    event = EventRow(
        "v1",
        "acquisition",
        TriggerRow(15, 21, TEXT[15:21], None),
        (ArgumentRow("a1", "buyer", "e1", None), ArgumentRow("a2", "consideration", "e2", None)),
        {},
        STAMP,
    )
    entities: dict[str, Any] = {"e1": company, "e2": money}
    events: dict[str, Any] = {"v1": event}
    book = ProblemBook()
    book.check_all(DOCUMENT, entities, events, schema)
    assert listed(book) == []
    del entities["e1"]
    book.check_changed(DOCUMENT, entities, events, schema, Changes(removed_entities={"e1"}))
    assert [p[0] for p in listed(book)] == [
        "event acquisition, role buyer: points to a missing entity"
    ]


@settings(max_examples=150, deadline=None)
@given(first=st.lists(edit(), max_size=8), edits=st.lists(st.lists(edit(), max_size=3), max_size=6))
def test_a_book_restored_from_kept_problems_goes_on_as_the_book_that_found_them(
    schema: AnnotationSchema, first: list[Any], edits: list[list[Any]]
) -> None:
    """What ``core.document_outline`` keeps (keys and problems, through JSON and back) is a
    book later edits are checked against as if the document had been checked in full."""
    from desktop_app.core import document_outline
    from desktop_app.core.document_outline import DocumentOutline

    entities: dict[str, Any] = {}
    events: dict[str, Any] = {}

    def apply(batch: list[Any]) -> Changes:
        return apply_batch(entities, events, batch)

    apply(first)
    found = ProblemBook()
    found.check_all(DOCUMENT, entities, events, schema)
    outline = DocumentOutline([], [], [], len(found.problems), [])
    document_outline.keep(DOCUMENT.id, "stamp", outline, found.keys, found.problems)
    kept = document_outline.read_problems(DOCUMENT.id, "stamp")
    assert kept is not None
    book = ProblemBook()
    book.restore(*kept)
    assert listed(book) == listed(found)
    for batch in edits:
        changes = apply(batch)
        book.check_changed(DOCUMENT, entities, events, schema, changes)
        assert listed(book) == full(schema, entities, events)


def _unique_ids(row: Any) -> Any:
    """The row with its mentions' or arguments' ids made its own, as the store makes them."""
    if row is None:
        return None
    if isinstance(row, EntityRow):
        mentions = tuple(m._replace(id=f"{row.id}.{n}") for n, m in enumerate(row.mentions))
        return row._replace(mentions=mentions)
    arguments = tuple(a._replace(id=f"{row.id}.{n}") for n, a in enumerate(row.arguments))
    return row._replace(arguments=arguments)


@settings(max_examples=150, deadline=None)
@given(first=st.lists(edit(), max_size=8), edits=st.lists(st.lists(edit(), max_size=3), max_size=6))
def test_a_restored_book_asking_the_store_which_events_point_to_an_entity_lists_the_same(
    schema: AnnotationSchema, first: list[Any], edits: list[list[Any]]
) -> None:
    """Restored with the store's answer for the events pointing to an entity (so that an edit
    reads nothing else), each edit still lists what a full check lists."""
    entities: dict[str, Any] = {}
    events: dict[str, Any] = {}
    asked: list[set[str]] = []

    def apply(batch: list[Any]) -> Changes:
        changes = Changes()
        for kind, row_id, row in batch:
            rows, named = (entities, "entities") if kind == "entity" else (events, "events")
            rows.pop(row_id, None)
            if row is None:
                changes = changes.merge(Changes(**{f"removed_{named}": {row_id}}))
            else:
                rows[row_id] = _unique_ids(row)
                changes = changes.merge(Changes(**{named: {row_id}}))
        return changes

    def pointing(entity_ids: set[str]) -> set[str]:
        asked.append(entity_ids)
        return {v.id for v in events.values() for a in v.arguments if a.entity_id in entity_ids}

    apply(first)
    found = ProblemBook()
    found.check_all(DOCUMENT, entities, events, schema)
    book = ProblemBook()
    book.restore(list(found.keys), list(found.problems), pointing)
    for batch in edits:
        changes = apply(batch)
        book.check_changed(DOCUMENT, entities, events, schema, changes)
        assert listed(book) == full(schema, entities, events)
    touched = [c for c in asked if c]
    assert all(entity_ids <= set(ENTITY_IDS) for entity_ids in touched)


def test_a_restored_book_with_repeated_ids_keeps_counting_them(schema: AnnotationSchema) -> None:
    """Only an imported file repeats ids; a book restored with such a problem goes on as the
    book that counts ids (the store is not asked), so the problem goes when the repeat does."""
    mention = MentionRow("m1", 0, 5, TEXT[0:5], None)
    entities: dict[str, Any] = {
        "e1": EntityRow("e1", "company", "Alpha", None, {}, (mention,), STAMP),
        "e2": EntityRow("e2", "company", "Alpha", None, {}, (mention,), STAMP),
    }
    found = ProblemBook()
    found.check_all(DOCUMENT, entities, {}, schema)
    assert any("m1" in p.message for p in found.problems)

    def never(_entity_ids: set[str]) -> set[str]:
        raise AssertionError("a book with repeated ids must not ask the store")

    book = ProblemBook()
    book.restore(list(found.keys), list(found.problems), never)
    del entities["e2"]
    book.check_changed(DOCUMENT, entities, {}, schema, Changes(removed_entities={"e2"}))
    assert listed(book) == full(schema, entities, {})
    assert not any("m1" in p.message for p in book.problems)

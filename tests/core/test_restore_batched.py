"""Undo of a large delete puts every row back exactly, however many there are: an entity of
more mentions than one multi-row insert holds, with the roles it filled, and an event of many
arguments — same ids, same order, its place among the others, the next version, and one audit
entry per row put back, in order."""

from __future__ import annotations

import pytest

from desktop_app.core.edits import DeleteEntity, DeleteEvent, EditHistory

BOTH_ENGINES = True

MENTIONS = 250  # several multi-row inserts
ARGUMENTS = 120
SENTENCE = "Alpha Holdings Limited paid HK$1,000. "
NOON = "2025-03-31T12:00:00.000Z"


@pytest.fixture
def crowded(store, helpers):
    """A document with a company of ``MENTIONS`` mentions between two other entities, filling
    the buyer of two acquisitions (one naming its 200th mention), and ``ARGUMENTS`` sums of
    money filling one acquisition's consideration."""
    store.clock = lambda: NOON
    text = SENTENCE * MENTIONS
    document_id = helpers.add_document(store, text=text, title="Crowded")
    width, name, money_at = len(SENTENCE), len("Alpha Holdings Limited"), SENTENCE.index("HK$")
    before = store.create_entity(document_id, "company", [(0, 5)])
    company = store.create_entity(
        document_id, "company", [(n * width, n * width + name) for n in range(MENTIONS)]
    )
    after = store.create_entity(document_id, "company", [(6, 14)])
    sums = [
        store.create_entity(document_id, "money", [(n * width + money_at, (n + 1) * width - 2)])
        for n in range(ARGUMENTS)
    ]
    first = store.create_event(document_id, "acquisition")
    second = store.create_event(document_id, "acquisition")
    store.add_argument(first.id, "buyer", company.id)
    store.add_argument(second.id, "buyer", company.id, mention_id=company.mentions[199].id)
    for entity in sums:
        store.add_argument(first.id, "consideration", entity.id)
    return document_id, company.id, first.id, [before.id, company.id, after.id]


def _inserts(store, document_id, table, since):
    return [
        entry
        for entry in store.audit_entries(document_id, newest_first=False)
        if entry.seq > since and entry.action == "insert" and entry.table_name == table
    ]


def test_undo_of_deleting_an_entity_of_many_mentions_puts_all_back(store, crowded):
    document_id, company_id, _, order = crowded
    annotated = store.annotated(document_id)
    version = store.version_of("entities", company_id)
    history = EditHistory(store)
    history.perform(DeleteEntity(company_id, "Alpha Holdings Limited"))
    assert company_id not in {e.id for e in store.annotated(document_id).entities}
    since = store.audit_entries(document_id, limit=1)[0].seq

    history.undo()
    again = store.annotated(document_id)
    assert again.entities == annotated.entities  # every mention, in order, with its stamps
    assert again.events == annotated.events  # both roles filled again, the mention named
    assert [e.id for e in again.entities if e.type == "company"] == order  # keeps its place
    assert store.version_of("entities", company_id) == (version or 0) + 1
    mentions = _inserts(store, document_id, "mentions", since)
    (company,) = [e for e in annotated.entities if e.id == company_id]
    assert [entry.row_id for entry in mentions] == [m.id for m in company.mentions]
    assert [entry.after["position"] for entry in mentions] == list(range(MENTIONS))
    assert len(_inserts(store, document_id, "arguments", since)) == 2
    assert store.verify_audit() == []


def test_undo_of_deleting_an_event_of_many_arguments_puts_all_back(store, crowded):
    document_id, _, event_id, _ = crowded
    event = store.event(event_id)
    version = store.version_of("events", event_id)
    history = EditHistory(store)
    history.perform(DeleteEvent(event_id, "acquisition"))
    since = store.audit_entries(document_id, limit=1)[0].seq

    history.undo()
    assert store.event(event_id) == event
    assert store.version_of("events", event_id) == (version or 0) + 1
    arguments = _inserts(store, document_id, "arguments", since)
    assert [entry.row_id for entry in arguments] == [a.id for a in event.arguments]
    assert len(arguments) == ARGUMENTS + 1
    assert store.verify_audit() == []

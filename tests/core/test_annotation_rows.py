"""The plain rows a document opens with say exactly what the validated models say, and stay
so as the document is edited; the checks give the same problems from either."""

from __future__ import annotations

from desktop_app.core.annotation_rows import entity_row, event_row
from desktop_app.core.models import Changes
from desktop_app.core.store import Store
from desktop_app.core.validation import entity_problems, event_problems, page_numbers_of
from desktop_app.core.working_document import WorkingDocument

BOTH_ENGINES = True


def test_rows_read_what_the_models_hold_in_the_same_order(helpers, store: Store) -> None:
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    # Mentions keep the order they were added in, not their order in the text.
    text = store.text_of(document_id)
    store.add_mention(ids["target"], *helpers.span_of(text, "Alpha"))
    assert [entity_row(e) for e in store.entities(document_id)] == store.entity_rows(document_id)
    assert [event_row(v) for v in store.events(document_id)] == store.event_rows(document_id)
    assert store.entity_rows(document_id)[3].attributes == {"position": "director"}


def test_the_open_documents_rows_follow_its_edits_and_check_as_the_models_do(
    helpers, store: Store
) -> None:
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    opened = WorkingDocument(store, document_id)
    assert set(opened.entity_rows) == set(ids[k] for k in ("buyer", "target", "price", "person"))
    text = opened.text
    security = store.create_entity(document_id, "security", [helpers.span_of(text, "Beta")])
    store.delete_entity(ids["price"])
    opened.refresh(Changes(entities={security.id}, removed_entities={ids["price"]}))
    models = {e.id: e for e in store.entities(document_id)}
    assert opened.entity_rows == {key: entity_row(model) for key, model in models.items()}
    assert opened._entities is None, "no model of every entity was read for that"
    assert opened.entity(security.id) == models[security.id]
    assert opened.entity(ids["price"]) is None

    schema, document = store.schema, opened.document
    pages = page_numbers_of(document)
    row = opened.entity_rows[security.id]
    from_row = entity_problems(document, row, schema, pages)
    assert from_row == entity_problems(document, models[security.id], schema, pages)
    assert [p.message for p in from_row] == ["security 'Beta': required field “Code” is empty"]
    events = {v.id: v for v in store.events(document_id)}
    acquisition = ids["acquisition"]
    assert event_problems(
        document, opened.event_rows[acquisition], opened.entity_rows, schema, pages
    ) == event_problems(document, events[acquisition], models, schema, pages)

"""The window computes suggestions from the open document's plain rows, not its models (a
large document's models took seconds to build in the window's thread): every suggester must
find exactly what it finds from the models."""

from __future__ import annotations

from desktop_app.core.samples import load_samples
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import Store
from desktop_app.core.suggest import suggest_document


def test_rows_and_models_give_the_same_suggestions(
    hk_store: Store, hk_schema: AnnotationSchema
) -> None:
    documents = load_samples(hk_store)
    annotated = 0
    shaped = 0  # documents whose annotations change what is suggested
    for document_id in documents:
        text = hk_store.text_of(document_id)
        entities, events = hk_store.entities(document_id), hk_store.events(document_id)
        annotated += bool(entities)
        decided = hk_store.decided(document_id)
        from_models = suggest_document(text, hk_schema, entities, events, decided=decided)
        from_rows = suggest_document(
            text,
            hk_schema,
            list(hk_store.entity_rows(document_id)),
            list(hk_store.event_rows(document_id)),
            decided=decided,
        )
        assert from_rows == from_models, hk_store.document(document_id).title
        assert from_models
        shaped += from_models != suggest_document(text, hk_schema, decided=decided)
    assert annotated >= 2 and shaped >= 2  # the samples' annotations matter to suggestions

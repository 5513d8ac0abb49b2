"""The corpus gazetteer read once for the whole corpus on its own connection (made for a worker
thread: ``Store.corpus_gazetteer_reader``): a name annotated in another document is found, and a
name only the open document has is left to propagation."""

from __future__ import annotations

from desktop_app.core.samples import load_samples
from desktop_app.core.suggest.gazetteer import NAMING_TYPES

BOTH_ENGINES = True  # each store test runs on a database file and on a team database


def test_names_from_every_document_with_the_one_they_came_from(hk_store):
    load_samples(hk_store)
    gazetteer = hk_store.corpus_gazetteer_reader()()
    by_document: dict[str, set[str]] = {}
    for document_id in hk_store.document_ids():
        annotated = hk_store.annotated(document_id)
        for entity in annotated.entities:
            if entity.type in NAMING_TYPES and len(entity.name) >= 5:
                by_document.setdefault(entity.name, set()).add(document_id)
    assert by_document, "the samples annotate companies and people"
    for name, documents in by_document.items():
        if name not in gazetteer.names:
            continue  # a generic short form ("the Company") is never gathered
        (only,) = documents if len(documents) == 1 else (None,)
        for document_id in documents:
            assert gazetteer.only_in(name, document_id) is (only is not None)
    assert any(name in gazetteer.names for name in by_document)


def test_the_store_stays_writable_while_the_gazetteer_is_read(hk_store):
    load_samples(hk_store)
    hk_store.corpus_gazetteer_reader()()
    document_id = hk_store.document_ids()[0]
    assert hk_store.has_documents()
    hk_store.set_flag(document_id, "check")  # the store's own lock still works

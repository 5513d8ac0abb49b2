"""Tagging asks whether an entity of the type already has a mention reading the same text
(to offer adding to it): answered by the store from an index, on both engines."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import Store, open_store
from desktop_app.core.store.database import migrate_to

BOTH_ENGINES = True


def test_the_first_made_entity_of_the_type_reading_the_text_is_found(helpers, store: Store):
    document_id = helpers.add_document(store)
    text = store.text_of(document_id)
    first = store.create_entity(document_id, "company", [helpers.span_of(text, "Beta Ltd")])
    store.create_entity(document_id, "company", [helpers.span_of(text, "Beta Ltd")])
    store.create_entity(document_id, "person", [helpers.span_of(text, "Alpha")])
    assert store.entity_reading(document_id, "company", "Beta Ltd") == first.id
    assert store.entity_reading(document_id, "person", "Beta Ltd") is None, "another type"
    assert store.entity_reading(document_id, "company", "Beta") is None, "only the whole text"
    other = helpers.add_document(store, text=text + " ")
    assert store.entity_reading(other, "company", "Beta Ltd") is None, "another document"


def test_a_format_8_0_database_gains_the_index_and_keeps_a_copy(
    tmp_path: Path, schema: AnnotationSchema
) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrate_to(old, 8)
    old.execute(
        "INSERT INTO documents (id, title, content_hash, text) VALUES ('d1', 'T', 'h', 'Acme Ltd')"
    )
    old.close()
    store = open_store(path, schema, actor="alice")
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT entity_id FROM mentions WHERE document_id = ? AND text = ?",
        ["d1", "Acme"],
    ).fetchall()
    assert "mentions_text" in str(plan)
    assert store.latest_status_reason("d1") is None
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT seq FROM audit WHERE document_id = ? AND row_id = ? "
        "ORDER BY seq DESC LIMIT 1",
        ["d1", "d1"],
    ).fetchall()
    assert "audit_row" in str(plan)
    assert store.document("d1").text == "Acme Ltd"
    store.close()
    assert (tmp_path / "old.db.v8.0.bak").exists()

"""Database paths with characters that mean something in a URI: each opens exactly that file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.store import open_store

ODD_NAMES = [
    "notes#2025.db",
    "team#A.db",
    "what?.db",
    "pct%41.db",
    "with space.db",
    "公告 數據.db",
    "mode=ro&x.db",
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_an_odd_name_opens_that_very_file(tmp_path: Path, schema, helpers, name: str) -> None:
    path = tmp_path / name
    store = open_store(path, schema, actor="alice")
    document_id = helpers.add_document(store)
    store.close()
    siblings = {p.name for p in tmp_path.iterdir()}
    assert name in siblings
    # Nothing else was created beside it (no "notes", no "pctA.db", no "what").
    assert {s for s in siblings if not s.startswith(name)} == set()
    reopened = open_store(path, schema, actor="alice")
    try:
        assert reopened.document(document_id).id == document_id
    finally:
        reopened.close()


def test_a_hash_in_the_name_does_not_write_into_another_programs_file(
    tmp_path: Path, schema, helpers
) -> None:
    other = tmp_path / "notes"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.close()
    before = helpers.sha256_of(other)
    store = open_store(tmp_path / "notes#2025.db", schema, actor="alice")
    helpers.add_document(store)
    store.close()
    assert helpers.sha256_of(other) == before


def test_two_names_that_differ_after_a_hash_are_two_files(tmp_path: Path, schema, helpers) -> None:
    first = open_store(tmp_path / "team#A.db", schema, actor="alice")
    helpers.add_document(first)
    first.close()
    second = open_store(tmp_path / "team#B.db", schema, actor="alice")
    try:
        assert second.stats()["documents"] == 0
    finally:
        second.close()

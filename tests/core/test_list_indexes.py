"""The documents list's indexes come with the database format, and say exactly what the list
queries (an index on a different expression would silently not be used)."""

from __future__ import annotations

import re

import pytest

from desktop_app.core.store.document_list import _INDEXES


def _normalised(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).replace("( ", "(").replace(" )", ")").strip()


@pytest.mark.file_only  # the file's indexes, read from sqlite_master
def test_a_new_database_has_every_list_index_on_the_queried_expressions(store):
    stored = dict(
        store.db.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND name LIKE 'documents_list_%'"
        ).fetchall()
    )
    assert set(stored) == set(_INDEXES)
    for name, target in _INDEXES.items():
        created = _normalised(stored[name])
        assert created.endswith(_normalised(f"ON {target}")), name

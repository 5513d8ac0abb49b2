"""Imported documents reach the store with their report, original bytes and fields, whether
added one at a time (the window) or in batches (the CLI and folder imports)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.corpus import add_imported, add_imported_many
from desktop_app.core.importers import import_file
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import Store, open_store

ANNOUNCEMENT = (
    "示例控股有限公司\n（股份代號：918）\n盈利預警\n"
    "本公告乃由示例控股有限公司（「本公司」）作出。代價為\u202e0001 DKH\u202c。\n"
    "承董事會命\n示例控股有限公司\n主席\n香港，2025年9月17日\n"
)


@pytest.fixture
def default_store(tmp_path: Path) -> Iterator[Store]:
    """A store under the default schema, which defines the headline category field."""
    store = open_store(tmp_path / "work.db", load_schema(default_schema_path()), actor="alice")
    yield store
    store.close()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "warning.txt"
    path.write_bytes(ANNOUNCEMENT.encode("utf-8").replace("作出".encode(), b"\xff\xfe"))
    return path


@pytest.mark.parametrize("batched", [False, True])
def test_report_original_and_category_are_stored(
    default_store: Store, source: Path, batched: bool
) -> None:
    store = default_store
    imported = import_file(source)
    if batched:
        ((document_id, created),) = add_imported_many(store, [imported])
    else:
        document_id, created = add_imported(store, imported)
    assert created
    assert store.original(document_id) == source.read_bytes()
    kinds = [note["kind"] for note in store.import_report(document_id)]
    # What the importer did, then where each field it filled was read (both paths alike).
    assert kinds[:3] == ["replaced_bytes", "replaced_bytes", "bidi_controls"]
    filled = set(store.document(document_id).metadata) - {"language"}
    assert len(kinds[3:]) == len(filled) and set(kinds[3:]) == {"metadata"}
    fields = store.document(document_id).metadata
    assert fields["headline_category"] == "profit_warning"
    assert fields["publication_date"] == "2025-09-17"

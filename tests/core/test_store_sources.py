"""The source of each document: the file's exact bytes and the import report, kept with it."""

from __future__ import annotations

import pytest

from desktop_app.core.corpus import add_imported_many
from desktop_app.core.errors import EditRefused
from desktop_app.core.importers import ImportedDocument, ImportNote

BOTH_ENGINES = True  # each store test runs on a database file and on a team database

ORIGINAL = b"%PDF-1.7\n\x00\xff binary bytes \r\n kept exactly \xe4\xb8\xad"


def _imported(text: str, original: bytes | None = ORIGINAL) -> ImportedDocument:
    return ImportedDocument(
        text=text,
        title="Poll results",
        source_name="poll.pdf",
        report=(
            ImportNote("furniture", "'Page 2 of 3' (page number line)", page=2),
            ImportNote("invisible", "'hidden words' (render mode 3)", page=1, offset=10),
        ),
        original=original,
    )


def test_the_original_bytes_come_back_exactly_and_are_stored_once(store):
    [(first, _)] = add_imported_many(store, [_imported("Resolution 1 passed.")])
    [(second, _)] = add_imported_many(store, [_imported("Resolution 2 passed.")])
    assert store.original(first) == ORIGINAL
    assert store.original(second) == ORIGINAL
    count = store.db.execute("SELECT COUNT(*) FROM originals").fetchone()[0]
    assert count == 1  # one file's bytes, however many documents came from it


def test_the_import_report_says_what_was_left_out_and_where(store):
    [(document_id, _)] = add_imported_many(store, [_imported("Resolution 1 passed.")])
    assert store.import_report(document_id) == [
        {
            "kind": "furniture",
            "detail": "'Page 2 of 3' (page number line)",
            "page": 2,
            "offset": None,
        },
        {"kind": "invisible", "detail": "'hidden words' (render mode 3)", "page": 1, "offset": 10},
    ]


def test_a_document_without_an_original_says_so(store, helpers):
    document_id = helpers.add_document(store)
    assert store.original(document_id) is None
    assert store.import_report(document_id) == []


@pytest.mark.file_only  # tampers with the file / runs the command line on it
def test_a_damaged_original_is_named_not_handed_back(store, store_path):
    [(document_id, _)] = add_imported_many(store, [_imported("Resolution 1 passed.")])
    store.db.execute("UPDATE originals SET data = ?", [b"tampered"])
    with pytest.raises(EditRefused, match="missing or damaged"):
        store.original(document_id)

"""``annotator original``: a document's source file written back byte for byte, or a clear
refusal; never a partial file."""

from __future__ import annotations

import errno
import os

import pytest

from desktop_app.cli import main
from desktop_app.core.corpus import add_imported_many
from desktop_app.core.importers import ImportedDocument
from desktop_app.core.store import open_store

ORIGINAL = bytes(range(256)) * 40 + b"\r\n\x00 the end"


@pytest.fixture
def stored(tmp_path, schema, schema_path):
    path = tmp_path / "work.db"
    store = open_store(path, schema, actor="alice")
    [(with_original, _)] = add_imported_many(
        store,
        [
            ImportedDocument(
                text="A notice.", title="Notice", source_name="notice.pdf", original=ORIGINAL
            )
        ],
    )
    without, _ = store.add_document(text="Typed in.", title="Typed")
    store.close()
    common = ["--db", str(path), "--schema", str(schema_path)]
    return common, with_original, without


def test_the_original_is_written_back_byte_identical(stored, tmp_path, capsys):
    common, document_id, _ = stored
    out = tmp_path / "copy.pdf"
    assert main([*common, "original", document_id, str(out)]) == 0
    assert out.read_bytes() == ORIGINAL
    assert f"{len(ORIGINAL)} bytes" in capsys.readouterr().out


def test_a_document_without_an_original_is_refused_and_nothing_written(stored, tmp_path, capsys):
    common, _, typed = stored
    out = tmp_path / "copy.pdf"
    assert main([*common, "original", typed, str(out)]) == 1
    assert "no original file is kept" in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_document_is_named(stored, tmp_path, capsys):
    common, _, _ = stored
    assert main([*common, "original", "nope", str(tmp_path / "x")]) == 2
    assert "document nope does not exist" in capsys.readouterr().err


def test_a_full_disk_leaves_the_previous_file_and_no_partial_one(
    stored, tmp_path, capsys, monkeypatch
):
    common, document_id, _ = stored
    out = tmp_path / "copy.pdf"
    out.write_bytes(b"previous")

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert main([*common, "original", document_id, str(out)]) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.pdf", "work.db"]

"""doccano JSONL out and in: offset-exact round trips, mapping, all-or-nothing refusals."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_app.core.bundle import ExistingPolicy
from desktop_app.core.errors import BundleInvalid, KnownError
from desktop_app.core.interop import export_annotations, import_annotations
from desktop_app.core.store import Store


def test_export_import_export_is_identical_and_offset_exact(
    filled: Store, fresh_store: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    report = export_annotations(filled, first, "doccano")
    assert report.documents == 2
    assert any("event" in line for line in report.lost)
    records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2  # U+2028 in a text did not split its record
    text = records[0]["text"]
    assert text == corpus.TRICKY_TEXT
    # Offsets are code points: the slice is the span, emoji and 𥚃 counted once.
    covered = {text[start:end] for start, end, _ in records[0]["label"]}
    assert {"Alpha 😀 Holdings Limited", "𥚃 Beta Ltd", "🇭🇰 Zoë", "Ltd\r\nfor"} <= covered

    imported = import_annotations(fresh_store, first, "doccano")
    assert len(imported.added) == 2
    export_annotations(fresh_store, second, "doccano")
    assert second.read_bytes() == first.read_bytes()
    for document_id in fresh_store.document_ids():
        annotated = fresh_store.annotated(document_id)
        original = filled.text_of(document_id)
        corpus.covered_texts_hold(annotated, original)
    tricky = fresh_store.annotated(records[0]["id"])
    assert tricky.document.title == "Tricky 😀 title"
    assert len(tricky.entities) == len(records[0]["label"])  # one entity per label


def _write_lines(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_foreign_labels_are_mapped_or_the_import_refused(
    fresh_store: Store, tmp_path: Path
) -> None:
    text = "𥚃 Beta Ltd hires Chan."
    source = _write_lines(
        tmp_path / "project.jsonl",
        {"id": 7, "text": text, "label": [[0, 10, "ORG"], [17, 21, "PER"]], "Comments": []},
    )
    with pytest.raises(BundleInvalid) as refused:
        import_annotations(fresh_store, source, "doccano")
    assert refused.value.problems == ["entity type ORG", "entity type PER"]
    assert fresh_store.document_ids() == []

    mapping = tmp_path / "map.toml"
    mapping.write_text('[entity_types]\nORG = "company"\nPER = "person"\n', encoding="utf-8")
    import_annotations(fresh_store, source, "doccano", mapping)
    (document_id,) = fresh_store.document_ids()
    annotated = fresh_store.annotated(document_id)
    assert annotated.document.title == "project 7"
    assert sorted((e.type, e.mentions[0].text) for e in annotated.entities) == [
        ("company", "𥚃 Beta Ltd"),
        ("person", "Chan"),
    ]


def test_a_bad_line_refuses_the_whole_file(fresh_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    good = {"text": "Alpha Ltd", "label": [[0, 9, "company"]]}
    source.write_text(
        json.dumps(good)
        + "\n"
        + json.dumps({"text": "😀x", "label": [[1, 3, "company"]]})
        + "\n{not json\n",
        encoding="utf-8",
    )
    with pytest.raises(BundleInvalid) as refused:
        import_annotations(fresh_store, source, "doccano")
    assert refused.value.problems == [
        "line 3: not valid JSON at column 2: Expecting property name enclosed in double quotes"
    ]
    source.write_text(
        json.dumps(good) + "\n" + json.dumps({"text": "😀x", "label": [[1, 3, "company"]]}),
        encoding="utf-8",
    )
    with pytest.raises(BundleInvalid) as refused:
        import_annotations(fresh_store, source, "doccano")
    assert refused.value.problems == [
        "line 2, label 0: [1, 3) is not a span of the text (its length is 2)"
    ]
    assert fresh_store.document_ids() == []  # the good line was not imported either


def test_a_text_already_here_follows_the_bundle_rules(
    filled: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    source = _write_lines(
        tmp_path / "more.jsonl", {"text": corpus.PLAIN_TEXT, "label": [[0, 5, "company"]]}
    )
    with pytest.raises(BundleInvalid, match="already exist"):
        import_annotations(filled, source, "doccano")
    plain = filled.document_ids()[1]
    import_annotations(filled, source, "doccano", on_existing=ExistingPolicy.REPLACE)
    annotated = filled.annotated(plain)  # the local document, kept with its id and title
    assert annotated.document.title == "Plain"
    assert [m.text for e in annotated.entities for m in e.mentions] == ["Gamma"]


def test_an_unwritable_target_names_the_problem_and_keeps_the_old_file(
    filled: Store, tmp_path: Path
) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        export_annotations(filled, tmp_path / "missing" / "out.jsonl", "doccano")
    with pytest.raises(KnownError, match="unknown format 'conll'"):
        export_annotations(filled, tmp_path / "out.jsonl", "conll")


def test_the_database_itself_is_never_a_target_or_a_source(filled: Store) -> None:
    database = filled.path
    before = database.stat()  # never opened here: that would drop this process's locks
    with pytest.raises(KnownError, match="this is the database itself"):
        export_annotations(filled, database, "doccano")
    with pytest.raises(KnownError, match="this is the database itself"):
        import_annotations(filled, database.with_name(database.name + "-wal"), "doccano")
    after = database.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)

"""spaCy out: JSONL without spaCy; a DocBin only where spaCy is installed (the optional
``spacy`` extra), with spans that do not align with tokens reported, never dropped unseen."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_app.core.errors import KnownError
from desktop_app.core.interop import export_annotations
from desktop_app.core.interop.spacy_export import spacy_available
from desktop_app.core.store import Store


def test_jsonl_needs_no_spacy_and_its_offsets_are_python_positions(
    filled: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    out = tmp_path / "train.jsonl"
    report = export_annotations(filled, out, "spacy-jsonl")
    assert report.documents == 2
    assert report.lost == ["2 event(s): spaCy span data has no events"]
    first, second = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert first["text"] == corpus.TRICKY_TEXT
    covered = [first["text"][s["start"] : s["end"]] for s in first["spans"]]
    tricky = filled.annotated(filled.document_ids()[0])
    assert sorted(covered) == sorted(m.text for e in tricky.entities for m in e.mentions)
    assert second["meta"]["title"] == "Plain"
    again = tmp_path / "again.jsonl"
    export_annotations(filled, again, "spacy-jsonl")
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.skipif(spacy_available(), reason="spaCy is installed here")
def test_without_spacy_the_docbin_export_says_what_is_missing(
    filled: Store, tmp_path: Path
) -> None:
    out = tmp_path / "train.spacy"
    with pytest.raises(KnownError, match="needs spaCy, which is not installed"):
        export_annotations(filled, out, "spacy")
    assert not out.exists()


def test_the_docbin_holds_every_aligned_span_and_reports_the_rest(
    filled: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    tricky_id = filled.document_ids()[0]
    text = corpus.TRICKY_TEXT
    # "Holdings Lim" ends inside a token: it cannot be a spaCy span.
    start = text.index("Holdings")
    filled.create_entity(tricky_id, "company", [(start, start + 12)], name="cut")
    out = tmp_path / "train.spacy"
    report = export_annotations(filled, out, "spacy")
    misaligned = [line for line in report.lost if "does not align" in line]
    assert len(misaligned) >= 1
    assert any("'Holdings Lim'" in line and "'Holdings Limited'" in line for line in misaligned)
    docs = list(DocBin().from_bytes(out.read_bytes()).get_docs(spacy.blank("xx").vocab))
    assert [doc.user_data["title"] for doc in docs] == ["Tricky 😀 title", "Plain"]
    tricky = filled.annotated(tricky_id)
    expected = {(m.start, m.end, e.type) for e in tricky.entities for m in e.mentions}
    written = {(s.start_char, s.end_char, s.label_) for s in docs[0].spans["sc"]}
    assert written <= expected
    for span in docs[0].spans["sc"]:
        assert span.text == text[span.start_char : span.end_char]
    assert len(written) + len(misaligned) == len(expected)  # every span written or reported

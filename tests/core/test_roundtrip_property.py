"""Any text, any valid spans: stored, exported and imported elsewhere, every mention still
covers exactly the characters it covered before, at the same offsets."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop_app.core.bundle import export_bundle, import_bundle
from desktop_app.core.models import AnnotatedDocument, Document, Entity, Mention
from desktop_app.core.store import open_store
from desktop_app.core.text import content_hash, normalise_imported_text, snap_span

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

PIECES = [
    "a",
    "Z",
    " ",
    "公",
    "司",
    "😀",
    "𠀋",
    "\r\n",
    "\r",
    "\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\t",
    "e\u0301",
    "\u0301",
    "👨\u200d👩\u200d👧",
    "🇭🇰",
    "🇨🇳",
    "👍🏽",
    "\ufeff",
    "\x00",
]

any_text = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join),
    st.text(min_size=1, max_size=40),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=20).map("".join),
)


def _valid_spans(text: str, raw_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = []
    for first, second in raw_spans:
        start, end = snap_span(text, min(first, second), max(first, second))
        if start < end and text[start:end].strip():
            spans.append((start, end))
    return spans


def _spans_strategy(length: int):
    offsets = st.integers(0, length)
    return st.lists(st.tuples(offsets, offsets), min_size=1, max_size=6)


def _mentions(store, document_id):
    return [(m.start, m.end, m.text) for e in store.entities(document_id) for m in e.mentions]


@PROPERTY
@given(any_text, st.data())
def test_imported_text_with_any_spans_survives_export_and_import(schema, text, data):
    text = normalise_imported_text(text)
    assume(text.strip())
    spans = _valid_spans(text, data.draw(_spans_strategy(len(text)), label="spans"))
    assume(spans)
    with tempfile.TemporaryDirectory() as folder:
        source = open_store(Path(folder) / "source.db", schema, actor="alice")
        target = open_store(Path(folder) / "target.db", schema, actor="bob")
        try:
            document_id, _ = source.add_document(text=text, title="property")
            for span in spans:
                source.create_entity(document_id, "company", [span])
            bundle = Path(folder) / "bundle.json"
            export_bundle(source, bundle)
            import_bundle(target, bundle)
            assert target.text_of(document_id) == text
            mentions = _mentions(target, document_id)
            assert mentions == _mentions(source, document_id)
            assert [(start, end) for start, end, _ in mentions] == spans
            for start, end, covered in mentions:
                assert covered == text[start:end]
        finally:
            source.close()
            target.close()


@PROPERTY
@given(any_text, st.data())
def test_text_that_was_never_normalised_round_trips_through_two_stores(schema, text, data):
    """Bundles from elsewhere may carry \\r\\n, lone \\r, U+2028 or controls: kept verbatim."""
    assume(text.strip())
    spans = _valid_spans(text, data.draw(_spans_strategy(len(text)), label="spans"))
    assume(spans)
    document = AnnotatedDocument(
        document=Document(id="raw", title="raw", content_hash=content_hash(text), text=text),
        entities=[
            Entity(
                id=f"entity-{number}",
                type="company",
                name=text[start:end],
                mentions=[Mention(id=f"m-{number}", start=start, end=end, text=text[start:end])],
            )
            for number, (start, end) in enumerate(spans)
        ],
    )
    with tempfile.TemporaryDirectory() as folder:
        first = open_store(Path(folder) / "first.db", schema, actor="alice")
        second = open_store(Path(folder) / "second.db", schema, actor="bob")
        try:
            empty = Path(folder) / "empty.json"
            export_bundle(first, empty)
            bundle = json.loads(empty.read_text(encoding="utf-8"))
            bundle["documents"] = [document.model_dump(mode="json")]
            crafted = Path(folder) / "crafted.json"
            crafted.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")

            import_bundle(first, crafted)
            passed_on = Path(folder) / "passed-on.json"
            export_bundle(first, passed_on)
            import_bundle(second, passed_on)

            assert second.text_of("raw") == text
            mentions = _mentions(second, "raw")
            assert [(start, end) for start, end, _ in mentions] == spans
            for start, end, covered in mentions:
                assert covered == text[start:end]
            assert second.annotated("raw") == first.annotated("raw")
        finally:
            first.close()
            second.close()

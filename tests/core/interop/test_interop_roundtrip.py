"""Round trips on generated texts: astral characters, combining marks, CJK, ``\\r\\n``,
U+2028 and tabs in any order, spans at any character boundary, mentions grouped at random,
attributes of every kind (text with tabs, line breaks and quotes; integers and floats;
booleans), an event with or without a trigger whose arguments may name a later mention. For
every format that reads back: export → import → export is identical, every span covers the
same characters as before, and (but for doccano) everything kept is as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kept import content

from desktop_app.core.interop import export_annotations, import_annotations
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import open_store

PIECES = ["a", "Ltd", " ", "😀", "𥚃", "e\u0301", "中文", "\r\n", "\u2028", "\n", "\t", "🇭🇰", "。"]
FORMATS = ["brat", "xmi", "label-studio", "doccano"]


@st.composite
def annotated_texts(draw: st.DrawFn) -> tuple[str, list[tuple[str, list[tuple[int, int]]]]]:
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30))
    bounds = [0]
    for piece in pieces:
        bounds.append(bounds[-1] + len(piece))
    text = "".join(pieces)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        first = draw(st.integers(0, len(pieces) - 1))
        last = draw(st.integers(first + 1, len(pieces)))
        if text[bounds[first] : bounds[last]].strip():
            spans.append((bounds[first], bounds[last]))
    entities = []
    while spans:
        size = draw(st.integers(1, min(2, len(spans))))
        kind = draw(st.sampled_from(["company", "person", "money"]))
        entities.append((kind, spans[:size]))
        spans = spans[size:]
    trigger = None
    if draw(st.booleans()):
        first = draw(st.integers(0, len(pieces) - 1))
        if text[bounds[first] : bounds[first + 1]].strip():
            trigger = (bounds[first], bounds[first + 1])
    mention_choice = draw(st.integers(0, 1))
    attributes = [draw(_attributes(kind)) for kind, _ in entities]
    return text, entities, trigger, mention_choice, attributes


def _attributes(kind: str) -> st.SearchStrategy[dict[str, object]]:
    awkward = st.text(alphabet='aé中😀𥚃 \t\n\r\u2028"\\=#|,', min_size=1, max_size=8)
    if kind == "company":
        return st.fixed_dictionaries({}, optional={"alt_name": awkward})
    if kind == "person":
        return st.fixed_dictionaries(
            {}, optional={"position": st.sampled_from(["director", "officer"])}
        )
    number = st.one_of(
        st.integers(-(10**12), 10**12),
        st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
    )
    return st.fixed_dictionaries(
        {},
        optional={"millions": number, "approximate": st.booleans(), "value": st.just("HKD 1.50")},
    )


Case = tuple[
    str,
    list[tuple[str, list[tuple[int, int]]]],
    tuple[int, int] | None,
    int,
    list[dict[str, object]],
]


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=annotated_texts())
def test_every_format_round_trips_generated_texts(case: Case, schema: AnnotationSchema) -> None:
    text, entities, trigger, mention_choice, attributes = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = open_store(root / "a.db", schema, "alice")
        try:
            document_id, _ = source.add_document(text=text, title="generated")
            created = [
                source.create_entity(document_id, kind, spans, attributes=values)  # type: ignore[arg-type]
                for (kind, spans), values in zip(entities, attributes, strict=True)
            ]
            # An event over the companies and people: with or without a trigger, an argument
            # naming a mention other than the first where there is one.
            buyers = [e for e in created if e.type == "company"]
            advisers = [e for e in created if e.type in ("company", "person")]
            if buyers:
                event = source.create_event(document_id, "acquisition", trigger=trigger)
                source.add_argument(event.id, "buyer", buyers[0].id)
                for adviser in advisers[1:]:
                    mention = adviser.mentions[min(mention_choice, len(adviser.mentions) - 1)]
                    source.add_argument(event.id, "adviser", adviser.id, mention_id=mention.id)
            before = source.annotated(document_id)
            for name in FORMATS:
                first, second = root / f"{name}-1", root / f"{name}-2"
                export_annotations(source, first, name)
                target = open_store(root / f"{name}.db", schema, "bob")
                try:
                    import_annotations(target, first, name)
                    export_annotations(target, second, name)
                    (copy_id,) = target.document_ids()
                    copy = target.annotated(copy_id)
                finally:
                    target.close()
                assert _bytes(second) == _bytes(first), name
                if name != "doccano":  # doccano keeps spans and types only
                    assert content(copy) == content(before), name
                assert copy.document.text == text, name
                spans_before = sorted(s for _, spans in entities for s in spans)
                spans_after = sorted((m.start, m.end) for e in copy.entities for m in e.mentions)
                assert spans_after == spans_before, name
                for entity in copy.entities:
                    for mention in entity.mentions:
                        assert mention.text == text[mention.start : mention.end], name
        finally:
            source.close()


def _bytes(path: Path) -> list[bytes]:
    if path.is_file():
        return [path.read_bytes()]
    return [entry.read_bytes() for entry in sorted(path.iterdir())]

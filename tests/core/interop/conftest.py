"""Fixtures for the interchange tests: a schema with every attribute kind, and a corpus whose
text has what shifts offsets in other tools — emoji and an HKSCS ideograph outside the BMP,
a combining mark, CJK, ``\\r\\n`` and U+2028 — with entities of several mentions, attributes,
an event with a trigger and repeated roles, and one without a trigger.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_app.core.models import AnnotatedDocument
from desktop_app.core.schema import AnnotationSchema, load_schema
from desktop_app.core.store import Store

INTEROP_SCHEMA_TOML = """
[schema]
name = "interop-tests"
version = "1.0"

[[entity_types]]
id = "company"
label = "Company"
colour = "#1f77b4"
  [[entity_types.attributes]]
  name = "alt_name"

[[entity_types]]
id = "person"
label = "Person"
colour = "#ff7f0e"
  [[entity_types.attributes]]
  name = "position"
  kind = "enum"
  values = ["director", "officer", "shareholder"]

[[entity_types]]
id = "money"
label = "Amount"
colour = "#2ca02c"
  [[entity_types.attributes]]
  name = "value"
  kind = "money"
  [[entity_types.attributes]]
  name = "millions"
  kind = "number"
  [[entity_types.attributes]]
  name = "approximate"
  kind = "boolean"

[[event_types]]
id = "acquisition"
label = "Acquisition"
colour = "#9467bd"
  [[event_types.roles]]
  name = "buyer"
  entity_types = ["company"]
  cardinality = "one"
  [[event_types.roles]]
  name = "target"
  entity_types = ["company"]
  [[event_types.roles]]
  name = "consideration"
  entity_types = ["money"]
  cardinality = "one_or_more"
  [[event_types.roles]]
  name = "adviser"
  entity_types = ["company", "person"]
  cardinality = "any"
  [[event_types.attributes]]
  name = "completion"
  kind = "date"

[[event_types]]
id = "appointment"
label = "Appointment"
colour = "#8c564b"
  [[event_types.roles]]
  name = "appointee"
  entity_types = ["person"]
  cardinality = "one"
"""

TRICKY_TEXT = (
    "Alpha 😀 Holdings Limited (the Company) will acquire 𥚃 Beta Ltd\r\n"
    "for HK$1,234.5 million.\u2028Cafe\u0301 Ltd advised; Mr Chan Tai Man (陳大文) is appointed.\n"
    "阿爾法控股有限公司宣佈收購𠀋貝塔有限公司。🇭🇰 Zoë\r\n"
)
PLAIN_TEXT = "Gamma Ltd announces a board meeting.\n"


def span_of(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def annotate_tricky(store: Store, document_id: str) -> None:
    text = store.text_of(document_id)
    alpha = store.create_entity(
        document_id,
        "company",
        [span_of(text, "Alpha 😀 Holdings Limited"), span_of(text, "Company")],
        attributes={"alt_name": "阿爾法控股有限公司"},
    )
    beta = store.create_entity(
        document_id, "company", [span_of(text, "𥚃 Beta Ltd"), span_of(text, "貝塔有限公司")]
    )
    cafe = store.create_entity(document_id, "company", [span_of(text, "Cafe\u0301 Ltd")])
    price = store.create_entity(
        document_id,
        "money",
        [span_of(text, "HK$1,234.5 million")],
        name="HK$1,234.5 million",
        attributes={"value": "HKD 1234500000", "millions": 1234.5, "approximate": False},
    )
    chan = store.create_entity(
        document_id,
        "person",
        [span_of(text, "Chan Tai Man"), span_of(text, "陳大文")],
        attributes={"position": "director"},
        identifier="person:chan-tai-man",
    )
    store.create_entity(document_id, "person", [span_of(text, "🇭🇰 Zoë")], name="Zoë")
    # A span across the \r\n line break.
    store.create_entity(document_id, "company", [span_of(text, "Ltd\r\nfor")], name="odd")
    deal = store.create_event(
        document_id,
        "acquisition",
        trigger=span_of(text, "acquire"),
        attributes={"completion": "2026-12-01"},
    )
    store.add_argument(deal.id, "buyer", alpha.id, mention_id=alpha.mentions[1].id)
    store.add_argument(deal.id, "target", beta.id)
    store.add_argument(deal.id, "consideration", price.id)
    store.add_argument(deal.id, "adviser", cafe.id)
    store.add_argument(deal.id, "adviser", chan.id, mention_id=chan.mentions[1].id)
    appointment = store.create_event(document_id, "appointment")
    store.add_argument(appointment.id, "appointee", chan.id)


def fill(store: Store) -> list[str]:
    """Add the tricky document, annotated, and a plain one: their ids."""
    tricky, _ = store.add_document(text=TRICKY_TEXT, title="Tricky 😀 title")
    annotate_tricky(store, tricky)
    plain, _ = store.add_document(text=PLAIN_TEXT, title="Plain")
    store.create_entity(plain, "company", [span_of(PLAIN_TEXT, "Gamma Ltd")])
    return [tricky, plain]


def covered_texts_hold(annotated: AnnotatedDocument, original: str) -> None:
    """Every span's text equals the original text at its offsets."""
    text = annotated.document.text
    assert text == original
    for entity in annotated.entities:
        for mention in entity.mentions:
            assert mention.text == original[mention.start : mention.end]
    for event in annotated.events:
        if event.trigger is not None:
            trigger = event.trigger
            assert trigger.text == original[trigger.start : trigger.end]


def tree_bytes(path: Path) -> dict[str, bytes]:
    """A file's bytes, or every file of a folder by name."""
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {entry.name: entry.read_bytes() for entry in sorted(path.iterdir())}


@pytest.fixture(scope="session")
def schema_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("interop-schema") / "schema.toml"
    path.write_text(INTEROP_SCHEMA_TOML, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def schema(schema_path: Path) -> AnnotationSchema:
    return load_schema(schema_path)


@pytest.fixture
def filled(store: Store) -> Store:
    fill(store)
    return store


@pytest.fixture
def fresh_store(tmp_path: Path, open_test_store: Callable[..., Store]) -> Store:
    return open_test_store(tmp_path / "second.db", actor="bob")


@pytest.fixture(scope="session")
def corpus() -> SimpleNamespace:
    return SimpleNamespace(
        TRICKY_TEXT=TRICKY_TEXT,
        PLAIN_TEXT=PLAIN_TEXT,
        span_of=span_of,
        fill=fill,
        covered_texts_hold=covered_texts_hold,
        tree_bytes=tree_bytes,
    )

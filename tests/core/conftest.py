"""Shared fixtures for the core tests: a small schema written here, a store on a temp file.

The schema is deliberately independent of the shipped one, so these tests keep their meaning
when the product schema changes. It has:

* ``company`` (hotkey 1), ``person`` with an enum attribute ``position``, ``money``, and
  ``security`` with a required attribute ``code``;
* ``acquisition`` with roles of every cardinality (buyer one, target optional, consideration
  one_or_more, adviser any) and ``appointment`` (appointee one, issuer optional);
* optional document fields: ``announcement_date`` (date) and those the importers fill.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from desktop_app.core.schema import AnnotationSchema, load_schema
from desktop_app.core.store import Store, open_store

TEST_SCHEMA_TOML = """
[schema]
name = "core-tests"
version = "1.0"
title = "Schema used by the core tests"

[[document_fields]]
name = "announcement_date"
kind = "date"

# What the importers read from an announcement's heading.
[[document_fields]]
name = "stock_code"
[[document_fields]]
name = "issuer"
[[document_fields]]
name = "publication_date"
kind = "date"
[[document_fields]]
name = "headline"

[[entity_types]]
id = "company"
label = "Company"
colour = "#1f77b4"
hotkey = "1"

[[entity_types]]
id = "person"
label = "Person"
colour = "#ff7f0e"
hotkey = "2"
  [[entity_types.attributes]]
  name = "position"
  kind = "enum"
  values = ["director", "officer", "shareholder"]

[[entity_types]]
id = "money"
label = "Amount"
colour = "#2ca02c"
hotkey = "3"

[[entity_types]]
id = "security"
label = "Security"
colour = "#d62728"
  [[entity_types.attributes]]
  name = "code"
  required = true

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
  cardinality = "optional"
  [[event_types.roles]]
  name = "consideration"
  entity_types = ["money"]
  cardinality = "one_or_more"
  [[event_types.roles]]
  name = "adviser"
  entity_types = ["company", "person"]
  cardinality = "any"

[[event_types]]
id = "appointment"
label = "Appointment"
colour = "#8c564b"
  [[event_types.roles]]
  name = "appointee"
  entity_types = ["person"]
  cardinality = "one"
  [[event_types.roles]]
  name = "issuer"
  entity_types = ["company"]
  cardinality = "optional"
"""

# A short announcement with English, Chinese and an astral character, used across tests.
SAMPLE_TEXT = (
    "Alpha Holdings Limited (the Company) announces that it will acquire Beta Ltd "
    "for HK$1,234.5 million.\n"
    "Mr Chan Tai Man is appointed as director.\n"
    "阿爾法控股有限公司宣佈收購𠀋貝塔有限公司。\n"
)


def write_schema(directory: Path, text: str = TEST_SCHEMA_TOML, name: str = "schema.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _add_document(
    store: Store, text: str = SAMPLE_TEXT, title: str = "Sample", **fields: Any
) -> str:
    document_id, created = store.add_document(text=text, title=title, **fields)
    assert created, "test set-up: this text was already stored"
    return document_id


def _span_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _annotate_valid(store: Store, document_id: str) -> dict[str, str]:
    text = store.text_of(document_id)
    buyer = store.create_entity(
        document_id,
        "company",
        [_span_of(text, "Alpha Holdings Limited"), _span_of(text, "Company")],
    )
    target = store.create_entity(document_id, "company", [_span_of(text, "Beta Ltd")])
    price = store.create_entity(document_id, "money", [_span_of(text, "HK$1,234.5 million")])
    person = store.create_entity(
        document_id,
        "person",
        [_span_of(text, "Chan Tai Man")],
        attributes={"position": "director"},
    )
    event = store.create_event(document_id, "acquisition", trigger=_span_of(text, "acquire"))
    store.add_argument(event.id, "buyer", buyer.id, mention_id=buyer.mentions[1].id)
    store.add_argument(event.id, "target", target.id)
    store.add_argument(event.id, "consideration", price.id)
    store.add_argument(event.id, "adviser", person.id)
    appointment = store.create_event(
        document_id, "appointment", trigger=_span_of(text, "appointed")
    )
    store.add_argument(appointment.id, "appointee", person.id)
    return {
        "buyer": buyer.id,
        "target": target.id,
        "price": price.id,
        "person": person.id,
        "acquisition": event.id,
        "appointment": appointment.id,
    }


def _sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Test modules here are not a package, so they cannot import from this file reliably: the
# helpers are handed out as one fixture instead.
HELPERS = SimpleNamespace(
    SAMPLE_TEXT=SAMPLE_TEXT,
    TEST_SCHEMA_TOML=TEST_SCHEMA_TOML,
    add_document=_add_document,
    span_of=_span_of,
    annotate_valid=_annotate_valid,
    sha256_of=_sha256_of,
    write_schema=write_schema,
)


@pytest.fixture(scope="session")
def helpers() -> SimpleNamespace:
    """``SAMPLE_TEXT``, ``TEST_SCHEMA_TOML``, ``add_document(store, text=…, title=…) -> id``,
    ``span_of(text, needle, occurrence=1)``, ``annotate_valid(store, document_id) -> ids``
    (buyer with two mentions, its argument naming the second; target; price; person as adviser
    and appointee; acquisition; appointment), ``sha256_of(path)``, ``write_schema(dir, text)``."""
    return HELPERS


@pytest.fixture(scope="session")
def schema_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_schema(tmp_path_factory.mktemp("schema"))


@pytest.fixture(scope="session")
def schema(schema_path: Path) -> AnnotationSchema:
    return load_schema(schema_path)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def open_test_store(
    schema: AnnotationSchema, engine: str, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Store]]:
    """``open_test_store(path, actor="alice")``: a store under the test schema, closed after.

    On the team engine ``path`` names a team database (the same path, the same database, as
    two windows on one file) and ``actor`` is the login (``alice``, ``bob`` or ``carol``)."""
    opened: list[Store] = []
    databases: dict[Path, str] = {}

    def opener(path: Path, actor: str = "alice") -> Store:
        if engine == "sqlite":
            store = open_store(path, schema, actor=actor)
        else:
            if path not in databases:
                databases[path] = request.getfixturevalue("team_copies")()
            store = request.getfixturevalue("member_store")(databases[path], actor, schema)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


@pytest.fixture
def store(store_path: Path, open_test_store: Callable[..., Store]) -> Store:
    return open_test_store(store_path)

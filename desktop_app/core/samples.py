"""Loads the bundled sample corpus into an empty database, so a first run opens on real work.

``resources/samples/samples.toml`` lists each sample text with document fields and
pre-annotations written as quoted text (``"the Company#2"`` is its second occurrence), so no
offset is ever typed by hand.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from desktop_app.core.errors import KnownError
from desktop_app.core.models import DocumentStatus
from desktop_app.core.resources import resource_path
from desktop_app.core.store import Store
from desktop_app.core.text import normalise_imported_text

SEEDED_KEY = "samples_loaded"


def occurrence(text: str, quoted: str) -> tuple[int, int]:
    """Offsets of ``"words"`` (first occurrence) or ``"words#N"`` (N-th) in ``text``."""
    needle, _, number = quoted.rpartition("#") if "#" in quoted else (quoted, "", "1")
    if not number.isdigit():
        needle, number = quoted, "1"
    start = -1
    for _ in range(int(number)):
        start = text.find(needle, start + 1)
        if start < 0:
            raise KnownError(f"sample text has no occurrence #{number} of {needle!r}")
    return start, start + len(needle)


def _load_one(store: Store, folder: Path, spec: dict[str, Any]) -> str:
    raw = (folder / spec["file"]).read_text(encoding="utf-8")
    text = normalise_imported_text(raw)
    metadata = dict(spec.get("metadata", {}))
    document_id, created = store.add_document(
        text=text,
        title=spec.get("title", spec["file"]),
        source_name=spec["file"],
        language=str(metadata.get("language", "")),
        metadata=metadata,
    )
    if not created:
        return document_id
    entity_ids: dict[str, str] = {}
    for entity in spec.get("entities", []):
        created_entity = store.create_entity(
            document_id,
            entity["type"],
            [occurrence(text, mention) for mention in entity["mentions"]],
            name=entity.get("name"),
            attributes=entity.get("attributes"),
            identifier=entity.get("identifier"),
        )
        entity_ids[entity["key"]] = created_entity.id
    for event in spec.get("events", []):
        trigger = occurrence(text, event["trigger"]) if event.get("trigger") else None
        created_event = store.create_event(
            document_id, event["type"], trigger, attributes=event.get("attributes")
        )
        for role, keys in event.get("arguments", {}).items():
            for key in keys:
                store.add_argument(created_event.id, role, entity_ids[key])
    if spec.get("annotated"):
        store.set_status(document_id, DocumentStatus.IN_PROGRESS)
        store.set_status(document_id, DocumentStatus.ANNOTATED)
    return document_id


def load_samples(store: Store, folder: Path | None = None) -> list[str]:
    """Add every sample (once per database) and return their ids."""
    folder = folder or resource_path("samples")
    with (folder / "samples.toml").open("rb") as handle:
        catalogue = tomllib.load(handle)
    ids = [_load_one(store, folder, spec) for spec in catalogue.get("documents", [])]
    store.set_meta(SEEDED_KEY, "1")
    return ids


def seed_if_new(store: Store) -> bool:
    """Load the samples into a database that has never had documents; True when it did."""
    if store.meta(SEEDED_KEY) or store.has_documents():
        return False
    load_samples(store)
    return True

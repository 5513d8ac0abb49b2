"""The bundled sample announcements (resources/samples/) and their pre-annotations.

The loader (``desktop_app.core.samples``) is written separately; these tests check the data
itself, resolving quoted mentions with a small helper of their own.
"""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.resources import default_schema_path, resource_path
from desktop_app.core.schema import AnnotationSchema, AttributeSpec, load_schema
from desktop_app.core.text import is_character_boundary, normalise_imported_text

SAMPLES_DIR = resource_path("samples")
SAMPLES_TOML = SAMPLES_DIR / "samples.toml"
DOCUMENT_KEYS = {"file", "title", "annotated", "metadata", "entities", "events"}
ENTITY_KEYS = {"key", "type", "name", "mentions", "identifier", "attributes"}
EVENT_KEYS = {"type", "trigger", "arguments", "attributes"}
DISCLAIMER_EN = "take no responsibility for the contents of this announcement"
DISCLAIMER_ZH = "對本公告的內容概不負責"


def resolve_occurrence(text: str, spec: str) -> tuple[int, int]:
    """Code-point span ``[start, end)`` of ``spec`` in ``text``.

    ``"words"`` is the first occurrence, ``"words#N"`` the Nth (1-based; occurrences may
    overlap). Raises LookupError when there is no such occurrence.
    """
    needle, occurrence = spec, 1
    head, sep, tail = spec.rpartition("#")
    if sep and head and tail.isdigit():
        needle, occurrence = head, int(tail)
    if not needle or occurrence < 1:
        raise LookupError(f"bad occurrence spec {spec!r}")
    start = -1
    for _ in range(occurrence):
        start = text.find(needle, start + 1)
        if start < 0:
            raise LookupError(f"{spec!r}: occurrence {occurrence} of {needle!r} not found")
    return start, start + len(needle)


def test_resolve_occurrence_helper() -> None:
    text = "the Company and the Company#2 and 𨭆 the Company"
    assert resolve_occurrence(text, "the Company") == (0, 11)
    assert resolve_occurrence(text, "the Company#2") == (16, 27)
    # Code points: the astral character counts once (UTF-16 would say 37, 48).
    assert resolve_occurrence(text, "the Company#3") == (36, 47)
    assert resolve_occurrence(text, "Company#2") == (20, 27)
    with pytest.raises(LookupError):
        resolve_occurrence(text, "the Company#4")
    with pytest.raises(LookupError):
        resolve_occurrence(text, "absent")


# ── loading ─────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def schema() -> AnnotationSchema:
    return load_schema(default_schema_path())


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    with SAMPLES_TOML.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def documents(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    docs = manifest["documents"]
    assert isinstance(docs, list) and docs
    return docs


def _text(document: dict[str, Any]) -> str:
    name: str = document["file"]
    return (SAMPLES_DIR / name).read_bytes().decode("utf-8")


def _spec(attributes: tuple[AttributeSpec, ...], name: str) -> AttributeSpec | None:
    return next((spec for spec in attributes if spec.name == name), None)


def _attribute_problems(
    where: str, specs: tuple[AttributeSpec, ...], values: dict[str, Any]
) -> list[str]:
    problems = []
    for name, value in values.items():
        spec = _spec(specs, name)
        if spec is None:
            problems.append(f"{where}: unknown attribute {name!r}")
        elif (problem := spec.problem_with(value)) is not None:
            problems.append(f"{where}: {problem}")
    for spec in specs:
        if spec.required and spec.name not in values:
            problems.append(f"{where}: required attribute {spec.name!r} missing")
    return problems


# ── the files ───────────────────────────────────────────────────────────────────────────────


def test_manifest_lists_every_sample_file_once(documents: list[dict[str, Any]]) -> None:
    listed = [document["file"] for document in documents]
    assert len(listed) == len(set(listed))
    on_disk = sorted(path.name for path in SAMPLES_DIR.glob("*.txt"))
    assert sorted(listed) == on_disk
    assert 9 <= len(listed) <= 14


def test_documents_have_only_known_keys(documents: list[dict[str, Any]]) -> None:
    for document in documents:
        assert set(document) <= DOCUMENT_KEYS, document["file"]
        assert document["title"].strip(), document["file"]
        assert isinstance(document["annotated"], bool), document["file"]
        for entity in document.get("entities", []):
            assert set(entity) <= ENTITY_KEYS, (document["file"], entity.get("key"))
        for event in document.get("events", []):
            assert set(event) <= EVENT_KEYS, (document["file"], event.get("type"))


def test_sample_files_exist_and_are_clean_utf8(documents: list[dict[str, Any]]) -> None:
    for document in documents:
        path = SAMPLES_DIR / document["file"]
        assert path.is_file(), path
        raw = path.read_bytes()
        text = raw.decode("utf-8")  # strict: raises on invalid UTF-8
        assert not text.startswith("\ufeff"), f"{path.name} has a BOM"
        # Already in the normalised form the importer stores, so offsets need no adjustment.
        assert normalise_imported_text(text) == text, f"{path.name} is not normalised"
        assert 1500 <= len(raw) <= 4096, f"{path.name} is {len(raw)} bytes"


def test_samples_look_like_hkex_announcements(documents: list[dict[str, Any]]) -> None:
    for document in documents:
        text = _text(document)
        name = document["file"]
        assert DISCLAIMER_EN in text or DISCLAIMER_ZH in text, name
        assert "By order of the Board" in text or "承董事會命" in text, name
        code = document["metadata"]["stock_code"]
        assert f"Stock Code: {code})" in text or f"股份代號：{code}）" in text, name
        assert "the Company" in text or "本公司" in text, name


def test_language_mix(documents: list[dict[str, Any]]) -> None:
    languages = [document["metadata"]["language"] for document in documents]
    assert languages.count("mixed") == 1
    assert languages.count("en") >= 4
    assert languages.count("zh-Hant") >= 4


def test_headline_categories_cover_the_required_kinds(documents: list[dict[str, Any]]) -> None:
    categories = {document["metadata"]["headline_category"] for document in documents}
    assert {
        "share_buyback",
        "change_in_directors",
        "profit_warning",
        "discloseable_transaction",
        "continuing_connected_transaction",
        "placing",
        "final_results",
        "business_update",
        "inside_information",
        "capital_reorganisation",
        "agm_results",
    } <= categories


def test_one_sample_has_a_character_outside_the_bmp_before_annotations(
    documents: list[dict[str, Any]],
) -> None:
    """Exercises code-point versus UTF-16 offsets: annotated mentions follow an astral char."""
    found = False
    for document in documents:
        text = _text(document)
        astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
        if not astral or not document["annotated"]:
            continue
        for entity in document["entities"]:
            for spec in entity["mentions"]:
                start, end = resolve_occurrence(text, spec)
                utf16_start = len(text[:start].encode("utf-16-le")) // 2
                if start > astral[0] and utf16_start != start:
                    found = True
                if any(start <= index < end for index in astral):
                    found = True
    assert found


# ── the annotations ─────────────────────────────────────────────────────────────────────────


def test_metadata_fields_exist_and_are_valid(
    schema: AnnotationSchema, documents: list[dict[str, Any]]
) -> None:
    problems: list[str] = []
    for document in documents:
        problems += _attribute_problems(
            f"{document['file']} metadata", schema.document_fields, document["metadata"]
        )
    assert not problems, "\n".join(problems)


def test_annotated_flag_matches_content(documents: list[dict[str, Any]]) -> None:
    annotated = [document for document in documents if document["annotated"]]
    assert 0.35 <= len(annotated) / len(documents) <= 0.65
    for document in documents:
        entities = document.get("entities", [])
        events = document.get("events", [])
        if document["annotated"]:
            assert 4 <= len(entities) <= 10, document["file"]
            assert 1 <= len(events) <= 2, document["file"]
            assert any(len(entity["mentions"]) >= 2 for entity in entities), document["file"]
        else:
            assert not entities and not events, document["file"]


def test_entities_are_valid(schema: AnnotationSchema, documents: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    for document in documents:
        text = _text(document)
        keys: set[str] = set()
        for entity in document.get("entities", []):
            where = f"{document['file']} entity {entity['key']!r}"
            if entity["key"] in keys:
                problems.append(f"{where}: duplicate key")
            keys.add(entity["key"])
            entity_type = schema.entity_type(entity["type"])
            if entity_type is None:
                problems.append(f"{where}: unknown type {entity['type']!r}")
                continue
            if not entity["name"].strip():
                problems.append(f"{where}: empty name")
            if not entity["mentions"]:
                problems.append(f"{where}: no mentions")
            spans: list[tuple[int, int]] = []
            for spec in entity["mentions"]:
                try:
                    start, end = resolve_occurrence(text, spec)
                except LookupError as error:
                    problems.append(f"{where}: {error}")
                    continue
                if not (is_character_boundary(text, start) and is_character_boundary(text, end)):
                    problems.append(f"{where}: {spec!r} splits a character")
                if text[start:end] != text[start:end].strip():
                    problems.append(f"{where}: {spec!r} has surrounding white space")
                spans.append((start, end))
            spans.sort()
            for (_, first_end), (second_start, _) in itertools.pairwise(spans):
                if second_start < first_end:
                    problems.append(f"{where}: mentions overlap or repeat")
            problems += _attribute_problems(
                where, entity_type.attributes, entity.get("attributes", {})
            )
    assert not problems, "\n".join(problems)


def test_events_are_valid(schema: AnnotationSchema, documents: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    for document in documents:
        text = _text(document)
        entity_types = {entity["key"]: entity["type"] for entity in document.get("entities", [])}
        for number, event in enumerate(document.get("events", []), start=1):
            where = f"{document['file']} event {number} ({event['type']})"
            event_type = schema.event_type(event["type"])
            if event_type is None:
                problems.append(f"{where}: unknown event type")
                continue
            if "trigger" in event:
                try:
                    resolve_occurrence(text, event["trigger"])
                except LookupError as error:
                    problems.append(f"{where}: trigger {error}")
            arguments: dict[str, list[str]] = event.get("arguments", {})
            for role_name, keys in arguments.items():
                role = event_type.role(role_name)
                if role is None:
                    problems.append(f"{where}: unknown role {role_name!r}")
                    continue
                if not isinstance(keys, list) or not keys:
                    problems.append(f"{where}: role {role_name} needs a non-empty list of keys")
                    continue
                if len(keys) != len(set(keys)):
                    problems.append(f"{where}: role {role_name} repeats an entity")
                if len(keys) > 1 and not role.cardinality.multiple:
                    problems.append(f"{where}: role {role_name} takes at most one entity")
                for key in keys:
                    if key not in entity_types:
                        problems.append(f"{where}: {role_name} refers to unknown key {key!r}")
                    elif entity_types[key] not in role.entity_types:
                        problems.append(
                            f"{where}: {role_name} does not accept {entity_types[key]} ({key})"
                        )
            for role in event_type.roles:
                if role.cardinality.required and role.name not in arguments:
                    problems.append(f"{where}: required role {role.name} is not filled")
            problems += _attribute_problems(
                where, event_type.attributes, event.get("attributes", {})
            )
    assert not problems, "\n".join(problems)


def test_file_names_are_plain_names(documents: list[dict[str, Any]]) -> None:
    for document in documents:
        assert Path(document["file"]).name == document["file"]

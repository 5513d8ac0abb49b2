"""Mapping foreign type, role and attribute names to the schema's, from a TOML or JSON file.

A mapping file has up to four tables, each from a foreign name to one of ours::

    [entity_types]
    ORG = "COMPANY"
    [event_types]
    Acquisition = "acquisition"
    [roles]                       # "Event.role" (foreign names) or just "role"
    "Acquisition.Arg1" = "buyer"
    [attributes]                  # "Type.name" (foreign names) or just "name"
    Role = "role"

A foreign name that is already one of the schema's maps to itself. Whatever cannot be mapped
refuses the whole import, listing every unmapped name, so nothing lands half-translated.
Attribute values are read as the schema types them: ``"true"``/``"false"`` for a boolean,
``"12"`` or ``"12.5"`` for a number (an integer or a float, as written).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from pydantic import Field, ValidationError

from desktop_app.core.errors import BundleInvalid
from desktop_app.core.models import (
    AnnotatedDocument,
    Attributes,
    AttributeValue,
    Entity,
    Event,
    Plain,
)
from desktop_app.core.schema import AnnotationSchema, AttributeKind, AttributeSpec


class TypeMapping(Plain):
    entity_types: dict[str, str] = Field(default_factory=dict)
    event_types: dict[str, str] = Field(default_factory=dict)
    roles: dict[str, str] = Field(default_factory=dict)
    attributes: dict[str, str] = Field(default_factory=dict)


def load_mapping(path: Path) -> TypeMapping:
    """Read a mapping file (``.json``, else TOML); ``BundleInvalid`` naming the problem."""
    try:
        raw = path.read_bytes().decode("utf-8")
        data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw)
        return TypeMapping.model_validate(data, strict=True)
    except OSError as error:
        raise BundleInvalid(
            f"{path}: cannot read the mapping file ({error.strerror})", []
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise BundleInvalid(f"{path}: not a readable mapping file ({error})", []) from None
    except ValidationError as error:
        lines = [
            f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors()
        ]
        raise BundleInvalid(f"{path}: not a mapping file", lines) from None


def _coerce(spec: AttributeSpec | None, value: AttributeValue) -> AttributeValue:
    if spec is None:
        return value
    if spec.kind is AttributeKind.BOOLEAN and value in ("true", "false"):
        return value == "true"
    if spec.kind is AttributeKind.NUMBER and isinstance(value, str):
        # As written: "12" is the integer 12, "12.0" the float, so a re-export repeats it.
        for number_type in (int, float):
            try:
                return number_type(value)
            except ValueError:
                continue
    return value


class _Mapper:
    def __init__(self, mapping: TypeMapping, schema: AnnotationSchema) -> None:
        self.mapping = mapping
        self.schema = schema
        self.unmapped: set[str] = set()

    def _target(self, table: dict[str, str], known: set[str], keys: list[str], what: str) -> str:
        for key in keys:
            if key in table:
                if table[key] in known:
                    return table[key]
                self.unmapped.add(f"{what} {keys[0]}: mapped to {table[key]!r}, not in the schema")
                return table[key]
        if keys[-1] in known:
            return keys[-1]
        self.unmapped.add(f"{what} {keys[0]}")
        return keys[-1]

    def _attributes(
        self, foreign_type: str, attributes: Attributes, specs: tuple[AttributeSpec, ...]
    ) -> Attributes:
        by_name = {spec.name: spec for spec in specs}
        mapped: Attributes = {}
        for name, value in attributes.items():
            ours = self._target(
                self.mapping.attributes, set(by_name), [f"{foreign_type}.{name}", name], "attribute"
            )
            mapped[ours] = _coerce(by_name.get(ours), value)
        return mapped

    def entity(self, entity: Entity) -> Entity:
        known = {item.id for item in self.schema.entity_types}
        ours = self._target(self.mapping.entity_types, known, [entity.type], "entity type")
        entity_type = self.schema.entity_type(ours)
        specs = entity_type.attributes if entity_type else ()
        attributes = self._attributes(entity.type, entity.attributes, specs)
        return entity.model_copy(update={"type": ours, "attributes": attributes})

    def event(self, event: Event) -> Event:
        known = {item.id for item in self.schema.event_types}
        ours = self._target(self.mapping.event_types, known, [event.type], "event type")
        event_type = self.schema.event_type(ours)
        roles = {role.name for role in event_type.roles} if event_type else set()
        arguments = [
            argument.model_copy(
                update={
                    "role": self._target(
                        self.mapping.roles,
                        roles,
                        [f"{event.type}.{argument.role}", argument.role],
                        "role",
                    )
                }
            )
            for argument in event.arguments
        ]
        specs = event_type.attributes if event_type else ()
        attributes = self._attributes(event.type, event.attributes, specs)
        return event.model_copy(
            update={"type": ours, "arguments": arguments, "attributes": attributes}
        )


def map_documents(
    documents: list[AnnotatedDocument],
    mapping: TypeMapping,
    schema: AnnotationSchema,
    where: str,
) -> list[AnnotatedDocument]:
    """The documents with the schema's names; ``BundleInvalid`` listing every foreign name
    that has no counterpart (then nothing is mapped)."""
    mapper = _Mapper(mapping, schema)
    mapped = [
        document.model_copy(
            update={
                "entities": [mapper.entity(entity) for entity in document.entities],
                "events": [mapper.event(event) for event in document.events],
            }
        )
        for document in documents
    ]
    if mapper.unmapped:
        lines = sorted(mapper.unmapped)
        raise BundleInvalid(
            f"{where}: nothing imported, {len(lines)} foreign name(s) have no counterpart in "
            f"the schema {schema.name}; map them in a mapping file",
            lines,
        )
    return mapped

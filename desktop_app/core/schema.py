"""The annotation schema: entity types, event types with typed roles, and typed attributes.

Schemas are TOML data files (the default lives in ``resources/schemas/``). Loading checks the
file thoroughly and names the file, the key and the problem; a loaded schema carries its name,
version and a content hash that is recorded with the data annotated under it.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from desktop_app.core.errors import SchemaError
from desktop_app.core.models import AttributeValue

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONEY = re.compile(r"^(?P<currency>[A-Z]{3}) (?P<amount>-?\d+(\.\d+)?)$")


class Cardinality(StrEnum):
    ONE = "one"
    OPTIONAL = "optional"
    ONE_OR_MORE = "one_or_more"
    ANY = "any"

    @property
    def required(self) -> bool:
        return self in (Cardinality.ONE, Cardinality.ONE_OR_MORE)

    @property
    def multiple(self) -> bool:
        return self in (Cardinality.ONE_OR_MORE, Cardinality.ANY)

    @property
    def symbol(self) -> str:
        return {"one": "1", "optional": "0..1", "one_or_more": "1..n", "any": "0..n"}[self.value]


class AttributeKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    ENUM = "enum"
    BOOLEAN = "boolean"


class _SchemaPart(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AttributeSpec(_SchemaPart):
    """A typed field. Values: text str; number int/float; money ``"HKD 1234.50"``; date ISO
    ``YYYY-MM-DD``; enum one of ``values``; boolean bool."""

    name: str = Field(pattern=_IDENTIFIER.pattern)
    label: str = ""
    kind: AttributeKind = AttributeKind.TEXT
    required: bool = False
    values: tuple[str, ...] = ()
    description: str = ""

    @model_validator(mode="after")
    def _enum_needs_values(self) -> AttributeSpec:
        _no_duplicates(f"value of {self.name}", list(self.values))
        if self.kind is AttributeKind.ENUM and not self.values:
            raise ValueError(f"enum attribute {self.name!r} needs a non-empty 'values' list")
        if self.kind is not AttributeKind.ENUM and self.values:
            raise ValueError(f"attribute {self.name!r} has 'values' but is not an enum")
        return self

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()

    def problem_with(self, value: AttributeValue) -> str | None:
        """Why ``value`` is not acceptable for this attribute, or None when it is."""
        if value is None or value == "":
            return f"required attribute '{self.name}' is empty" if self.required else None
        kind = self.kind
        if kind is AttributeKind.BOOLEAN:
            return None if isinstance(value, bool) else f"'{self.name}' must be true or false"
        if kind is AttributeKind.NUMBER:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            ok = ok and math.isfinite(value)  # type: ignore[arg-type]
            return None if ok else f"'{self.name}' must be a finite number, not {value!r}"
        if not isinstance(value, str):
            return f"'{self.name}' must be text, not {value!r}"
        if kind is AttributeKind.ENUM and value not in self.values:
            return f"'{self.name}' must be one of {', '.join(self.values)}, not {value!r}"
        if kind is AttributeKind.DATE:
            try:
                valid = bool(_ISO_DATE.match(value)) and bool(date.fromisoformat(value))
            except ValueError:
                valid = False
            if not valid:
                return f"'{self.name}' must be a date as YYYY-MM-DD, not {value!r}"
        if kind is AttributeKind.MONEY and _MONEY.match(value) is None:
            return f"'{self.name}' must be money as 'HKD 1234.50', not {value!r}"
        return None


class EntityType(_SchemaPart):
    id: str = Field(pattern=_IDENTIFIER.pattern)
    label: str
    colour: str = Field(pattern=_HEX_COLOUR.pattern)
    hotkey: str = Field(default="", pattern=r"^[1-9]?$", description="a digit 1-9, or empty")
    description: str = ""
    attributes: tuple[AttributeSpec, ...] = ()

    @model_validator(mode="after")
    def _unique_attributes(self) -> EntityType:
        _no_duplicates(f"attribute of {self.id}", [a.name for a in self.attributes])
        return self


class Role(_SchemaPart):
    name: str = Field(pattern=_IDENTIFIER.pattern)
    label: str = ""
    entity_types: tuple[str, ...] = Field(min_length=1)
    cardinality: Cardinality = Cardinality.OPTIONAL
    description: str = ""

    @property
    def title(self) -> str:
        return self.label or self.name


class EventType(_SchemaPart):
    id: str = Field(pattern=_IDENTIFIER.pattern)
    label: str
    colour: str = Field(pattern=_HEX_COLOUR.pattern)
    description: str = ""
    roles: tuple[Role, ...] = ()
    attributes: tuple[AttributeSpec, ...] = ()

    @model_validator(mode="after")
    def _unique_names(self) -> EventType:
        _no_duplicates(
            f"role or attribute name of {self.id}",
            [r.name for r in self.roles] + [a.name for a in self.attributes],
        )
        return self

    def role(self, name: str) -> Role | None:
        return next((role for role in self.roles if role.name == name), None)


class SchemaInfo(_SchemaPart):
    name: str
    version: str
    title: str = ""
    description: str = ""


class AnnotationSchema(_SchemaPart):
    schema_info: SchemaInfo = Field(alias="schema")
    entity_types: tuple[EntityType, ...] = Field(min_length=1)
    event_types: tuple[EventType, ...] = ()
    document_fields: tuple[AttributeSpec, ...] = ()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> AnnotationSchema:
        entity_ids = [entity.id for entity in self.entity_types]
        _no_duplicates("entity type", entity_ids)
        _no_duplicates("event type", [event.id for event in self.event_types])
        _no_duplicates("document field", [field.name for field in self.document_fields])
        owners: dict[str, str] = {}
        for entity in self.entity_types:
            if entity.hotkey and entity.hotkey in owners:
                first = owners[entity.hotkey]
                raise ValueError(f"hotkey {entity.hotkey} is given to both {first} and {entity.id}")
            owners[entity.hotkey] = entity.id
        known = set(entity_ids)
        for event in self.event_types:
            _no_duplicates(f"role of {event.id}", [role.name for role in event.roles])
            for role in event.roles:
                unknown = [name for name in role.entity_types if name not in known]
                if unknown:
                    raise ValueError(
                        f"event type {event.id}, role {role.name}: unknown entity type(s) "
                        + ", ".join(unknown)
                    )
        return self

    @property
    def name(self) -> str:
        return self.schema_info.name

    @property
    def version(self) -> str:
        return self.schema_info.version

    @property
    def content_hash(self) -> str:
        canonical = self.model_dump_json(by_alias=True)
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

    def entity_type(self, type_id: str) -> EntityType | None:
        return next((item for item in self.entity_types if item.id == type_id), None)

    def event_type(self, type_id: str) -> EventType | None:
        return next((item for item in self.event_types if item.id == type_id), None)

    def entity_type_for_hotkey(self, hotkey: str) -> EntityType | None:
        return next((item for item in self.entity_types if item.hotkey == hotkey), None)


def _no_duplicates(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"duplicate {what} {name!r}")
        seen.add(name)


def _location(loc: tuple[int | str, ...], data: Any) -> str:
    """``entity_types[COMPANY].colour`` rather than ``entity_types.0.colour``."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            entry = node[item] if isinstance(node, list) and item < len(node) else None
            name = entry.get("id") or entry.get("name") if isinstance(entry, dict) else None
            parts.append(f"[{name}]" if isinstance(name, str) else f"[{item}]")
            node = entry
        else:
            parts.append(("." if parts else "") + item)
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


def schema_from_data(data: dict[str, Any], source: str) -> AnnotationSchema:
    """Build and check a schema from parsed data; ``source`` names it in error messages."""
    try:
        return AnnotationSchema.model_validate(data)
    except ValidationError as error:
        lines = [
            f"{_location(tuple(problem['loc']), data)}: {problem['msg']}"
            for problem in error.errors()
        ]
        raise SchemaError(f"{source}: invalid schema\n  " + "\n  ".join(lines)) from None


def load_schema(path: Path) -> AnnotationSchema:
    """Read a TOML schema file, naming the file, line or key and problem on any error."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchemaError(f"{path}: cannot read schema file ({error.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SchemaError(f"{path}: schema file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise SchemaError(f"{path}: not valid TOML: {error}") from None
    return schema_from_data(data, str(path))

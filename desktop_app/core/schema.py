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
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from desktop_app.core import parsed_toml
from desktop_app.core.errors import SchemaError
from desktop_app.core.models import AttributeValue, DocumentStatus
from desktop_app.core.schema_suggestions import PatternSpec

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
        """Why ``value`` is not acceptable for this attribute, or None when it is; the
        attribute is named by its label, as the reviewer sees it in the form."""
        name = f"“{self.title}”"
        if value is None or value == "":
            return f"required field {name} is empty" if self.required else None
        kind = self.kind
        if kind is AttributeKind.BOOLEAN:
            return None if isinstance(value, bool) else f"{name} must be yes or no"
        if kind is AttributeKind.NUMBER:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            ok = ok and math.isfinite(value)  # type: ignore[arg-type]
            return None if ok else f"{name} must be a finite number, not {value!r}"
        if not isinstance(value, str):
            return f"{name} must be text, not {value!r}"
        if kind is AttributeKind.ENUM and value not in self.values:
            return f"{name} must be one of {', '.join(self.values)}, not {value!r}"
        if kind is AttributeKind.DATE and not is_iso_date(value):
            return f"{name} must be a date as YYYY-MM-DD, not {value!r}"
        if kind is AttributeKind.MONEY and _MONEY.match(value) is None:
            return f"{name} must be money as 'HKD 1234.50', not {value!r}"
        return None


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is a real calendar date written ``YYYY-MM-DD``."""
    try:
        return bool(_ISO_DATE.match(text)) and bool(date.fromisoformat(text))
    except ValueError:
        return False


class EntityType(_SchemaPart):
    id: str = Field(pattern=_IDENTIFIER.pattern)
    label: str
    colour: str = Field(pattern=_HEX_COLOUR.pattern)
    hotkey: str = Field(default="", pattern=r"^[1-9]?$", description="a digit 1-9, or empty")
    description: str = ""
    attributes: tuple[AttributeSpec, ...] = ()
    patterns: tuple[PatternSpec, ...] = ()  # how suggestions find this type in text

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
    trigger_words: tuple[str, ...] = ()  # words that suggest this event (English and Chinese)

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


LABEL_LANGUAGES = ("en", "zh-Hant")
"""Languages a schema may declare display labels in (``[labels.en]``, ``[labels."zh-Hant"]``)."""

_GENERIC_LABELS = ("role", "attribute", "value", "status")


class AnnotationSchema(_SchemaPart):
    schema_info: SchemaInfo = Field(alias="schema")
    entity_types: tuple[EntityType, ...] = Field(min_length=1)
    event_types: tuple[EventType, ...] = ()
    document_fields: tuple[AttributeSpec, ...] = ()
    labels: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Display labels per language, keyed by what they name: 'COMPANY', "
        "'ShareRepurchase.Repurchaser', 'COMPANY.role', 'COMPANY.role.issuer', "
        "'document.language.en', 'status.in_progress', or the shared 'role.Company', "
        "'attribute.kind', 'value.other' used wherever no specific label is declared.",
    )

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
        self._check_labels()
        return self

    def _check_labels(self) -> None:
        known = self._label_keys()
        for language, table in self.labels.items():
            if language not in LABEL_LANGUAGES:
                raise ValueError(
                    f"labels.{language}: unknown language (use {', '.join(LABEL_LANGUAGES)})"
                )
            for key, text in table.items():
                generic = key.split(".", 1)[0] in _GENERIC_LABELS and key.count(".") == 1
                if key not in known and not generic:
                    raise ValueError(f"labels.{language}: {key!r} names nothing in the schema")
                if not text.strip():
                    raise ValueError(f"labels.{language}: {key!r} has an empty label")

    def _label_keys(self) -> set[str]:
        keys = {f"status.{status.value}" for status in DocumentStatus}
        owners: list[tuple[str, tuple[AttributeSpec, ...]]] = [("document", self.document_fields)]
        owners += [(entity.id, entity.attributes) for entity in self.entity_types]
        owners += [(event.id, event.attributes) for event in self.event_types]
        for event in self.event_types:
            keys.update(f"{event.id}.{role.name}" for role in event.roles)
        for owner, specs in owners:
            keys.add(owner)
            for spec in specs:
                keys.add(f"{owner}.{spec.name}")
                keys.update(f"{owner}.{spec.name}.{value}" for value in spec.values)
        return keys

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

    @cached_property
    def _entity_types_by_id(self) -> dict[str, EntityType]:
        # Made once per schema: the checks and lists look a type up for every annotation.
        return {item.id: item for item in self.entity_types}

    @cached_property
    def _event_types_by_id(self) -> dict[str, EventType]:
        return {item.id: item for item in self.event_types}

    def entity_type(self, type_id: str) -> EntityType | None:
        return self._entity_types_by_id.get(type_id)

    def event_type(self, type_id: str) -> EventType | None:
        return self._event_types_by_id.get(type_id)

    def entity_type_for_hotkey(self, hotkey: str) -> EntityType | None:
        return next((item for item in self.entity_types if item.hotkey == hotkey), None)

    # --- display labels ------------------------------------------------------------------------
    # Ids and enum values are what is stored; these are what a reviewer reads. A label missing
    # in the asked language falls back to the English one, then to the id in plain words.

    def declared_label(self, language: str, *keys: str) -> str | None:
        """The first label declared for one of ``keys`` in ``language``, or None."""
        table = self.labels.get(language, {})
        return next((table[key] for key in keys if key in table), None)

    def _label(self, language: str, keys: tuple[str, ...], fallback: str) -> str:
        for each in dict.fromkeys((language, "en")):
            found = self.declared_label(each, *keys)
            if found is not None:
                return found
        return fallback

    def label(self, type_id: str, language: str = "en") -> str:
        """The display label of an entity or event type: "Company", 「公司」."""
        kind = self.entity_type(type_id) or self.event_type(type_id)
        return self._label(language, (type_id,), kind.label if kind else type_id)

    def role_label(self, event_type_id: str, role: str, language: str = "en") -> str:
        event = self.event_type(event_type_id)
        spec = event.role(role) if event else None
        keys = (f"{event_type_id}.{role}", f"role.{role}")
        return self._label(language, keys, spec.title if spec else role)

    def attribute_label(self, owner: str, name: str, language: str = "en") -> str:
        """The label of an attribute of a type, or of a document field (owner "document")."""
        spec = self._attribute_spec(owner, name)
        keys = (f"{owner}.{name}", f"attribute.{name}")
        return self._label(language, keys, spec.title if spec else name.replace("_", " "))

    def value_label(self, owner: str, attribute: str, value: str, language: str = "en") -> str:
        """The label of one enum value: "independent non-executive" for
        ``independent_non_executive``, "R&D" for ``r_and_d``."""
        keys = (f"{owner}.{attribute}.{value}", f"value.{value}")
        return self._label(language, keys, value.replace("_", " "))

    def status_label(self, status: str, language: str = "en") -> str:
        return self._label(language, (f"status.{status}",), status.replace("_", " "))

    def _attribute_spec(self, owner: str, name: str) -> AttributeSpec | None:
        if owner == "document":
            specs = self.document_fields
        else:
            kind = self.entity_type(owner) or self.event_type(owner)
            specs = kind.attributes if kind else ()
        return next((spec for spec in specs if spec.name == name), None)


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
        data = parsed_toml.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SchemaError(f"{path}: schema file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise SchemaError(f"{path}: not valid TOML: {error}") from None
    return schema_from_data(data, str(path))

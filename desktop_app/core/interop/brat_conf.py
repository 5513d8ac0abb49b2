"""brat's configuration files generated from the schema: ``annotation.conf`` (entity types,
event types with their typed roles, attributes with their values) and ``visual.conf``
(labels and the schema's colours).

What the export writes as a brat attribute (``A`` line) is decided here too: a boolean, and
an enum value that brat can hold (no spaces, ``|`` or ``,``); every other value is written as
a note (see ``brat``).
"""

from __future__ import annotations

import re

from desktop_app.core.models import AttributeValue
from desktop_app.core.schema import AnnotationSchema, AttributeKind, AttributeSpec, Cardinality

SAME_ENTITY = "Same"
"""The equivalence relation (``*`` lines) that groups the mentions of one entity."""

_CARDINALITY = {
    Cardinality.ONE: "",
    Cardinality.OPTIONAL: "?",
    Cardinality.ONE_OR_MORE: "+",
    Cardinality.ANY: "*",
}
_UNFIT_VALUE = re.compile(r"[\s|,]")


def attribute_value(spec: AttributeSpec | None, value: AttributeValue) -> str | None:
    """The value as brat writes it in an ``A`` line, or None when it must be a note."""
    if spec is None:
        return None
    if spec.kind is AttributeKind.BOOLEAN and isinstance(value, bool):
        return "true" if value else "false"
    if spec.kind is AttributeKind.ENUM and isinstance(value, str):
        return value if value and not _UNFIT_VALUE.search(value) else None
    return None


def _attribute_lines(schema: AnnotationSchema) -> list[str]:
    owners: dict[str, list[str]] = {}
    values: dict[str, list[str]] = {}
    owned = [(e.id, e.attributes) for e in schema.entity_types]
    owned += [(e.id, e.attributes) for e in schema.event_types]
    for owner, specs in owned:
        for spec in specs:
            if spec.kind is AttributeKind.BOOLEAN:
                fitting = ["true", "false"]
            elif spec.kind is AttributeKind.ENUM:
                fitting = [v for v in spec.values if attribute_value(spec, v) is not None]
            else:
                continue
            owners.setdefault(spec.name, []).append(owner)
            known = values.setdefault(spec.name, [])
            known += [value for value in fitting if value not in known]
    return [
        f"{name}\tArg:{'|'.join(owners[name])}, Value:{'|'.join(values[name])}"
        for name in owners
        if values[name]
    ]


def annotation_conf(schema: AnnotationSchema) -> str:
    lines = ["# Generated from the annotation schema " + f"{schema.name} {schema.version}."]
    lines += ["[entities]", *(entity.id for entity in schema.entity_types), ""]
    lines += [
        "[relations]",
        f"{SAME_ENTITY}\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
    ]
    for event in schema.event_types:
        roles = ", ".join(
            f"{role.name}{_CARDINALITY[role.cardinality]}:{'|'.join(role.entity_types)}"
            for role in event.roles
        )
        lines.append(f"{event.id}\t{roles}" if roles else event.id)
    lines += ["", "[attributes]", *_attribute_lines(schema), ""]
    return "\n".join(lines)


def visual_conf(schema: AnnotationSchema) -> str:
    kinds = [(e.id, e.label, e.colour) for e in schema.entity_types]
    kinds += [(e.id, e.label, e.colour) for e in schema.event_types]
    lines = ["[labels]", *(f"{kind} | {label}" for kind, label, _ in kinds), ""]
    lines += ["[drawing]", *(f"{kind}\tbgColor:{colour}" for kind, _, colour in kinds), ""]
    return "\n".join(lines)

"""The Label Studio labeling config generated from the schema, written beside an export so a
project can be set up to show and edit exactly what the tasks hold.

Tag names are the ones the tasks use (see ``label_studio``): ``label`` for mentions,
``event`` for triggers, a relation label per role and ``Same``, and per-region tags for the
attributes, ``entity_name``, ``entity_identifier`` and ``trigger``. An attribute is a
``Choices`` tag when it is an enum or a boolean wherever the schema uses its name (values
united), otherwise a ``TextArea``: one name is one tag in Label Studio.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from desktop_app.core.schema import AnnotationSchema, AttributeKind, AttributeSpec

SPAN_TAG, EVENT_TAG, TEXT_TAG = "label", "event", "text"
SAME_ENTITY = "Same"
TRIGGER_CHOICE, NO_TRIGGER = "trigger", "none"
NAME_TAG, IDENTIFIER_TAG = "entity_name", "entity_identifier"


def _specs(schema: AnnotationSchema) -> list[AttributeSpec]:
    specs = [spec for entity in schema.entity_types for spec in entity.attributes]
    return specs + [spec for event in schema.event_types for spec in event.attributes]


def choice_values(schema: AnnotationSchema) -> dict[str, list[str]]:
    """Attribute names written as choices, with their values; every other name is text."""
    choices: dict[str, list[str]] = {}
    texts: set[str] = set()
    for spec in _specs(schema):
        if spec.kind is AttributeKind.ENUM:
            known = choices.setdefault(spec.name, [])
            known += [value for value in spec.values if value not in known]
        elif spec.kind is AttributeKind.BOOLEAN:
            known = choices.setdefault(spec.name, [])
            known += [value for value in ("true", "false") if value not in known]
        else:
            texts.add(spec.name)
    return {name: values for name, values in choices.items() if name not in texts}


def labeling_config(schema: AnnotationSchema) -> str:
    view = ElementTree.Element("View")
    relations = ElementTree.SubElement(view, "Relations")
    roles = [SAME_ENTITY]
    roles += [r.name for e in schema.event_types for r in e.roles if r.name not in roles]
    for role in dict.fromkeys(roles):
        ElementTree.SubElement(relations, "Relation", value=role)
    for tag, kinds in (
        (SPAN_TAG, [(e.id, e.colour) for e in schema.entity_types]),
        (EVENT_TAG, [(e.id, e.colour) for e in schema.event_types]),
    ):
        labels = ElementTree.SubElement(view, "Labels", name=tag, toName=TEXT_TAG)
        for kind, colour in kinds:
            ElementTree.SubElement(labels, "Label", value=kind, background=colour)
    ElementTree.SubElement(view, "Text", name=TEXT_TAG, value="$text")
    region = ElementTree.SubElement(view, "View", visibleWhen="region-selected")
    choices = choice_values(schema)
    names = [NAME_TAG, IDENTIFIER_TAG, *dict.fromkeys(spec.name for spec in _specs(schema))]
    for name in names:
        if name in choices:
            listed = ElementTree.SubElement(
                region, "Choices", name=name, toName=TEXT_TAG, perRegion="true"
            )
            for value in choices[name]:
                ElementTree.SubElement(listed, "Choice", value=value)
        else:
            ElementTree.SubElement(region, "TextArea", name=name, toName=TEXT_TAG, perRegion="true")
    trigger = ElementTree.SubElement(
        region, "Choices", name=TRIGGER_CHOICE, toName=TEXT_TAG, perRegion="true"
    )
    ElementTree.SubElement(trigger, "Choice", value=NO_TRIGGER)
    ElementTree.indent(view)
    return ElementTree.tostring(view, encoding="unicode") + "\n"

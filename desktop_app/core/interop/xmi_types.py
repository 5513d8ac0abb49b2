"""The UIMA type system generated from the schema, as INCEpTION lays out custom layers.

* each entity type is a span layer ``webanno.custom.<id>`` with the features ``entityKey``
  (the same for every mention of one entity), ``entityName``, ``entityIdentifier`` and one
  feature per attribute (``uima.cas.Double`` for numbers, ``uima.cas.String`` otherwise —
  booleans as ``true``/``false``);
* each event type is a span layer over its trigger with a link feature ``arguments``: an
  array of ``<layer>ArgumentsLink`` whose ``role`` is the role and ``target`` the argument's
  mention — INCEpTION's slot features — plus ``noTrigger`` and its attributes;
* ``DocumentMetaData`` (DKPro Core's) carries the document's id and title.

An attribute whose name is one of the layers' own features is prefixed ``attr_``; an event
type whose id is also an entity type's gets the layer name ``<id>Event``.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.schema import AnnotationSchema, AttributeKind, AttributeSpec

CUSTOM = "webanno.custom."
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
ENTITY_KEY, ENTITY_NAME, ENTITY_IDENTIFIER = "entityKey", "entityName", "entityIdentifier"
ARGUMENTS, NO_TRIGGER, ROLE, TARGET = "arguments", "noTrigger", "role", "target"
LINK_SUFFIX = "ArgumentsLink"
_OWN_FEATURES = {
    "sofa",
    "begin",
    "end",
    ENTITY_KEY,
    ENTITY_NAME,
    ENTITY_IDENTIFIER,
    ARGUMENTS,
    NO_TRIGGER,
}
ATTRIBUTE_PREFIX = "attr_"
STRING, DOUBLE = "uima.cas.String", "uima.cas.Double"


def feature_of(attribute: str) -> str:
    return ATTRIBUTE_PREFIX + attribute if attribute in _OWN_FEATURES else attribute


def attribute_of(feature: str) -> str:
    rest = feature.removeprefix(ATTRIBUTE_PREFIX)
    return rest if feature.startswith(ATTRIBUTE_PREFIX) and rest in _OWN_FEATURES else feature


def entity_layer(type_id: str) -> str:
    return CUSTOM + type_id


def event_layer(schema: AnnotationSchema, type_id: str) -> str:
    clashes = schema.entity_type(type_id) is not None
    return CUSTOM + type_id + ("Event" if clashes else "")


def _range(spec: AttributeSpec) -> str:
    return DOUBLE if spec.kind is AttributeKind.NUMBER else STRING


def type_system(schema: AnnotationSchema) -> Any:
    """A ``cassis.TypeSystem`` for documents annotated under ``schema``."""
    from cassis import TypeSystem  # type: ignore[import-untyped]

    system = TypeSystem()
    metadata = system.create_type(METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for feature in ("documentTitle", "documentId", "documentUri", "collectionId"):
        system.create_feature(metadata, feature, STRING)
    for entity in schema.entity_types:
        layer = system.create_type(entity_layer(entity.id), supertypeName="uima.tcas.Annotation")
        for feature in (ENTITY_KEY, ENTITY_NAME, ENTITY_IDENTIFIER):
            system.create_feature(layer, feature, STRING)
        for spec in entity.attributes:
            system.create_feature(layer, feature_of(spec.name), _range(spec))
    for event in schema.event_types:
        name = event_layer(schema, event.id)
        link = system.create_type(name + LINK_SUFFIX, supertypeName="uima.cas.TOP")
        system.create_feature(link, ROLE, STRING)
        system.create_feature(link, TARGET, "uima.tcas.Annotation")
        layer = system.create_type(name, supertypeName="uima.tcas.Annotation")
        system.create_feature(
            layer,
            ARGUMENTS,
            "uima.cas.FSArray",
            elementType=name + LINK_SUFFIX,
            multipleReferencesAllowed=True,
        )
        system.create_feature(layer, NO_TRIGGER, STRING)
        for spec in event.attributes:
            system.create_feature(layer, feature_of(spec.name), _range(spec))
    return system

"""INCEpTION / UIMA CAS XMI out, through ``dkpro-cassis``: a folder with ``TypeSystem.xml``
(generated from the schema, see ``xmi_types``) and ``<id>.xmi`` per document.

UIMA counts offsets in UTF-16 code units; cassis converts between them and Python's code
points as it writes and reads XMI, so the annotations here are built in code points and the
file holds UTF-16 offsets (the tests check the raw file against ``offsets``). The text is
kept as it is, ``\\r\\n`` included (XML escapes it).

Kept: texts, spans, grouping (``entityKey``), names, identifiers, attributes, events with
their roles, document ids and titles. Lost: review status, comments, history.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop_app.core.interop.base import ExportReport
from desktop_app.core.interop.ordering import (
    anchor,
    labelled_spans,
    ordered_entities,
    ordered_events,
)
from desktop_app.core.interop.output import folder_replaced_when_complete
from desktop_app.core.interop.registry import Format
from desktop_app.core.interop.xmi_types import (
    ARGUMENTS,
    ENTITY_IDENTIFIER,
    ENTITY_KEY,
    ENTITY_NAME,
    LINK_SUFFIX,
    METADATA,
    NO_TRIGGER,
    entity_layer,
    event_layer,
    feature_of,
    type_system,
)
from desktop_app.core.models import AnnotatedDocument, Attributes
from desktop_app.core.schema import AnnotationSchema

TYPE_SYSTEM_FILE = "TypeSystem.xml"
SUFFIXES = (".xmi", ".xml")


def _features(attributes: Attributes) -> dict[str, Any]:
    features: dict[str, Any] = {}
    for name, value in sorted(attributes.items()):
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            features[feature_of(name)] = "true" if value else "false"
        elif isinstance(value, int | float):
            features[feature_of(name)] = float(value)
        else:
            features[feature_of(name)] = value
    return features


def cas_of(annotated: AnnotatedDocument, schema: AnnotationSchema, system: Any) -> tuple[Any, int]:
    """The document as a CAS, and how many events had no span to stand on."""
    from cassis import Cas  # type: ignore[import-untyped]

    document = annotated.document
    cas = Cas(typesystem=system)
    cas.sofa_string = document.text
    metadata = system.get_type(METADATA)
    cas.add(
        metadata(
            begin=0,
            end=len(document.text),
            documentId=document.id,
            documentTitle=document.title,
        )
    )
    keys = {e.id: f"e{rank}" for rank, e in enumerate(ordered_entities(annotated.entities), 1)}
    by_mention: dict[str, Any] = {}
    anchors: dict[str, Any] = {}
    for entity, mention in labelled_spans(annotated):
        layer = system.get_type(entity_layer(entity.type))
        features = {
            ENTITY_KEY: keys[entity.id],
            ENTITY_NAME: entity.name,
            **({ENTITY_IDENTIFIER: entity.identifier} if entity.identifier else {}),
            **_features(entity.attributes),
        }
        annotation = layer(begin=mention.start, end=mention.end, **features)
        cas.add(annotation)
        by_mention[mention.id] = annotation
    for entity in annotated.entities:
        first = anchor(entity)
        if first is not None:
            anchors[entity.id] = by_mention[first.id]
    unwritten = 0
    array = system.get_type("uima.cas.FSArray")
    for event in ordered_events(annotated):
        name = event_layer(schema, event.type)
        link = system.get_type(name + LINK_SUFFIX)
        links = [
            link(role=a.role, target=by_mention.get(a.mention_id or "") or anchors[a.entity_id])
            for a in event.arguments
            if a.mention_id in by_mention or a.entity_id in anchors
        ]
        unwritten += len(links) < len(event.arguments)
        values: dict[str, Any] = {ARGUMENTS: array(elements=links), **_features(event.attributes)}
        if event.trigger is not None:
            begin, end = event.trigger.start, event.trigger.end
        elif links:
            begin, end = links[0].target.begin, links[0].target.end
            values[NO_TRIGGER] = "true"
        else:
            unwritten += 1
            continue
        cas.add(system.get_type(name)(begin=begin, end=end, **values))
    return cas, unwritten


class XmiExporter:
    name = "xmi"
    title = "INCEpTION / UIMA CAS XMI (folder)"
    folder = True
    suffix = ""

    def export(
        self, documents: Iterable[AnnotatedDocument], schema: AnnotationSchema, out: Path
    ) -> ExportReport:
        system = type_system(schema)
        report = ExportReport(path=out)
        unwritten = 0
        with folder_replaced_when_complete(out, SUFFIXES) as folder:
            folder.write(TYPE_SYSTEM_FILE, system.to_xml().encode("utf-8"))
            for annotated in documents:
                cas, lost = cas_of(annotated, schema, system)
                unwritten += lost
                folder.write(f"{annotated.document.id}.xmi", cas.to_xmi().encode("utf-8"))
                report.documents += 1
                report.spans += sum(len(e.mentions) for e in annotated.entities)
                report.events += len(annotated.events)
        if unwritten:
            report.lost.append(f"{unwritten} event(s) or argument(s) without any span")
        return report


def _format() -> Format:
    from desktop_app.core.interop.xmi_read import XmiImporter

    return Format(
        name="xmi",
        title="INCEpTION / UIMA CAS XMI (folder)",
        folder=True,
        suffix="",
        exporter=XmiExporter(),
        importer=XmiImporter(),
    )


FORMAT = _format()

"""Label Studio JSON tasks out: one task per document, our annotations as its annotation's
results (or as ``predictions``, to pre-annotate a project: format ``label-studio-predictions``).

Offsets are JavaScript string positions — UTF-16 code units — converted in ``offsets``.
Results, by ``from_name`` (the labeling config's tag names):

* ``label`` — a mention (``labels`` with the entity type); ``event`` — an event's trigger
  (``labels`` with the event type). An event without a trigger is anchored on its first
  argument's span and marked by a ``trigger`` choice ``none``.
* relations from a trigger to its arguments' spans, labelled with the role; relations
  ``Same`` from an entity's first mention to its others group them as one entity.
* per-region results on the first mention (entity) or trigger (event): ``choices`` for an
  attribute that is an enum or a boolean wherever the schema uses its name, ``textarea`` for
  other values, ``entity_name`` and ``entity_identifier``.

The labeling config for a project is written beside the tasks (``tasks.label_config.xml``,
see ``label_studio_config``). Region ids (``m1``, ``v1``) and the order of results come from
positions, so exports repeat.
Kept: texts, spans, grouping, names, identifiers, attributes (numbers as text), events,
document ids and titles (in ``data``). Lost: review status, comments, history.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop_app.core.interop.base import ExportReport
from desktop_app.core.interop.jsonio import dumps
from desktop_app.core.interop.label_studio_config import (
    EVENT_TAG,
    IDENTIFIER_TAG,
    NAME_TAG,
    NO_TRIGGER,
    SAME_ENTITY,
    SPAN_TAG,
    TEXT_TAG,
    TRIGGER_CHOICE,
    choice_values,
    labeling_config,
)
from desktop_app.core.interop.offsets import Utf16Offsets
from desktop_app.core.interop.ordering import (
    anchor,
    labelled_spans,
    ordered_entities,
    ordered_events,
    ordered_mentions,
)
from desktop_app.core.interop.output import write_file
from desktop_app.core.interop.registry import Format
from desktop_app.core.models import AnnotatedDocument, Attributes
from desktop_app.core.schema import AnnotationSchema, AttributeSpec

MODEL_VERSION = "announcement-annotator"


class _Results:
    def __init__(self, text: str, choices: set[str]) -> None:
        self.choices = choices
        self.text = text
        self.offsets = Utf16Offsets(text)
        self.items: list[dict[str, Any]] = []
        self.regions: dict[str, tuple[int, int]] = {}

    def region(self, region_id: str, tag: str, kind: str, start: int, end: int) -> None:
        self.regions[region_id] = (start, end)
        self.items.append(
            {
                "id": region_id,
                "from_name": tag,
                "to_name": TEXT_TAG,
                "type": "labels",
                "value": {**self._value(region_id), "labels": [kind]},
            }
        )

    def _value(self, region_id: str) -> dict[str, Any]:
        start, end = self.regions[region_id]
        return {
            "start": self.offsets.to_utf16(start),
            "end": self.offsets.to_utf16(end),
            "text": self.text[start:end],
        }

    def per_region(self, region_id: str, tag: str, kind: str, key: str, value: str) -> None:
        position = self._value(region_id)
        del position["text"]  # a textarea's own "text" is its list of values
        self.items.append(
            {
                "id": region_id,
                "from_name": tag,
                "to_name": TEXT_TAG,
                "type": kind,
                "value": {**position, key: [value]},
            }
        )

    def relation(self, source: str, target: str, label: str) -> None:
        self.items.append(
            {
                "from_id": source,
                "to_id": target,
                "type": "relation",
                "direction": "right",
                "labels": [label],
            }
        )

    def attributes(
        self, region_id: str, attributes: Attributes, specs: tuple[AttributeSpec, ...]
    ) -> None:
        names = [s.name for s in specs if s.name in attributes]
        names += sorted(set(attributes) - set(names))
        for name in names:
            value = attributes[name]
            if value is None or value == "":
                continue
            written = str(value).lower() if isinstance(value, bool) else str(value)
            if name in self.choices:
                self.per_region(region_id, name, "choices", "choices", written)
            else:
                self.per_region(region_id, name, "textarea", "text", written)


def results_of(annotated: AnnotatedDocument, schema: AnnotationSchema) -> tuple[list[Any], int]:
    """A document's results and how many events could not be written (no span at all)."""
    results = _Results(annotated.document.text, set(choice_values(schema)))
    region_of: dict[str, str] = {}
    for number, (entity, mention) in enumerate(labelled_spans(annotated), start=1):
        region_of[mention.id] = f"m{number}"
        results.region(f"m{number}", SPAN_TAG, entity.type, mention.start, mention.end)
    anchors: dict[str, str] = {}
    for entity in ordered_entities(annotated.entities):
        first = anchor(entity)
        if first is None:
            continue
        anchors[entity.id] = region = region_of[first.id]
        for other in ordered_mentions(entity)[1:]:
            results.relation(region, region_of[other.id], SAME_ENTITY)
        if entity.name != first.text:
            results.per_region(region, NAME_TAG, "textarea", "text", entity.name)
        if entity.identifier:
            results.per_region(region, IDENTIFIER_TAG, "textarea", "text", entity.identifier)
        entity_type = schema.entity_type(entity.type)
        results.attributes(region, entity.attributes, entity_type.attributes if entity_type else ())
    unwritten = 0
    for number, event in enumerate(ordered_events(annotated), start=1):
        targets = [
            (a.role, region_of.get(a.mention_id or "") or anchors.get(a.entity_id))
            for a in event.arguments
        ]
        placed = [(role, target) for role, target in targets if target is not None]
        region = f"v{number}"
        if event.trigger is not None:
            results.region(region, EVENT_TAG, event.type, event.trigger.start, event.trigger.end)
        elif placed:
            results.region(region, EVENT_TAG, event.type, *results.regions[placed[0][1]])
            results.per_region(region, TRIGGER_CHOICE, "choices", "choices", NO_TRIGGER)
        else:
            unwritten += 1
            continue
        unwritten += len(placed) < len(targets)
        for role, target in placed:
            results.relation(region, target, role)
        event_type = schema.event_type(event.type)
        results.attributes(region, event.attributes, event_type.attributes if event_type else ())
    return results.items, unwritten


def config_path(out: Path) -> Path:
    """Where the labeling config goes: ``tasks.json`` → ``tasks.label_config.xml``."""
    return out.with_name(f"{out.stem}.label_config.xml")


class LabelStudioExporter:
    folder = False
    suffix = ".json"

    def __init__(self, predictions: bool) -> None:
        self.predictions = predictions
        self.name = "label-studio-predictions" if predictions else "label-studio"
        self.title = "Label Studio tasks" + (" (as predictions)" if predictions else "")

    def export(
        self, documents: Iterable[AnnotatedDocument], schema: AnnotationSchema, out: Path
    ) -> ExportReport:
        report = ExportReport(path=out)
        tasks = []
        unwritten = 0
        for annotated in documents:
            document = annotated.document
            results, lost = results_of(annotated, schema)
            unwritten += lost
            task: dict[str, Any] = {
                "data": {"text": document.text, "document_id": document.id, "title": document.title}
            }
            if self.predictions:
                task["predictions"] = [{"model_version": MODEL_VERSION, "result": results}]
            else:
                task["annotations"] = [{"result": results}]
            tasks.append(task)
            report.documents += 1
            report.spans += sum(len(e.mentions) for e in annotated.entities)
            report.events += len(annotated.events)
        if unwritten:
            report.lost.append(f"{unwritten} event(s) or argument(s) without any span")
        write_file(out, (dumps(tasks, indent=1) + "\n").encode("utf-8"))
        write_file(config_path(out), labeling_config(schema).encode("utf-8"))
        return report


def _formats() -> tuple[Format, Format]:
    from desktop_app.core.interop.label_studio_read import LabelStudioImporter

    return (
        Format(
            name="label-studio",
            title="Label Studio tasks",
            folder=False,
            suffix=".json",
            exporter=LabelStudioExporter(predictions=False),
            importer=LabelStudioImporter(),
        ),
        Format(
            name="label-studio-predictions",
            title="Label Studio tasks (as predictions)",
            folder=False,
            suffix=".json",
            exporter=LabelStudioExporter(predictions=True),
            importer=None,
        ),
    )


FORMAT, PREDICTIONS_FORMAT = _formats()

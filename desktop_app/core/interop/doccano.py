"""doccano JSON Lines: one document a line, ``{"text": …, "label": [[start, end, type], …]}``.

Offsets count code points, as doccano's do. Export writes our document id and title beside
the text (doccano keeps extra keys as metadata) so that a re-import lands on the same
documents; each mention is one label. Import reads ``label`` (or ``labels``), and doccano's
relation-project form ``entities`` (``start_offset``, ``end_offset``, ``label``) with
``relations`` (``from_id``, ``to_id``, ``type``), which become events without a trigger whose
roles are ``from`` and ``to`` (to be mapped).

Kept: texts, spans and their types. Lost on export: entity grouping (each label is an entity
of its own on import), names, identifiers, attributes, events, review status, comments,
history.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop_app.core.errors import BundleInvalid
from desktop_app.core.interop import building
from desktop_app.core.interop.base import ExportReport, ForeignCorpus
from desktop_app.core.interop.jsonio import dumps, read_json_lines
from desktop_app.core.interop.ordering import labelled_spans
from desktop_app.core.interop.output import write_file
from desktop_app.core.interop.registry import Format
from desktop_app.core.models import AnnotatedDocument, Entity, Event
from desktop_app.core.schema import AnnotationSchema


def record_of(annotated: AnnotatedDocument) -> dict[str, Any]:
    document = annotated.document
    labels = [[m.start, m.end, entity.type] for entity, m in labelled_spans(annotated)]
    return {"id": document.id, "text": document.text, "label": labels, "title": document.title}


def _loses_something(entity: Entity) -> bool:
    first = min(entity.mentions, key=lambda m: (m.start, m.end), default=None)
    return (
        len(entity.mentions) > 1
        or any(value not in (None, "") for value in entity.attributes.values())
        or bool(entity.identifier)
        or (first is not None and entity.name != first.text)
    )


class DoccanoExporter:
    name = "doccano"
    title = "doccano JSONL"
    folder = False
    suffix = ".jsonl"

    def export(
        self, documents: Iterable[AnnotatedDocument], schema: AnnotationSchema, out: Path
    ) -> ExportReport:
        report = ExportReport(path=out)
        lines: list[str] = []
        events = entities = 0
        for annotated in documents:
            record = record_of(annotated)
            lines.append(dumps(record) + "\n")
            report.documents += 1
            report.spans += len(record["label"])
            events += len(annotated.events)
            entities += sum(map(_loses_something, annotated.entities))
        if events:
            report.lost.append(f"{events} event(s): doccano sequence labels have no events")
        if entities:
            report.lost.append(
                f"{entities} entit(ies) with several mentions, attributes, a name of their own "
                "or an identifier: each label is written alone, as its type only"
            )
        write_file(out, "".join(lines).encode("utf-8"))
        return report


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def _labels(self, where: str, text: str, labels: object) -> list[Entity]:
        if not isinstance(labels, list):
            self.problems.append(f"{where}: 'label' must be a list of [start, end, type]")
            return []
        entities = []
        for index, label in enumerate(labels):
            place = f"{where}, label {index}"
            if not (isinstance(label, list) and len(label) == 3 and isinstance(label[2], str)):
                self.problems.append(f"{place}: must be [start, end, type], not {label!r}")
                continue
            start, end, kind = label
            problem = building.span_problem(text, start, end)
            if problem:
                self.problems.append(f"{place}: {problem}")
                continue
            entities.append(building.entity(kind, [building.mention(text, start, end)]))
        return entities

    def _list(self, where: str, record: dict[str, Any], key: str) -> list[Any]:
        value = record.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(f"{where}: '{key}' must be a list, not {value!r}")
            return []
        return value

    def _relation_form(
        self, where: str, text: str, record: dict[str, Any]
    ) -> tuple[list[Entity], list[Event]]:
        entities: list[Entity] = []
        by_id: dict[object, Entity] = {}
        for index, item in enumerate(self._list(where, record, "entities")):
            place = f"{where}, entity {index}"
            if not isinstance(item, dict) or not isinstance(item.get("label"), str):
                self.problems.append(f"{place}: needs start_offset, end_offset and label")
                continue
            start, end = item.get("start_offset"), item.get("end_offset")
            problem = building.span_problem(text, start, end)
            if problem:
                self.problems.append(f"{place}: {problem}")
                continue
            assert isinstance(start, int) and isinstance(end, int)
            entity = building.entity(item["label"], [building.mention(text, start, end)])
            entities.append(entity)
            if isinstance(item.get("id"), int | str):
                by_id[item.get("id")] = entity
        events = []
        for index, item in enumerate(self._list(where, record, "relations")):
            place = f"{where}, relation {index}"
            if not isinstance(item, dict) or not isinstance(item.get("type"), str):
                self.problems.append(f"{place}: needs from_id, to_id and type")
                continue
            ends = [by_id.get(_key(item.get("from_id"))), by_id.get(_key(item.get("to_id")))]
            if None in ends:
                self.problems.append(f"{place}: from_id or to_id names no entity of the line")
                continue
            arguments = [
                building.argument(role, entity.id)
                for role, entity in zip(("from", "to"), ends, strict=True)
                if entity is not None
            ]
            events.append(building.event(item["type"], None, arguments))
        return entities, events

    def document(self, number: int, record: object) -> AnnotatedDocument | None:
        where = f"line {number}"
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            self.problems.append(f"{where}: not a doccano record (an object with 'text')")
            return None
        text: str = record["text"]
        if "entities" in record:
            entities, events = self._relation_form(where, text, record)
        else:
            entities = self._labels(where, text, record.get("label", record.get("labels", [])))
            events = []
        title = record.get("title")
        foreign_id = record.get("id")
        fallback = f"{self.path.stem} {foreign_id if foreign_id is not None else number}"
        document = building.document(
            text,
            title if isinstance(title, str) and title else fallback,
            building.document_id_or_new(foreign_id),
        )
        return AnnotatedDocument(document=document, entities=entities, events=events)


def _key(value: object) -> object:
    """An entity id as a relation names it; anything unhashable names no entity."""
    return value if isinstance(value, int | str) else None


class DoccanoImporter:
    name = "doccano"
    title = "doccano JSONL"
    folder = False

    def read(self, path: Path) -> ForeignCorpus:
        reader = _Reader(path)
        documents = [
            document
            for number, record in read_json_lines(path)
            if (document := reader.document(number, record)) is not None
        ]
        if reader.problems:
            count = len(reader.problems)
            raise BundleInvalid(f"{path}: {count} problem(s) in the file", reader.problems)
        return ForeignCorpus(documents)


FORMAT = Format(
    name="doccano",
    title="doccano JSONL",
    folder=False,
    suffix=".jsonl",
    exporter=DoccanoExporter(),
    importer=DoccanoImporter(),
)

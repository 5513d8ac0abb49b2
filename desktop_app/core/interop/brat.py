"""brat standoff out: a folder with ``annotation.conf``, ``visual.conf`` and, per document,
``<id>.txt`` (the text, byte for byte) and ``<id>.ann``.

Offsets count code points of the ``.txt`` as it is (``\\r\\n`` is two), as brat reads it.
Each mention is a text-bound ``T``; the mentions of one entity are grouped by an equivalence
``*`` line (``Same``); an event is an ``E`` with its trigger and typed roles (a repeated role
numbered ``adviser2``, as brat does); enum and boolean attributes are ``A`` lines; other
values, an entity's name (when it is not its first mention's text) and its identifier are
``#`` notes of the form ``name = <JSON value>``, so they come back with their types. An
event without a trigger is anchored on its first argument's span, with the note
``no trigger`` so that an import gives it none.

Kept: texts, spans, entity grouping, names, identifiers, attributes, events and roles. Lost:
document titles (files are named by document id), review status, comments, history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.interop.base import ExportReport
from desktop_app.core.interop.brat_conf import (
    SAME_ENTITY,
    annotation_conf,
    attribute_value,
    visual_conf,
)
from desktop_app.core.interop.jsonio import dumps
from desktop_app.core.interop.ordering import (
    anchor,
    labelled_spans,
    ordered_entities,
    ordered_events,
    ordered_mentions,
)
from desktop_app.core.interop.output import folder_replaced_when_complete
from desktop_app.core.interop.registry import Format
from desktop_app.core.models import AnnotatedDocument, Attributes, Event
from desktop_app.core.schema import AnnotationSchema, AttributeSpec

NO_TRIGGER = "no trigger"
ENTITY_NAME = "entity name"
ENTITY_IDENTIFIER = "entity identifier"
SUFFIXES = (".txt", ".ann", ".conf")
_FLATTEN = str.maketrans(dict.fromkeys("\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))


def flat(text: str) -> str:
    """A span's text as a ``T`` line holds it: on one line (brat's rule for the field)."""
    return text.translate(_FLATTEN)


def note_text(name: str, value: object) -> str:
    return f"{name} = {dumps(value)}"


@dataclass
class _Ann:
    """The lines of one ``.ann`` file as they are numbered."""

    spans: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    t_count: int = 0
    a_count: int = 0
    note_count: int = 0
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def text_bound(self, kind: str, start: int, end: int, text: str) -> str:
        self.t_count += 1
        self.spans.append(f"T{self.t_count}\t{kind} {start} {end}\t{flat(text)}")
        self.positions[f"T{self.t_count}"] = (start, end)
        return f"T{self.t_count}"

    def note(self, target: str, text: str) -> None:
        self.note_count += 1
        self.others.append(f"#{self.note_count}\tAnnotatorNotes {target}\t{text}")

    def attributes(
        self, target: str, attributes: Attributes, specs: tuple[AttributeSpec, ...]
    ) -> None:
        by_name = {spec.name: spec for spec in specs}
        names = [s.name for s in specs if s.name in attributes]
        names += sorted(set(attributes) - set(names))
        for name in names:
            value = attributes[name]
            if value is None or value == "":
                continue
            written = attribute_value(by_name.get(name), value)
            if written is None:
                self.note(target, note_text(name, value))
            else:
                self.a_count += 1
                self.others.append(f"A{self.a_count}\t{name} {target} {written}")


def _roles(event: Event) -> list[str]:
    """Role labels with brat's numbering of repeats: adviser, adviser2, adviser3."""
    seen: dict[str, int] = {}
    labels = []
    for argument in event.arguments:
        seen[argument.role] = seen.get(argument.role, 0) + 1
        count = seen[argument.role]
        labels.append(argument.role if count == 1 else f"{argument.role}{count}")
    return labels


def ann_of(annotated: AnnotatedDocument, schema: AnnotationSchema) -> tuple[str, list[str]]:
    """The ``.ann`` text of a document and what it could not hold."""
    ann = _Ann()
    title = annotated.document.title
    tid = {
        mention.id: ann.text_bound(entity.type, mention.start, mention.end, mention.text)
        for entity, mention in labelled_spans(annotated)
    }
    anchors: dict[str, str] = {}
    for entity in ordered_entities(annotated.entities):
        first = anchor(entity)
        if first is None:
            ann.lost.append(f"{title}: entity '{entity.name}' has no mention (brat needs a span)")
            continue
        target = anchors[entity.id] = tid[first.id]
        mentions = ordered_mentions(entity)
        if len(mentions) > 1:
            ann.others.append(f"*\t{SAME_ENTITY} " + " ".join(tid[m.id] for m in mentions))
        if entity.name != first.text:
            ann.note(target, note_text(ENTITY_NAME, entity.name))
        if entity.identifier:
            ann.note(target, note_text(ENTITY_IDENTIFIER, entity.identifier))
        entity_type = schema.entity_type(entity.type)
        ann.attributes(target, entity.attributes, entity_type.attributes if entity_type else ())
    for number, event in enumerate(ordered_events(annotated), start=1):
        targets: list[tuple[str, str]] = []
        for role, argument in zip(_roles(event), event.arguments, strict=True):
            bound = tid.get(argument.mention_id or "") or anchors.get(argument.entity_id)
            if bound is None:
                ann.lost.append(f"{title}: event {event.type} lost its {role} (no span)")
            else:
                targets.append((role, bound))
        trigger = event.trigger
        if trigger is not None:
            trigger_id = ann.text_bound(event.type, trigger.start, trigger.end, trigger.text)
        elif targets:
            start, end = ann.positions[targets[0][1]]
            text = annotated.document.text[start:end]
            trigger_id = ann.text_bound(event.type, start, end, text)
        else:
            ann.lost.append(f"{title}: event {event.type} has neither a trigger nor arguments")
            continue
        arguments = "".join(f" {role}:{target}" for role, target in targets)
        ann.others.append(f"E{number}\t{event.type}:{trigger_id}{arguments}")
        if trigger is None:
            ann.note(f"E{number}", NO_TRIGGER)
        event_type = schema.event_type(event.type)
        ann.attributes(f"E{number}", event.attributes, event_type.attributes if event_type else ())
    return "".join(line + "\n" for line in ann.spans + ann.others), ann.lost


class BratExporter:
    name = "brat"
    title = "brat standoff (folder)"
    folder = True
    suffix = ""

    def export(
        self, documents: Iterable[AnnotatedDocument], schema: AnnotationSchema, out: Path
    ) -> ExportReport:
        report = ExportReport(path=out)
        with folder_replaced_when_complete(out, SUFFIXES) as folder:
            folder.write("annotation.conf", annotation_conf(schema).encode("utf-8"))
            folder.write("visual.conf", visual_conf(schema).encode("utf-8"))
            for annotated in documents:
                document = annotated.document
                ann, lost = ann_of(annotated, schema)
                folder.write(f"{document.id}.txt", document.text.encode("utf-8"))
                folder.write(f"{document.id}.ann", ann.encode("utf-8"))
                report.documents += 1
                report.spans += sum(len(e.mentions) for e in annotated.entities)
                report.events += len(annotated.events)
                report.lost += lost
        return report


def _format() -> Format:
    from desktop_app.core.interop.brat_read import BratImporter

    return Format(
        name="brat",
        title="brat standoff (folder)",
        folder=True,
        suffix="",
        exporter=BratExporter(),
        importer=BratImporter(),
    )


FORMAT = _format()

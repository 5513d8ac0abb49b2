"""Label Studio JSON tasks in: a list of tasks (an export of a project), each with its text
in ``data`` and its annotations or, when it has none, its first prediction.

Offsets are UTF-16 positions, converted in ``offsets``; a position that is not a character
boundary, or a region whose quoted text differs from the text at its offsets, refuses the
file naming the task and region. ``labels`` regions of the ``event`` tag are triggers (see
``label_studio``), all others are mentions; relations ``Same`` group mentions into one
entity, relations from a trigger are its arguments (the label is the role), and any other
relation between two mentions is an event without a trigger with roles ``from`` and ``to``.
Per-region ``choices``, ``textarea`` and ``number`` results are attributes named by their tag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.errors import BundleInvalid
from desktop_app.core.interop import building
from desktop_app.core.interop.base import ForeignCorpus
from desktop_app.core.interop.jsonio import read_json
from desktop_app.core.interop.label_studio_config import (
    EVENT_TAG,
    IDENTIFIER_TAG,
    NAME_TAG,
    NO_TRIGGER,
    SAME_ENTITY,
    TRIGGER_CHOICE,
)
from desktop_app.core.interop.offsets import OffsetError, Utf16Offsets
from desktop_app.core.models import (
    AnnotatedDocument,
    Argument,
    Attributes,
    AttributeValue,
    Entity,
    Event,
    Mention,
)


@dataclass
class _Region:
    tag: str
    kind: str
    start: int
    end: int
    extras: dict[str, AttributeValue] = field(default_factory=dict)


class _TaskReader:
    def __init__(self, where: str, text: str) -> None:
        self.where = where
        self.text = text
        self.offsets = Utf16Offsets(text)
        self.problems: list[str] = []
        self.regions: dict[str, _Region] = {}
        self.relations: list[tuple[str, str, str]] = []
        self.per_region: list[tuple[str, str, AttributeValue]] = []

    def _region(self, place: str, item: dict[str, Any]) -> None:
        value = item.get("value")
        labels = value.get("labels") if isinstance(value, dict) else None
        if not (isinstance(labels, list) and len(labels) == 1 and isinstance(labels[0], str)):
            self.problems.append(f"{place}: a labels region needs exactly one label")
            return
        assert isinstance(value, dict)
        given = value.get("start"), value.get("end")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in given):
            self.problems.append(f"{place}: start and end must be whole numbers, not {given}")
            return
        try:
            start = self.offsets.from_utf16(value["start"])
            end = self.offsets.from_utf16(value["end"])
        except OffsetError as error:
            self.problems.append(f"{place}: {error}")
            return
        if start >= end:
            self.problems.append(f"{place}: an empty or reversed region")
            return
        quoted = value.get("text")
        if quoted is not None and quoted != self.text[start:end]:
            self.problems.append(
                f"{place}: quotes {quoted!r}, but the text there is {self.text[start:end]!r} "
                "(offsets shifted?)"
            )
            return
        self.regions[str(item.get("id"))] = _Region(
            str(item.get("from_name", "")), labels[0], start, end
        )

    def result(self, index: int, item: object) -> None:
        place = f"{self.where}, result {index}"
        if not isinstance(item, dict):
            self.problems.append(f"{place}: not an object")
            return
        kind = item.get("type")
        given_value = item.get("value")
        value: dict[str, Any] = given_value if isinstance(given_value, dict) else {}
        if kind == "labels":
            self._region(place, item)
        elif kind == "relation":
            labels = item.get("labels") or [""]
            self.relations.append((str(item.get("from_id")), str(item.get("to_id")), labels[0]))
        elif kind in ("choices", "textarea", "number"):
            key = {"choices": "choices", "textarea": "text", "number": "number"}[kind]
            given = value.get(key)
            single = given[0] if isinstance(given, list) and len(given) == 1 else given
            if isinstance(single, list | dict):
                self.problems.append(f"{place}: {item.get('from_name')} has several values")
                return
            self.per_region.append((str(item.get("id")), str(item.get("from_name")), single))
        else:
            self.problems.append(f"{place}: results of type {kind!r} are not supported")

    def _apply_per_region(self) -> None:
        for region_id, name, value in self.per_region:
            region = self.regions.get(region_id)
            if region is None:
                self.problems.append(f"{self.where}: {name} belongs to no region ({region_id})")
            elif name in region.extras:
                self.problems.append(f"{self.where}: {name} given twice for region {region_id}")
            else:
                region.extras[name] = value

    def _entities(self) -> tuple[list[Entity], dict[str, tuple[Entity, Mention]]]:
        spans = [r for r, region in self.regions.items() if region.tag != EVENT_TAG]
        parent = {r: r for r in spans}

        def root(r: str) -> str:
            while parent[r] != r:
                r = parent[r]
            return r

        for source, target, label in self.relations:
            if label == SAME_ENTITY and source in parent and target in parent:
                parent[root(target)] = root(source)
        groups: dict[str, list[str]] = {}
        for r in spans:
            groups.setdefault(root(r), []).append(r)
        entities = []
        by_region: dict[str, tuple[Entity, Mention]] = {}
        for members in groups.values():
            kinds = sorted({self.regions[r].kind for r in members})
            if len(kinds) > 1:
                self.problems.append(f"{self.where}: one entity of types {', '.join(kinds)}")
                continue
            mentions = {
                r: building.mention(self.text, self.regions[r].start, self.regions[r].end)
                for r in members
            }
            extras: dict[str, AttributeValue] = {}
            for r in members:
                extras.update(self.regions[r].extras)
            name, identifier = extras.pop(NAME_TAG, None), extras.pop(IDENTIFIER_TAG, None)
            entity = building.entity(
                kinds[0],
                list(mentions.values()),
                name if isinstance(name, str) else None,
                extras,
                identifier if isinstance(identifier, str) else None,
            )
            entities.append(entity)
            by_region.update({r: (entity, mentions[r]) for r in members})
        return entities, by_region

    def _argument(
        self, role: str, target: str, by_region: dict[str, tuple[Entity, Mention]]
    ) -> Argument | None:
        if target not in by_region:
            self.problems.append(f"{self.where}: a relation {role!r} points at no mention")
            return None
        entity, mention = by_region[target]
        first = min(entity.mentions, key=lambda m: (m.start, m.end))
        return building.argument(role, entity.id, None if mention.id == first.id else mention.id)

    def document(self) -> tuple[list[Entity], list[Event]]:
        self._apply_per_region()
        entities, by_region = self._entities()
        events = []
        for region_id, region in self.regions.items():
            if region.tag != EVENT_TAG:
                continue
            extras: Attributes = dict(region.extras)
            no_trigger = extras.pop(TRIGGER_CHOICE, None) == NO_TRIGGER
            arguments = [
                self._argument(role, target, by_region)
                for source, target, role in self.relations
                if source == region_id
            ]
            trigger = None if no_trigger else building.span(self.text, region.start, region.end)
            events.append(building.event(region.kind, trigger, [a for a in arguments if a], extras))
        for source, target, label in self.relations:
            if (
                label == SAME_ENTITY
                or self.regions.get(source, _Region("", "", 0, 0)).tag == EVENT_TAG
            ):
                continue
            pair = [
                self._argument("from", source, by_region),
                self._argument("to", target, by_region),
            ]
            events.append(building.event(label, None, [a for a in pair if a]))
        return entities, events


def _results(task: dict[str, Any], where: str, notes: list[str]) -> list[Any] | None:
    annotations = [
        a
        for a in task.get("annotations") or []
        if isinstance(a, dict) and not a.get("was_cancelled")
    ]
    if annotations:
        if len(annotations) > 1:
            notes.append(f"{where}: {len(annotations)} annotations, the first was taken")
        result = annotations[0].get("result")
    elif task.get("predictions"):
        notes.append(f"{where}: no annotation, its prediction was taken")
        prediction = task["predictions"][0]
        result = prediction.get("result") if isinstance(prediction, dict) else None
    else:
        return []
    return result if isinstance(result, list) else None


class LabelStudioImporter:
    name = "label-studio"
    title = "Label Studio tasks"
    folder = False

    def read(self, path: Path) -> ForeignCorpus:
        tasks = read_json(path)
        if isinstance(tasks, dict):
            tasks = [tasks]
        if not isinstance(tasks, list):
            raise BundleInvalid(f"{path}: not Label Studio tasks (a list of objects)", [])
        problems: list[str] = []
        notes: list[str] = []
        documents = []
        for index, task in enumerate(tasks):
            where = f"task {task.get('id', index) if isinstance(task, dict) else index}"
            data = task.get("data") if isinstance(task, dict) else None
            if not isinstance(task, dict) or not isinstance(data, dict):
                problems.append(f"{where}: not a task with data")
                continue
            texts = [v for v in data.values() if isinstance(v, str)]
            text = data.get("text")
            if not isinstance(text, str):
                text = texts[0] if len(texts) == 1 else None
            if not isinstance(text, str):
                problems.append(f"{where}: no text in its data (data.text)")
                continue
            results = _results(task, where, notes)
            if results is None:
                problems.append(f"{where}: its result is not a list")
                continue
            reader = _TaskReader(where, text)
            for number, item in enumerate(results):
                reader.result(number, item)
            entities, events = reader.document()
            problems += reader.problems
            title = data.get("title")
            fallback = f"{path.stem} {task.get('id', index + 1)}"
            document = building.document(
                text,
                title if isinstance(title, str) and title else fallback,
                building.document_id_or_new(data.get("document_id")),
            )
            documents.append(AnnotatedDocument(document=document, entities=entities, events=events))
        if problems:
            raise BundleInvalid(f"{path}: {len(problems)} problem(s) in the tasks", problems)
        return ForeignCorpus(documents, notes)

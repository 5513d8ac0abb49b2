"""brat standoff in: a folder of ``.txt`` + ``.ann`` pairs (or one ``.ann`` beside its
``.txt``), read as brat defines the lines.

``T`` text-bound annotations must cover exactly the text their line quotes (line breaks
read as spaces), so a file whose offsets were shifted by another tool is refused, naming the
annotation. Mentions grouped by an equivalence ``*`` line are one entity; a discontinuous
``T`` gives one mention per fragment. ``E`` events keep their trigger and roles (brat's
numbered repeats, ``adviser2``, read as ``adviser``); ``R`` relations become events without a
trigger whose roles are the relation's argument names (``Arg1``, ``Arg2``: map them). ``A``
and ``M`` lines are attributes (a binary one is true); ``#`` notes of the form
``name = <JSON value>`` (what our export writes) are attributes, names and identifiers; other
notes are left out and counted; a normalisation ``N`` line gives an entity its identifier.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.errors import BundleInvalid
from desktop_app.core.interop import building
from desktop_app.core.interop.base import ForeignCorpus
from desktop_app.core.interop.brat import ENTITY_IDENTIFIER, ENTITY_NAME, NO_TRIGGER, flat
from desktop_app.core.models import (
    AnnotatedDocument,
    Argument,
    Attributes,
    AttributeValue,
    Entity,
    Event,
    Mention,
)

_TEXT_BOUND = re.compile(r"^(T\S+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_EVENT = re.compile(r"^(E\S+)\t(\S+):(\S+)((?: \S+:\S+)*) *$")
_RELATION = re.compile(r"^(R\S+)\t(\S+) (\S+):(\S+) (\S+):(\S+) *$")
_EQUIVALENCE = re.compile(r"^\*\S*\t(\S+)((?: \S+)+) *$")
_ATTRIBUTE = re.compile(r"^([AM]\S+)\t(\S+) (\S+)(?: (\S+))? *$")
_NOTE = re.compile(r"^(#\S*)\t(\S+) (\S+)\t(.*)$")
_NORMALISATION = re.compile(r"^(N\S+)\t(\S+) (\S+) (\S+)(?:\t(.*))?$")
_VALUE_NOTE = re.compile(r"^(entity name|entity identifier|[A-Za-z][A-Za-z0-9_]*) = (.+)$")
_NUMBERED_ROLE = re.compile(r"^(.+?)(\d+)$")


@dataclass
class _Bound:
    kind: str
    fragments: list[tuple[int, int]]


@dataclass
class _Owner:
    """What ``A`` lines and notes set on one annotation."""

    attributes: Attributes = field(default_factory=dict)
    name: str | None = None
    identifier: str | None = None
    no_trigger: bool = False


class _AnnReader:
    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.text = text
        self.problems: list[str] = []
        self.free_notes = 0
        self.bounds: dict[str, _Bound] = {}
        self.events: dict[str, tuple[str, str, list[tuple[str, str]]]] = {}
        self.relations: list[tuple[str, list[tuple[str, str]]]] = []
        self.groups: list[list[str]] = []
        self.owners: dict[str, _Owner] = {}

    def problem(self, number: int, message: str) -> None:
        self.problems.append(f"{self.label}, line {number}: {message}")

    def owner(self, target: str) -> _Owner:
        return self.owners.setdefault(target, _Owner())

    def set_attribute(self, number: int, target: str, name: str, value: AttributeValue) -> None:
        owner = self.owner(target)
        if name in owner.attributes:
            self.problem(number, f"attribute {name} of {target} is given twice")
        owner.attributes[name] = value

    def text_bound(self, number: int, match: re.Match[str]) -> None:
        identifier, kind, offsets, quoted = match.groups()
        fragments = []
        for part in offsets.split(";"):
            start, end = (int(n) for n in part.split(" "))
            problem = building.span_problem(self.text, start, end)
            if problem:
                self.problem(number, f"{identifier}: {problem}")
                return
            fragments.append((start, end))
        covered = " ".join(flat(self.text[start:end]) for start, end in fragments)
        if covered != quoted:
            self.problem(
                number,
                f"{identifier}: the text at {offsets} is {covered!r}, but the line quotes "
                f"{quoted!r} (offsets shifted?)",
            )
            return
        self.bounds[identifier] = _Bound(kind, fragments)

    def note(self, number: int, match: re.Match[str]) -> None:
        _, _, target, content = match.groups()
        if content == NO_TRIGGER:
            self.owner(target).no_trigger = True
            return
        value_note = _VALUE_NOTE.match(content)
        if value_note is None:
            self.free_notes += 1
            return
        name, literal = value_note.groups()
        try:
            value = json.loads(literal)
        except json.JSONDecodeError:
            self.free_notes += 1
            return
        if name in (ENTITY_NAME, ENTITY_IDENTIFIER):
            if not isinstance(value, str):
                self.problem(number, f"{name} must be text, not {value!r}")
            elif name == ENTITY_NAME:
                self.owner(target).name = value
            else:
                self.owner(target).identifier = value
        elif value is None or isinstance(value, str | int | float | bool):
            self.set_attribute(number, target, name, value)
        else:
            self.problem(number, f"attribute {name}: {value!r} is not a single value")

    def line(self, number: int, line: str) -> None:
        if match := _TEXT_BOUND.match(line):
            self.text_bound(number, match)
        elif match := _EVENT.match(line):
            identifier, kind, trigger, rest = match.groups()
            arguments = [tuple(part.split(":", 1)) for part in rest.split()]
            self.events[identifier] = (kind, trigger, [(r, t) for r, t in arguments])
        elif match := _RELATION.match(line):
            _, kind, role1, target1, role2, target2 = match.groups()
            self.relations.append((kind, [(role1, target1), (role2, target2)]))
        elif match := _EQUIVALENCE.match(line):
            self.groups.append(match.group(2).split())
        elif match := _ATTRIBUTE.match(line):
            _, name, target, value = match.groups()
            self.set_attribute(number, target, name, True if value is None else value)
        elif match := _NOTE.match(line):
            self.note(number, match)
        elif match := _NORMALISATION.match(line):
            _, _, target, reference, _ = match.groups()
            owner = self.owner(target)
            owner.identifier = owner.identifier or reference
        else:
            shown = line if len(line) <= 60 else line[:59] + "…"
            self.problem(number, f"not a brat annotation line: {shown!r}")

    def _trigger_ids(self) -> set[str]:
        return {trigger for _, trigger, _ in self.events.values()}

    def entities(self) -> tuple[list[Entity], dict[str, tuple[Entity, Mention]]]:
        triggers = self._trigger_ids()
        parent = {t: t for t in self.bounds if t not in triggers}

        def root(t: str) -> str:
            while parent[t] != t:
                parent[t] = parent[parent[t]]
                t = parent[t]
            return t

        for group in self.groups:
            unknown = [t for t in group if t not in parent]
            if unknown:
                self.problems.append(f"{self.label}: '*' groups {', '.join(unknown)}, not mentions")
                continue
            for t in group[1:]:
                parent[root(t)] = root(group[0])
        members: dict[str, list[str]] = {}
        for t in parent:
            members.setdefault(root(t), []).append(t)
        entities: list[Entity] = []
        by_bound: dict[str, tuple[Entity, Mention]] = {}
        for group in members.values():
            kinds = sorted({self.bounds[t].kind for t in group})
            if len(kinds) > 1:
                self.problems.append(
                    f"{self.label}: {', '.join(group)} are one entity of types {', '.join(kinds)}"
                )
                continue
            mentions: dict[str, Mention] = {}
            merged = _Owner()
            for t in group:
                for start, end in self.bounds[t].fragments:
                    mentions.setdefault(t, building.mention(self.text, start, end))
                    if (start, end) != (mentions[t].start, mentions[t].end):
                        mentions[f"{t};{start}"] = building.mention(self.text, start, end)
                owner = self.owners.get(t, _Owner())
                merged.attributes.update(owner.attributes)
                merged.name = merged.name or owner.name
                merged.identifier = merged.identifier or owner.identifier
            entity = building.entity(
                kinds[0], list(mentions.values()), merged.name, merged.attributes, merged.identifier
            )
            entities.append(entity)
            for t in group:
                by_bound[t] = (entity, mentions[t])
        return entities, by_bound

    def event_list(self, by_bound: dict[str, tuple[Entity, Mention]]) -> list[Event]:
        events = []
        for identifier, (kind, trigger_id, pairs) in self.events.items():
            bound = self.bounds.get(trigger_id)
            if bound is None or len(bound.fragments) != 1:
                self.problems.append(
                    f"{self.label}: {identifier}'s trigger {trigger_id} is not one "
                    "continuous text-bound annotation"
                )
                continue
            owner = self.owners.get(identifier, _Owner())
            trigger = None if owner.no_trigger else building.span(self.text, *bound.fragments[0])
            arguments = self._arguments(identifier, pairs, by_bound)
            events.append(building.event(kind, trigger, arguments, owner.attributes))
        for kind, pairs in self.relations:
            arguments = self._arguments(f"relation {kind}", pairs, by_bound, numbered=False)
            events.append(building.event(kind, None, arguments))
        return events

    def _arguments(
        self,
        where: str,
        pairs: list[tuple[str, str]],
        by_bound: dict[str, tuple[Entity, Mention]],
        numbered: bool = True,
    ) -> list[Argument]:
        arguments = []
        seen: set[str] = set()
        for role, target in pairs:
            numbered_role = _NUMBERED_ROLE.match(role) if numbered else None
            if numbered_role and numbered_role.group(1) in seen:
                role = numbered_role.group(1)
            seen.add(role)
            if target not in by_bound:
                self.problems.append(
                    f"{self.label}: {where}'s {role} is {target}, not an entity's mention "
                    "(nested events are not supported)"
                )
                continue
            entity, mention = by_bound[target]
            first = min(entity.mentions, key=lambda m: (m.start, m.end))
            mention_id = None if mention.id == first.id else mention.id
            arguments.append(building.argument(role, entity.id, mention_id))
        return arguments


def _read_pair(ann_path: Path, problems: list[str]) -> tuple[AnnotatedDocument | None, int]:
    text_path = ann_path.with_suffix(".txt")
    try:
        text = text_path.read_bytes().decode("utf-8")
        ann = ann_path.read_bytes().decode("utf-8")
    except FileNotFoundError as error:
        problems.append(f"{error.filename}: missing (brat pairs each .ann with a .txt)")
        return None, 0
    except OSError as error:
        problems.append(f"{error.filename}: cannot read ({error.strerror})")
        return None, 0
    except UnicodeDecodeError:
        problems.append(f"{ann_path.stem}: not UTF-8 text")
        return None, 0
    reader = _AnnReader(ann_path.name, text)
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip():
            reader.line(number, line)
    entities, by_bound = reader.entities()
    events = reader.event_list(by_bound)
    problems += reader.problems
    document = building.document(text, ann_path.stem, ann_path.stem)
    annotated = AnnotatedDocument(document=document, entities=entities, events=events)
    return annotated, reader.free_notes


class BratImporter:
    name = "brat"
    title = "brat standoff (folder)"
    folder = True

    def read(self, path: Path) -> ForeignCorpus:
        if path.is_dir():
            ann_paths = sorted(path.glob("*.ann"))
            if not ann_paths:
                raise BundleInvalid(f"{path}: no .ann files in the folder", [])
        elif path.suffix in (".ann", ".txt"):
            ann_paths = [path.with_suffix(".ann")]
        else:
            raise BundleInvalid(f"{path}: not a brat folder or .ann file", [])
        problems: list[str] = []
        documents = []
        free_notes = 0
        for ann_path in ann_paths:
            annotated, notes = _read_pair(ann_path, problems)
            free_notes += notes
            if annotated is not None:
                documents.append(annotated)
        if problems:
            raise BundleInvalid(f"{path}: {len(problems)} problem(s) in the brat files", problems)
        notes_left = (
            [f"{free_notes} free-text note(s) left out (no place for them here)"]
            if free_notes
            else []
        )
        return ForeignCorpus(documents, notes_left)

"""Checks an annotated document against its text and the annotation schema.

Used live by the Problems panel, before every export and on every bundle import. Each problem
says what is wrong in words a reviewer understands and points at the annotation it concerns.

Problems are of two kinds. *Structural* ones make the data wrong (offsets outside the text or
covering other text, references to missing or ill-typed annotations, types or values the
schema does not know, more entities in a role than it takes): such data is never exported or
imported. *Incomplete* ones are work not done yet (a required attribute, role or document field
still empty, an entity not yet marked in the text): they only block documents that claim to be
finished (``annotated`` or ``approved``); for documents still being worked on they are warnings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

from desktop_app.core.models import (
    AnnotatedDocument,
    Attributes,
    Document,
    DocumentStatus,
)
from desktop_app.core.schema import AnnotationSchema, AttributeSpec, EventType, Role

FINISHED_STATUSES = frozenset({DocumentStatus.ANNOTATED, DocumentStatus.APPROVED})
"""Statuses that claim the work is complete, so incomplete data is refused for them."""


class SpanLike(Protocol):
    """A stored span as the checks read it: a model (``core.models``) or a plain row
    (``core.annotation_rows``)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def page(self) -> int | None: ...


class MentionLike(SpanLike, Protocol):
    @property
    def id(self) -> str: ...


class EntityLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def attributes(self) -> Attributes: ...
    @property
    def mentions(self) -> Sequence[MentionLike]: ...


class ArgumentLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def entity_id(self) -> str: ...
    @property
    def mention_id(self) -> str | None: ...


class EventLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def trigger(self) -> SpanLike | None: ...
    @property
    def attributes(self) -> Attributes: ...
    @property
    def arguments(self) -> Sequence[ArgumentLike]: ...


class ProblemKind(StrEnum):
    STRUCTURAL = "structural"
    INCOMPLETE = "incomplete"


@dataclass(slots=True)
class Problem:
    """One thing wrong, with what it concerns and where. A plain class rather than a model:
    a large document has 25,000 of them, built on every open (reports that hold problems
    still validate them as fields)."""

    document_id: str
    message: str
    entity_id: str | None = None
    event_id: str | None = None
    offset: int | None = None
    kind: ProblemKind = ProblemKind.STRUCTURAL

    def describe(self, title: str = "") -> str:
        where = f"{title or self.document_id}: " if (title or self.document_id) else ""
        return where + self.message

    def refuses(self, status: DocumentStatus, strict: bool = False) -> bool:
        """Whether this problem stops a document of ``status`` from being exported or
        imported; with ``strict`` every problem does."""
        return strict or self.kind is ProblemKind.STRUCTURAL or status in FINISHED_STATUSES


def split_problems(
    problems: Iterable[Problem], status: DocumentStatus, strict: bool = False
) -> tuple[list[Problem], list[Problem]]:
    """``(refusals, warnings)``: the problems that stop a document of ``status`` from leaving
    or entering the database, and those that are only reported."""
    refusals: list[Problem] = []
    warnings: list[Problem] = []
    for problem in problems:
        (refusals if problem.refuses(status, strict) else warnings).append(problem)
    return refusals, warnings


def _span_problem(text: str, span: SpanLike, what: str, pages: set[int]) -> str | None:
    if not 0 <= span.start < span.end <= len(text):
        return f"{what} {span.start}–{span.end} lies outside the text (length {len(text)})"
    actual = text[span.start : span.end]
    if actual != span.text:
        return f"{what} {span.start}–{span.end} says {span.text!r} but the text there is {actual!r}"
    if span.page is not None and span.page not in pages:
        return f"{what} {span.start}–{span.end} is on page {span.page}, which the document lacks"
    return None


# What a kind of attribute list says about one set of values, without the label in front:
# most annotations of a type have the same values (none, often), so a document of 25,000
# entities checks a handful of combinations, not 25,000. Keyed by the specs' identity (the
# entry keeps them alive, so the identity cannot be reused) and each value with its type
# (``True == 1``, but a boolean and a number are checked differently).
_ATTRIBUTE_CHECKS: dict[tuple[object, ...], tuple[object, list[tuple[str, ProblemKind]]]] = {}
_ATTRIBUTE_CHECKS_KEPT = 4096


def _attribute_suffixes(
    specs: tuple[AttributeSpec, ...], values: Attributes
) -> list[tuple[str, ProblemKind]]:
    problems = []
    known = {spec.name for spec in specs}
    for name in values:
        if name not in known:
            message = f" has attribute {name!r}, which the schema does not define"
            problems.append((message, ProblemKind.STRUCTURAL))
    for spec in specs:
        value = values.get(spec.name)
        problem = spec.problem_with(value)
        if problem:
            # ``problem_with`` reports an empty value only when it is required: not yet filled.
            empty = value is None or value == ""
            kind = ProblemKind.INCOMPLETE if empty else ProblemKind.STRUCTURAL
            problems.append((f": {problem}", kind))
    return problems


def _checked_suffixes(
    specs: tuple[AttributeSpec, ...], values: Attributes
) -> list[tuple[str, ProblemKind]]:
    """``_attribute_suffixes``, worked out once per combination of specs and values."""
    key = (id(specs), *((name, type(value), value) for name, value in values.items()))
    entry = _ATTRIBUTE_CHECKS.get(key)
    if entry is None or entry[0] is not specs:
        if len(_ATTRIBUTE_CHECKS) >= _ATTRIBUTE_CHECKS_KEPT:
            _ATTRIBUTE_CHECKS.clear()
        entry = _ATTRIBUTE_CHECKS[key] = (specs, _attribute_suffixes(specs, values))
    return entry[1]


def _attribute_problems(
    specs: tuple[AttributeSpec, ...], values: Attributes, what: str
) -> list[tuple[str, ProblemKind]]:
    return [(what + suffix, kind) for suffix, kind in _checked_suffixes(specs, values)]


_Owner = TypeVar("_Owner")
_Made = TypeVar("_Made")


def _made_once(make: Callable[[_Owner], _Made]) -> Callable[[_Owner], _Made]:
    """``make`` worked out once per object (an event type) rather than once per annotation
    checked. Kept by identity, since hashing a frozen schema part walks all of it; each
    entry holds its object, so its id cannot be reused by another while the entry lives."""
    made: dict[int, tuple[_Owner, _Made]] = {}

    def once(owner: _Owner) -> _Made:
        entry = made.get(id(owner))
        if entry is None or entry[0] is not owner:
            entry = made[id(owner)] = (owner, make(owner))
        return entry[1]

    return once


def validate_document(annotated: AnnotatedDocument, schema: AnnotationSchema) -> list[Problem]:
    """Every problem in one document, in reading order where it has a place."""
    document = annotated.document
    entities = {entity.id: entity for entity in annotated.entities}
    problems = document_problems(document, schema)
    problems += duplicate_problems(document.id, owned_ids(annotated.entities, annotated.events))
    pages = page_numbers_of(document)
    for entity in annotated.entities:
        problems += entity_problems(document, entity, schema, pages)
    for event in annotated.events:
        problems += event_problems(document, event, entities, schema, pages)
    return problems


def owned_ids(entities: Iterable[EntityLike], events: Iterable[EventLike]) -> list[str]:
    """Every id the annotations use, in the order duplicates are reported."""
    entities, events = list(entities), list(events)
    return (
        [e.id for e in entities]
        + [m.id for e in entities for m in e.mentions]
        + [v.id for v in events]
        + [a.id for v in events for a in v.arguments]
    )


class _Collector:
    def __init__(self, document_id: str) -> None:
        self.document_id = document_id
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        entity_id: str | None = None,
        event_id: str | None = None,
        offset: int | None = None,
        kind: ProblemKind = ProblemKind.STRUCTURAL,
    ) -> None:
        self.problems.append(Problem(self.document_id, message, entity_id, event_id, offset, kind))


def document_problems(document: Document, schema: AnnotationSchema) -> list[Problem]:
    """Problems of the document itself: its fields and its page map."""
    found = _Collector(document.id)
    for message, kind in _attribute_problems(schema.document_fields, document.metadata, "document"):
        found.add(message, kind=kind)
    if document.pages:
        previous_end = 0
        for page in document.pages:
            if page.start != previous_end or page.end < page.start:
                found.add(f"page map is not contiguous at page {page.page}")
                break
            previous_end = page.end
        if previous_end != len(document.text):
            found.add("page map does not cover the whole text")
    return found.problems


def duplicate_problems(document_id: str, ids: Iterable[str]) -> list[Problem]:
    """One problem per id used more than once among ``ids``."""
    found = _Collector(document_id)
    ids = ids if isinstance(ids, list) else list(ids)
    if len(set(ids)) == len(ids):
        return found.problems  # the usual answer, without counting each id
    for duplicate, count in Counter(ids).items():
        if count > 1:
            found.add(f"id {duplicate} is used {count} times")
    return found.problems


def page_numbers_of(document: Document) -> set[int]:
    return {page.page for page in document.pages}


def entity_problems(
    document: Document,
    entity: EntityLike,
    schema: AnnotationSchema,
    page_numbers: set[int] | None = None,
) -> list[Problem]:
    """Problems of one entity: its type, attributes and mentions (nothing else affects them).
    ``page_numbers`` (``page_numbers_of(document)``) saves recounting them per entity."""
    text = document.text
    if page_numbers is None:
        page_numbers = page_numbers_of(document)
    entity_type = schema.entity_type(entity.type)
    length = len(text)
    if (
        entity_type is not None
        and entity.mentions
        and not _checked_suffixes(entity_type.attributes, entity.attributes)
        and all(
            0 <= m.start < m.end <= length
            and text[m.start : m.end] == m.text
            and (m.page is None or m.page in page_numbers)
            for m in entity.mentions
        )
    ):
        return []  # the common case, decided without building a message
    found = _Collector(document.id)
    add = found.add
    label = f"{entity.type} '{entity.name}'"
    first = entity.mentions[0].start if entity.mentions else None
    if entity_type is None:
        add(
            f"{label}: entity type {entity.type!r} is not in the schema",
            entity_id=entity.id,
            offset=first,
        )
    else:
        for message, kind in _attribute_problems(entity_type.attributes, entity.attributes, label):
            add(message, entity_id=entity.id, offset=first, kind=kind)
    if not entity.mentions:
        add(
            f"{label} has no mention in the text",
            entity_id=entity.id,
            kind=ProblemKind.INCOMPLETE,
        )
    for mention in entity.mentions:
        start, end, page = mention.start, mention.end, mention.page
        if (
            0 <= start < end <= length
            and text[start:end] == mention.text
            and (page is None or page in page_numbers)
        ):
            continue  # the common case, decided without building the label's message
        problem = _span_problem(text, mention, f"{label}: mention", page_numbers)
        if problem:
            add(problem, entity_id=entity.id, offset=start)
    return found.problems


@_made_once
def _roles(event_type: EventType) -> dict[str, Role]:
    """The type's roles by name."""
    return {role.name: role for role in event_type.roles}


@_made_once
def _role_rules(event_type: EventType) -> tuple[tuple[str, bool, bool], ...]:
    """``(name, required, multiple)`` of each of the type's roles, in the schema's order."""
    return tuple(
        (role.name, role.cardinality.required, role.cardinality.multiple)
        for role in event_type.roles
    )


def event_problems(
    document: Document,
    event: EventLike,
    entities: Mapping[str, EntityLike],
    schema: AnnotationSchema,
    page_numbers: set[int] | None = None,
) -> list[Problem]:
    """Problems of one event: its trigger, type, attributes and roles, which also depend on
    the types and mentions of the entities its roles point to (``entities``, by id)."""
    found = _Collector(document.id)
    add = found.add
    if page_numbers is None:
        page_numbers = page_numbers_of(document)
    label = f"event {event.type}"
    where = event.trigger.start if event.trigger else None
    if event.trigger is not None:
        problem = _span_problem(document.text, event.trigger, f"{label}: trigger", page_numbers)
        if problem:
            add(problem, event_id=event.id, offset=where)
    event_type = schema.event_type(event.type)
    if event_type is None:
        add(
            f"{label}: event type {event.type!r} is not in the schema",
            event_id=event.id,
            offset=where,
        )
        return found.problems
    for message, kind in _attribute_problems(event_type.attributes, event.attributes, label):
        add(message, event_id=event.id, offset=where, kind=kind)
    filled: Counter[str] = Counter()
    roles = _roles(event_type)
    for argument in event.arguments:
        role = roles.get(argument.role)
        if role is None:
            add(f"{label} has no role {argument.role!r}", event_id=event.id, offset=where)
            continue
        filled[argument.role] += 1
        target = entities.get(argument.entity_id)
        if target is None:
            add(
                f"{label}, role {role.name}: points to a missing entity",
                event_id=event.id,
                offset=where,
            )
            continue
        if target.type not in role.entity_types:
            add(
                f"{label}, role {role.name}: takes {', '.join(role.entity_types)}, "
                f"not {target.type}",
                event_id=event.id,
                offset=where,
            )
        if argument.mention_id and all(m.id != argument.mention_id for m in target.mentions):
            add(
                f"{label}, role {role.name}: points to a mention of another entity",
                event_id=event.id,
                offset=where,
            )
    for name, required, multiple in _role_rules(event_type):
        count = filled[name]
        if required and count == 0:
            add(
                f"{label}: required role {name} is empty",
                event_id=event.id,
                offset=where,
                kind=ProblemKind.INCOMPLETE,
            )
        if not multiple and count > 1:
            add(
                f"{label}: role {name} takes one entity but has {count}",
                event_id=event.id,
                offset=where,
            )
    return found.problems

"""What a large document's Entities tree, Events list and Problems list show, kept between
opens so that opening it again reads a few lists instead of every annotation.

Opening a document of 25,000 entities, 100,000 mentions and 10,000 events read every row and
checked every annotation (about a second) before the window was idle, only to show the same
tree and the same problems as the last time. An outline is that result, kept as JSON in the
user's cache folder, one file per document, and used only while it is exact:

- it is stamped with the document's last entry in the audit trail (its number and its hash,
  which chains over every entry before it), the numbers of entities and events, the schema,
  the text's content hash (an outline also says where the text's invisible characters are),
  this build's version and a digest of the code that finds problems and makes the lists
  (``code_digest``), so a build that checks or names anything differently never reuses one.
  The audit trail has an entry for every write to a document's rows, made by triggers in the
  database whatever wrote them, so any change by anyone since (an edit, an undo, an import,
  another reviewer) gives another stamp, and the outline is not used;
- the stamp is read before the rows the outline is made from, so a change that lands while
  they are read leaves an outline stamped older than its content, which is never used;
- a document edited since it was opened keeps no outline: what its lists show is no longer
  what the stamp read at the open describes.

Only documents with at least ``LARGE`` annotations keep one: a small document reads and checks
in a few milliseconds. The cache only ever saves time: a file that cannot be read, is damaged
or is of another build is read as no outline, and a folder that cannot be written is left
alone. Nothing here is a source of truth: edits, exports and the Problems' rechecks after an
edit read the store.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

from desktop_app import __version__
from desktop_app.core import (
    annotation_rows,
    cache_files,
    event_listing,
    invisible_chars,
    problem_book,
    validation,
)
from desktop_app.core import schema as schema_code
from desktop_app.core.annotation_rows import EntityRow
from desktop_app.core.event_listing import EventKey
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.validation import Problem, ProblemKind

FORMAT = 2  # raise when what an outline holds, or how problems are found, changes
LARGE = 2_000  # entities and events from which an open keeps an outline
KEPT = 32  # outlines kept in all; the least recently written go first
SortKey = tuple[int, str, str]
ProblemKey = tuple[int, int, int, str, int]
_START = attrgetter("start")  # in C: 25,000 entities are keyed on every full read
_KINDS = {kind.value: kind for kind in ProblemKind}


def cache_folder() -> Path:
    return cache_files.cache_folder("outlines")


def sort_key(entity: EntityRow) -> SortKey:
    """Reading order of the first mention, then name: how a reviewer meets the entities."""
    first = min(map(_START, entity.mentions), default=sys.maxsize)
    return (first, entity.name.casefold(), entity.id)


@dataclass(frozen=True, slots=True)
class EntityGroup:
    """One entity type's entities in tree order, as parallel lists."""

    type_id: str
    keys: list[SortKey]
    names: list[str]
    identifiers: list[str | None]
    counts: list[int]  # mentions


@dataclass(frozen=True, slots=True)
class DocumentOutline:
    entity_groups: list[EntityGroup]  # in the order the entities' types were first met
    event_keys: list[EventKey]  # the Events list's order
    event_labels: list[str]
    problem_count: int
    # Where the text's invisible characters are (``core.invisible_chars``): searching a 10 MB
    # text again took 22-26 ms of each open. The stamp holds the text's content hash.
    invisibles: list[int]


def entity_groups(entities: Iterable[EntityRow]) -> list[EntityGroup]:
    """The tree's groups, each in tree order, from every entity of the document."""
    by_type: dict[str, list[tuple[SortKey, EntityRow]]] = {}
    for entity in entities:
        by_type.setdefault(entity.type, []).append((sort_key(entity), entity))
    groups = []
    for type_id, keyed in by_type.items():
        keyed.sort(key=lambda pair: pair[0])
        groups.append(
            EntityGroup(
                type_id,
                [key for key, _entity in keyed],
                [entity.name for _key, entity in keyed],
                [entity.identifier for _key, entity in keyed],
                [len(entity.mentions) for _key, entity in keyed],
            )
        )
    return groups


# --- the stamp ---------------------------------------------------------------------------------

_digests: dict[int, tuple[AnnotationSchema, str]] = {}  # by schema object: a few ms to make


def _schema_digest(schema: AnnotationSchema) -> str:
    kept = _digests.get(id(schema))
    if kept is None or kept[0] is not schema:
        kept = _digests[id(schema)] = (schema, schema.content_hash)
    return kept[1]


_code: list[str] = []  # the digest, made once per run


def code_digest() -> str:
    """A digest of the code of every module whose behaviour an outline holds the result of:
    the checks, the problem book, the rows, the schema, the Events list's order and labels,
    the invisible characters' search, and this module. Made from the compiled code (names,
    constants and bytecode), so it is the same from sources or from an installer's frozen
    modules, and changes with any edit."""
    if not _code:
        modules = (
            annotation_rows,
            event_listing,
            invisible_chars,
            problem_book,
            schema_code,
            validation,
        )
        digest = hashlib.sha256()
        for module in (*modules, sys.modules[__name__]):
            for code in _codes_of(module):
                _feed(digest, code)
        _code.append(digest.hexdigest()[:16])
    return _code[0]


def _codes_of(module: ModuleType) -> Iterator[CodeType]:
    def walk(names: dict[str, Any], seen: set[int]) -> Iterator[CodeType]:
        for name in sorted(names):
            value = names[name]
            if id(value) in seen or getattr(value, "__module__", None) != module.__name__:
                continue
            seen.add(id(value))
            value = getattr(value, "__func__", value)  # class and static methods
            code = getattr(value, "__code__", None)
            if isinstance(code, CodeType):
                yield code
            elif isinstance(value, type):
                yield from walk(dict(vars(value)), seen)

    return walk(dict(vars(module)), set())


def _feed(digest: Any, code: CodeType) -> None:
    digest.update(code.co_code)
    digest.update(repr((code.co_name, code.co_names, code.co_varnames)).encode())
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            _feed(digest, constant)
        elif isinstance(constant, frozenset):  # its order changes from run to run
            digest.update(repr(sorted(map(repr, constant))).encode())
        else:
            digest.update(repr(constant).encode())


def stamp_of(
    head: tuple[int, str] | None,
    counts: tuple[int, int],
    schema: AnnotationSchema,
    content_hash: str,
) -> str | None:
    """The stamp for a document whose last audit entry is ``head``, which has ``counts``
    (entities, events) and whose text has ``content_hash``; None when it is too small to keep
    an outline or has no audit entry."""
    if head is None or sum(counts) < LARGE:
        return None
    seq, entry_hash = head
    return (
        f"{FORMAT}:{__version__}:{code_digest()}:{seq}:{entry_hash}:{counts[0]}:{counts[1]}:"
        f"{_schema_digest(schema)}:{content_hash}"
    )


def _entry(document_id: str, part: str = "") -> Path:
    name = hashlib.sha256(document_id.encode("utf-8")).hexdigest()[:32]
    return cache_folder() / f"{name}{part}.json"


# --- reading -------------------------------------------------------------------------------------


def read(document_id: str, stamp: str) -> DocumentOutline | None:
    """The lists kept for this document with exactly this stamp, else None. The problems
    themselves are read when asked for (``read_problems``)."""
    data = _read_entry(_entry(document_id), stamp)
    if data is None:
        return None
    try:
        return _outline_of(data)
    except (ValueError, TypeError, KeyError, IndexError):
        return None  # of another shape: read the store instead


def _read_entry(entry: Path, stamp: str) -> dict[str, Any] | None:
    try:
        data = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None  # gone or damaged
    return data if isinstance(data, dict) and data.get("stamp") == stamp else None


def _outline_of(data: dict[str, Any]) -> DocumentOutline:
    groups = [
        EntityGroup(
            str(group["type"]),
            list(map(tuple, group["keys"])),
            group["names"],
            group["identifiers"],
            group["counts"],
        )
        for group in data["entities"]
    ]
    for group in groups:
        if not len(group.keys) == len(group.names) == len(group.identifiers) == len(group.counts):
            raise ValueError("an entity group's lists differ in length")
    events = data["events"]
    event_keys: list[EventKey] = list(map(tuple, events["keys"]))
    if len(event_keys) != len(events["labels"]):
        raise ValueError("the events' lists differ in length")
    invisibles = data["invisibles"]
    if not all(type(offset) is int for offset in invisibles):
        raise ValueError("an invisible character's offset is not a number")
    return DocumentOutline(
        groups, event_keys, events["labels"], int(data["problem_count"]), invisibles
    )


def read_problems(document_id: str, stamp: str) -> tuple[list[ProblemKey], list[Problem]] | None:
    """The problems kept with the lists, in ``ProblemBook`` order with its keys; None if they
    are gone, damaged or of another stamp (check the document instead)."""
    data = _read_entry(_entry(document_id, ".problems"), stamp)
    if data is None:
        return None
    try:
        keys: list[ProblemKey] = list(map(tuple, data["keys"]))
        texts = data["texts"]
        messages = [texts[n] for n in data["messages"]]
        kinds = list(map(_KINDS.__getitem__, data["kinds"]))
        columns = (messages, data["entities"], data["events"], data["offsets"], kinds)
        if any(len(column) != len(keys) for column in columns):
            raise ValueError("the problems' lists differ in length")
        return keys, [
            Problem(document_id, message, entity_id, event_id, offset, kind)
            for message, entity_id, event_id, offset, kind in zip(*columns, strict=True)
        ]
    except (ValueError, TypeError, KeyError, IndexError):
        return None


# --- keeping -------------------------------------------------------------------------------------


def keep(
    document_id: str,
    stamp: str,
    outline: DocumentOutline,
    problem_keys: list[ProblemKey],
    problems: list[Problem],
) -> None:
    """Write the outline for the next open; quietly nothing if the cache cannot be written.
    The problems go first: lists found without their problems just mean a check."""
    texts: dict[str, int] = {}
    found = {
        "stamp": stamp,
        "keys": problem_keys,
        "messages": [texts.setdefault(p.message, len(texts)) for p in problems],
        "texts": list(texts),
        "entities": [p.entity_id for p in problems],
        "events": [p.event_id for p in problems],
        "offsets": [p.offset for p in problems],
        "kinds": [p.kind.value for p in problems],
    }
    lists = {
        "stamp": stamp,
        "entities": [
            {
                "type": group.type_id,
                "keys": group.keys,
                "names": group.names,
                "identifiers": group.identifiers,
                "counts": group.counts,
            }
            for group in outline.entity_groups
        ],
        "events": {"keys": outline.event_keys, "labels": outline.event_labels},
        "problem_count": len(problems),
        "invisibles": outline.invisibles,
    }
    try:
        _write(_entry(document_id, ".problems"), found)
        _write(_entry(document_id), lists)
        _prune(cache_folder())
    except (OSError, ValueError):
        pass


def _write(entry: Path, data: dict[str, Any]) -> None:
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    cache_files.write_whole(entry, encoded)  # even with two windows at once


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[2 * KEPT :]:  # two files per document
        old.unlink(missing_ok=True)

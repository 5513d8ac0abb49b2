"""Reading a document with all its annotations, in a handful of queries whatever its size.

A whole document's entities and events are read as plain tuples and validated in one call
of pydantic's compiled validator over the whole list (``TypeAdapter``), not one model
constructor call per row: at 100,000 mentions the per-call overhead was most of the time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from itertools import groupby
from operator import itemgetter
from typing import Any

from pydantic import TypeAdapter

from desktop_app.core.annotation_rows import (
    ArgumentRow,
    EntityRow,
    EventRow,
    MentionRow,
    StampRow,
    TriggerRow,
)
from desktop_app.core.errors import EditRefused
from desktop_app.core.models import AnnotatedDocument, Entity, Event
from desktop_app.core.store.documents import DocumentStore
from desktop_app.core.store.rows import argument_of, entity_of, event_of, mention_of


class MissingAnnotation(EditRefused, KeyError):
    """An entity or event id that is not (or no longer) in the store."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "annotation no longer exists"


_ENTITIES = TypeAdapter(list[Entity])
_EVENTS = TypeAdapter(list[Event])
_MENTIONS_SQL = (
    'SELECT entity_id, id, start, "end", text, page FROM mentions '
    "WHERE document_id = ? ORDER BY entity_id, position, start"
)
_ENTITIES_SQL = (
    "SELECT id, type, name, identifier, attributes, created_by, created_at, updated_by, "
    "updated_at FROM entities WHERE document_id = ? ORDER BY created_at, rowid"
)
_ARGUMENTS_SQL = (
    "SELECT a.event_id, a.id, a.role, a.entity_id, a.mention_id FROM arguments a "
    "JOIN events ON events.id = a.event_id "
    "WHERE events.document_id = ? ORDER BY a.event_id, a.position"
)
_EVENTS_SQL = (
    "SELECT id, type, trigger_start, trigger_end, trigger_text, trigger_page, attributes, "
    "created_by, created_at, updated_by, updated_at FROM events "
    "WHERE document_id = ? ORDER BY created_at, rowid"
)


_FIRST = itemgetter(0)


def _json_object(text: str) -> Any:
    return {} if text == "{}" else json.loads(text)  # most rows have no attributes


def _stamp(created_by: str, created_at: str, updated_by: str, updated_at: str) -> dict[str, str]:
    return {
        "created_by": created_by,
        "created_at": created_at,
        "updated_by": updated_by,
        "updated_at": updated_at,
    }


class AnnotationReads(DocumentStore):
    def entities(self, document_id: str) -> list[Entity]:
        mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        cursor = self.db.execute(_MENTIONS_SQL, [document_id])
        for entity_id, mention_id, start, end, text, page in cursor:
            mentions[entity_id].append(
                {"id": mention_id, "start": start, "end": end, "text": text, "page": page}
            )
        cursor = self.db.execute(_ENTITIES_SQL, [document_id])
        return _ENTITIES.validate_python(
            [
                {
                    "id": entity_id,
                    "type": type_id,
                    "name": name,
                    "identifier": identifier,
                    "attributes": _json_object(attributes),
                    "mentions": mentions[entity_id],
                    "stamp": _stamp(*stamp),
                }
                for entity_id, type_id, name, identifier, attributes, *stamp in cursor
            ]
        )

    def events(self, document_id: str) -> list[Event]:
        arguments: dict[str, list[dict[str, Any]]] = defaultdict(list)
        cursor = self.db.execute(_ARGUMENTS_SQL, [document_id])
        for event_id, argument_id, role, entity_id, mention_id in cursor:
            arguments[event_id].append(
                {"id": argument_id, "role": role, "entity_id": entity_id, "mention_id": mention_id}
            )
        cursor = self.db.execute(_EVENTS_SQL, [document_id])
        return _EVENTS.validate_python(
            [
                {
                    "id": event_id,
                    "type": type_id,
                    "trigger": None
                    if start is None
                    else {"start": start, "end": end, "text": text, "page": page},
                    "arguments": arguments[event_id],
                    "attributes": _json_object(attributes),
                    "stamp": _stamp(*stamp),
                }
                for event_id, type_id, start, end, text, page, attributes, *stamp in cursor
            ]
        )

    def entity_rows(self, document_id: str) -> list[EntityRow]:
        """The document's entities as plain rows (``core.annotation_rows``), in the order
        of ``entities``, with no model built: what opening a document reads."""
        rows = self.db.execute(_MENTIONS_SQL, [document_id]).fetchall()
        # Sorted by entity: grouped in one pass, each row made a MentionRow in C (the tuple
        # constructor, not the named tuple's Python ``__new__``): 40 ms for 100,000 mentions
        # instead of 110.
        make = tuple.__new__
        mentions: dict[str, tuple[MentionRow, ...]] = {
            entity_id: tuple(make(MentionRow, row[1:]) for row in group)
            for entity_id, group in groupby(rows, _FIRST)
        }
        del rows
        return [
            EntityRow(
                entity_id,
                type_id,
                name,
                identifier,
                _json_object(attributes),
                mentions.get(entity_id, ()),
                StampRow(*stamp),
            )
            for entity_id, type_id, name, identifier, attributes, *stamp in self.db.execute(
                _ENTITIES_SQL, [document_id]
            ).fetchall()
        ]

    def event_rows(self, document_id: str) -> list[EventRow]:
        """The document's events as plain rows, in the order of ``events``."""
        arguments: dict[str, list[ArgumentRow]] = defaultdict(list)
        for event_id, *argument in self.db.execute(_ARGUMENTS_SQL, [document_id]).fetchall():
            arguments[event_id].append(ArgumentRow(*argument))
        return [
            EventRow(
                event_id,
                type_id,
                None if start is None else TriggerRow(start, end, text, page),
                tuple(arguments.get(event_id, ())),
                _json_object(attributes),
                StampRow(*stamp),
            )
            for event_id, type_id, start, end, text, page, attributes, *stamp in self.db.execute(
                _EVENTS_SQL, [document_id]
            ).fetchall()
        ]

    def span_rows_between(
        self, document_id: str, start: int, end: int
    ) -> list[tuple[int, int, str, str, str, str]]:
        """The highlights that start in ``[start, end)`` (a region of a large document), in
        the same shape and order as ``span_rows``; cheap because the covering index is
        ordered by start."""
        mentions = self.db.execute(
            'SELECT m.start, m."end", m.id, m.entity_id, e.type FROM mentions m '
            "INDEXED BY mentions_spans JOIN entities e ON e.id = m.entity_id "
            "WHERE m.document_id = ? AND m.start >= ? AND m.start < ? ORDER BY m.start",
            [document_id, start, end],
        ).fetchall()
        triggers = self.db.execute(
            "SELECT trigger_start, trigger_end, id, type FROM events WHERE document_id = ? "
            "AND trigger_start IS NOT NULL AND trigger_start >= ? AND trigger_start < ?",
            [document_id, start, end],
        ).fetchall()
        rows = [(s, e, "mention", m, owner, kind) for s, e, m, owner, kind in mentions]
        rows += [(s, e, "trigger", event, event, kind) for s, e, event, kind in triggers]
        rows.sort()
        return rows

    def span_rows(self, document_id: str) -> list[tuple[int, int, str, str, str, str]]:
        """Every highlight of a document as ``(start, end, kind, annotation id, owner id,
        type)``, sorted by position, for opening large documents fast: mentions come in order
        from a covering index and entity types from one small query, with no join."""
        types = dict(
            self.db.execute("SELECT id, type FROM entities WHERE document_id = ?", [document_id])
        )
        mentions = self.db.execute(
            'SELECT start, "end", id, entity_id FROM mentions INDEXED BY mentions_spans '
            "WHERE document_id = ? ORDER BY start",
            [document_id],
        ).fetchall()
        triggers = self.db.execute(
            "SELECT trigger_start, trigger_end, id, type FROM events "
            "WHERE document_id = ? AND trigger_start IS NOT NULL",
            [document_id],
        ).fetchall()
        rows = [(s, e, "mention", m, owner, types[owner]) for s, e, m, owner in mentions]
        rows += [(s, e, "trigger", event, event, kind) for s, e, event, kind in triggers]
        rows.sort()
        return rows

    def longest_span(self, document_id: str) -> int:
        """The length of the document's longest highlight (0 if it has none)."""
        mention = self.db.execute(
            'SELECT MAX("end" - start) FROM mentions INDEXED BY mentions_spans '
            "WHERE document_id = ?",
            [document_id],
        ).fetchone()[0]
        trigger = self.db.execute(
            "SELECT MAX(trigger_end - trigger_start) FROM events WHERE document_id = ?",
            [document_id],
        ).fetchone()[0]
        return max(mention or 0, trigger or 0)

    def entity_reading(self, document_id: str, type_id: str, text: str) -> str | None:
        """The first-made entity of ``type_id`` in the document with a mention reading
        exactly ``text``, if any (one lookup in the ``mentions_text`` index)."""
        row = self.db.execute(
            "SELECT id FROM entities WHERE id IN (SELECT entity_id FROM mentions "
            "WHERE document_id = ? AND text = ?) AND type = ? ORDER BY created_at, rowid LIMIT 1",
            [document_id, text, type_id],
        ).fetchone()
        return None if row is None else str(row[0])

    def annotated(self, document_id: str) -> AnnotatedDocument:
        return AnnotatedDocument(
            document=self.document(document_id),
            entities=self.entities(document_id),
            events=self.events(document_id),
        )

    def entity(self, entity_id: str) -> Entity:
        row = self._one("SELECT * FROM entities WHERE id = ?", [entity_id])
        if row is None:
            raise MissingAnnotation(f"entity {entity_id} no longer exists")
        sql = "SELECT * FROM mentions WHERE entity_id = ? ORDER BY position, start"
        return entity_of(row, [mention_of(m) for m in self.db.query(sql, [entity_id])])

    def event(self, event_id: str) -> Event:
        row = self._one("SELECT * FROM events WHERE id = ?", [event_id])
        if row is None:
            raise MissingAnnotation(f"event {event_id} no longer exists")
        sql = "SELECT * FROM arguments WHERE event_id = ? ORDER BY position"
        return event_of(row, [argument_of(a) for a in self.db.query(sql, [event_id])])

    def document_of_entity(self, entity_id: str) -> str:
        row = self._one("SELECT document_id FROM entities WHERE id = ?", [entity_id])
        if row is None:
            raise MissingAnnotation(f"entity {entity_id} no longer exists")
        return str(row["document_id"])

    def document_of_event(self, event_id: str) -> str:
        row = self._one("SELECT document_id FROM events WHERE id = ?", [event_id])
        if row is None:
            raise MissingAnnotation(f"event {event_id} no longer exists")
        return str(row["document_id"])

    def annotated_names(self, limit: int = 20_000) -> list[str]:
        """Distinct mention texts and entity names across the corpus, the most often
        annotated first (for word selection)."""
        sql = (
            "SELECT name FROM (SELECT text AS name FROM mentions UNION ALL "
            "SELECT name FROM entities) AS names GROUP BY name ORDER BY COUNT(*) DESC, name LIMIT ?"
        )
        return [str(row["name"]) for row in self.db.query(sql, [limit])]

    def annotation_head(self, document_id: str) -> tuple[int, str] | None:
        """The number and hash of the document's last audit entry (None before any): every
        write to its rows, by anyone, adds one, so it changes whenever they do."""
        row = self.db.execute(
            "SELECT seq, hash FROM audit WHERE document_id = ? ORDER BY seq DESC LIMIT 1",
            [document_id],
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def entity_and_event_counts(self, document_id: str) -> tuple[int, int]:
        """How many entities and events the document has (two index counts)."""
        entities = self.db.execute(
            "SELECT COUNT(*) FROM entities WHERE document_id = ?", [document_id]
        ).fetchone()[0]
        events = self.db.execute(
            "SELECT COUNT(*) FROM events WHERE document_id = ?", [document_id]
        ).fetchone()[0]
        return int(entities), int(events)

    def events_pointing_to(self, entity_ids: Collection[str]) -> set[str]:
        """The events with a role pointing to any of these entities (the ``arguments_entity``
        index): what an edit of them must check again, without reading every event."""
        ids = list(entity_ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):  # within any engine's limit on parameters
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT DISTINCT event_id FROM arguments WHERE entity_id IN ({marks})", chunk
            ).fetchall()
            found.update(str(row[0]) for row in rows)
        return found

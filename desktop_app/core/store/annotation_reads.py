"""Reading a document with all its annotations, in a handful of queries whatever its size."""

from __future__ import annotations

from collections import defaultdict

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import AnnotatedDocument, Argument, Entity, Event, Mention
from desktop_app.core.store.documents import DocumentStore
from desktop_app.core.store.rows import argument_of, entity_of, event_of, mention_of


class MissingAnnotation(EditRefused, KeyError):
    """An entity or event id that is not (or no longer) in the store."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "annotation no longer exists"


class AnnotationReads(DocumentStore):
    def entities(self, document_id: str) -> list[Entity]:
        mentions: dict[str, list[Mention]] = defaultdict(list)
        sql = (
            'SELECT id, entity_id, start, "end", text, page FROM mentions '
            "WHERE document_id = ? ORDER BY entity_id, position, start"
        )
        for row in self.db.query(sql, [document_id]):
            mentions[row["entity_id"]].append(mention_of(row))
        sql = "SELECT * FROM entities WHERE document_id = ? ORDER BY created_at, rowid"
        return [entity_of(row, mentions[row["id"]]) for row in self.db.query(sql, [document_id])]

    def events(self, document_id: str) -> list[Event]:
        arguments: dict[str, list[Argument]] = defaultdict(list)
        sql = (
            "SELECT arguments.* FROM arguments JOIN events ON events.id = arguments.event_id "
            "WHERE events.document_id = ? ORDER BY arguments.event_id, arguments.position"
        )
        for row in self.db.query(sql, [document_id]):
            arguments[row["event_id"]].append(argument_of(row))
        sql = "SELECT * FROM events WHERE document_id = ? ORDER BY created_at, rowid"
        return [event_of(row, arguments[row["id"]]) for row in self.db.query(sql, [document_id])]

    def span_rows_before(
        self, document_id: str, limit: int
    ) -> list[tuple[int, int, str, str, str, str]]:
        """The highlights that start before offset ``limit`` (the first screen of a document),
        in the same shape and order as ``span_rows``; cheap because the covering index is
        ordered by start."""
        mentions = self.db.execute(
            'SELECT m.start, m."end", m.id, m.entity_id, e.type FROM mentions m '
            "INDEXED BY mentions_spans JOIN entities e ON e.id = m.entity_id "
            "WHERE m.document_id = ? AND m.start < ? ORDER BY m.start",
            [document_id, limit],
        ).fetchall()
        triggers = self.db.execute(
            "SELECT trigger_start, trigger_end, id, type FROM events "
            "WHERE document_id = ? AND trigger_start IS NOT NULL AND trigger_start < ?",
            [document_id, limit],
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

    def annotated_names(self, limit: int = 50_000) -> list[str]:
        """Distinct mention texts and entity names across the corpus (for word selection)."""
        sql = (
            "SELECT text AS name FROM mentions UNION SELECT name FROM entities "
            "ORDER BY name LIMIT ?"
        )
        return [str(row["name"]) for row in self.db.query(sql, [limit])]

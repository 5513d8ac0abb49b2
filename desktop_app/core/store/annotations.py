"""Edits of entities, mentions, events and arguments.

Every method checks the edit against the document's text and the schema, runs it in one
transaction and returns either what changed or a removal record that ``restore_*`` puts back
exactly (same ids, same positions) — which is what undo needs.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from typing import Any

from pydantic import Field

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import (
    Argument,
    Attributes,
    Changes,
    Entity,
    Event,
    Mention,
    PageSpan,
    Plain,
    Span,
)
from desktop_app.core.store.annotation_reads import MissingAnnotation
from desktop_app.core.store.comments import CommentStore
from desktop_app.core.store.documents import new_id
from desktop_app.core.store.review import ReviewStore
from desktop_app.core.store.rows import (
    Row,
    argument_of,
    mention_of,
    stamp_columns,
    trigger_columns,
)
from desktop_app.core.store.sources import SourceStore
from desktop_app.core.text import is_character_boundary


class ArgumentPlace(Plain):
    """An argument with the event and position it occupied, for restoring it."""

    event_id: str
    position: int
    argument: Argument


class EntityRemoval(Plain):
    document_id: str
    entity: Entity
    arguments: list[ArgumentPlace] = Field(default_factory=list)
    rowid: int | None = None  # keeps its place among entities created in the same millisecond
    version: int = 1  # the entity's version when removed; restored as the next one


class MentionRemoval(Plain):
    document_id: str
    entity_id: str
    position: int
    mention: Mention
    argument_ids: list[str] = Field(default_factory=list)


class EventRemoval(Plain):
    document_id: str
    event: Event
    rowid: int | None = None  # keeps its place among events created in the same millisecond
    version: int = 1


def page_at(pages: list[PageSpan], offset: int) -> int | None:
    """The page a character came from, or None for documents without pages."""
    if not pages:
        return None
    index = bisect_right([page.start for page in pages], offset) - 1
    return pages[max(index, 0)].page


class Store(ReviewStore, CommentStore, SourceStore):
    """The application's data: documents (see ``DocumentStore``), their annotations, and their
    review: status, comments and audit trail (``ReviewStore``, ``CommentStore``, ``AuditStore``)."""

    def _pages(self, document_id: str) -> list[PageSpan]:
        row = self._one("SELECT pages FROM documents WHERE id = ?", [document_id])
        return [] if row is None else [PageSpan(**p) for p in json.loads(row["pages"])]

    def make_span(self, document_id: str, start: int, end: int) -> Span:
        """A checked span over the document's text: non-empty, in range, whole characters."""
        text = self.text_of(document_id)
        if not 0 <= start < end <= len(text):
            raise EditRefused(f"span {start}–{end} is outside the text (length {len(text)})")
        if not (is_character_boundary(text, start) and is_character_boundary(text, end)):
            raise EditRefused(f"span {start}–{end} splits a character")
        covered = text[start:end]
        if not covered.strip():
            raise EditRefused("the selection is only white space")
        return Span(
            start=start, end=end, text=covered, page=page_at(self._pages(document_id), start)
        )

    def _check_entity_type(self, type_id: str) -> None:
        if self.schema.entity_type(type_id) is None:
            raise EditRefused(f"unknown entity type {type_id!r} in schema {self.schema.name}")

    def _check_event_type(self, type_id: str) -> None:
        if self.schema.event_type(type_id) is None:
            raise EditRefused(f"unknown event type {type_id!r} in schema {self.schema.name}")

    # --- entities and mentions -------------------------------------------------------------
    #
    # Every edit reads what it checks inside its own write transaction (BEGIN IMMEDIATE), so
    # another window or process cannot change the row between the check and the write. The
    # ``expected`` arguments are the version of the row the edit was based on: a row that has
    # moved on since is refused (``StaleEdit``) instead of overwritten.

    def create_entity(
        self,
        document_id: str,
        type_id: str,
        spans: list[tuple[int, int]],
        name: str | None = None,
        attributes: Attributes | None = None,
        identifier: str | None = None,
    ) -> Entity:
        """A new entity with one mention per span; its name defaults to the first span's text."""
        self._check_entity_type(type_id)
        checked = [self.make_span(document_id, start, end) for start, end in spans]
        mentions = [Mention(id=new_id(), **span.model_dump()) for span in checked]
        entity = Entity(
            id=new_id(),
            type=type_id,
            name=name or (checked[0].text.strip() if checked else type_id),
            identifier=identifier,
            attributes=dict(attributes or {}),
            mentions=mentions,
            stamp=self._new_stamp(),
        )
        with self.transaction():
            self._require_editable(document_id)
            self._insert_entity(document_id, entity)
        return entity

    def _free_rowid(self, table: str, rowid: int | None) -> dict[str, int]:
        """``{"rowid": rowid}`` when a restored row can take its old place back, else ``{}``."""
        if rowid is None or self._one(f"SELECT 1 FROM {table} WHERE rowid = ?", [rowid]):
            return {}
        return {"rowid": rowid}

    def _rowid(self, table: str, row_id: str) -> int | None:
        row = self._one(f"SELECT rowid FROM {table} WHERE id = ?", [row_id])
        return None if row is None else int(row["rowid"])

    def _refuse_existing(self, table: str, row_id: str, what: str) -> None:
        if self._one(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]) is not None:
            raise EditRefused(f"{what} is already there (put back by someone else); nothing done")

    def _insert_entity(
        self, document_id: str, entity: Entity, rowid: int | None = None, version: int = 1
    ) -> None:
        self.db.table("entities").insert(
            {
                **self._free_rowid("entities", rowid),
                "id": entity.id,
                "document_id": document_id,
                "type": entity.type,
                "name": entity.name,
                "identifier": entity.identifier,
                "attributes": json.dumps(entity.attributes, ensure_ascii=False),
                **stamp_columns(entity.stamp),
                "version": version,
            }
        )
        for position, mention in enumerate(entity.mentions):
            self._insert_mention(document_id, entity.id, mention, position, entity.stamp.created_by)

    def _insert_mention(
        self, document_id: str, entity_id: str, mention: Mention, position: int, by: str
    ) -> None:
        now = self.clock()
        self.db.table("mentions").insert(
            {
                **mention.model_dump(),
                "entity_id": entity_id,
                "document_id": document_id,
                "position": position,
                "created_by": by,
                "created_at": now,
                "updated_by": self.actor,
                "updated_at": now,
            }
        )

    def _entity_row(self, entity_id: str) -> Row:
        row = self._one("SELECT document_id, name FROM entities WHERE id = ?", [entity_id])
        if row is None:
            raise MissingAnnotation(f"entity {entity_id} no longer exists")
        return row

    def add_mention(
        self, entity_id: str, start: int, end: int, *, expected: int | None = None
    ) -> Mention:
        """Another mention of an entity; ``expected`` is the entity's version."""
        document_id = self.document_of_entity(entity_id)
        span = self.make_span(document_id, start, end)
        mention = Mention(id=new_id(), **span.model_dump())
        with self.transaction():
            entity = self._entity_row(entity_id)
            self._require_editable(document_id)
            self.check_version("entities", entity_id, expected, f"entity {entity['name']}")
            row = self._one(
                "SELECT COALESCE(MAX(position), -1) + 1 AS next FROM mentions WHERE entity_id = ?",
                [entity_id],
            )
            self._insert_mention(
                document_id, entity_id, mention, int(row["next"] if row else 0), self.actor
            )
            self._write("entities", entity_id)
        return mention

    def remove_mention(self, mention_id: str, *, expected: int | None = None) -> MentionRemoval:
        """Remove one mention; ``expected`` is its entity's version."""
        with self.transaction():
            row = self._one("SELECT * FROM mentions WHERE id = ?", [mention_id])
            if row is None:
                raise EditRefused("that mention no longer exists")
            self._require_editable(row["document_id"])
            entity = self._entity_row(row["entity_id"])
            self.check_version("entities", row["entity_id"], expected, f"entity {entity['name']}")
            argument_ids = [
                r["id"]
                for r in self.db.query(
                    "SELECT id FROM arguments WHERE mention_id = ?", [mention_id]
                )
            ]
            removal = MentionRemoval(
                document_id=row["document_id"],
                entity_id=row["entity_id"],
                position=row["position"],
                mention=mention_of(row),
                argument_ids=argument_ids,
            )
            self.db.table("mentions").delete(mention_id)
            self._write("entities", row["entity_id"])
        return removal

    def restore_mention(self, removal: MentionRemoval, *, expected: int | None = None) -> Changes:
        """Put a removed mention back; ``expected`` is its entity's version."""
        with self.transaction():
            entity = self._entity_row(removal.entity_id)
            self._require_editable(removal.document_id)
            self.check_version("entities", removal.entity_id, expected, f"entity {entity['name']}")
            self._refuse_existing("mentions", removal.mention.id, "that mention")
            self._insert_mention(
                removal.document_id,
                removal.entity_id,
                removal.mention,
                removal.position,
                self.actor,
            )
            for argument_id in removal.argument_ids:
                self.db.execute(
                    "UPDATE arguments SET mention_id = ?, version = version + 1 "
                    "WHERE id = ? AND mention_id IS NULL",
                    [removal.mention.id, argument_id],
                )
            version = self._write("entities", removal.entity_id)
        return Changes(
            documents={removal.document_id},
            entities={removal.entity_id},
            versions={removal.entity_id: version},
        )

    def update_entity(
        self,
        entity_id: str,
        *,
        type_id: str | None = None,
        name: str | None = None,
        identifier: str | None = None,
        attributes: Attributes | None = None,
        set_attributes: Attributes | None = None,
        expected: int | None = None,
    ) -> Changes:
        """Change any of an entity's type, name, identifier (``""`` clears) or attributes:
        ``attributes`` replaces them all, ``set_attributes`` changes only the keys it names
        (None removes one), leaving the others as stored."""
        document_id = self.document_of_entity(entity_id)
        updates: Row = {}
        if type_id is not None:
            self._check_entity_type(type_id)
            updates["type"] = type_id
        if name is not None:
            if not name.strip():
                raise EditRefused("an entity needs a name")
            updates["name"] = name
        if identifier is not None:
            updates["identifier"] = identifier or None
        if attributes is not None:
            updates["attributes"] = json.dumps(attributes, ensure_ascii=False)
        with self.transaction():
            entity = self._entity_row(entity_id)
            self._require_editable(document_id)
            version = self._write(
                "entities",
                entity_id,
                updates,
                expected=expected,
                what=f"entity {entity['name']}",
                expressions=_json_patch("attributes", set_attributes),
            )
        return Changes(documents={document_id}, entities={entity_id}, versions={entity_id: version})

    def delete_entity(self, entity_id: str, *, expected: int | None = None) -> EntityRemoval:
        """Remove an entity, its mentions and every event argument pointing to it."""
        with self.transaction() as db:
            entity = self.entity(entity_id)
            document_id = self.document_of_entity(entity_id)
            self._require_editable(document_id)
            self.check_version("entities", entity_id, expected, f"entity {entity.name}")
            places = [
                ArgumentPlace(
                    event_id=row["event_id"],
                    position=row["position"],
                    argument=argument_of(row),
                )
                for row in self.db.query("SELECT * FROM arguments WHERE entity_id = ?", [entity_id])
            ]
            rowid = self._rowid("entities", entity_id)
            version = self.version_of("entities", entity_id) or 1
            db.table("entities").delete(entity_id)
            for event_id in dict.fromkeys(place.event_id for place in places):
                self._write("events", event_id, restamp=False)  # a role of it was emptied
        return EntityRemoval(
            document_id=document_id, entity=entity, arguments=places, rowid=rowid, version=version
        )

    def restore_entity(self, removal: EntityRemoval) -> Changes:
        """Put a deleted entity back exactly (same ids), with the roles it filled."""
        versions: dict[str, int] = {}
        with self.transaction():
            self._require_editable(removal.document_id)
            self._refuse_existing("entities", removal.entity.id, f"entity {removal.entity.name}")
            self._insert_entity(
                removal.document_id, removal.entity, removal.rowid, removal.version + 1
            )
            for place in removal.arguments:
                if self.version_of("events", place.event_id) is None:
                    raise EditRefused("an event it filled a role of no longer exists")
                self._insert_argument(place.event_id, place.argument, place.position)
            for event_id in dict.fromkeys(place.event_id for place in removal.arguments):
                versions[event_id] = self._write("events", event_id, restamp=False)
            versions[removal.entity.id] = removal.version + 1
        return Changes(
            documents={removal.document_id},
            entities={removal.entity.id},
            events={place.event_id for place in removal.arguments},
            versions=versions,
        )

    # --- events and arguments -------------------------------------------------------------

    def create_event(
        self,
        document_id: str,
        type_id: str,
        trigger: tuple[int, int] | None = None,
        attributes: Attributes | None = None,
    ) -> Event:
        self._check_event_type(type_id)
        span = self.make_span(document_id, *trigger) if trigger else None
        event = Event(
            id=new_id(),
            type=type_id,
            trigger=span,
            attributes=dict(attributes or {}),
            stamp=self._new_stamp(),
        )
        with self.transaction():
            self._require_editable(document_id)
            self._insert_event(document_id, event)
        return event

    def _insert_event(
        self, document_id: str, event: Event, rowid: int | None = None, version: int = 1
    ) -> None:
        self.db.table("events").insert(
            {
                **self._free_rowid("events", rowid),
                "id": event.id,
                "document_id": document_id,
                "type": event.type,
                **trigger_columns(event.trigger),
                "attributes": json.dumps(event.attributes, ensure_ascii=False),
                **stamp_columns(event.stamp),
                "version": version,
            }
        )
        for position, argument in enumerate(event.arguments):
            self._insert_argument(event.id, argument, position)

    def update_event(
        self,
        event_id: str,
        *,
        type_id: str | None = None,
        trigger: tuple[int, int] | None = None,
        clear_trigger: bool = False,
        attributes: Attributes | None = None,
        set_attributes: Attributes | None = None,
        expected: int | None = None,
    ) -> Changes:
        """Change an event's type, trigger or attributes (``set_attributes``: only those keys)."""
        document_id = self.document_of_event(event_id)
        updates: Row = {}
        if type_id is not None:
            self._check_event_type(type_id)
            updates["type"] = type_id
        if trigger is not None:
            updates.update(trigger_columns(self.make_span(document_id, *trigger)))
        elif clear_trigger:
            updates.update(trigger_columns(None))
        if attributes is not None:
            updates["attributes"] = json.dumps(attributes, ensure_ascii=False)
        with self.transaction():
            self._require_editable(document_id)
            version = self._write(
                "events",
                event_id,
                updates,
                expected=expected,
                what="the event",
                expressions=_json_patch("attributes", set_attributes),
            )
        return Changes(documents={document_id}, events={event_id}, versions={event_id: version})

    def delete_event(self, event_id: str, *, expected: int | None = None) -> EventRemoval:
        with self.transaction() as db:
            event = self.event(event_id)
            document_id = self.document_of_event(event_id)
            self._require_editable(document_id)
            self.check_version("events", event_id, expected, f"event {event.type}")
            rowid = self._rowid("events", event_id)
            version = self.version_of("events", event_id) or 1
            db.table("events").delete(event_id)
        return EventRemoval(document_id=document_id, event=event, rowid=rowid, version=version)

    def restore_event(self, removal: EventRemoval) -> Changes:
        with self.transaction():
            self._require_editable(removal.document_id)
            self._refuse_existing("events", removal.event.id, f"event {removal.event.type}")
            for argument in removal.event.arguments:
                if self.version_of("entities", argument.entity_id) is None:
                    raise EditRefused("an entity that filled one of its roles no longer exists")
            self._insert_event(
                removal.document_id, removal.event, removal.rowid, removal.version + 1
            )
        return Changes(
            documents={removal.document_id},
            events={removal.event.id},
            versions={removal.event.id: removal.version + 1},
        )

    def _insert_argument(self, event_id: str, argument: Argument, position: int) -> None:
        now = self.clock()
        self.db.table("arguments").insert(
            {
                **argument.model_dump(),
                "event_id": event_id,
                "position": position,
                "created_by": self.actor,
                "created_at": now,
                "updated_by": self.actor,
                "updated_at": now,
            }
        )

    def add_argument(
        self,
        event_id: str,
        role: str,
        entity_id: str,
        mention_id: str | None = None,
        *,
        expected: int | None = None,
    ) -> Argument:
        """Fill ``role`` of an event with an entity of the same document and an allowed type;
        ``expected`` is the event's version."""
        with self.transaction():
            document_id = self.document_of_event(event_id)
            self._require_editable(document_id)
            event = self.event(event_id)
            self.check_version("events", event_id, expected, f"event {event.type}")
            event_type = self.schema.event_type(event.type)
            role_spec = event_type.role(role) if event_type else None
            if role_spec is None:
                raise EditRefused(f"{event.type} has no role {role!r}")
            entity = self.entity(entity_id)
            if self.document_of_entity(entity_id) != document_id:
                raise EditRefused("an argument must be an entity of the same document")
            if entity.type not in role_spec.entity_types:
                allowed = ", ".join(role_spec.entity_types)
                raise EditRefused(f"role {role} takes {allowed}, not {entity.type}")
            filled = [a for a in event.arguments if a.role == role]
            if not role_spec.cardinality.multiple and filled:
                raise EditRefused(f"role {role} takes one entity and is already filled")
            if any(a.entity_id == entity_id for a in filled):
                raise EditRefused(f"{entity.name} already fills role {role}")
            if mention_id is not None and mention_id not in {m.id for m in entity.mentions}:
                raise EditRefused("that mention does not belong to the chosen entity")
            argument = Argument(id=new_id(), role=role, entity_id=entity_id, mention_id=mention_id)
            position = max((p for p in self._argument_positions(event_id)), default=-1) + 1
            self._insert_argument(event_id, argument, position)
            self._write("events", event_id)
        return argument

    def _argument_positions(self, event_id: str) -> list[int]:
        sql = "SELECT position FROM arguments WHERE event_id = ?"
        return [int(row[0]) for row in self.db.execute(sql, [event_id])]

    def remove_argument(self, argument_id: str, *, expected: int | None = None) -> ArgumentPlace:
        """Empty a role; ``expected`` is the event's version."""
        with self.transaction():
            row = self._one("SELECT * FROM arguments WHERE id = ?", [argument_id])
            if row is None:
                raise EditRefused("that argument no longer exists")
            self._require_editable(self.document_of_event(row["event_id"]))
            self.check_version("events", row["event_id"], expected, "the event")
            place = ArgumentPlace(
                event_id=row["event_id"], position=row["position"], argument=argument_of(row)
            )
            self.db.table("arguments").delete(argument_id)
            self._write("events", row["event_id"])
        return place

    def restore_argument(self, place: ArgumentPlace, *, expected: int | None = None) -> Changes:
        """Fill a role again as it was; ``expected`` is the event's version."""
        with self.transaction():
            document_id = self.document_of_event(place.event_id)
            self._require_editable(document_id)
            self.check_version("events", place.event_id, expected, "the event")
            self._refuse_existing("arguments", place.argument.id, "that role filling")
            if self.version_of("entities", place.argument.entity_id) is None:
                raise EditRefused("the entity that filled this role no longer exists")
            argument = place.argument
            if (
                argument.mention_id is not None
                and self.version_of("mentions", argument.mention_id) is None
            ):
                argument = argument.model_copy(update={"mention_id": None})
            self._insert_argument(place.event_id, argument, place.position)
            version = self._write("events", place.event_id)
        return Changes(events={place.event_id}, versions={place.event_id: version})

    # --- whole documents --------------------------------------------------------------------

    def insert_annotations(
        self, document_id: str, entities: list[Entity], events: list[Event]
    ) -> None:
        """Write annotations as given (bundle import, samples) inside the caller's transaction."""
        for entity in entities:
            self._insert_entity(document_id, entity)
        for event in events:
            self._insert_event(document_id, event)


def _json_patch(column: str, values: Attributes | None) -> dict[str, tuple[str, list[Any]]]:
    """An SQL expression changing only the named keys of a JSON column (None removes a key)."""
    if not values:
        return {}
    sql = column
    params: list[Any] = []
    for key, value in values.items():
        path = "$." + json.dumps(key, ensure_ascii=False)
        if value is None:
            sql = f"json_remove({sql}, ?)"
            params.append(path)
        else:
            sql = f"json_set({sql}, ?, json(?))"
            params += [path, json.dumps(value, ensure_ascii=False)]
    return {column: (sql, params)}

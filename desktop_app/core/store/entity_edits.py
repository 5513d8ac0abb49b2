"""Edits of entities and their mentions: each checks the span against the text and the type
against the schema, runs in one write transaction, and raises the entity's version."""

from __future__ import annotations

import json

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import (
    Attributes,
    Changes,
    Entity,
    Mention,
)
from desktop_app.core.store.annotation_reads import MissingAnnotation
from desktop_app.core.store.base import new_id
from desktop_app.core.store.edit_support import (
    INSERT_BATCH,
    ArgumentPlace,
    EditSupport,
    EntityRemoval,
    MentionRemoval,
    json_patch,
)
from desktop_app.core.store.rows import (
    Row,
    argument_of,
    mention_of,
    stamp_columns,
)


class EntityEdits(EditSupport):
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
        suggested_by: str | None = None,
    ) -> Entity:
        """A new entity with one mention per span; its name defaults to the first span's text.
        ``suggested_by``: the rule of the suggestion accepted, recorded on its mentions."""
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
            self._insert_entity(document_id, entity, suggested_by=suggested_by)
        return entity

    def _insert_entity(
        self,
        document_id: str,
        entity: Entity,
        rowid: int | None = None,
        version: int = 1,
        suggested_by: str | None = None,
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
        self._insert_mentions(
            document_id, entity.id, entity.mentions, 0, entity.stamp.created_by, suggested_by
        )

    def _insert_mentions(
        self,
        document_id: str,
        entity_id: str,
        mentions: list[Mention],
        first_position: int,
        by: str,
        suggested_by: str | None = None,
    ) -> None:
        """Mentions of one entity at positions from ``first_position``, in multi-row inserts
        (an entity of 1,000 mentions put back is a dozen statements, not 1,000); the audit
        trail records each row, in order, as one insert each would."""
        if not mentions:
            return
        now = self.clock()
        # Only a mention accepted from a suggestion names a rule: other rows leave the column
        # out, so they write exactly what they wrote before it existed.
        rule = {} if suggested_by is None else {"suggested_by": suggested_by}
        rows = [
            {
                **mention.model_dump(),
                **rule,
                "entity_id": entity_id,
                "document_id": document_id,
                "position": first_position + offset,
                "created_by": by,
                "created_at": now,
                "updated_by": self.actor,
                "updated_at": now,
            }
            for offset, mention in enumerate(mentions)
        ]
        self.db.table("mentions").insert_all(rows, batch_size=INSERT_BATCH)

    def _entity_row(self, entity_id: str) -> Row:
        row = self._one("SELECT document_id, name FROM entities WHERE id = ?", [entity_id])
        if row is None:
            raise MissingAnnotation(f"entity {entity_id} no longer exists")
        return row

    def add_mention(
        self,
        entity_id: str,
        start: int,
        end: int,
        *,
        expected: int | None = None,
        suggested_by: str | None = None,
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
            self._insert_mentions(
                document_id,
                entity_id,
                [mention],
                int(row["next"] if row else 0),
                self.actor,
                suggested_by,
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
            self._insert_mentions(
                removal.document_id,
                removal.entity_id,
                [removal.mention],
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
                expressions=json_patch("attributes", set_attributes),
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
            events = list(dict.fromkeys(place.event_id for place in removal.arguments))
            if any(self.version_of("events", event_id) is None for event_id in events):
                raise EditRefused("an event it filled a role of no longer exists")
            self._insert_arguments(
                [(place.event_id, place.argument, place.position) for place in removal.arguments]
            )
            for event_id in events:
                versions[event_id] = self._write("events", event_id, restamp=False)
            versions[removal.entity.id] = removal.version + 1
        return Changes(
            documents={removal.document_id},
            entities={removal.entity.id},
            events={place.event_id for place in removal.arguments},
            versions=versions,
        )

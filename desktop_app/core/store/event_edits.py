"""Edits of events and the roles their arguments fill: each checks the trigger span, the
role and the entity type against the schema, runs in one write transaction, and raises the
event's version."""

from __future__ import annotations

import json

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import (
    Argument,
    Attributes,
    Changes,
    Event,
)
from desktop_app.core.store.base import new_id
from desktop_app.core.store.edit_support import (
    ArgumentPlace,
    EditSupport,
    EventRemoval,
    json_patch,
)
from desktop_app.core.store.rows import (
    Row,
    argument_of,
    stamp_columns,
    trigger_columns,
)


class EventEdits(EditSupport):
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
        self._insert_arguments(
            [(event.id, argument, position) for position, argument in enumerate(event.arguments)]
        )

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
                expressions=json_patch("attributes", set_attributes),
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
            fillers = dict.fromkeys(argument.entity_id for argument in removal.event.arguments)
            if any(self.version_of("entities", entity_id) is None for entity_id in fillers):
                raise EditRefused("an entity that filled one of its roles no longer exists")
            self._insert_event(
                removal.document_id, removal.event, removal.rowid, removal.version + 1
            )
        return Changes(
            documents={removal.document_id},
            events={removal.event.id},
            versions={removal.event.id: removal.version + 1},
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

"""Edits of entities, mentions, events and role fillings, each with its exact inverse.

Redo after undo puts back exactly what undo removed (same ids, same positions), so the steps
above it on the stack stay valid. Every step states the version of the rows it is based on:
the entity for its mentions and fields, the event for its roles and fields.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.edits.history import Edit, Versions
from desktop_app.core.errors import EditRefused
from desktop_app.core.models import Attributes, Changes
from desktop_app.core.store import (
    ArgumentPlace,
    EntityRemoval,
    EventRemoval,
    MentionRemoval,
    Store,
)


def _version(store: Store, table: str, row_id: str) -> dict[str, int]:
    version = store.version_of(table, row_id)
    return {} if version is None else {row_id: version}


def _events_touched(store: Store, removal: EntityRemoval) -> Changes:
    """What removing an entity changed: the entity, and the events whose roles it filled."""
    events = {place.event_id for place in removal.arguments}
    versions: dict[str, int] = {}
    for event_id in events:
        versions |= _version(store, "events", event_id)
    return Changes(
        documents={removal.document_id},
        removed_entities={removal.entity.id},
        events=events,
        versions=versions,
    )


def _check_events(store: Store, removal: EntityRemoval, based_on: Versions) -> None:
    # Someone may have filled the emptied roles anew since: putting the old filling back then
    # would overwrite their choice (or break a role that takes one entity).
    for event_id in {place.event_id for place in removal.arguments}:
        store.check_version("events", event_id, based_on.get(event_id), "an event it filled")


def attribute_patch(old: Attributes, new: Attributes) -> Attributes:
    """The keys that differ, with their new value (None: removed)."""
    return {
        key: new.get(key) for key in dict.fromkeys([*old, *new]) if old.get(key) != new.get(key)
    }


def _field_arguments(fields: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Store arguments for setting ``fields`` over ``other``: attributes become a patch of
    only the keys that change, never the whole dict written back."""
    arguments = {key: value for key, value in fields.items() if key != "attributes"}
    if "attributes" in fields:
        arguments["set_attributes"] = attribute_patch(
            dict(other.get("attributes") or {}), dict(fields["attributes"] or {})
        )
    return arguments


class CreateEntity(Edit):
    def __init__(
        self,
        document_id: str,
        type_id: str,
        spans: list[tuple[int, int]],
        name: str | None = None,
        attributes: Attributes | None = None,
        suggested_by: str | None = None,
    ) -> None:
        super().__init__(f"Create {type_id}")
        self.document_id, self.type_id, self.spans = document_id, type_id, spans
        self.name, self.attributes = name, attributes
        self.suggested_by = suggested_by  # the rule of an accepted suggestion
        self.entity_id = ""
        self._removal: EntityRemoval | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        if self._removal is not None:
            _check_events(store, self._removal, based_on)
            return store.restore_entity(self._removal)
        if self.entity_id:
            raise EditRefused(f"“{self.title}” cannot be redone: it was never undone")
        entity = store.create_entity(
            self.document_id,
            self.type_id,
            self.spans,
            name=self.name,
            attributes=self.attributes,
            suggested_by=self.suggested_by,
        )
        self.entity_id = entity.id
        self.title = f"Create {store.schema.label(self.type_id)} '{entity.name}'"
        return Changes(documents={self.document_id}, entities={entity.id}, versions={entity.id: 1})

    def revert(self, store: Store, based_on: Versions) -> Changes:
        self._removal = store.delete_entity(self.entity_id, expected=based_on.get(self.entity_id))
        return _events_touched(store, self._removal)


class DeleteEntity(Edit):
    def __init__(self, entity_id: str, label: str) -> None:
        super().__init__(f"Delete {label}")
        self.entity_id = entity_id
        self._removal: EntityRemoval | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        self._removal = store.delete_entity(self.entity_id, expected=based_on.get(self.entity_id))
        return _events_touched(store, self._removal)

    def revert(self, store: Store, based_on: Versions) -> Changes:
        assert self._removal is not None
        _check_events(store, self._removal, based_on)
        return store.restore_entity(self._removal)


class AddMention(Edit):
    def __init__(
        self, entity_id: str, start: int, end: int, label: str, suggested_by: str | None = None
    ) -> None:
        super().__init__(f"Add mention of {label}")
        self.entity_id, self.start, self.end = entity_id, start, end
        self.suggested_by = suggested_by  # the rule of an accepted suggestion
        self.mention_id = ""
        self._removal: MentionRemoval | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        expected = based_on.get(self.entity_id)
        if self._removal is not None:
            return store.restore_mention(self._removal, expected=expected)
        mention = store.add_mention(
            self.entity_id,
            self.start,
            self.end,
            expected=expected,
            suggested_by=self.suggested_by,
        )
        self.mention_id = mention.id
        return Changes(
            entities={self.entity_id}, versions=_version(store, "entities", self.entity_id)
        )

    def revert(self, store: Store, based_on: Versions) -> Changes:
        self._removal = store.remove_mention(self.mention_id, expected=based_on.get(self.entity_id))
        return Changes(
            entities={self.entity_id}, versions=_version(store, "entities", self.entity_id)
        )


class RemoveMention(Edit):
    def __init__(self, mention_id: str, entity_id: str) -> None:
        super().__init__("Remove mention")
        self.mention_id, self.entity_id = mention_id, entity_id
        self._removal: MentionRemoval | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        self._removal = store.remove_mention(self.mention_id, expected=based_on.get(self.entity_id))
        return Changes(
            entities={self.entity_id}, versions=_version(store, "entities", self.entity_id)
        )

    def revert(self, store: Store, based_on: Versions) -> Changes:
        assert self._removal is not None
        return store.restore_mention(self._removal, expected=based_on.get(self.entity_id))


class UpdateEntity(Edit):
    """Change some of type, name, identifier, attributes; ``old``/``new`` hold those fields
    (``type_id``, ``name``, ``identifier``, ``attributes``)."""

    def __init__(
        self, entity_id: str, old: dict[str, Any], new: dict[str, Any], title: str
    ) -> None:
        super().__init__(title)
        self.entity_id, self.old, self.new = entity_id, old, new

    def apply(self, store: Store, based_on: Versions) -> Changes:
        return store.update_entity(
            self.entity_id,
            **_field_arguments(self.new, self.old),
            expected=based_on.get(self.entity_id),
        )

    def revert(self, store: Store, based_on: Versions) -> Changes:
        return store.update_entity(
            self.entity_id,
            **_field_arguments(self.old, self.new),
            expected=based_on.get(self.entity_id),
        )


class CreateEvent(Edit):
    def __init__(self, document_id: str, type_id: str, trigger: tuple[int, int] | None) -> None:
        super().__init__(f"Create event {type_id}")
        self.document_id, self.type_id, self.trigger = document_id, type_id, trigger
        self.event_id = ""
        self._removal: EventRemoval | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        if self._removal is not None:
            return store.restore_event(self._removal)
        if self.event_id:
            raise EditRefused(f"“{self.title}” cannot be redone: it was never undone")
        self.event_id = store.create_event(self.document_id, self.type_id, self.trigger).id
        self.title = f"Create event {store.schema.label(self.type_id)}"
        return Changes(
            documents={self.document_id}, events={self.event_id}, versions={self.event_id: 1}
        )

    def revert(self, store: Store, based_on: Versions) -> Changes:
        self._removal = store.delete_event(self.event_id, expected=based_on.get(self.event_id))
        return Changes(removed_events={self.event_id})


class DeleteEvent(Edit):
    def __init__(self, event_id: str, label: str) -> None:
        super().__init__(f"Delete event {label}")
        self.event_id = event_id
        self._removal: EventRemoval | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        self._removal = store.delete_event(self.event_id, expected=based_on.get(self.event_id))
        return Changes(removed_events={self.event_id})

    def revert(self, store: Store, based_on: Versions) -> Changes:
        assert self._removal is not None
        return store.restore_event(self._removal)


class UpdateEvent(Edit):
    """Change some of ``type_id``, ``trigger`` (or ``clear_trigger``) and ``attributes``."""

    def __init__(self, event_id: str, old: dict[str, Any], new: dict[str, Any], title: str) -> None:
        super().__init__(title)
        self.event_id, self.old, self.new = event_id, old, new

    def apply(self, store: Store, based_on: Versions) -> Changes:
        return store.update_event(
            self.event_id,
            **_field_arguments(self.new, self.old),
            expected=based_on.get(self.event_id),
        )

    def revert(self, store: Store, based_on: Versions) -> Changes:
        return store.update_event(
            self.event_id,
            **_field_arguments(self.old, self.new),
            expected=based_on.get(self.event_id),
        )


class AddArgument(Edit):
    def __init__(self, event_id: str, role: str, entity_id: str) -> None:
        super().__init__(f"Fill role {role}")
        self.event_id, self.role, self.entity_id = event_id, role, entity_id
        self.argument_id = ""
        self._place: ArgumentPlace | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        expected = based_on.get(self.event_id)
        if self._place is not None:
            return store.restore_argument(self._place, expected=expected)
        argument = store.add_argument(self.event_id, self.role, self.entity_id, expected=expected)
        self.argument_id = argument.id
        return Changes(events={self.event_id}, versions=_version(store, "events", self.event_id))

    def revert(self, store: Store, based_on: Versions) -> Changes:
        self._place = store.remove_argument(self.argument_id, expected=based_on.get(self.event_id))
        return Changes(events={self.event_id}, versions=_version(store, "events", self.event_id))


class RemoveArgument(Edit):
    def __init__(self, argument_id: str, event_id: str, role: str) -> None:
        super().__init__(f"Empty role {role}")
        self.argument_id, self.event_id = argument_id, event_id
        self._place: ArgumentPlace | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        self._place = store.remove_argument(self.argument_id, expected=based_on.get(self.event_id))
        return Changes(events={self.event_id}, versions=_version(store, "events", self.event_id))

    def revert(self, store: Store, based_on: Versions) -> Changes:
        assert self._place is not None
        return store.restore_argument(self._place, expected=based_on.get(self.event_id))


class FillRoleWithNewEntity(Edit):
    """A new entity made from a span and put in an event's role: one step, all or nothing."""

    def __init__(
        self, document_id: str, type_id: str, span: tuple[int, int], event_id: str, role: str
    ) -> None:
        super().__init__(f"New {type_id} for {role}")
        self.create = CreateEntity(document_id, type_id, [span])
        self.event_id, self.role = event_id, role
        self.fill: AddArgument | None = None

    @property
    def entity_id(self) -> str:
        return self.create.entity_id

    def apply(self, store: Store, based_on: Versions) -> Changes:
        changes = self.create.apply(store, based_on)
        if self.fill is None:
            self.fill = AddArgument(self.event_id, self.role, self.create.entity_id)
        return changes.merge(self.fill.apply(store, based_on))

    def revert(self, store: Store, based_on: Versions) -> Changes:
        assert self.fill is not None
        changes = self.fill.revert(store, based_on)
        merged = {**based_on, **changes.versions}
        return changes.merge(self.create.revert(store, merged))

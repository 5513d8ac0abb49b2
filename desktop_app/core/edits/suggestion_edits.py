"""Accepting and rejecting suggestions as undoable edits.

Accepting a mention suggestion adds a mention to the entity it names (or finds by name, value
or text) or creates a new entity with the suggestion's attributes; accepting a trigger creates
the event and fills the roles whose proposed fillers are already entities. The rule that made
the suggestion is stored on the new mention or event, so the audit entry recording it names
the rule. Rejecting one remembers it so that it is not offered again. Undo removes exactly what
was made and forgets the decision; redo puts back the same rows (same ids).
"""

from __future__ import annotations

from collections.abc import Collection

from desktop_app.core.edits.annotation_edits import AddArgument, AddMention, CreateEntity
from desktop_app.core.edits.history import Edit, Versions
from desktop_app.core.errors import EditRefused
from desktop_app.core.models import Changes
from desktop_app.core.schema import Role
from desktop_app.core.store import EventRemoval, Store
from desktop_app.core.store.suggestions import ACCEPTED, REJECTED
from desktop_app.core.suggest import Suggestion, SuggestionKind


class AcceptSuggestion(Edit):
    """One suggestion made an annotation. ``roles``: role-filler suggestions of a trigger;
    ``mentions``: the open mention suggestions at their spans, accepted with the trigger when
    the filler is not an entity yet (so the event and its fillers are one key)."""

    def __init__(
        self,
        document_id: str,
        suggestion: Suggestion,
        roles: list[Suggestion] | None = None,
        mentions: list[Suggestion] | None = None,
    ) -> None:
        super().__init__(f"Accept {suggestion.type} '{suggestion.text}'")
        self.document_id, self.suggestion = document_id, suggestion
        self.roles = roles or []
        self.mentions = mentions or []
        self.filled: list[Suggestion] = []  # the role fillers that filled a role
        self._steps: list[Edit] = []
        self._event_id = ""
        self._event_removal: EventRemoval | None = None

    @property
    def event_id(self) -> str:
        """The event an accepted trigger made (after ``apply``)."""
        return self._event_id

    @property
    def entity_id(self) -> str:
        """The entity the accepted mention belongs to (after ``apply``)."""
        for step in self._steps:
            if isinstance(step, CreateEntity | AddMention):
                return step.entity_id
        return ""

    def apply(self, store: Store, based_on: Versions) -> Changes:
        suggestion = self.suggestion
        if store.decision(self.document_id, suggestion) is not None:
            raise EditRefused(f"the suggestion '{suggestion.text}' was already decided")
        if not self._steps and not self._event_id:
            changes = self._first_apply(store, based_on)
        else:
            changes = self._reapply(store, based_on)
        store.record_decision(self.document_id, suggestion, ACCEPTED)
        for role in self.filled:
            store.record_decision(self.document_id, role, ACCEPTED)
        return changes.merge(Changes(documents={self.document_id}))

    def _first_apply(self, store: Store, based_on: Versions) -> Changes:
        suggestion = self.suggestion
        if suggestion.kind is SuggestionKind.ROLE:
            raise EditRefused("a proposed role filler is accepted with its event's trigger")
        if suggestion.kind is SuggestionKind.TRIGGER:
            return self._accept_trigger(store, based_on)
        target = store.suggestion_target(self.document_id, suggestion)
        step: Edit
        if target is None:
            name = suggestion.entity[5:] if suggestion.entity.startswith("name:") else None
            step = CreateEntity(
                self.document_id,
                suggestion.type,
                [(suggestion.start, suggestion.end)],
                name=name,
                attributes=suggestion.attributes or None,
                suggested_by=suggestion.rule,
            )
        else:
            step = AddMention(
                target.id, suggestion.start, suggestion.end, target.name, suggestion.rule
            )
        changes = step.apply(store, based_on)
        self._steps.append(step)
        return changes

    def _accept_trigger(self, store: Store, based_on: Versions) -> Changes:
        suggestion = self.suggestion
        event = store.create_event(
            self.document_id, suggestion.type, (suggestion.start, suggestion.end)
        )
        self._event_id = event.id
        store.mark_event_suggested(event.id, suggestion.rule)
        # Recording the rule is a write of its own: the event's version is what the store says
        # now (a team database raises it with every change).
        version = store.version_of("events", event.id) or 1
        changes = Changes(
            documents={self.document_id}, events={event.id}, versions={event.id: version}
        )
        filled: set[str] = set()
        for role_suggestion in self.roles:
            role_name = role_suggestion.type.split(".", 1)[1]
            role = role_of(store, role_suggestion)
            if role is None or (role_name in filled and not role.cardinality.multiple):
                continue
            entity_id, made = filler_of(
                store, self.document_id, role_suggestion, role.entity_types, self.mentions
            )
            if made is not None:
                changes = changes.merge(made.apply(store, {**based_on, **changes.versions}))
                self._steps.append(made)
                entity_id = made.entity_id
            if not entity_id:
                continue
            fill = AddArgument(event.id, role_name, entity_id)
            changes = changes.merge(fill.apply(store, {**based_on, **changes.versions}))
            self._steps.append(fill)
            self.filled.append(role_suggestion)
            filled.add(role_name)
        return changes

    def _reapply(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes()
        if self._event_removal is not None:
            changes = store.restore_event(self._event_removal)
            self._event_removal = None
        for step in self._steps:
            changes = changes.merge(step.apply(store, {**based_on, **changes.versions}))
        # What undo removed comes back from its removal, which does not carry the rule: name
        # it again, so the rows are those the first accept wrote.
        rule = self.suggestion.rule
        if self._event_id:
            store.mark_event_suggested(self._event_id, rule)
        mentions = [step.mention_id for step in self._steps if isinstance(step, AddMention)]
        for step in self._steps:
            if isinstance(step, CreateEntity):
                entity = store.entity(step.entity_id)
                mentions += [mention.id for mention in entity.mentions]
        store.mark_mentions_suggested(mentions, rule)
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes(documents={self.document_id})
        for step in reversed(self._steps):
            changes = changes.merge(step.revert(store, {**based_on, **changes.versions}))
        if self._event_id:
            merged = {**based_on, **changes.versions}
            self._event_removal = store.delete_event(
                self._event_id, expected=merged.get(self._event_id)
            )
            changes = changes.merge(Changes(removed_events={self._event_id}))
        store.forget_decision(self.document_id, self.suggestion)
        for role in self.filled:
            store.forget_decision(self.document_id, role)
        return changes


def role_of(store: Store, role_suggestion: Suggestion) -> Role | None:
    event_type_id, _, role_name = role_suggestion.type.partition(".")
    event_type = store.schema.event_type(event_type_id)
    return event_type.role(role_name) if event_type else None


def filler_of(
    store: Store,
    document_id: str,
    role_suggestion: Suggestion,
    allowed: Collection[str],
    mentions: list[Suggestion],
) -> tuple[str, AcceptSuggestion | None]:
    """The entity a proposed role filler names (its id), else an accept of the open mention
    suggestion at its span that would make it; ``("", None)`` when there is neither."""
    entity = store.suggestion_target(
        document_id,
        Suggestion(
            kind=SuggestionKind.MENTION,
            type=store_type_of(store, document_id, role_suggestion),
            start=role_suggestion.start,
            end=role_suggestion.end,
            text=role_suggestion.text,
            rule=role_suggestion.rule,
            entity=role_suggestion.entity,
        ),
    )
    if entity is not None:
        return (entity.id, None) if entity.type in allowed else ("", None)
    for mention in mentions:
        if (mention.start, mention.end) == (role_suggestion.start, role_suggestion.end) and (
            mention.type in allowed and store.decision(document_id, mention) is None
        ):
            return "", AcceptSuggestion(document_id, mention)
    return "", None


def store_type_of(store: Store, document_id: str, role_suggestion: Suggestion) -> str:
    """The entity type of a proposed role filler: that of the entity it names, else the type
    of the mention suggestion at its span (found again among the stored ones)."""
    hint = role_suggestion.entity
    for entity in store.entities(document_id):
        if entity.id == hint or any(
            m.start == role_suggestion.start and m.end == role_suggestion.end
            for m in entity.mentions
        ):
            return entity.type
    return ""


class AcceptSuggestions(Edit):
    """Several suggestions accepted as one step (all of one type and text): the first may
    create the entity the others then join."""

    def __init__(self, document_id: str, suggestions: list[Suggestion], title: str) -> None:
        super().__init__(title)
        self.accepts = [AcceptSuggestion(document_id, item) for item in suggestions]

    def apply(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes()
        for accept in self.accepts:
            changes = changes.merge(accept.apply(store, {**based_on, **changes.versions}))
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes()
        for accept in reversed(self.accepts):
            changes = changes.merge(accept.revert(store, {**based_on, **changes.versions}))
        return changes


class FillSuggestedRole(Edit):
    """One proposed role filler accepted alone: the role is filled on the event made from its
    trigger, that trigger being accepted alone first if it is still a suggestion; the filler
    is made from the open mention suggestion at its span if it is not an entity yet."""

    def __init__(
        self,
        document_id: str,
        role: Suggestion,
        trigger: Suggestion | None,
        mentions: list[Suggestion],
    ) -> None:
        super().__init__(f"Fill {role.type} with '{role.text}'")
        self.document_id, self.role, self.trigger = document_id, role, trigger
        self.mentions = mentions
        self._steps: list[Edit] = []

    def apply(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes(documents={self.document_id})
        if self._steps:
            for step in self._steps:
                changes = changes.merge(step.apply(store, {**based_on, **changes.versions}))
            store.record_decision(self.document_id, self.role, ACCEPTED)
            return changes
        role = role_of(store, self.role)
        if role is None:
            raise EditRefused(f"the schema has no role {self.role.type}")
        if store.decision(self.document_id, self.role) is not None:
            raise EditRefused(f"the proposed filler '{self.role.text}' was already decided")
        event_type, start, end = self.role.type.split(".", 1)[0], *trigger_span(self.role)
        event = next(
            (
                e
                for e in store.events(self.document_id)
                if e.type == event_type
                and e.trigger is not None
                and (e.trigger.start, e.trigger.end) == (start, end)
            ),
            None,
        )
        steps: list[Edit] = []
        if event is None:
            if self.trigger is None:
                raise EditRefused("its event's trigger was rejected; accept the trigger first")
            made_event = AcceptSuggestion(self.document_id, self.trigger)
            changes = changes.merge(made_event.apply(store, based_on))
            steps.append(made_event)
            event_id = made_event.event_id
        else:
            event_id = event.id
        entity_id, made = filler_of(
            store, self.document_id, self.role, role.entity_types, self.mentions
        )
        if made is not None:
            changes = changes.merge(made.apply(store, {**based_on, **changes.versions}))
            steps.append(made)
            entity_id = made.entity_id
        if not entity_id:
            raise EditRefused(f"'{self.role.text}' is not an entity of a type {role.name} takes")
        fill = AddArgument(event_id, role.name, entity_id)
        changes = changes.merge(fill.apply(store, {**based_on, **changes.versions}))
        steps.append(fill)
        self._steps = steps
        store.record_decision(self.document_id, self.role, ACCEPTED)
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes(documents={self.document_id})
        for step in reversed(self._steps):
            changes = changes.merge(step.revert(store, {**based_on, **changes.versions}))
        store.forget_decision(self.document_id, self.role)
        return changes


def trigger_span(role: Suggestion) -> tuple[int, int]:
    """Where the trigger a proposed role filler belongs to is."""
    attributes = role.attributes
    return int(str(attributes.get("trigger_start", -1))), int(
        str(attributes.get("trigger_end", -1))
    )


class RejectSuggestion(Edit):
    def __init__(self, document_id: str, suggestion: Suggestion) -> None:
        super().__init__(f"Reject {suggestion.type} '{suggestion.text}'")
        self.document_id, self.suggestion = document_id, suggestion

    def apply(self, store: Store, based_on: Versions) -> Changes:
        store.record_decision(self.document_id, self.suggestion, REJECTED)
        return Changes(documents={self.document_id})

    def revert(self, store: Store, based_on: Versions) -> Changes:
        store.forget_decision(self.document_id, self.suggestion)
        return Changes(documents={self.document_id})


class RejectSuggestions(Edit):
    """Several suggestions rejected as one step (all of one type and text)."""

    def __init__(self, document_id: str, suggestions: list[Suggestion], title: str) -> None:
        super().__init__(title)
        self.rejects = [RejectSuggestion(document_id, item) for item in suggestions]

    def apply(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes()
        for reject in self.rejects:
            changes = changes.merge(reject.apply(store, based_on))
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes()
        for reject in reversed(self.rejects):
            changes = changes.merge(reject.revert(store, based_on))
        return changes


__all__ = [
    "AcceptSuggestion",
    "AcceptSuggestions",
    "FillSuggestedRole",
    "RejectSuggestion",
    "RejectSuggestions",
]

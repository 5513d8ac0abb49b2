"""Accepting and rejecting suggestions as undoable edits.

Accepting a mention suggestion adds a mention to the entity it names (or finds by name, value
or text) or creates a new entity with the suggestion's attributes; accepting a trigger creates
the event and fills the roles whose proposed fillers are already entities. The rule that made
the suggestion is stored on the new mention or event, so the audit entry recording it names
the rule. Rejecting one remembers it so that it is not offered again. Undo removes exactly what
was made and forgets the decision; redo puts back the same rows (same ids).
"""

from __future__ import annotations

from desktop_app.core.edits.annotation_edits import AddArgument, AddMention, CreateEntity
from desktop_app.core.edits.history import Edit, Versions
from desktop_app.core.errors import EditRefused
from desktop_app.core.models import Changes
from desktop_app.core.store import EventRemoval, Store
from desktop_app.core.store.suggestions import ACCEPTED, REJECTED
from desktop_app.core.suggest import Suggestion, SuggestionKind


class AcceptSuggestion(Edit):
    """One suggestion made an annotation. ``roles``: role-filler suggestions of a trigger."""

    def __init__(
        self, document_id: str, suggestion: Suggestion, roles: list[Suggestion] | None = None
    ) -> None:
        super().__init__(f"Accept {suggestion.type} '{suggestion.text}'")
        self.document_id, self.suggestion = document_id, suggestion
        self.roles = roles or []
        self._steps: list[Edit] = []
        self._event_id = ""
        self._event_removal: EventRemoval | None = None

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
        changes = Changes(documents={self.document_id}, events={event.id}, versions={event.id: 1})
        event_type = store.schema.event_type(suggestion.type)
        filled: set[str] = set()
        for role_suggestion in self.roles:
            role_name = role_suggestion.type.split(".", 1)[1]
            role = event_type.role(role_name) if event_type else None
            entity = store.suggestion_target(
                self.document_id,
                Suggestion(
                    kind=SuggestionKind.MENTION,
                    type=store_type_of(store, self.document_id, role_suggestion),
                    start=role_suggestion.start,
                    end=role_suggestion.end,
                    text=role_suggestion.text,
                    rule=role_suggestion.rule,
                    entity=role_suggestion.entity,
                ),
            )
            if role is None or entity is None or entity.type not in role.entity_types:
                continue
            if role_name in filled and not role.cardinality.multiple:
                continue
            fill = AddArgument(event.id, role_name, entity.id)
            changes = changes.merge(fill.apply(store, {**based_on, **changes.versions}))
            self._steps.append(fill)
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
        return changes


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


__all__ = ["AcceptSuggestion", "AcceptSuggestions", "RejectSuggestion"]

"""Every edit as an undoable command over the core's edit functions.

Commands hold ids and old/new values only. The first run happens before the command is pushed
(``perform``), so an edit the store refuses never reaches the undo stack; redo after undo
puts back exactly what undo removed (same ids), so later commands on the stack stay valid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_app.core.errors import KnownError
from desktop_app.core.models import Attributes, AttributeValue, Changes, DocumentStatus
from desktop_app.core.review_models import Comment
from desktop_app.core.store import (
    ArgumentPlace,
    EntityRemoval,
    EventRemoval,
    MentionRemoval,
    Store,
)


class EditTarget(Protocol):
    """Where edits go and who hears about them (the editor context)."""

    store: Store

    def notify(self, changes: Changes) -> None: ...

    def report(self, text: str) -> None: ...


class EditCommand(QUndoCommand):
    """Base: ``apply`` does the edit, ``revert`` undoes it; both return what changed."""

    def __init__(self, target: EditTarget, title: str) -> None:
        super().__init__(title)
        self.store = target.store
        self.notify = target.notify
        self.report = target.report
        self._skip_next_redo = False

    def apply(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError

    def first_run(self) -> Changes:
        changes = self.apply()
        self._skip_next_redo = True
        return changes

    def redo(self) -> None:
        if self._skip_next_redo:  # QUndoStack.push() calls redo(); the first run already happened
            self._skip_next_redo = False
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, action: Callable[[], Changes]) -> None:
        try:
            self.notify(action())
        except KnownError as error:
            self.report(f"{self.text()}: {error}")


def perform(stack: QUndoStack, command: EditCommand) -> Changes:
    """Run ``command`` now and, only if the store accepted it, put it on the undo stack."""
    changes = command.first_run()
    command.notify(changes)
    stack.push(command)
    return changes


class CreateEntity(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        document_id: str,
        type_id: str,
        spans: list[tuple[int, int]],
        name: str | None = None,
        attributes: Attributes | None = None,
    ) -> None:
        super().__init__(target, f"Create {type_id}")
        self.document_id, self.type_id, self.spans = document_id, type_id, spans
        self.name, self.attributes = name, attributes
        self.entity_id = ""
        self._removal: EntityRemoval | None = None

    def apply(self) -> Changes:
        if self._removal is not None:
            return self.store.restore_entity(self._removal)
        entity = self.store.create_entity(
            self.document_id, self.type_id, self.spans, name=self.name, attributes=self.attributes
        )
        self.entity_id = entity.id
        self.setText(f"Create {self.type_id} '{entity.name}'")
        return Changes(entities={entity.id})

    def revert(self) -> Changes:
        self._removal = self.store.delete_entity(self.entity_id)
        return _removal_changes(self._removal)


def _removal_changes(removal: EntityRemoval) -> Changes:
    return Changes(
        removed_entities={removal.entity.id},
        events={place.event_id for place in removal.arguments},
    )


class DeleteEntity(EditCommand):
    def __init__(self, target: EditTarget, entity_id: str, label: str) -> None:
        super().__init__(target, f"Delete {label}")
        self.entity_id = entity_id
        self._removal: EntityRemoval | None = None

    def apply(self) -> Changes:
        self._removal = self.store.delete_entity(self.entity_id)
        return _removal_changes(self._removal)

    def revert(self) -> Changes:
        assert self._removal is not None
        return self.store.restore_entity(self._removal)


class AddMention(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        entity_id: str,
        start: int,
        end: int,
        label: str,
    ) -> None:
        super().__init__(target, f"Add mention of {label}")
        self.entity_id, self.start, self.end = entity_id, start, end
        self.mention_id = ""
        self._removal: MentionRemoval | None = None

    def apply(self) -> Changes:
        if self._removal is not None:
            return self.store.restore_mention(self._removal)
        self.mention_id = self.store.add_mention(self.entity_id, self.start, self.end).id
        return Changes(entities={self.entity_id})

    def revert(self) -> Changes:
        self._removal = self.store.remove_mention(self.mention_id)
        return Changes(entities={self.entity_id})


class RemoveMention(EditCommand):
    def __init__(self, target: EditTarget, mention_id: str, entity_id: str) -> None:
        super().__init__(target, "Remove mention")
        self.mention_id, self.entity_id = mention_id, entity_id
        self._removal: MentionRemoval | None = None

    def apply(self) -> Changes:
        self._removal = self.store.remove_mention(self.mention_id)
        return Changes(entities={self.entity_id})

    def revert(self) -> Changes:
        assert self._removal is not None
        return self.store.restore_mention(self._removal)


class UpdateEntity(EditCommand):
    """Change some of type, name, identifier, attributes; ``old``/``new`` hold those fields."""

    def __init__(
        self,
        target: EditTarget,
        entity_id: str,
        old: dict[str, Any],
        new: dict[str, Any],
        title: str,
    ) -> None:
        super().__init__(target, title)
        self.entity_id, self.old, self.new = entity_id, old, new

    def apply(self) -> Changes:
        return self.store.update_entity(self.entity_id, **self.new)

    def revert(self) -> Changes:
        return self.store.update_entity(self.entity_id, **self.old)


class CreateEvent(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        document_id: str,
        type_id: str,
        trigger: tuple[int, int] | None,
    ) -> None:
        super().__init__(target, f"Create event {type_id}")
        self.document_id, self.type_id, self.trigger = document_id, type_id, trigger
        self.event_id = ""
        self._removal: EventRemoval | None = None

    def apply(self) -> Changes:
        if self._removal is not None:
            return self.store.restore_event(self._removal)
        self.event_id = self.store.create_event(self.document_id, self.type_id, self.trigger).id
        return Changes(events={self.event_id})

    def revert(self) -> Changes:
        self._removal = self.store.delete_event(self.event_id)
        return Changes(removed_events={self.event_id})


class DeleteEvent(EditCommand):
    def __init__(self, target: EditTarget, event_id: str, label: str) -> None:
        super().__init__(target, f"Delete event {label}")
        self.event_id = event_id
        self._removal: EventRemoval | None = None

    def apply(self) -> Changes:
        self._removal = self.store.delete_event(self.event_id)
        return Changes(removed_events={self.event_id})

    def revert(self) -> Changes:
        assert self._removal is not None
        return self.store.restore_event(self._removal)


class UpdateEvent(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        event_id: str,
        old: dict[str, Any],
        new: dict[str, Any],
        title: str,
    ) -> None:
        super().__init__(target, title)
        self.event_id, self.old, self.new = event_id, old, new

    def apply(self) -> Changes:
        return self.store.update_event(self.event_id, **self.new)

    def revert(self) -> Changes:
        return self.store.update_event(self.event_id, **self.old)


class AddArgument(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        event_id: str,
        role: str,
        entity_id: str,
    ) -> None:
        super().__init__(target, f"Fill role {role}")
        self.event_id, self.role, self.entity_id = event_id, role, entity_id
        self.argument_id = ""
        self._place: ArgumentPlace | None = None

    def apply(self) -> Changes:
        if self._place is not None:
            return self.store.restore_argument(self._place)
        self.argument_id = self.store.add_argument(self.event_id, self.role, self.entity_id).id
        return Changes(events={self.event_id})

    def revert(self) -> Changes:
        self._place = self.store.remove_argument(self.argument_id)
        return Changes(events={self.event_id})


class RemoveArgument(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        argument_id: str,
        event_id: str,
        role: str,
    ) -> None:
        super().__init__(target, f"Empty role {role}")
        self.argument_id, self.event_id = argument_id, event_id
        self._place: ArgumentPlace | None = None

    def apply(self) -> Changes:
        self._place = self.store.remove_argument(self.argument_id)
        return Changes(events={self.event_id})

    def revert(self) -> Changes:
        assert self._place is not None
        return self.store.restore_argument(self._place)


class SetDocumentField(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        document_id: str,
        name: str,
        old: AttributeValue,
        new: AttributeValue,
    ) -> None:
        super().__init__(target, f"Set {name}")
        self.document_id, self.name, self.old, self.new = document_id, name, old, new

    def apply(self) -> Changes:
        return self.store.set_document_field(self.document_id, self.name, self.new)

    def revert(self) -> Changes:
        return self.store.set_document_field(self.document_id, self.name, self.old)


class SetStatus(EditCommand):
    """A workflow step (annotated, approved, returned with a reason); undo puts the previous
    status and note back exactly, which the workflow rules alone would not allow."""

    def __init__(
        self,
        target: EditTarget,
        document_id: str,
        old: DocumentStatus,
        new: DocumentStatus,
        note: str = "",
        old_note: str = "",
    ) -> None:
        super().__init__(target, f"Mark {new.value.replace('_', ' ')}")
        self.document_id, self.old, self.new = document_id, old, new
        self.note, self.old_note = note, old_note
        self._replay = False

    def apply(self) -> Changes:
        changes = self.store.set_status(
            self.document_id, self.new, note=self.note, force=self._replay
        )
        self._replay = True
        return changes

    def revert(self) -> Changes:
        return self.store.set_status(self.document_id, self.old, note=self.old_note, force=True)


class Reopen(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        document_id: str,
        note: str,
        old_note: str,
    ) -> None:
        super().__init__(target, "Reopen approved document")
        self.document_id, self.note, self.old_note = document_id, note, old_note

    def apply(self) -> Changes:
        return self.store.reopen(self.document_id, self.note)

    def revert(self) -> Changes:
        return self.store.set_status(
            self.document_id, DocumentStatus.APPROVED, note=self.old_note, force=True
        )


class SetFlag(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        document_id: str,
        old: str,
        new: str,
    ) -> None:
        super().__init__(target, "Flag document" if new else "Clear flag")
        self.document_id, self.old, self.new = document_id, old, new

    def apply(self) -> Changes:
        return self.store.set_flag(self.document_id, self.new)

    def revert(self) -> Changes:
        return self.store.set_flag(self.document_id, self.old)


class AddComment(EditCommand):
    def __init__(
        self,
        target: EditTarget,
        document_id: str,
        body: str,
        target_id: str | None = None,
        parent_id: str | None = None,
    ) -> None:
        super().__init__(target, "Reply" if parent_id else "Comment")
        self.document_id, self.body = document_id, body
        self.target_id, self.parent_id = target_id, parent_id
        self._comment: Comment | None = None

    def apply(self) -> Changes:
        if self._comment is not None:
            return self.store.restore_comment(self._comment)
        self._comment = self.store.add_comment(
            self.document_id, self.body, self.target_id, self.parent_id
        )
        return Changes(documents={self.document_id}, comments={self._comment.id})

    def revert(self) -> Changes:
        assert self._comment is not None
        self._comment = self.store.delete_comment(self._comment.id)
        return Changes(documents={self.document_id}, comments={self._comment.id})


class ResolveComment(EditCommand):
    def __init__(self, target: EditTarget, comment_id: str, resolved: bool) -> None:
        super().__init__(target, "Resolve comment" if resolved else "Reopen comment")
        self.comment_id, self.resolved = comment_id, resolved

    def apply(self) -> Changes:
        return self.store.resolve_comment(self.comment_id, self.resolved)

    def revert(self) -> Changes:
        return self.store.resolve_comment(self.comment_id, not self.resolved)

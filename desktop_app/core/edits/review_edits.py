"""Edits of a document's fields and review record: status steps, reopening, flags, comments.

Undo of a status step puts the previous status and note back exactly, which the workflow
rules alone would not allow (approved → annotated); it is still refused when the document
has moved on since — say another reviewer approved it — because it is based on the version
this history last wrote.
"""

from __future__ import annotations

from desktop_app.core.edits.history import Edit, Versions
from desktop_app.core.models import AttributeValue, Changes, DocumentStatus
from desktop_app.core.review_models import Comment
from desktop_app.core.store import Store


class SetDocumentField(Edit):
    def __init__(
        self,
        document_id: str,
        name: str,
        old: AttributeValue,
        new: AttributeValue,
        label: str = "",
    ) -> None:
        # Named by the field's label in undo and refusal messages ("Set Stock code").
        super().__init__(f"Set {label or name}")
        self.document_id, self.name, self.old, self.new = document_id, name, old, new

    # The target is the one field, not the whole document: another reviewer may fill other
    # fields meanwhile; only a change of this field since refuses the step.

    def apply(self, store: Store, based_on: Versions) -> Changes:
        return store.set_document_field(self.document_id, self.name, self.new, was=self.old)

    def revert(self, store: Store, based_on: Versions) -> Changes:
        return store.set_document_field(self.document_id, self.name, self.old, was=self.new)


class SetStatus(Edit):
    """A workflow step (annotated, approved, returned with a reason)."""

    def __init__(
        self,
        document_id: str,
        old: DocumentStatus,
        new: DocumentStatus,
        note: str = "",
        old_note: str = "",
    ) -> None:
        super().__init__(f"Mark {new.value.replace('_', ' ')}")
        self.document_id, self.old, self.new = document_id, old, new
        self.note, self.old_note = note, old_note
        self._replay = False

    def apply(self, store: Store, based_on: Versions) -> Changes:
        changes = store.set_status(
            self.document_id,
            self.new,
            note=self.note,
            force=self._replay,  # a redo: the rules held when it was first made
            expected=based_on.get(self.document_id),
        )
        self._replay = True
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        return store.set_status(
            self.document_id,
            self.old,
            note=self.old_note,
            force=True,
            expected=based_on.get(self.document_id),
        )


class Reopen(Edit):
    def __init__(self, document_id: str, note: str, old_note: str) -> None:
        super().__init__("Reopen approved document")
        self.document_id, self.note, self.old_note = document_id, note, old_note

    def apply(self, store: Store, based_on: Versions) -> Changes:
        return store.reopen(self.document_id, self.note, expected=based_on.get(self.document_id))

    def revert(self, store: Store, based_on: Versions) -> Changes:
        return store.set_status(
            self.document_id,
            DocumentStatus.APPROVED,
            note=self.old_note,
            force=True,
            expected=based_on.get(self.document_id),
        )


class SetFlag(Edit):
    def __init__(self, document_id: str, old: str, new: str) -> None:
        super().__init__("Flag document" if new else "Clear flag")
        self.document_id, self.old, self.new = document_id, old, new

    def apply(self, store: Store, based_on: Versions) -> Changes:
        return store.set_flag(self.document_id, self.new, expected=based_on.get(self.document_id))

    def revert(self, store: Store, based_on: Versions) -> Changes:
        return store.set_flag(self.document_id, self.old, expected=based_on.get(self.document_id))


class AddComment(Edit):
    def __init__(
        self,
        document_id: str,
        body: str,
        target_id: str | None = None,
        parent_id: str | None = None,
    ) -> None:
        super().__init__("Reply" if parent_id else "Comment")
        self.document_id, self.body = document_id, body
        self.target_id, self.parent_id = target_id, parent_id
        self._comment: Comment | None = None
        self._removed = False

    def apply(self, store: Store, based_on: Versions) -> Changes:
        if self._comment is not None and self._removed:
            version = based_on.get(self._comment.id, 1) + 1
            changes = store.restore_comment(self._comment, version)
            self._removed = False
            return changes
        self._comment = store.add_comment(
            self.document_id, self.body, self.target_id, self.parent_id
        )
        return Changes(
            documents={self.document_id},
            comments={self._comment.id},
            versions={self._comment.id: 1},
        )

    def revert(self, store: Store, based_on: Versions) -> Changes:
        assert self._comment is not None
        comment_id = self._comment.id
        self._comment = store.delete_comment(comment_id, expected=based_on.get(comment_id))
        self._removed = True
        return Changes(documents={self.document_id}, comments={comment_id})


class ResolveComment(Edit):
    def __init__(self, comment_id: str, resolved: bool) -> None:
        super().__init__("Resolve comment" if resolved else "Reopen comment")
        self.comment_id, self.resolved = comment_id, resolved

    def apply(self, store: Store, based_on: Versions) -> Changes:
        return store.resolve_comment(
            self.comment_id, self.resolved, expected=based_on.get(self.comment_id)
        )

    def revert(self, store: Store, based_on: Versions) -> Changes:
        return store.resolve_comment(
            self.comment_id, not self.resolved, expected=based_on.get(self.comment_id)
        )

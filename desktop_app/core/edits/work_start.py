"""The first edit of a new document starts the work on it: new → in progress.

Opening a document to read it changes nothing (no status, no reviewer, no audit entry); the
first edit that changes its annotations or fields moves it to in progress in the same
transaction, and undoing that edit puts it back to new when no annotation is left. Review
steps (status, flag, comments) are not work on the annotations and pass through unchanged.
"""

from __future__ import annotations

from desktop_app.core.edits.history import Edit, Versions
from desktop_app.core.edits.review_edits import (
    AddComment,
    Reopen,
    ResolveComment,
    SetFlag,
    SetStatus,
)
from desktop_app.core.models import Changes, DocumentStatus
from desktop_app.core.store import Store

_REVIEW_STEPS = (SetStatus, Reopen, SetFlag, AddComment, ResolveComment)


def counts_as_work(edit: Edit) -> bool:
    """Whether ``edit`` changes a document's annotations or fields (not only its review)."""
    return not isinstance(edit, _REVIEW_STEPS)


class StartingWork(Edit):
    """``inner`` on ``document_id``, moving the document from new to in progress when it is
    new; its undo is ``inner``'s undo and, when this step started the work, back to new."""

    def __init__(self, inner: Edit, document_id: str) -> None:
        super().__init__(inner.title)
        self.inner, self.document_id = inner, document_id
        self.started = False

    def apply(self, store: Store, based_on: Versions) -> Changes:
        changes = self.inner.apply(store, based_on)
        self.inner.actor = self.actor
        self.started = store.document_status(self.document_id) is DocumentStatus.NEW
        if self.started:
            # Same transaction as the edit, so the status can never say new after work began.
            changes = changes.merge(store.set_status(self.document_id, DocumentStatus.IN_PROGRESS))
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        # The edit's own undo first: its refusal (say, another reviewer changed that field
        # since) names what changed, which a check of the whole document would not.
        changes = self.inner.revert(store, based_on)
        if (
            self.started
            and store.document_status(self.document_id) is DocumentStatus.IN_PROGRESS
            and not store.entities(self.document_id)
            and not store.events(self.document_id)
        ):
            # Nothing is left of the work (nobody else annotated meanwhile): new again.
            changes = changes.merge(
                store.set_status(self.document_id, DocumentStatus.NEW, force=True)
            )
        return changes

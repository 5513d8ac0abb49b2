"""Comments on a document or on one of its entities or events: threaded and resolvable.

Comments stay allowed on an approved document (the review discussion goes on); only
annotation edits are locked. ``delete_comment`` and ``restore_comment`` exist for undo.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import Changes
from desktop_app.core.review_models import Comment
from desktop_app.core.store.base import StoreBase, new_id
from desktop_app.core.store.rows import Row, stamp_columns, stamp_of


def comment_of(row: Row) -> Comment:
    return Comment(
        id=row["id"],
        document_id=row["document_id"],
        target_id=row["target_id"],
        parent_id=row["parent_id"],
        body=row["body"],
        resolved=bool(row["resolved"]),
        resolved_by=row["resolved_by"],
        resolved_at=row["resolved_at"],
        stamp=stamp_of(row),
    )


def thread_order(comments: list[Comment]) -> list[Comment]:
    """Roots in the order given, each followed by its replies (depth first, in order)."""
    replies: dict[str | None, list[Comment]] = {}
    ids = {comment.id for comment in comments}
    for comment in comments:
        parent = comment.parent_id if comment.parent_id in ids else None
        replies.setdefault(parent, []).append(comment)
    ordered: list[Comment] = []

    def visit(parent: str | None) -> None:
        for comment in replies.get(parent, []):
            ordered.append(comment)
            visit(comment.id)

    visit(None)
    return ordered


class CommentStore(StoreBase):
    """Adding, answering, resolving and (for undo) deleting comments."""

    def comments(self, document_id: str) -> list[Comment]:
        """A document's comments in thread order: roots by time, replies under them."""
        sql = "SELECT * FROM comments WHERE document_id = ? ORDER BY created_at, rowid"
        return thread_order([comment_of(row) for row in self.db.query(sql, [document_id])])

    def comment(self, comment_id: str) -> Comment:
        row = self._one("SELECT * FROM comments WHERE id = ?", [comment_id])
        if row is None:
            raise EditRefused(f"comment {comment_id} no longer exists")
        return comment_of(row)

    def _check_target(self, document_id: str, target_id: str) -> None:
        sql = (
            "SELECT 1 FROM entities WHERE id = ? AND document_id = ? "
            "UNION ALL SELECT 1 FROM events WHERE id = ? AND document_id = ?"
        )
        if self._one(sql, [target_id, document_id, target_id, document_id]) is None:
            raise EditRefused("a comment can only be made on an entity or event of this document")

    def add_comment(
        self,
        document_id: str,
        body: str,
        target_id: str | None = None,
        parent_id: str | None = None,
    ) -> Comment:
        """A new comment by the store's actor; with ``parent_id`` a reply in that thread."""
        if not body.strip():
            raise EditRefused("a comment needs some text")
        if self._one("SELECT 1 FROM documents WHERE id = ?", [document_id]) is None:
            raise EditRefused(f"document {document_id} does not exist")
        if target_id is not None:
            self._check_target(document_id, target_id)
        if parent_id is not None and self.comment(parent_id).document_id != document_id:
            raise EditRefused("a reply must be on the same document as the comment it answers")
        comment = Comment(
            id=new_id(),
            document_id=document_id,
            target_id=target_id,
            parent_id=parent_id,
            body=body,
            stamp=self._new_stamp(),
        )
        with self.transaction():
            if self._one("SELECT 1 FROM documents WHERE id = ?", [document_id]) is None:
                raise EditRefused(f"document {document_id} does not exist")
            self._insert_comment(comment)
        return comment

    def _insert_comment(self, comment: Comment, version: int = 1) -> None:
        columns: dict[str, Any] = comment.model_dump(exclude={"stamp"})
        columns["resolved"] = int(comment.resolved)
        columns["version"] = version
        self.db.table("comments").insert({**columns, **stamp_columns(comment.stamp)})

    def resolve_comment(
        self, comment_id: str, resolved: bool = True, *, expected: int | None = None
    ) -> Changes:
        """Mark a comment resolved by the store's actor, or (``resolved=False``) open again;
        ``expected`` is the comment's version the step was based on."""
        with self.transaction():
            comment = self.comment(comment_id)
            self.check_version("comments", comment_id, expected, "the comment")
            changes = Changes(documents={comment.document_id}, comments={comment_id})
            if comment.resolved == resolved:
                return changes
            at = self.clock()
            updates: Row = {
                "resolved": int(resolved),
                "resolved_by": self.actor if resolved else "",
                "resolved_at": at if resolved else "",
            }
            version = self._write("comments", comment_id, updates, what="the comment")
        return changes.merge(Changes(versions={comment_id: version}))

    def delete_comment(self, comment_id: str, *, expected: int | None = None) -> Comment:
        """Remove a comment without replies (undo of adding it); returns it for restoring."""
        with self.transaction() as db:
            comment = self.comment(comment_id)
            self.check_version("comments", comment_id, expected, "the comment")
            if self._one("SELECT 1 FROM comments WHERE parent_id = ?", [comment_id]) is not None:
                raise EditRefused("this comment has replies; it cannot be removed")
            if comment.stamp.created_by != self.actor:
                raise EditRefused(
                    f"only its author ({comment.stamp.created_by}) can remove a comment"
                )
            db.table("comments").delete(comment_id)
        return comment

    def restore_comment(self, comment: Comment, version: int = 1) -> Changes:
        """Put back a comment exactly as it was (same id, stamps and resolution)."""
        with self.transaction():
            if comment.parent_id is not None:
                self.comment(comment.parent_id)  # refuses when the thread it answered is gone
            if self._one("SELECT 1 FROM comments WHERE id = ?", [comment.id]) is not None:
                raise EditRefused("that comment is already there; nothing done")
            self._insert_comment(comment, version)
        return Changes(
            documents={comment.document_id},
            comments={comment.id},
            versions={comment.id: version},
        )

    def insert_comments(self, comments: list[Comment]) -> None:
        """Write comments as given (bundle import) inside the caller's transaction."""
        for comment in thread_order(comments):
            self._insert_comment(comment)

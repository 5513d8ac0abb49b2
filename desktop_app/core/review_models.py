"""Plain data of the review workflow: comments on documents and entries of the audit trail."""

from __future__ import annotations

from pydantic import Field

from desktop_app.core.models import Plain, Stamp


class Comment(Plain):
    """A remark on a whole document (``target_id`` None) or on one entity or event of it;
    a reply names the comment it answers (``parent_id``)."""

    id: str
    document_id: str
    target_id: str | None = None
    parent_id: str | None = None
    body: str
    resolved: bool = False
    resolved_by: str = ""
    resolved_at: str = ""
    stamp: Stamp = Field(default_factory=Stamp)


class AuditEntry(Plain):
    """One change of one row: who, when, what, the values before and after, and the hash that
    chains it to the entry before it (see ``desktop_app.core.audit_chain.entry_hash``)."""

    seq: int = Field(ge=1)
    at: str
    actor: str
    document_id: str | None
    action: str = Field(description="insert, update, delete, or import (bundle import insert).")
    table_name: str
    row_id: str
    before: dict[str, str | int | None] | None
    after: dict[str, str | int | None] | None
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    chain: str = Field(
        default="",
        description="The database whose log this entry belongs to (seq counts within it).",
    )


_QUIET_COLUMNS = frozenset({"updated_by", "updated_at", "version"})


def changed_values(entry: AuditEntry) -> dict[str, tuple[str | int | None, str | int | None]]:
    """What an entry changed, column by column, as ``(before, after)``; the stamp columns
    (who and when, which the entry itself says) are left out."""
    before, after = entry.before or {}, entry.after or {}
    return {
        name: (before.get(name), after.get(name))
        for name in dict.fromkeys([*before, *after])
        if name not in _QUIET_COLUMNS and before.get(name) != after.get(name)
    }

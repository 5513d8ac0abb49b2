"""Reading and checking the audit trail that the triggers write (see ``audit_triggers``).

``verify_audit`` recomputes the hash chain and names every entry where it breaks.
Entries that came with an imported bundle are kept apart, verbatim, in ``imported_audit``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop_app.core.audit_chain import GENESIS_HASH, entry_hash
from desktop_app.core.review_models import AuditEntry
from desktop_app.core.store.documents import DocumentStore


@dataclass(frozen=True)
class StatusReason:
    """Why a document was last returned or reopened, by whom and when."""

    kind: str  # "returned" or "reopened"
    note: str
    actor: str
    at: str

    def describe(self) -> str:
        return f"{self.kind.capitalize()} by {self.actor} on {self.at[:10]}: {self.note}"


_COLUMNS = (
    'seq, at, actor, document_id, action, table_name, row_id, "before", "after", prev_hash, hash'
)


def _entry_of(row: Any, chain: str) -> AuditEntry:
    # Not validated on purpose: a row someone tampered with (say, a malformed hash) must still
    # load so that ``verify_audit`` can name it, rather than fail with a validation error.
    seq, at, actor, document_id, action, table_name, row_id, before, after, prev, digest = row
    return AuditEntry.model_construct(
        seq=seq,
        at=at,
        actor=actor,
        document_id=document_id,
        action=action,
        table_name=table_name,
        row_id=row_id,
        before=None if before is None else json.loads(before),
        after=None if after is None else json.loads(after),
        prev_hash=prev,
        hash=digest,
        chain=chain,
    )


def _recomputed(entry: AuditEntry) -> str:
    return entry_hash(
        entry.prev_hash,
        entry.seq,
        entry.at,
        entry.actor,
        entry.document_id,
        entry.action,
        entry.table_name,
        entry.row_id,
        entry.before,
        entry.after,
    )


def entry_problems(entries: Iterable[AuditEntry]) -> list[str]:
    """Breaks among entries taken from one or more chains (e.g. a bundle's excerpt): each
    entry must match its hash, and an entry whose predecessor in its chain is present must
    point to it. Entries missing in between are not a break here (an excerpt has gaps)."""
    problems = []
    by_position: dict[tuple[str, int], AuditEntry] = {}
    listed = list(entries)
    for entry in listed:
        by_position[(entry.chain, entry.seq)] = entry
        if _recomputed(entry) != entry.hash:
            problems.append(f"audit entry {entry.seq}: its contents do not match its hash")
    for entry in listed:
        before = by_position.get((entry.chain, entry.seq - 1))
        if before is not None and before.hash != entry.prev_hash:
            problems.append(
                f"audit entry {entry.seq}: its prev_hash does not match entry {before.seq}'s hash"
            )
    return problems


def chain_problems(entries: Iterable[AuditEntry]) -> list[str]:
    """Breaks of one complete chain (entries oldest first): ``[]`` when intact, else one line
    per break naming the entry — altered contents, a gap in the numbering, or a ``prev_hash``
    that is not the previous entry's hash."""
    problems: list[str] = []
    expected_seq, previous_hash = 1, GENESIS_HASH
    for entry in entries:
        if _recomputed(entry) != entry.hash:
            problems.append(
                f"entry {entry.seq}: its contents do not match its hash — the entry was altered"
            )
        if entry.seq != expected_seq:
            missing = (
                f"entry {expected_seq} is"
                if entry.seq == expected_seq + 1
                else f"entries {expected_seq}–{entry.seq - 1} are"
            )
            problems.append(f"entry {entry.seq}: {missing} missing — removed from the trail")
        elif entry.prev_hash != previous_hash:
            if entry.seq == 1:
                problems.append("entry 1: its prev_hash is not the start of a chain")
            else:
                problems.append(
                    f"entry {entry.seq}: its prev_hash does not match entry "
                    f"{entry.seq - 1}'s hash — entry {entry.seq - 1} was altered, or entries "
                    "were removed or inserted before it"
                )
        expected_seq, previous_hash = entry.seq + 1, entry.hash
    return problems


class AuditStore(DocumentStore):
    """The audit trail: every change of every row, hash-chained, append-only."""

    # --- what other connections wrote (polled by the window) ------------------------------

    def data_version(self) -> int:
        """Changes only when another connection has committed (SQLite's ``data_version``)."""
        row = self.db.execute("PRAGMA data_version").fetchone()
        return int(row[0]) if row else 0

    def last_audit_seq(self) -> int:
        row = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM audit").fetchone()
        return int(row[0]) if row else 0

    def audit_rows_since(
        self, seq: int
    ) -> list[tuple[str, str, str | None, str, str | None, str | None, int]]:
        """``(table, row id, document id, action, entity id, event id, seq)`` of every entry
        after ``seq``, oldest first; the entity and event ids of mentions and arguments."""
        sql = """
            SELECT table_name, row_id, document_id, action,
                   json_extract(COALESCE("after", "before"), '$.entity_id'),
                   json_extract(COALESCE("after", "before"), '$.event_id'),
                   seq
            FROM audit WHERE seq > ? ORDER BY seq
        """
        return list(self.db.execute(sql, [seq]))

    def audit_chain(self) -> str:
        """The id naming this file's chain in exported entries."""
        return self.meta("audit_chain") or ""

    def audit_entries(
        self,
        document_id: str | None = None,
        limit: int | None = None,
        newest_first: bool = True,
        include_imported: bool = False,
    ) -> list[AuditEntry]:
        """This file's entries (of one document, or all), with — when ``include_imported`` —
        the history that came with the document in an imported bundle, which is older."""
        chain = self.audit_chain()
        sql = f"SELECT {_COLUMNS} FROM audit"
        params: list[Any] = []
        if document_id is not None:
            sql += " WHERE document_id = ?"
            params.append(document_id)
        sql += " ORDER BY seq DESC" if newest_first else " ORDER BY seq"
        if limit is not None and not include_imported:
            sql += " LIMIT ?"
            params.append(limit)
        entries = [_entry_of(row, chain) for row in self.db.execute(sql, params)]
        if include_imported:
            imported = self.imported_audit_entries(document_id)
            entries = entries + imported[::-1] if newest_first else imported + entries
            entries = entries[:limit] if limit is not None else entries
        return entries

    def imported_audit_entries(self, document_id: str | None = None) -> list[AuditEntry]:
        """Entries that came with imported bundles, in the order they were imported."""
        sql = f"SELECT {_COLUMNS}, chain FROM imported_audit"
        params: list[Any] = []
        if document_id is not None:
            sql += " WHERE document_id = ?"
            params.append(document_id)
        sql += " ORDER BY rowid"
        return [_entry_of(row[:-1], row[-1]) for row in self.db.execute(sql, params)]

    def audit_json(self, document_id: str) -> list[str]:
        """A document's history as ``AuditEntry`` JSON objects, oldest first (imported history,
        then this file's): built by SQLite, several times faster than through models, for
        export."""
        fields = (
            "'seq', seq, 'at', at, 'actor', actor, 'document_id', document_id, 'action', action, "
            "'table_name', table_name, 'row_id', row_id, 'before', json(\"before\"), "
            "'after', json(\"after\"), 'prev_hash', prev_hash, 'hash', hash"
        )
        imported = (
            f"SELECT json_object({fields}, 'chain', chain) FROM imported_audit "
            "WHERE document_id = ? ORDER BY rowid"
        )
        local = (
            f"SELECT json_object({fields}, 'chain', ?) FROM audit "
            "WHERE document_id = ? ORDER BY seq"
        )
        rows = self.db.execute(imported, [document_id]).fetchall()
        rows += self.db.execute(local, [self.audit_chain(), document_id]).fetchall()
        return [row[0] for row in rows]

    def keep_imported_audit(self, entries: Iterable[AuditEntry]) -> None:
        """Store a bundle's audit entries as imported history (once each, by hash), inside the
        caller's transaction."""
        now = self.clock()
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO imported_audit (hash, chain, seq, at, actor, document_id, "
            'action, table_name, row_id, "before", "after", prev_hash, imported_at, '
            "imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    entry.hash,
                    entry.chain,
                    entry.seq,
                    entry.at,
                    entry.actor,
                    entry.document_id,
                    entry.action,
                    entry.table_name,
                    entry.row_id,
                    None if entry.before is None else json.dumps(entry.before, ensure_ascii=False),
                    None if entry.after is None else json.dumps(entry.after, ensure_ascii=False),
                    entry.prev_hash,
                    now,
                    self.actor,
                )
                for entry in entries
            ],
        )

    def verify_audit(self) -> list[str]:
        """Recompute the chain: ``[]`` when intact, else one line per break naming the entry.

        An entry whose contents no longer match its hash was altered. An entry whose
        ``prev_hash`` is not the hash of the entry before it, or a gap in the numbering, means
        entries were removed, inserted or altered before it. Imported entries are checked
        against their own hashes too.
        """
        problems = chain_problems(
            _entry_of(row, "")
            for row in self.db.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY seq")
        )
        for entry in self.imported_audit_entries():
            if _recomputed(entry) != entry.hash:
                problems.append(
                    f"imported entry {entry.seq} of chain {entry.chain}: its contents do not "
                    "match its hash — the entry was altered"
                )
        return problems

    def audit_head(self) -> AuditEntry | None:
        """The latest entry: its hash, noted somewhere else, anchors everything before it."""
        entries = self.audit_entries(limit=1)
        return entries[0] if entries else None

    def latest_status_reason(self, document_id: str) -> StatusReason | None:
        """The reason given with the document's latest return or reopening, from the trail
        (the status note itself is cleared when work resumes)."""
        row = self.db.execute(
            """
            SELECT actor, at, json_extract("before", '$.status'), json_extract("after", '$.status'),
                   json_extract("after", '$.status_note')
            FROM audit
            WHERE document_id = ? AND table_name = 'documents' AND row_id = ?
              AND action = 'update'
              AND json_extract("after", '$.status_note') != ''
              AND (json_extract("after", '$.status') = 'returned'
                   OR (json_extract("before", '$.status') = 'approved'
                       AND json_extract("after", '$.status') = 'in_progress'))
            ORDER BY seq DESC LIMIT 1
            """,  # the row's own entries (audit_row), not the document's whole trail
            [document_id, document_id],
        ).fetchone()
        if row is None:
            return None
        actor, at, _, status, note = row
        kind = "returned" if status == "returned" else "reopened"
        return StatusReason(kind=kind, note=str(note), actor=str(actor), at=str(at))

"""Reading and verifying a team database's audit trail with the application's own hash code.

The server's triggers compute each entry's hash in SQL (``chain_sql``); verification here
recomputes it with ``core.audit_chain.entry_hash`` — the same function that checks the SQLite
file's chain and bundles — so a server that hashed differently, or an entry changed by someone
who could bypass the triggers (the schema owner), shows as a break. The messages are those of
``AuditStore.verify_audit``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import psycopg

from desktop_app.core.audit_chain import GENESIS_HASH, entry_hash
from desktop_app.core.review_models import AuditEntry
from desktop_app.core.store.audit import entry_problems

_COLUMNS = (
    'seq, at, actor, document_id, action, table_name, row_id, "before", "after", prev_hash, hash'
)


def _entry_of(row: tuple[Any, ...], chain: str) -> AuditEntry:
    # Not validated: a tampered row must still load so that verification can name it.
    seq, at, actor, document_id, action, table_name, row_id, before, after, prev, digest = row
    return AuditEntry.model_construct(
        seq=int(seq),
        at=at,
        actor=actor,
        document_id=document_id,
        action=action,
        table_name=table_name,
        row_id=row_id,
        before=before,
        after=after,
        prev_hash=prev,
        hash=digest,
        chain=chain,
    )


def audit_chain_name(conn: psycopg.Connection) -> str:
    row = conn.execute("SELECT value FROM team.meta WHERE key = 'audit_chain'").fetchone()
    return str(row[0]) if row else ""


def team_audit_entries(conn: psycopg.Connection) -> Iterator[AuditEntry]:
    """This database's entries, oldest first."""
    chain = audit_chain_name(conn)
    with conn.cursor() as cursor:
        for row in cursor.execute(f"SELECT {_COLUMNS} FROM team.audit ORDER BY seq"):
            yield _entry_of(row, chain)


def imported_entries(conn: psycopg.Connection) -> list[AuditEntry]:
    """Entries that came with imported bundles, in the order they were imported."""
    rows = conn.execute(
        f"SELECT {_COLUMNS}, chain FROM team.imported_audit ORDER BY rowid"
    ).fetchall()
    return [_entry_of(row[:-1], str(row[-1])) for row in rows]


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


def verify_team_audit(conn: psycopg.Connection) -> list[str]:
    """The whole trail's breaks (``[]`` when intact), and those of imported entries."""
    problems = chain_problems(team_audit_entries(conn))
    for line in entry_problems(imported_entries(conn)):
        problems.append(f"imported {line}")
    return problems

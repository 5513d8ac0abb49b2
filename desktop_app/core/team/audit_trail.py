"""Reading and verifying a team database's audit trail with the application's own hash code.

The server's triggers compute each entry's hash in SQL (``chain_sql``); verification here
recomputes it with ``core.audit_chain.entry_hash`` — the same function that checks the SQLite
file's chain and bundles — so a server that hashed differently, or an entry changed by someone
who could bypass the triggers (the schema owner), shows as a break. The messages are those of
``AuditStore.verify_audit``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg

from desktop_app.core.review_models import AuditEntry
from desktop_app.core.store.audit import chain_problems, entry_problems

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


def verify_team_audit(conn: psycopg.Connection) -> list[str]:
    """The whole trail's breaks (``[]`` when intact), and those of imported entries."""
    problems = chain_problems(team_audit_entries(conn))
    for line in entry_problems(imported_entries(conn)):
        problems.append(f"imported {line}")
    return problems

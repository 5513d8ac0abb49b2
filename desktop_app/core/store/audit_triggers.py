"""The audit trail's machinery inside SQLite: triggers on every annotated table, and the Python
functions they call for who, when and the chained hash.

Every INSERT, UPDATE (that changes something) and DELETE of a row of ``AUDITED_TABLES`` appends
one row to ``audit`` from a trigger, so no code path (edits, undo, restores, bundle imports,
status changes, cascades) can write without leaving an entry. The triggers are generated from
each table's columns (``PRAGMA table_info``); a migration that adds a column must call
``install_audit_triggers`` again.

The triggers call ``audit_actor()``, ``audit_now()``, ``audit_insert_action()`` and
``audit_hash(...)``, which exist only on connections that ``register_audit_functions`` has
prepared: another program writing to these tables fails with "no such function", which is
intended. ``audit`` itself refuses UPDATE and DELETE (triggers raising ABORT); someone with the
file can still drop those triggers, which is what ``verify_audit`` (the hash chain) catches.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import sqlite_utils

from desktop_app.core.audit_chain import GENESIS_HASH, RowValues, entry_hash

AUDITED_TABLES = ("documents", "entities", "mentions", "events", "arguments", "comments", "meta")
# Settings (meta) are keyed by name; every other table by ``id``.
_KEY_COLUMN = {"meta": "key"}
# A document's text is never changed and can be megabytes: its content_hash stands for it.
# Its import report is written once with it too, and can be long for a long PDF.
_LEFT_OUT = {"documents": {"text", "import_report"}}


class AuditIdentity(Protocol):
    """Who is writing and what time it is; the ``Store`` is one."""

    @property
    def actor(self) -> str: ...
    @property
    def clock(self) -> Callable[[], str]: ...
    @property
    def importing(self) -> bool: ...


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Unattended:
    """Identity of writes made before a store is bound (migrations): actor ``system``."""

    actor: str = "system"
    clock: Callable[[], str] = field(default=_utc_now)
    importing: bool = False


def _parsed(value: str | None) -> RowValues | None:
    return None if value is None else json.loads(value)


def register_audit_functions(conn: sqlite3.Connection, identity: AuditIdentity) -> None:
    """Define the functions the audit triggers call, reading ``identity`` at each write."""
    remembered: list[tuple[int, str]] = []

    def now() -> str:
        # The same time for every evaluation within one statement's entry, even if SQLite ever
        # evaluates the trigger's subquery more than once: ``at`` and the hashed ``at`` agree.
        key = conn.total_changes
        if not remembered or remembered[0][0] != key:
            remembered[:] = [(key, identity.clock())]
        return remembered[0][1]

    def digest(
        prev_hash: str,
        seq: int,
        at: str,
        actor: str,
        document_id: str | None,
        action: str,
        table_name: str,
        row_id: str,
        before: str | None,
        after: str | None,
    ) -> str:
        return entry_hash(
            prev_hash,
            seq,
            at,
            actor,
            document_id,
            action,
            table_name,
            row_id,
            _parsed(before),
            _parsed(after),
        )

    conn.create_function("audit_actor", 0, lambda: identity.actor, deterministic=False)
    conn.create_function("audit_now", 0, now, deterministic=False)
    conn.create_function(
        "audit_insert_action",
        0,
        lambda: "import" if identity.importing else "insert",
        deterministic=False,
    )
    conn.create_function("audit_hash", 10, digest, deterministic=False)


def _document_id(table: str, row: str) -> str:
    if table == "meta":
        return "NULL"
    if table == "documents":
        return f"{row}.id"
    if table == "arguments":
        # Arguments know their event; when the event is being deleted (cascade) their entity
        # may still say, and when the whole document goes neither does: NULL then.
        return (
            f"COALESCE((SELECT document_id FROM events WHERE id = {row}.event_id), "
            f"(SELECT document_id FROM entities WHERE id = {row}.entity_id))"
        )
    return f"{row}.document_id"


def _json_of(row: str, columns: list[str]) -> str:
    pairs = ", ".join(f"'{name}', {row}.\"{name}\"" for name in columns)
    return f"json_object({pairs})"


def _trigger(table: str, event: str, columns: list[str]) -> str:
    row = "OLD" if event == "DELETE" else "NEW"
    action = {"INSERT": "audit_insert_action()", "UPDATE": "'update'", "DELETE": "'delete'"}
    before = "NULL" if event == "INSERT" else _json_of("OLD", columns)
    after = "NULL" if event == "DELETE" else _json_of("NEW", columns)
    when = ""
    if event == "UPDATE":
        changed = " OR ".join(f'OLD."{name}" IS NOT NEW."{name}"' for name in columns)
        when = f"WHEN {changed}"
    return f"""
        CREATE TRIGGER audit_{table}_{event.lower()} AFTER {event} ON {table} {when}
        BEGIN
            INSERT INTO audit (seq, at, actor, document_id, action, table_name, row_id,
                               "before", "after", prev_hash, hash)
            SELECT seq, at, actor, document_id, action, '{table}', row_id, "before", "after",
                   prev_hash,
                   audit_hash(prev_hash, seq, at, actor, document_id, action, '{table}',
                              row_id, "before", "after")
            FROM (
                SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit) AS seq,
                       audit_now() AS at,
                       audit_actor() AS actor,
                       {_document_id(table, row)} AS document_id,
                       {action[event]} AS action,
                       {row}."{_KEY_COLUMN.get(table, "id")}" AS row_id,
                       {before} AS "before",
                       {after} AS "after",
                       COALESCE((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),
                                '{GENESIS_HASH}') AS prev_hash
            );
        END;
    """


def install_audit_triggers(db: sqlite_utils.Database) -> None:
    """(Re)create the audit triggers of every audited table from its current columns."""
    for table in AUDITED_TABLES:
        columns = [
            str(row[1])
            for row in db.execute(f"PRAGMA table_info({table})").fetchall()
            if row[1] not in _LEFT_OUT.get(table, set())
        ]
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(f"DROP TRIGGER IF EXISTS audit_{table}_{event.lower()}")
            db.execute(_trigger(table, event, columns))

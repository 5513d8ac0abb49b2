"""The connection, the identity of the person editing, transactions, and row versions: what
every part of the ``Store`` builds on.

Every write runs inside ``transaction()`` (``BEGIN IMMEDIATE``: the write lock first, so the
reads that decide an edit see what the write will change). ``_write`` raises a row's version
with each change, and ``check_version`` refuses an edit based on a version the row has moved
past, naming who changed it and when.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from desktop_app.core.errors import EditRefused, StaleEdit
from desktop_app.core.models import AttributeValue, DocumentStatus, Stamp
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import database
from desktop_app.core.store.audit_triggers import register_audit_functions
from desktop_app.core.store.rows import Row


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    return uuid.uuid4().hex


class Unset:
    """Marks an argument left out (None is a value: an empty field)."""


UNSET = Unset()


def is_blank(value: AttributeValue) -> bool:
    return value is None or value == ""


def local_time(stamp: str) -> str:
    """``14:02`` (today) or ``2026-11-30 14:02`` in the reader's time zone, from a stored UTC
    stamp; the stamp itself when it is not one."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp or "an unknown time"
    today = datetime.now().astimezone().date()
    return moment.strftime("%H:%M" if moment.date() == today else "%Y-%m-%d %H:%M")


class StoreBase:
    """Connection, identity of the person editing, transactions and document text cache."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path,
        schema: AnnotationSchema,
        actor: str,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.db = db
        self.path = path
        self.schema = schema
        self.actor = actor
        self.clock = clock
        self.importing = False  # set during a bundle import: its inserts are audited as such
        self._texts: dict[str, str] = {}
        self._closed = False
        self._attach_connection()

    team_url: str | None = None
    """A team database's URL (without its password); None for a database file."""

    def _attach_connection(self) -> None:
        """The file's audit triggers call back into Python: their entries name this store's
        actor and its clock's time."""
        register_audit_functions(self.db.conn, self)

    @property
    def location(self) -> str:
        """Where the data lives, for titles and messages: the file, or the team database."""
        return str(self.path)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Fold the write-ahead log into the file and close it, so the one ``.db`` file holds
        everything (a copy of it alone is the whole corpus). Closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self.db.conn.in_transaction:
                # TRUNCATE leaves an empty -wal behind; SQLite removes it on the last close.
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # another connection is reading: SQLite checkpoints when the last one closes
        finally:
            self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One atomic unit of work; storage failures become a ``StoreError`` naming the file."""
        conn = self.db.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():  # nested: a savepoint inside the caller's transaction
                    yield self.db
                return
            # IMMEDIATE takes the write lock first, so another program's lock is waited for
            # (busy timeout); a deferred transaction that has read cannot wait and fails at once.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise database._describe(error, self.path) from None

    # --- row versions -----------------------------------------------------------------------

    def version_of(self, table: str, row_id: str) -> int | None:
        """The row's current version, or None when there is no such row."""
        row = self._one(f"SELECT version FROM {table} WHERE id = ?", [row_id])
        return None if row is None else int(row["version"])

    def document_versions(self, document_id: str) -> dict[str, int]:
        """The versions of a document's row, entities and events, by id (one small query)."""
        sql = (
            "SELECT id, version FROM documents WHERE id = ? "
            "UNION ALL SELECT id, version FROM entities WHERE document_id = ? "
            "UNION ALL SELECT id, version FROM events WHERE document_id = ?"
        )
        return dict(self.db.execute(sql, [document_id] * 3).fetchall())  # integers already

    def check_version(self, table: str, row_id: str, expected: int | None, what: str) -> None:
        """Refuse (``StaleEdit``) when the row is gone or no longer at ``expected``, naming who
        changed it and when. ``expected=None`` checks nothing. Call inside the transaction that
        writes, so nobody can slip in between the check and the write."""
        if expected is None:
            return
        row = self._one(
            f"SELECT version, updated_by, updated_at FROM {table} WHERE id = ?", [row_id]
        )
        if row is None:
            raise StaleEdit(f"{what} no longer exists: someone removed it; nothing was changed")
        if int(row["version"]) != expected:
            raise StaleEdit(
                f"{what} was changed by {row['updated_by'] or 'someone'} at "
                f"{local_time(row['updated_at'])} since you saw it — reloaded; "
                "nothing was overwritten"
            )

    def _write(
        self,
        table: str,
        row_id: str,
        values: Row | None = None,
        *,
        expected: int | None = None,
        what: str = "",
        expressions: dict[str, tuple[str, list[Any]]] | None = None,
        restamp: bool = True,
    ) -> int:
        """Update one row inside the caller's transaction: ``values`` as given, ``expressions``
        as SQL (for changing one key of a JSON column in place), the stamp, and the version
        raised by one (without ``restamp``, only the version: a row changed as a side effect of
        another, put back exactly on undo). Returns the new version."""
        assert self.db.conn.in_transaction, "writes happen inside a transaction"
        self.check_version(table, row_id, expected, what or f"this {table[:-1]}")
        assignments: list[str] = []
        params: list[Any] = []
        for name, value in (values or {}).items():
            assignments.append(f'"{name}" = ?')
            params.append(value)
        for name, (sql, sql_params) in (expressions or {}).items():
            # ``|| ''`` drops the JSON subtype json_set() gives its result: without it the audit
            # trigger's json_object() would record the column as an object, not as stored text.
            assignments.append(f"\"{name}\" = ({sql}) || ''")
            params += sql_params
        if restamp:
            touch = self._touch()
            assignments += ['"updated_by" = ?', '"updated_at" = ?']
            params += [touch["updated_by"], touch["updated_at"]]
        assignments.append('"version" = "version" + 1')
        params.append(row_id)
        self.db.execute(f"UPDATE {table} SET {', '.join(assignments)} WHERE id = ?", params)
        version = self.version_of(table, row_id)
        if version is None:
            raise EditRefused(f"{what or 'that ' + table[:-1]} no longer exists")
        return version

    def _new_stamp(self) -> Stamp:
        now = self.clock()
        return Stamp(created_by=self.actor, created_at=now, updated_by=self.actor, updated_at=now)

    def _touch(self) -> Row:
        return {"updated_by": self.actor, "updated_at": self.clock()}

    def _one(self, sql: str, params: list[Any]) -> Row | None:
        return next(iter(self.db.query(sql, params)), None)

    def text_of(self, document_id: str) -> str:
        """The stored text of a document (cached: it never changes)."""
        text = self._texts.get(document_id)
        if text is None:
            row = self._one("SELECT text FROM documents WHERE id = ?", [document_id])
            if row is None:
                raise EditRefused(f"document {document_id} does not exist")
            text = self._texts[document_id] = str(row["text"])
        return text

    def _require_editable(self, document_id: str) -> None:
        row = self._one("SELECT status FROM documents WHERE id = ?", [document_id])
        if row is None:
            raise EditRefused(f"document {document_id} does not exist")
        if row["status"] == DocumentStatus.APPROVED.value:
            raise EditRefused("this document is approved and locked; reopen it to edit")

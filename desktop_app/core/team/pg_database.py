"""The part of sqlite-utils' ``Database`` that the store uses, over a PostgreSQL connection.

The store talks to its database through a handful of calls — ``execute``, ``query``,
``table(name).insert/insert_all/delete``, ``atomic``, ``conn.in_transaction`` and
``conn.executemany`` — and writes its statements in SQLite's dialect. ``PgDatabase`` gives it
the same calls on a psycopg connection, each statement rewritten once by ``sql_dialect``, so
the store's edit, read, review and audit code runs unchanged on a team database.

Values cross as SQLite hands them over: ``jsonb`` columns (the audit's before and after) come
back as JSON text, booleans go in as 0/1, dicts and lists as JSON text (as sqlite-utils
stores them). The connection is in autocommit mode between transactions, so an idle window
holds no transaction (and no snapshot, no locks) open on the server; ``atomic`` opens one, or
a savepoint inside one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.rows import dict_row
from psycopg.types.string import TextLoader

from desktop_app.core.errors import StoreError
from desktop_app.core.team.sql_dialect import PRIMARY_KEYS, translate

_PARAMETERS_PER_STATEMENT = 30000  # under the protocol's 65,535


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value


def _params(params: Sequence[Any] | Mapping[str, Any] | None) -> Any:
    if params is None:
        return []
    if isinstance(params, Mapping):
        return {key: _value(value) for key, value in params.items()}
    return [_value(value) for value in params]


def lost_connection(error: psycopg.Error) -> StoreError:
    """The message for a connection that broke: what was not confirmed is not shown as saved."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else "no reason given"
    return StoreError(
        f"the connection to the team database was lost ({reason}); the change was not "
        "confirmed, so it is not shown as saved — it reconnects at the next action and shows "
        "what the server holds"
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PgConnection:
    """What the store asks of ``db.conn``: whether a transaction is open, statements, many
    rows at once. Between transactions a lost connection is opened anew (``connect``); one
    lost inside a transaction is reported, never silently replaced, since what it held was
    not committed."""

    def __init__(self, connect: Callable[[], psycopg.Connection]) -> None:
        self._connect = connect
        self._raw = self._prepared(connect())

    @staticmethod
    def _prepared(conn: psycopg.Connection) -> psycopg.Connection:
        conn.autocommit = True
        # The audit's before/after arrive as the JSON text the store parses, as from SQLite.
        conn.adapters.register_loader("jsonb", TextLoader)
        return conn

    def switch(self, connect: Callable[[], psycopg.Connection]) -> None:
        """Log in anew (as another member): the old connection is closed once the new one is
        open, so a refused login leaves things as they were."""
        fresh = self._prepared(connect())
        self._raw.close()
        self._connect, self._raw = connect, fresh

    @property
    def raw(self) -> psycopg.Connection:
        """The connection; reconnected first when it broke while idle."""
        status = self._raw.info.transaction_status
        if self._raw.closed or status == TransactionStatus.UNKNOWN:
            self._raw = self._prepared(self._connect())
        return self._raw

    @property
    def in_transaction(self) -> bool:
        status = self._raw.info.transaction_status
        return status not in (TransactionStatus.IDLE, TransactionStatus.UNKNOWN)

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> Any:
        """A statement in the store's dialect."""
        return self.execute_native(translate(sql), _params(params))

    def execute_native(self, statement: str, params: Any) -> Any:
        """A statement already in PostgreSQL's (and psycopg's) terms."""
        try:
            return self.raw.execute(statement, params)
        except psycopg.OperationalError as error:
            raise lost_connection(error) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            with self.raw.cursor() as cursor:
                cursor.executemany(translate(sql), [_params(row) for row in rows])
        except psycopg.OperationalError as error:
            raise lost_connection(error) from None

    def close(self) -> None:
        self._raw.close()


class PgTable:
    """``db.table(name)``: inserting rows as dicts, deleting by key."""

    def __init__(self, db: PgDatabase, name: str) -> None:
        self.db = db
        self.name = name

    def insert(
        self, row: Mapping[str, Any], *, pk: str | None = None, replace: bool = False
    ) -> PgTable:
        return self.insert_all([row], pk=pk, replace=replace)

    def insert_all(
        self,
        rows: Iterable[Mapping[str, Any]],
        *,
        pk: str | None = None,
        replace: bool = False,
        batch_size: int = 100,
    ) -> PgTable:
        """Rows in multi-row INSERTs, grouped by their columns (a row may leave some out)."""
        groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
        for row in rows:
            groups.setdefault(tuple(row), []).append(row)
        for columns, group in groups.items():
            per_statement = max(1, _PARAMETERS_PER_STATEMENT // max(1, len(columns)))
            for first in range(0, len(group), per_statement):
                self._insert(columns, group[first : first + per_statement], pk, replace)
        return self

    def _insert(
        self,
        columns: tuple[str, ...],
        rows: list[Mapping[str, Any]],
        pk: str | None,
        replace: bool,
    ) -> None:
        names = ", ".join(_quote(name) for name in columns)
        marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        statement = f"INSERT INTO {_quote(self.name)} ({names}) VALUES " + ", ".join(
            [marks] * len(rows)
        )
        if replace:
            keys = (pk,) if pk else PRIMARY_KEYS.get(self.name, ("id",))
            updates = ", ".join(
                f"{_quote(name)} = EXCLUDED.{_quote(name)}" for name in columns if name not in keys
            )
            target = ", ".join(key if key.startswith('"') else _quote(key) for key in keys)
            statement += f" ON CONFLICT ({target}) DO UPDATE SET {updates}"
        params = [_value(row[name]) for row in rows for name in columns]
        self.db.conn.execute_native(statement, params)

    def delete(self, key: str) -> PgTable:
        self.db.conn.execute_native(f"DELETE FROM {_quote(self.name)} WHERE id = %s", [key])
        return self


class PgDatabase:
    """sqlite-utils' ``Database`` calls, on a team database's connection."""

    def __init__(self, connect: Callable[[], psycopg.Connection]) -> None:
        self.conn = PgConnection(connect)

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> Any:
        return self.conn.execute(sql, params)

    def query(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        try:
            with self.conn.raw.cursor(row_factory=dict_row) as cursor:
                cursor.execute(translate(sql), _params(params))
                rows = cursor.fetchall()
        except psycopg.OperationalError as error:
            raise lost_connection(error) from None
        yield from rows

    def table(self, name: str) -> PgTable:
        return PgTable(self, name)

    def __getitem__(self, name: str) -> PgTable:
        return self.table(name)

    @contextmanager
    def atomic(self) -> Iterator[PgDatabase]:
        """A transaction, or a savepoint inside the open one."""
        with self.conn.raw.transaction():
            yield self

    def close(self) -> None:
        self.conn.close()

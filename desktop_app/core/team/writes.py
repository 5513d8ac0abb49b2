"""Writing to a team database the way the store writes to its file: one transaction per edit,
a compare-and-set on the row's version, and the server's refusals as the user's messages.

``edit_transaction`` turns what can go wrong into the application's error kinds: a rule the
server enforces (four-eyes, the lock, a role) becomes ``EditRefused`` with the server's own
sentence; a lost connection or a server gone away becomes ``StoreError`` — the edit was not
committed, and nothing is reported saved. ``update_row`` is the versioned edit: the UPDATE
names the version the edit was based on, so an edit made from a stale view changes nothing and
is refused naming who changed the row and when (``StaleEdit``, in ``check_version``'s words).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from desktop_app.core.errors import EditRefused, StaleEdit, StoreError
from desktop_app.core.store.base import local_time

# Class 42501 (a role) and P0001 (a rule): refusals whose message is meant for the user; 23xxx:
# a constraint the edit would break.
REFUSALS = (
    psycopg.errors.RaiseException,
    psycopg.errors.InsufficientPrivilege,
    psycopg.errors.IntegrityError,
)
_EDITABLE = frozenset({"documents", "entities", "mentions", "events", "arguments", "comments"})


@contextmanager
def edit_transaction(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """One edit, committed when the block ends, rolled back (and explained) when it fails."""
    try:
        with conn.transaction():
            yield conn
    except REFUSALS as error:
        raise EditRefused(error.diag.message_primary or str(error)) from error
    except psycopg.OperationalError as error:
        raise StoreError(
            "the connection to the team database was lost; the change was not saved "
            f"({str(error).strip() or 'no reason given'})"
        ) from error


def update_row(
    conn: psycopg.Connection,
    table: str,
    row_id: str,
    values: Mapping[str, Any],
    *,
    expected: int | None,
    what: str,
) -> int:
    """Change ``values`` of one row inside the caller's transaction, only if it is still at
    version ``expected`` (None: whatever its version); returns the new version, which the
    server raised by one. Refused, changing nothing: a row gone or moved on."""
    if table not in _EDITABLE:
        raise ValueError(f"not an editable table: {table}")
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder()) for name in values
    )
    query = sql.SQL("UPDATE {} SET {} WHERE id = {}").format(
        sql.Identifier("team", table), assignments, sql.Placeholder()
    )
    params: list[Any] = [*values.values(), row_id]
    if expected is not None:
        query += sql.SQL(" AND version = {}").format(sql.Placeholder())
        params.append(expected)
    row = conn.execute(query + sql.SQL(" RETURNING version"), params).fetchone()
    if row is not None:
        return int(row[0])
    current = conn.execute(
        sql.SQL("SELECT updated_by, updated_at FROM {} WHERE id = %s").format(
            sql.Identifier("team", table)
        ),
        [row_id],
    ).fetchone()
    if current is None:
        raise StaleEdit(f"{what} no longer exists: someone removed it; nothing was changed")
    raise StaleEdit(
        f"{what} was changed by {current[0] or 'someone'} at {local_time(current[1])} since "
        "you saw it — reloaded; nothing was overwritten"
    )

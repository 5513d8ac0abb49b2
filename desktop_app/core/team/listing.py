"""The documents list of a team database, a page at a time by key (keyset pagination).

The list's order is the file's (``created_at``, ``rowid``: import order) and the index
``documents_list_order`` serves it: the next page is found from the last row's key, so page
1,000 of 100,000 documents costs what the first does — never an ``OFFSET`` that reads every
row before it.
"""

from __future__ import annotations

from typing import NamedTuple

import psycopg


class TeamListRow(NamedTuple):
    """One document as the list shows it; ``(created_at, rowid)`` is its key."""

    rowid: int
    id: str
    created_at: str
    title: str
    stock_code: str
    status: str
    flag: str
    updated_by: str


_COLUMNS = (
    "rowid, id, created_at, title, coalesce(metadata::jsonb ->> 'stock_code', ''), status, "
    "flag, updated_by"
)


def list_page(
    conn: psycopg.Connection, after: TeamListRow | None = None, count: int = 100
) -> list[TeamListRow]:
    """The ``count`` documents following ``after`` in the list's order (the first page
    without it)."""
    if after is None:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM team.documents ORDER BY created_at, rowid LIMIT %s", [count]
        )
    else:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM team.documents WHERE (created_at, rowid) > (%s, %s) "
            "ORDER BY created_at, rowid LIMIT %s",
            [after.created_at, after.rowid, count],
        )
    return [TeamListRow(*row) for row in rows]

"""Who has which document open, from the server's own list of sessions.

A window on a team database names the document it shows in its session's
``application_name`` (``annotator:open:<id>``); every member can read the other sessions'
names in ``pg_stat_activity``. Nothing is stored: a window that closes, crashes or loses its
connection drops out of the list by itself.
"""

from __future__ import annotations

import psycopg

_PREFIX = "annotator:open:"
_NAME_LIMIT = 63  # PostgreSQL cuts application_name at NAMEDATALEN - 1 bytes


def show_open_document(conn: psycopg.Connection, document_id: str | None) -> bool:
    """Tell the others this session has ``document_id`` open (None: no document). False when
    the id is too long to be carried whole, and then nothing is claimed."""
    name = "annotator" if document_id is None else _PREFIX + document_id
    carried = len(name.encode()) <= _NAME_LIMIT
    conn.execute(
        "SELECT set_config('application_name', %s, false)", [name if carried else "annotator"]
    )
    return carried


def who_has_open(conn: psycopg.Connection) -> dict[str, set[str]]:
    """The logins that have each document open, other sessions of this login included."""
    rows = conn.execute(
        "SELECT substr(application_name, %s), usename FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND starts_with(application_name, %s)",
        [len(_PREFIX) + 1, _PREFIX],
    ).fetchall()
    open_by: dict[str, set[str]] = {}
    for document_id, login in rows:
        open_by.setdefault(str(document_id), set()).add(str(login))
    return open_by

"""Other members' changes as they are committed: a feed of the team database's notifications.

``ChangeFeed`` holds its own connection, listening on ``notify_sql.CHANNEL``. ``pending()``
returns what has arrived without waiting — for a window that watches ``fileno()`` with its
event loop's socket notifier — and ``wait(timeout)`` blocks up to ``timeout`` seconds for the
next changes (scripts, tests). A connection that broke is a ``StoreError`` saying so; the
caller opens a new feed and reloads from the last entry number it saw (``last_seq``), so no
change is missed across a reconnection.
"""

from __future__ import annotations

import json
import select
import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from desktop_app.core.errors import StoreError
from desktop_app.core.team.connection import connect
from desktop_app.core.team.notify_sql import CHANNEL


@dataclass(frozen=True)
class TeamChange:
    """One committed audit entry, as announced."""

    seq: int
    document_id: str | None
    table_name: str
    row_id: str
    action: str
    actor: str


def _change_of(payload: str) -> TeamChange:
    values = json.loads(payload)
    return TeamChange(
        seq=int(values["seq"]),
        document_id=values["document_id"],
        table_name=str(values["table_name"]),
        row_id=str(values["row_id"]),
        action=str(values["action"]),
        actor=str(values["actor"]),
    )


class ChangeFeed:
    """Notifications of committed changes, oldest first, from a connection of its own."""

    def __init__(self, url: str | Callable[[], psycopg.Connection]) -> None:
        """``url``, or a function returning a new connection (a store's own login)."""
        self._conn = connect(url) if isinstance(url, str) else url()
        self._conn.autocommit = True  # an idle listener: no transaction held open
        self._conn.execute(f"LISTEN {CHANNEL}")
        row = self._conn.execute("SELECT coalesce(max(seq), 0) FROM team.audit").fetchone()
        self.last_seq = int(row[0]) if row else 0
        """The newest entry number this feed has reported (or found when it opened)."""

    def fileno(self) -> int:
        """The socket to watch for readability: notifications arrive on it."""
        return self._conn.pgconn.socket

    def pending(self) -> list[TeamChange]:
        """Changes that have arrived, without waiting; ``[]`` when none."""
        pgconn = self._conn.pgconn
        try:
            pgconn.consume_input()
        except psycopg.OperationalError as error:
            raise StoreError(f"the connection to the team database was lost: {error}") from error
        changes = []
        while (notification := pgconn.notifies()) is not None:
            if notification.relname.decode() == CHANNEL:
                change = _change_of(notification.extra.decode())
                if change.seq > self.last_seq:
                    changes.append(change)
                    self.last_seq = change.seq
        return changes

    def wait(self, timeout: float) -> list[TeamChange]:
        """The next changes, waiting up to ``timeout`` seconds for the first."""
        deadline = time.monotonic() + timeout
        changes = self.pending()
        while not changes and (left := deadline - time.monotonic()) > 0:
            readable, _, _ = select.select([self.fileno()], [], [], left)
            if readable:
                changes = self.pending()
        return changes

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ChangeFeed:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

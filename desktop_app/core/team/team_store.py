"""The ``Store`` on a team database: the same class the window and the command line use on a
file, its statements run on PostgreSQL (``pg_database``), and the few operations whose means
differ between the engines answered the server's way.

What differs:

* **who** — the actor is the login (``session_user``); the server stamps every row and audit
  entry with it, whatever the client sends;
* **transactions** — each write takes the audit chain's advisory lock first, so writers queue
  as they do for SQLite's write lock and a version read inside the transaction stays true until
  it commits (the compare-and-set of every edit); the server's refusals (four-eyes, the lock on
  approved documents, roles) become ``EditRefused`` with the server's sentence, a lost
  connection a ``StoreError`` saying the change was not confirmed (so not shown as saved), and
  the next call reconnects;
* **what others changed** — the number of the latest audit entry (``data_version``), which
  the window polls; LISTEN/NOTIFY (``live.ChangeFeed``) tells it at once;
* **search** — ``pg_trgm`` (``search``) — and the export of a document's history as JSON,
  built by the server.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import psycopg
import sqlite_utils
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from desktop_app.core.errors import EditRefused, NewerDatabaseError, StoreError
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import Store, search_index
from desktop_app.core.store.database import record_schema
from desktop_app.core.suggest.gazetteer import NAMING_TYPES, Gazetteer, build_corpus_gazetteer
from desktop_app.core.team import presence
from desktop_app.core.team.audit_sql import AUDIT_LOCK
from desktop_app.core.team.connection import connect
from desktop_app.core.team.live import ChangeFeed
from desktop_app.core.team.migrations import CURRENT_VERSION, schema_version
from desktop_app.core.team.pg_database import PgDatabase, lost_connection
from desktop_app.core.team.search import search_documents
from desktop_app.core.team.writes import REFUSALS

_TYPES = ", ".join(f"'{t}'" for t in sorted(NAMING_TYPES))


def display_url(url: str) -> str:
    """The URL without its password, for titles, messages and settings."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    params.pop("password", None)
    user = str(params.get("user", ""))
    host = str(params.get("host", ""))
    port = str(params.get("port", ""))
    name = str(params.get("dbname", ""))
    where = f"{host}:{port}" if port and str(port) != "5432" else str(host)
    if str(host).startswith("/"):
        where = f"[{host}]"
    return f"postgresql://{user + '@' if user else ''}{where}/{name}"


class TeamStore(Store):
    """``Store`` on PostgreSQL. Nothing outside the core needs to know which one it has."""

    def __init__(
        self,
        url: str,
        schema: AnnotationSchema,
        connect: Callable[[], psycopg.Connection],
        login_as: Callable[[str], Callable[[], psycopg.Connection]] | None = None,
    ) -> None:
        self.pg = PgDatabase(connect)
        self._connect = connect
        self._login_as = login_as
        self._login = self._session_user()
        self._known_latest = self._latest_entry(self.pg.conn.raw)
        self._others = 0  # commits by other connections noticed so far
        # The store's reads and writes go through the same calls it makes on sqlite-utils.
        super().__init__(
            cast(sqlite_utils.Database, self.pg), Path(os.devnull), schema, self._login
        )
        self.team_url: str = display_url(url)

    def _session_user(self) -> str:
        row = self.pg.conn.raw.execute("SELECT session_user").fetchone()
        return str(row[0]) if row else ""

    @property
    def actor(self) -> str:
        """Who edits: the login. The server stamps rows and audit entries with it, whatever
        the client sends."""
        return self._login

    @actor.setter
    def actor(self, name: str) -> None:
        if name == self._login:
            return
        if self._login_as is None:
            raise EditRefused(
                f"on a team database you work as the login {self._login!r}; to act as "
                f"{name!r}, connect as that member"
            )
        connect = self._login_as(name)
        self.pg.conn.switch(connect)
        self._connect = connect
        self._login = self._session_user()

    # --- the engine ----------------------------------------------------------------------

    def _attach_connection(self) -> None:
        """Nothing to register: the server writes the audit trail itself."""

    @property
    def location(self) -> str:
        return self.team_url

    @property
    def raw(self) -> psycopg.Connection:
        """The live connection (opened anew first if it broke while idle)."""
        return self.pg.conn.raw

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.pg.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        if self.pg.conn.in_transaction:
            with self.pg.conn.raw.transaction():  # nested: a savepoint
                self._label_imports(self.pg.conn.raw)
                yield self.db
            return
        try:
            conn = self.raw
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK])
                # Under the lock nobody else writes: entries after this one are ours.
                self._notice_others(self._latest_entry(conn))
                self._label_imports(conn)
                yield self.db
                ours = self._latest_entry(conn)
            self._known_latest = ours
        except REFUSALS as error:
            raise EditRefused(error.diag.message_primary or str(error)) from None
        except psycopg.OperationalError as error:
            raise lost_connection(error) from None

    def _label_imports(self, conn: psycopg.Connection) -> None:
        """Rows inserted while a bundle is imported are audited as imports (the server reads
        the label; a savepoint's setting lasts until the transaction ends)."""
        conn.execute(
            "SELECT set_config('annotator.importing', %s, true)",
            ["on" if self.importing else "off"],
        )

    @staticmethod
    def _latest_entry(conn: psycopg.Connection) -> int:
        row = conn.execute("SELECT coalesce(max(seq), 0) FROM team.audit").fetchone()
        return int(row[0]) if row else 0

    def _notice_others(self, latest: int) -> None:
        if latest != self._known_latest:
            self._others += 1
            self._known_latest = latest

    def data_version(self) -> int:
        """Changes only when another connection has committed (SQLite's ``data_version``):
        the trail moved past the last entry this store wrote or saw."""
        try:
            self._notice_others(self._latest_entry(self.raw))
        except psycopg.OperationalError as error:
            raise lost_connection(error) from None
        return self._others

    # --- what the server answers its own way -----------------------------------------------

    def search(self, query: str, limit: int = 200) -> list[str]:
        """Trigram search (``pg_trgm``); one or two Chinese characters from their own index
        (``grams_sql``), in the documents list's order."""
        query = query.strip()
        if search_index.indexed_query(query):
            rows = self.raw.execute(
                "SELECT d.id FROM team.document_grams g JOIN team.documents d "
                "ON d.rowid = g.document WHERE g.gram = %s ORDER BY g.document LIMIT %s",
                [query, limit],
            ).fetchall()
            return [str(row[0]) for row in rows]
        return search_documents(self.raw, query, limit)

    def audit_json(self, document_id: str) -> list[str]:
        fields = (
            "'seq', seq, 'at', at, 'actor', actor, 'document_id', document_id, "
            "'action', action, 'table_name', table_name, 'row_id', row_id, "
            "'before', \"before\", 'after', \"after\", 'prev_hash', prev_hash, 'hash', hash"
        )
        imported = (
            f"SELECT json_build_object({fields}, 'chain', chain)::text FROM team.imported_audit "
            "WHERE document_id = %s ORDER BY rowid"
        )
        local = (
            f"SELECT json_build_object({fields}, 'chain', %s::text)::text FROM team.audit "
            "WHERE document_id = %s ORDER BY seq"
        )
        conn = self.raw
        rows = conn.execute(imported, [document_id]).fetchall()
        rows += conn.execute(local, [self.audit_chain(), document_id]).fetchall()
        return [str(row[0]) for row in rows]

    def corpus_gazetteer_reader(self) -> Callable[[], Gazetteer]:
        connect = self._connect

        def read() -> Gazetteer:
            try:
                with connect() as conn:
                    entities: list[Any] = conn.execute(
                        "SELECT type, name, identifier, attributes::jsonb ->> 'alt_name', "
                        f"document_id FROM team.entities WHERE type IN ({_TYPES})"
                    ).fetchall()
                    mentions: list[Any] = conn.execute(
                        "SELECT e.type, e.name, e.identifier, m.text, m.document_id "
                        "FROM team.mentions m JOIN team.entities e ON e.id = m.entity_id "
                        f"WHERE e.type IN ({_TYPES})"
                    ).fetchall()
            except psycopg.OperationalError as error:
                raise lost_connection(error) from None
            return build_corpus_gazetteer(entities, mentions)

        return read

    def change_feed(self) -> ChangeFeed:
        """A feed of committed changes on a connection of its own, logged in as this store
        is (``StoreError`` when the server cannot be reached)."""
        return ChangeFeed(self._connect)

    # --- who has what open -------------------------------------------------------------------

    def announce_open(self, document_id: str | None) -> None:
        presence.show_open_document(self.raw, document_id)

    def open_elsewhere(self) -> dict[str, set[str]]:
        return presence.who_has_open(self.raw)


def open_team_store(
    url: str,
    schema: AnnotationSchema,
    *,
    password: str | None = None,
    login_as: Callable[[str], str] | None = None,
) -> TeamStore:
    """Connect to the team database at ``url`` (as its login) under ``schema``. Refused with
    a clear message: a server that cannot be reached or refuses the login, a database that
    ``annotator team init`` has not set up, one newer than this application.

    ``login_as(name)`` — the URL (with credentials) that logs in as another member — lets
    ``store.actor = name`` switch logins, as a shared review desk or a test does; without it
    the actor is fixed to the login."""
    full = make_conninfo(url, password=password) if password else url

    def connect_full() -> psycopg.Connection:
        return connect(full)

    with connect_full() as conn:
        version = schema_version(conn)
    if version is None or version == 0:
        raise StoreError(
            f"{display_url(url)} is not a team database: an administrator sets it up with "
            "'annotator team init URL'"
        )
    if version > CURRENT_VERSION:
        raise NewerDatabaseError(
            f"{display_url(url)} was set up by a newer version of the application (schema "
            f"{version}, this one knows up to {CURRENT_VERSION}); update the application"
        )
    if version < CURRENT_VERSION:
        raise StoreError(
            f"{display_url(url)} needs its schema brought up to date (version {version} → "
            f"{CURRENT_VERSION}): an administrator runs 'annotator team init URL'"
        )

    def logins(name: str) -> Callable[[], psycopg.Connection]:
        assert login_as is not None
        member_url = login_as(name)
        return lambda: connect(member_url)

    store = TeamStore(url, schema, connect_full, logins if login_as else None)
    if store.meta("schema_hash") != schema.content_hash:
        try:
            with store.transaction():
                record_schema(store.db, schema)
        except (StoreError, EditRefused):
            store.close()
            raise
    return store

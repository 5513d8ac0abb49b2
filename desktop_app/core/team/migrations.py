"""Versioned schema steps of a team database, oldest first, and ``init``, which applies them.

Each step moves the schema ``team`` up one version and is recorded in ``team.migrations``
(version, what it did, when, by whom). Never edit a released step — nor the SQL constants it
runs (``*_sql``), which are part of it: add a step. PostgreSQL runs DDL
inside transactions, so all pending steps apply together or not at all, under an advisory lock
so two set-ups at once do not race. A database whose schema is newer than this application
knows is refused.

``init_team_database`` sets up an empty database, brings an older team database up to date,
and leaves a current one as it is (it is safe to run again); a database holding anything else
is refused, never mixed into.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from desktop_app.core.store.document_list import LIST_INDEXES
from desktop_app.core.team.audit_sql import AUDIT_MACHINERY
from desktop_app.core.team.chain_sql import CHAIN_FUNCTIONS, FEWER_CALLS_ENTRY_HASH
from desktop_app.core.team.compat_sql import COMPAT_FUNCTIONS
from desktop_app.core.team.connection import connect
from desktop_app.core.team.grams_sql import SHORT_SEARCH
from desktop_app.core.team.integrity_sql import WRITTEN_ONCE
from desktop_app.core.team.notify_sql import NOTIFY
from desktop_app.core.team.restore_sql import RESTORE_KEEPS_STAMPS
from desktop_app.core.team.roles import GRANTS, TeamError, ensure_group_roles
from desktop_app.core.team.rules_sql import IMPORTS_ANNOTATE, REVIEW_RULES
from desktop_app.core.team.search import install_trigram_indexes
from desktop_app.core.team.sql_dialect import translate
from desktop_app.core.team.suggestions_sql import SUGGESTIONS
from desktop_app.core.team.tables_sql import TABLES

SCHEMA_MARK = "announcement-annotator team database"
"""The comment on schema ``team`` that tells our database from someone else's."""

_SETUP_LOCK = 0x616E6E6F696E6974  # "annoinit"


@dataclass(frozen=True)
class Step:
    """One schema version: its number and the function that builds it (its docstring is
    the description recorded in ``team.migrations``)."""

    version: int
    apply: Callable[[psycopg.Connection], None]

    @property
    def description(self) -> str:
        return " ".join((self.apply.__doc__ or "").split())


def _version_1(conn: psycopg.Connection) -> None:
    """The data model of the SQLite file (version 6), the server-written audit trail with its
    hash chain and append-only tables, server-set stamps and row versions, and what members
    may read and write."""
    conn.execute(TABLES)
    conn.execute(CHAIN_FUNCTIONS)
    # Names this database's chain in exported entries, as the SQLite file's meta row does.
    conn.execute(
        "INSERT INTO team.meta (key, value) "
        "VALUES ('audit_chain', replace(gen_random_uuid()::text, '-', ''))"
    )
    conn.execute(AUDIT_MACHINERY)
    conn.execute(GRANTS)


def _version_2(conn: psycopg.Connection) -> None:
    """The review rules on the server: roles for status changes, four-eyes, the approved
    lock (``rules_sql``)."""
    conn.execute(REVIEW_RULES)


def _version_3(conn: psycopg.Connection) -> None:
    """Suggestions (the SQLite file's version 7): what the suggestion engine proposed, the
    reviewers' decisions, and the rule an accepted mention or event came from."""
    conn.execute(SUGGESTIONS)


def _version_4(conn: psycopg.Connection) -> None:
    """Change notifications: each committed audit entry is announced on the channel
    ``annotator_changes``, so other members' windows refresh what changed at once."""
    conn.execute(NOTIFY)


def _version_5(conn: psycopg.Connection) -> None:
    """Four-eyes counts rows a member inserted labelled as an import: the label is the
    client's to set and must not hide who added a mention or an argument."""
    conn.execute(IMPORTS_ANNOTATE)


def _version_6(conn: psycopg.Connection) -> None:
    """What audit entries leave out cannot change unseen: a document's text and import
    report are written once; an original's name is the SHA-256 of its bytes."""
    conn.execute(WRITTEN_ONCE)


def _version_7(conn: psycopg.Connection) -> None:
    """Search: trigram indexes (pg_trgm) on the documents' titles and texts, for substring
    search in any script, Chinese included."""
    install_trigram_indexes(conn)


def _version_8(conn: psycopg.Connection) -> None:
    """A faster audit hash (the same bytes): the message is assembled from PostgreSQL's own
    JSON output and made ASCII once, instead of one function call per value."""
    conn.execute(FEWER_CALLS_ENTRY_HASH)


def _version_9(conn: psycopg.Connection) -> None:
    """The store's own SQL on the server: SQLite's JSON functions and ``instr`` with SQLite's
    meaning (``compat_sql``), and the documents list's indexes on the fields it sorts and
    filters by, so the window and the command line use one store on both engines."""
    conn.execute(COMPAT_FUNCTIONS)
    conn.execute("SET LOCAL search_path TO team, pg_catalog")  # the store's names, unqualified
    for name, target in LIST_INDEXES.items():
        conn.execute(translate(f"CREATE INDEX {name} ON {target}"))


def _version_10(conn: psycopg.Connection) -> None:
    """Undoing a removal puts the row back with the stamps it had (author, time, order among
    its siblings) when the deletion's audit entry shows those very stamps; every other insert
    is stamped by the server (``restore_sql``)."""
    conn.execute(RESTORE_KEEPS_STAMPS)


def _version_11(conn: psycopg.Connection) -> None:
    """One- and two-character search (Chinese ``董事``, ``股``) from an index of the letters
    and letter pairs each document holds, as the file has (``grams_sql``)."""
    conn.execute(SHORT_SEARCH)


def _version_12(conn: psycopg.Connection) -> None:
    """Each document's mentions by their text, for the question tagging asks (does an entity
    of this type already have a mention reading the same?): a hash index, which takes texts of
    any length."""
    conn.execute("CREATE INDEX mentions_text ON team.mentions USING hash (text)")


STEPS: list[Step] = [
    Step(1, _version_1),
    Step(2, _version_2),
    Step(3, _version_3),
    Step(4, _version_4),
    Step(5, _version_5),
    Step(6, _version_6),
    Step(7, _version_7),
    Step(8, _version_8),
    Step(9, _version_9),
    Step(10, _version_10),
    Step(11, _version_11),
    Step(12, _version_12),
]
CURRENT_VERSION = STEPS[-1].version


@dataclass(frozen=True)
class InitResult:
    """What ``init_team_database`` did: the version before (0: empty) and after."""

    before: int
    after: int

    @property
    def changed(self) -> bool:
        return self.before != self.after


def schema_version(conn: psycopg.Connection) -> int | None:
    """The team schema's version; 0 when the database has none, None when it has a schema
    ``team`` that is not ours."""
    row = conn.execute(
        "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'team'"
    ).fetchone()
    if row is None:
        return 0
    if row[0] != SCHEMA_MARK:
        return None
    version = conn.execute("SELECT coalesce(max(version), 0) FROM team.migrations").fetchone()
    return int(version[0]) if version else 0


def foreign_objects(conn: psycopg.Connection, limit: int = 5) -> list[str]:
    """Tables, views and sequences outside the system schemas and outside ours: a database
    holding any is someone else's."""
    rows = conn.execute(
        "SELECT n.nspname || '.' || c.relname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
        "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'team') "
        "AND n.nspname NOT LIKE 'pg\\_%%' ORDER BY 1 LIMIT %s",
        [limit],
    ).fetchall()
    return [str(row[0]) for row in rows]


def migrate(conn: psycopg.Connection, target: int = CURRENT_VERSION) -> int:
    """Apply the steps above the database's version up to ``target`` in the caller's
    transaction; returns the version before. The caller has checked the database is ours."""
    before = schema_version(conn)
    if before is None:
        raise TeamError("the database has a schema 'team' that is not an annotator team database")
    if before > CURRENT_VERSION:
        raise TeamError(
            f"this team database has schema version {before}, newer than this application "
            f"knows ({CURRENT_VERSION}): update the application"
        )
    if before == 0:
        conn.execute("CREATE SCHEMA team")
        conn.execute(f"COMMENT ON SCHEMA team IS '{SCHEMA_MARK}'")
        conn.execute(
            "CREATE TABLE team.migrations (version integer PRIMARY KEY, description text "
            "NOT NULL, applied_at text NOT NULL, applied_by text NOT NULL)"
        )
    for step in STEPS:
        if before < step.version <= target:
            step.apply(conn)
            conn.execute(
                "INSERT INTO team.migrations VALUES (%s, %s, team.utc_now(), session_user)",
                [step.version, step.description],
            )
    return before


def _check_owner(conn: psycopg.Connection) -> None:
    """Only the owner of the schema (of the database, before there is one) or a superuser sets
    up: a member's rights would fail halfway, or (GRANT, REVOKE) quietly do nothing."""
    row = conn.execute(
        "SELECT r.rolsuper OR pg_has_role(session_user, coalesce("
        "(SELECT nspowner FROM pg_namespace WHERE nspname = 'team'), "
        "(SELECT datdba FROM pg_database WHERE datname = current_database())), 'USAGE') "
        "FROM pg_roles r WHERE r.rolname = session_user"
    ).fetchone()
    if not (row and row[0]):
        raise TeamError(
            f"a team database is set up by the database's owner (or a superuser); "
            f"{conn.info.user!r} is not: connect as the owner"
        )


def init_team_database(url: str, target: int = CURRENT_VERSION) -> InitResult:
    """Create (or bring up to date) the schema, roles and rules of the team database at
    ``url``, all or nothing. Refused, changing nothing: a database with other tables in it, or
    one newer than this application."""
    with connect(url, search_path=False) as conn:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [_SETUP_LOCK])
            version = schema_version(conn)
            others = foreign_objects(conn)
            if version is None or (version == 0 and others):
                named = ", ".join(others) if others else "a schema 'team'"
                raise TeamError(
                    f"the database {conn.info.dbname!r} is not empty and is not an annotator "
                    f"team database (it holds {named}); use a new, empty database"
                )
            _check_owner(conn)
            ensure_group_roles(conn)
            before = migrate(conn, target)
        return InitResult(before=before, after=max(before, target))

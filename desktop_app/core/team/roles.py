"""The team's roles: three group roles, and the members who log in as themselves.

``annotator`` may read everything and write documents, annotations, comments and settings;
``reviewer`` is an annotator who may also approve, return and reopen; ``admin`` is a reviewer
who may also turn the four-eyes rule off and add already-approved documents. Members are login
roles granted one of them; the server's triggers check membership (``team.has_role``), so the
role a member was granted is what they may do, whatever the client says.

PostgreSQL roles belong to the whole server (cluster), not to one database: the three group
roles are shared by every team database on the server, and a member of one is granted CONNECT
to the databases that admitted the groups.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

import psycopg
from psycopg import sql

from desktop_app.core.errors import KnownError

TeamRole = Literal["annotator", "reviewer", "admin"]
TEAM_ROLES: tuple[TeamRole, ...] = get_args(TeamRole)
# Each role includes the one before it.
_INCLUDES = (("annotator", "reviewer"), ("reviewer", "admin"))
# Lower case only: PostgreSQL folds unquoted names, and a name people type in psql must work.
_MEMBER_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_DATA_TABLES = "team.documents, team.entities, team.mentions, team.events, team.arguments, "
_DATA_TABLES += "team.comments, team.meta"

GRANTS = f"""
REVOKE ALL ON SCHEMA team FROM PUBLIC;
GRANT USAGE ON SCHEMA team TO annotator;
GRANT SELECT, INSERT, UPDATE, DELETE ON {_DATA_TABLES} TO annotator;
GRANT SELECT, INSERT ON team.originals, team.imported_audit TO annotator;
GRANT SELECT ON team.audit, team.migrations TO annotator;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA team TO annotator;
"""
"""What members may do with the tables (run by the first schema step). Notably absent: any
write to ``audit``, UPDATE/DELETE of ``imported_audit`` and ``originals``, and TRUNCATE
anywhere (it would bypass the row triggers)."""


class TeamError(KnownError):
    """A team database could not be set up or changed (the message says why)."""


def ensure_group_roles(conn: psycopg.Connection) -> None:
    """Create the three group roles where missing and chain them (admin ⊃ reviewer ⊃
    annotator); admit them, and only them, to the current database."""
    for role in TEAM_ROLES:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
        if not exists:
            try:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            except psycopg.errors.InsufficientPrivilege as error:
                raise TeamError(
                    f"cannot create the group role {role!r}: the role setting up the team "
                    "database needs CREATEROLE (or a server administrator creates the roles "
                    "annotator, reviewer and admin first)"
                ) from error
    for group, wider in _INCLUDES:
        if not _is_member(conn, wider, group):
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(wider))
            )
    database = sql.Identifier(str(conn.info.dbname))
    conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(database))
    conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO annotator").format(database))


def _is_member(conn: psycopg.Connection, role: str, group: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
        "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = %s AND g.rolname = %s",
        [role, group],
    ).fetchone()
    return row is not None


def check_member_name(name: str) -> None:
    """Refuse a login name PostgreSQL would fold or that needs quoting."""
    if not _MEMBER_NAME.match(name):
        raise TeamError(
            f"{name!r} is not a usable login name: use lower-case letters, digits and _ "
            "(starting with a letter or _), at most 63 characters"
        )
    if name in TEAM_ROLES or name.startswith("pg_"):
        raise TeamError(f"{name!r} is reserved; choose another login name")


def add_member(conn: psycopg.Connection, name: str, role: TeamRole, password: str) -> None:
    """Create the login role ``name`` with ``password`` and grant it ``role``, in the caller's
    transaction. The password is hashed (SCRAM-SHA-256) here, so the server, its log and its
    statistics never see it in clear."""
    check_member_name(name)
    if role not in TEAM_ROLES:
        raise TeamError(f"unknown role {role!r}: use one of {', '.join(TEAM_ROLES)}")
    if not password:
        raise TeamError("the password is empty")
    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
        raise TeamError(f"a role named {name!r} already exists on this server; nothing changed")
    verifier = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    try:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(name), sql.Literal(verifier.decode("ascii"))
            )
        )
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(name)))
    except psycopg.errors.InsufficientPrivilege as error:
        raise TeamError(
            f"cannot add {name!r}: connect as a role with CREATEROLE (the server "
            f"administrator, or whoever ran 'team init') — {error.diag.message_primary}"
        ) from error


def member_roles(conn: psycopg.Connection, name: str) -> set[str]:
    """The team roles ``name`` has, directly or through another (e.g. admin ⊃ reviewer)."""
    return {role for role in TEAM_ROLES if _has_role(conn, name, role)}


def _has_role(conn: psycopg.Connection, name: str, role: str) -> bool:
    row = conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [name, role]).fetchone()
    return bool(row and row[0])

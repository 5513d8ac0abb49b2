"""The ``annotator team`` commands: setting up a team database on PostgreSQL and its members.

``annotator team init URL`` creates the schema, roles and rules in an empty database (and brings
an older team database up to date; run again, it changes nothing). ``annotator --db URL team
add-user NAME --role annotator|reviewer|admin`` creates a login role and grants it a team role;
the password is asked twice on the terminal or read from the first line of standard input
(``--password-stdin``), never from the command line.

``--db`` takes a file path or a ``postgresql://`` URL (``database_location``); the commands that
do not work on a team database yet say so instead of treating the URL as a file name.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from desktop_app.core.errors import KnownError
from desktop_app.core.team.location import is_team_url

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2


def database_location(value: str) -> Path | str:
    """``--db``: a team database URL as given (a ``Path`` would fold its ``//``), else a path."""
    return value if is_team_url(value) else Path(value)


def add_team_commands(commands: Any) -> None:
    """Register ``team init`` and ``team add-user`` on the top-level subcommands."""
    team = commands.add_parser("team", help="set up a team database on PostgreSQL")
    team_commands = team.add_subparsers(dest="team_command", required=True)
    init = team_commands.add_parser(
        "init",
        help="create the schema, roles and rules in an empty PostgreSQL database (safe to rerun)",
    )
    init.add_argument("url", help="e.g. postgresql://owner@server/annotations?sslmode=verify-full")
    add_user = team_commands.add_parser(
        "add-user", help="create a member who logs in with a password (needs --db URL)"
    )
    add_user.add_argument("name", help="login name: lower-case letters, digits, _")
    add_user.add_argument("--role", required=True, choices=["annotator", "reviewer", "admin"])
    add_user.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input instead of asking",
    )


def route_team_url(args: argparse.Namespace) -> int | None:
    """With ``--db URL``: the commands the team database answers its own way (the server's
    bundle import and audit check); None for the rest, which run on the same ``Store`` as on
    a file (``core.team.team_store``)."""
    if not isinstance(args.db, str) or args.self_test:
        return None
    if args.command == "audit" and args.audit_command == "verify":
        return _verify_team_audit(args.db)
    if args.command == "import-bundle":
        return _import_team_bundle(args)
    return None


def run_team(args: argparse.Namespace) -> int:
    import psycopg

    try:
        if args.team_command == "init":
            return _init(args.url)
        return _add_user(args)
    except psycopg.Error as error:  # the server's reason, as a message rather than a traceback
        reason = getattr(error, "diag", None) and error.diag.message_primary
        raise KnownError(f"the team database refused: {reason or error}") from error


def _init(url: str) -> int:
    from desktop_app.core.team.migrations import init_team_database

    if not is_team_url(url):
        raise KnownError(f"{url!r} is not a PostgreSQL URL (postgresql://user@host/database)")
    result = init_team_database(url)
    if result.before == 0:
        print(f"team database set up: schema version {result.after}, roles annotator, reviewer, ")
        print("admin; add members with 'annotator --db URL team add-user NAME --role ROLE'")
    elif result.changed:
        print(f"team database brought up to date: schema version {result.before} → {result.after}")
    else:
        print(f"team database already up to date (schema version {result.after}); nothing changed")
    return EXIT_OK


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise KnownError("no terminal to ask for the password on: use --password-stdin")
        password = getpass.getpass("Password for the new member: ")
        if getpass.getpass("The same password again: ") != password:
            raise KnownError("the two passwords differ; nothing changed")
    if not password:
        raise KnownError("the password is empty; nothing changed")
    return password


def _add_user(args: argparse.Namespace) -> int:
    from desktop_app.core.team.connection import connect
    from desktop_app.core.team.migrations import CURRENT_VERSION, schema_version
    from desktop_app.core.team.roles import add_member, check_member_name

    if not isinstance(args.db, str):
        raise KnownError("'team add-user' needs --db postgresql://… naming the team database")
    check_member_name(args.name)
    password = _read_password(args.password_stdin)
    with connect(args.db) as conn:
        version = schema_version(conn)
        if version != CURRENT_VERSION:
            raise KnownError(
                "that database is not a current annotator team database: run "
                "'annotator team init URL' first"
            )
        with conn.transaction():
            add_member(conn, args.name, args.role, password)
    print(f"added {args.name} as {args.role}: they log in as {args.name} with that password")
    return EXIT_OK


def _verify_team_audit(url: str) -> int:
    from desktop_app.core.team.audit_trail import verify_team_audit
    from desktop_app.core.team.connection import connect
    from desktop_app.core.team.migrations import schema_version

    with connect(url) as conn:
        if not schema_version(conn):
            raise KnownError("that database is not an annotator team database (no audit trail)")
        breaks = verify_team_audit(conn)
        row = conn.execute("SELECT seq, at, hash FROM team.audit ORDER BY seq DESC LIMIT 1")
        head = row.fetchone()
    if breaks:
        print(f"audit trail broken: {len(breaks)} break(s)")
        for line in breaks:
            print(f"  - {line}")
        return EXIT_PROBLEMS
    print(f"audit trail intact: {head[0] if head else 0} entries")
    if head is not None:
        print(f"latest entry {head[0]} at {head[1]}, hash {head[2]}")
    return EXIT_OK


def _import_team_bundle(args: argparse.Namespace) -> int:
    from desktop_app.core.team.bundle_import import import_team_bundle
    from desktop_app.core.team.connection import connect

    if args.on_existing != "fail" or args.force_replace:
        raise KnownError(
            "on a team database a bundle only adds documents: --on-existing skip/replace and "
            "--force-replace are for a database file; nothing imported"
        )
    with connect(args.db) as conn:
        report = import_team_bundle(conn, args.bundle, strict=args.strict)
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(f"{len(report.added)} added, 0 replaced, 0 skipped")
    return EXIT_OK

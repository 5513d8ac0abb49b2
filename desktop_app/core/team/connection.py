"""Connecting to a team database: telling a URL from a file path, and a failed connection from
a bug.

A team database is named by a libpq URL (``postgresql://user@host/dbname?sslmode=verify-full``);
the password comes from the URL, ``PGPASSWORD`` or ``~/.pgpass`` as libpq reads them. Errors
that mean "the server could not be reached or refused the login" become a ``StoreError`` with
the server's reason (never the password).
"""

from __future__ import annotations

import psycopg

from desktop_app.core.errors import StoreError


def connect(url: str, *, search_path: bool = True) -> psycopg.Connection:
    """A connection (not autocommit) to the team database at ``url``; with ``search_path``
    its unqualified names are the team's tables."""
    try:
        conn = psycopg.connect(url, application_name="annotator")
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else "no reason given"
        raise StoreError(f"cannot connect to the team database: {reason}") from error
    except psycopg.ProgrammingError as error:
        raise StoreError(f"not a usable team database URL: {error}") from error
    if search_path:
        conn.execute("SET search_path TO team, pg_catalog")
        conn.commit()
    return conn

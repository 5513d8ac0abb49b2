"""Searching a team database's documents by title or text, in any script (schema step 7).

The SQLite file answers with its FTS5 trigram index; the server with ``pg_trgm``'s trigram GIN
indexes, which serve ``ILIKE '%…%'`` — case-insensitive substring search, Chinese included
(the database's character classification, e.g. ``C.UTF-8``, counts CJK characters as word
characters). A query shorter than three characters has no trigram and scans, stopping at the
first ``limit`` hits. Hits come in the documents list's order (``created_at``, ``rowid``).
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from desktop_app.core.team.roles import TeamError


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_documents(conn: psycopg.Connection, query: str, limit: int = 200) -> list[str]:
    """Ids of documents whose title or text contains ``query`` (ignoring case)."""
    query = query.strip()
    if not query:
        return []
    pattern = _like_pattern(query)
    rows = conn.execute(
        "SELECT id FROM team.documents WHERE title ILIKE %s OR text ILIKE %s "
        "ORDER BY created_at, rowid LIMIT %s",
        [pattern, pattern, limit],
    ).fetchall()
    return [str(row[0]) for row in rows]


def install_trigram_indexes(conn: psycopg.Connection) -> None:
    """``pg_trgm`` (in schema ``team`` unless the database has it already) and trigram indexes
    on the documents' titles and texts, in the caller's transaction."""
    row = conn.execute(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    ).fetchone()
    if row is None:
        try:
            with conn.transaction():  # a savepoint: the message below, not an aborted set-up
                conn.execute("CREATE EXTENSION pg_trgm SCHEMA team")
        except (psycopg.errors.UndefinedFile, psycopg.errors.InsufficientPrivilege) as error:
            raise TeamError(
                "the server cannot provide the pg_trgm extension for search "
                f"({error.diag.message_primary}); install PostgreSQL's contrib modules "
                "(Debian: postgresql-15 has them) or have a superuser run CREATE EXTENSION "
                "pg_trgm in this database"
            ) from error
        schema = "team"
    else:
        schema = str(row[0])
    for column in ("title", "text"):
        conn.execute(
            sql.SQL("CREATE INDEX {} ON team.documents USING gin ({} {}.gin_trgm_ops)").format(
                sql.Identifier(f"documents_{column}_trigrams"),
                sql.Identifier(column),
                sql.Identifier(schema),
            )
        )

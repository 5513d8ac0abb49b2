"""Refusing the database file as an export target or an import source.

Writing over it would destroy it; merely opening and closing it from this process (reading
it as an import would) silently drops the process's SQLite locks on POSIX systems, so the
path is checked before any file is touched.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.errors import KnownError

_COMPANIONS = ("", "-wal", "-shm", "-journal")


def refuse_database_path(database: Path, path: Path, what: str) -> None:
    """``KnownError`` when ``path`` is the database or one of SQLite's files beside it."""
    resolved = database.resolve()
    forbidden = {resolved.with_name(resolved.name + suffix) for suffix in _COMPANIONS}
    if path.resolve() in forbidden:
        raise KnownError(f"{path}: this is the database itself; choose another {what}")

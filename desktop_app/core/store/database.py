"""Opening, checking and migrating the SQLite file.

The version is packed into ``PRAGMA user_version`` as ``major * 1000 + minor``: a newer minor
is readable by this version, a newer major is refused. Before any migration a backup copy
``<name>.v<old>.bak`` is written beside the file with SQLite's online backup.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from desktop_app.core.errors import NewerDatabaseError, StoreError
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import migrations, search_index
from desktop_app.core.store.audit_triggers import Unattended, register_audit_functions

APPLICATION_ID = 0x414E4E31  # "ANN1": marks a file as ours
SCHEMA_VERSION = (8, 1)
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BUSY_TIMEOUT_MS = 3000
_QUICK_CHECK_LIMIT = 64 * 1024 * 1024


def pack_version(major: int, minor: int) -> int:
    return major * 1000 + minor


def unpack_version(packed: int) -> tuple[int, int]:
    return divmod(packed, 1000)


def database_uri(path: Path, create: bool) -> str:
    """The SQLite URI of ``path``: every character that means something in a URI (``#``,
    ``?``, ``%``, spaces, non-ASCII) is percent-encoded, so ``notes#2025.db`` opens that file
    and not ``notes``. ``mode=rw`` for an existing file keeps a vanished one from being made
    anew, empty, under the user's feet."""
    posix = path.resolve().as_posix()
    if not posix.startswith("/"):  # a Windows drive path: file:///C:/...
        posix = "/" + posix
    return f"file:{quote(posix, safe='/:')}?mode={'rwc' if create else 'rw'}"


def _check_file_before_opening(path: Path) -> bool:
    """Refuse files we must not touch. Returns True when the file already exists."""
    if not path.exists():
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise StoreError(f"{path}: the folder {parent} does not exist")
        if not os.access(parent, os.W_OK):
            raise StoreError(f"{path}: cannot create a database here (folder is read-only)")
        return False
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise StoreError(f"{path}: cannot read the file ({error.strerror})") from None
    if header and header != _SQLITE_MAGIC:
        raise StoreError(f"{path}: is not an annotation database (not an SQLite file)")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StoreError(
            f"{path}: the database is read-only; copy it somewhere writable to work on it"
        )
    return bool(header)


def _describe(error: sqlite3.Error, path: Path) -> StoreError:
    text = str(error)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the database is locked by another program; close it and retry")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreError(f"{path}: the database file is damaged ({text})")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: the database is read-only")
    if "disk" in text and "full" in text:
        return StoreError(f"{path}: the disk is full; free some space and retry")
    return StoreError(f"{path}: database error ({text})")


def connect(path: Path) -> sqlite_utils.Database:
    """Open and check ``path``, creating or migrating it; never alters a file it refuses."""
    existed = _check_file_before_opening(path)
    try:
        conn = sqlite3.connect(
            database_uri(path, create=not existed), uri=True, timeout=_BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as error:
        raise _describe(error, path) from None
    try:
        # No sqlite-utils plugins: none is used, and looking for them scans every package.
        db = sqlite_utils.Database(conn, execute_plugins=False)
        # Before migrating: a migration's writes are audited too. The store rebinds them.
        register_audit_functions(conn, Unattended())
        search_index.register(conn)  # its triggers call it
        _refuse_foreign_or_newer(db, path, existed)
        _configure(db)
        _migrate(db, path)
    except sqlite3.Error as error:
        conn.close()
        raise _describe(error, path) from None
    except StoreError:
        conn.close()
        raise
    return db


def _pragma(db: sqlite_utils.Database, name: str) -> int:
    row = db.execute(f"PRAGMA {name}").fetchone()
    return int(row[0]) if row else 0


def _refuse_foreign_or_newer(db: sqlite_utils.Database, path: Path, existed: bool) -> None:
    if not existed:
        return
    application_id = _pragma(db, "application_id")
    tables = db.table_names()
    if application_id != APPLICATION_ID:
        if tables:
            raise StoreError(
                f"{path}: is an SQLite file of another program, not an annotation database"
            )
        return
    major, minor = unpack_version(_pragma(db, "user_version"))
    if major > SCHEMA_VERSION[0]:
        raise NewerDatabaseError(
            f"{path}: was written by a newer version of the application (database format "
            f"{major}.{minor}, this version reads up to {SCHEMA_VERSION[0]}.x); please upgrade"
        )
    # A full check reads the whole file: worth it at start-up for ordinary databases, too slow
    # for a corpus of many hundred megabytes, where damage still surfaces as a clear error on
    # the first read of a damaged page (see ``_describe``) before anything is written there.
    if path.stat().st_size > _QUICK_CHECK_LIMIT:
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return
    problems = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        raise StoreError(f"{path}: the database file is damaged: {'; '.join(problems[:3])}")


def _configure(db: sqlite_utils.Database) -> None:
    with db.ensure_autocommit_on():
        db.conn.execute("PRAGMA journal_mode=WAL")
    # FULL makes every commit reach the disk before the call returns (power-cut safe).
    db.conn.execute("PRAGMA synchronous=FULL")
    db.conn.execute("PRAGMA foreign_keys=ON")
    db.conn.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")


def _backup(db: sqlite_utils.Database, path: Path, packed: int) -> Path:
    major, minor = unpack_version(packed)
    target = path.with_name(f"{path.name}.v{major}.{minor}.bak")
    with sqlite3.connect(target) as copy:
        db.conn.backup(copy)
    copy.close()
    return target


def _migrate(db: sqlite_utils.Database, path: Path) -> None:
    packed = _pragma(db, "user_version")
    current = pack_version(*SCHEMA_VERSION)
    if packed >= current:
        return
    if packed:
        _backup(db, path, packed)
    steps: list[tuple[int, Callable[[sqlite_utils.Database], None]]] = [
        (pack_version(major, 0), step) for major, step in migrations.STEPS
    ] + [(pack_version(*version), step) for version, step in migrations.MINOR_STEPS]
    steps.sort(key=lambda target_step: target_step[0])
    with db.atomic():
        for target, step in steps:
            if packed < target:
                step(db)
        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute(f"PRAGMA user_version={current}")


def migrate_to(db: sqlite_utils.Database, major: int) -> None:
    """Build an old-format database (for migration tests): apply steps up to ``major``."""
    register_audit_functions(db.conn, Unattended())
    with db.atomic():
        for step_major, step in migrations.STEPS:
            if step_major <= major:
                step(db)
        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute(f"PRAGMA user_version={pack_version(major, 0)}")


def record_schema(db: sqlite_utils.Database, schema: AnnotationSchema) -> None:
    """Remember the annotation schema the data in this file is made under."""
    rows = {
        "schema_name": schema.name,
        "schema_version": schema.version,
        "schema_hash": schema.content_hash,
        "schema_json": schema.model_dump_json(by_alias=True),
    }
    with db.atomic():
        for key, value in rows.items():
            db.table("meta").insert({"key": key, "value": value}, pk="key", replace=True)

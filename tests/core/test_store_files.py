"""Opening files that are not (or not quite) our database: refused, named, and left untouched.

Also: a database locked by another program, and migration of an older database with a backup.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest
import sqlite_utils

from desktop_app.core.errors import EditRefused, NewerDatabaseError, StoreError
from desktop_app.core.models import DocumentStatus
from desktop_app.core.schema import load_schema
from desktop_app.core.store import SCHEMA_VERSION, open_store
from desktop_app.core.store.database import APPLICATION_ID, migrate_to, pack_version
from desktop_app.core.text import content_hash


def _assert_refused_untouched(path: Path, schema, sha256_of, *words: str, kind=StoreError):
    """Opening ``path`` fails with a message naming it, and the file is exactly as it was."""
    before = sha256_of(path)
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(kind) as refusal:
        open_store(path, schema, actor="alice")
    message = str(refusal.value)
    assert str(path) in message
    for word in words:
        assert word in message.lower(), (word, message)
    assert sha256_of(path) == before
    # No journal, WAL or backup was left beside it either.
    assert sorted(p.name for p in path.parent.iterdir()) == siblings
    return message


def _real_store_file(path: Path, schema, helpers, documents: int = 1) -> Path:
    store = open_store(path, schema, actor="alice")
    helpers.add_document(store)
    for number in range(documents - 1):
        store.add_document(text=f"Filler {number} " + "公告內容 notice text " * 150, title="x")
    store.close()
    return path


def test_a_text_file_named_db_is_refused(tmp_path, schema, helpers):
    path = tmp_path / "notes.db"
    path.write_text("These are my meeting notes, not a database.\n", encoding="utf-8")
    _assert_refused_untouched(path, schema, helpers.sha256_of, "not an sqlite file")


def test_a_file_of_random_bytes_is_refused(tmp_path, schema, helpers):
    path = tmp_path / "random.db"
    path.write_bytes(random.Random(7).randbytes(20_000))
    _assert_refused_untouched(path, schema, helpers.sha256_of, "not an sqlite file")


def test_an_sqlite_file_of_another_program_is_refused(tmp_path, schema, helpers):
    path = tmp_path / "browser-history.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE visits (url TEXT, at TEXT)")
        other.execute("INSERT INTO visits VALUES ('https://example.com', '2025-01-01')")
    other.close()
    _assert_refused_untouched(path, schema, helpers.sha256_of, "another program")


def test_a_database_from_a_newer_major_version_is_refused(tmp_path, schema, helpers):
    path = _real_store_file(tmp_path / "newer.db", schema, helpers)
    with sqlite3.connect(path) as other:
        other.execute(f"PRAGMA application_id={APPLICATION_ID}")
        other.execute("PRAGMA user_version=99000")
    other.close()
    message = _assert_refused_untouched(
        path, schema, helpers.sha256_of, "newer", kind=NewerDatabaseError
    )
    assert "99.0" in message


def test_a_database_from_a_newer_minor_version_still_opens(tmp_path, schema, helpers):
    path = _real_store_file(tmp_path / "minor.db", schema, helpers)
    newer_minor = pack_version(SCHEMA_VERSION[0], SCHEMA_VERSION[1] + 1)
    with sqlite3.connect(path) as other:
        other.execute(f"PRAGMA user_version={newer_minor}")
    other.close()
    store = open_store(path, schema, actor="alice")
    try:
        assert store.stats()["documents"] == 1
    finally:
        store.close()


def test_a_damaged_database_is_refused(tmp_path, schema, helpers):
    path = _real_store_file(tmp_path / "damaged.db", schema, helpers, documents=40)
    data = bytearray(path.read_bytes())
    assert len(data) > 64 * 1024, "set-up: the file must have pages beyond the first"
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xa5" * 8192
    path.write_bytes(bytes(data))
    _assert_refused_untouched(path, schema, helpers.sha256_of, "damaged")


def test_a_folder_and_a_missing_folder_are_refused_by_name(tmp_path, schema):
    with pytest.raises(StoreError, match="folder"):
        open_store(tmp_path, schema, actor="alice")
    missing = tmp_path / "no-such-folder" / "annotations.db"
    with pytest.raises(StoreError) as refusal:
        open_store(missing, schema, actor="alice")
    assert str(missing) in str(refusal.value)
    assert not missing.parent.exists()


def _make_read_only(path: Path) -> None:
    """Make ``path`` unwritable even for root (who ignores permission bits), or skip."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    # Root writes through 0o444, so chmod proves nothing here; the immutable attribute binds
    # root too, where the file system supports it.
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0 or os.access(path, os.W_OK):
        pytest.skip("running as root on a file system without chattr +i: cannot make read-only")


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
    path.chmod(0o644)


def test_a_read_only_database_is_refused_with_a_hint(tmp_path, schema, helpers):
    path = _real_store_file(tmp_path / "shared.db", schema, helpers)
    _make_read_only(path)
    try:
        _assert_refused_untouched(path, schema, helpers.sha256_of, "read-only", "copy it")
    finally:
        _make_writable(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_a_new_database_in_a_read_only_folder_is_refused(tmp_path, schema):
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="read-only"):
            open_store(folder / "annotations.db", schema, actor="alice")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


# --- locks -----------------------------------------------------------------------------------


@pytest.fixture
def other_program(store_path):
    """A second connection, as another program holding the database would have."""
    connection = sqlite3.connect(store_path, isolation_level=None, check_same_thread=False)
    yield connection
    if connection.in_transaction:
        connection.execute("ROLLBACK")
    connection.close()


@pytest.mark.file_only  # another program locks the file
def test_an_edit_while_another_program_holds_the_lock_says_locked_and_changes_nothing(
    store, store_path, other_program, helpers
):
    """Waits out the busy timeout (3 s) before giving up, as a real user's edit would."""
    document_id = helpers.add_document(store)
    other_program.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StoreError) as refusal:
        store.set_document_field(document_id, "announcement_date", "2025-03-31")
    assert "locked" in str(refusal.value)
    assert str(store_path) in str(refusal.value)
    other_program.execute("ROLLBACK")
    assert store.document(document_id).metadata == {}
    store.set_document_field(document_id, "announcement_date", "2025-03-31")
    assert store.document(document_id).metadata == {"announcement_date": "2025-03-31"}


@pytest.mark.file_only  # another program locks the file
def test_an_edit_waits_for_a_brief_lock_instead_of_failing(store, other_program, helpers):
    document_id = helpers.add_document(store)
    other_program.execute("BEGIN EXCLUSIVE")
    edit_started = threading.Event()
    released = threading.Event()

    def other_program_finishes() -> None:
        edit_started.wait(timeout=10)
        other_program.execute("COMMIT")
        released.set()

    def on_statement(statement: str) -> None:
        if statement.upper().startswith(("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE", "UPDATE", "INSERT")):
            edit_started.set()

    # The other program commits as soon as our edit first asks for the write lock; the edit
    # must wait for it (busy timeout) rather than fail at once.
    store.db.conn.set_trace_callback(on_statement)
    finisher = threading.Thread(target=other_program_finishes)
    finisher.start()
    try:
        store.set_document_field(document_id, "announcement_date", "2025-03-31")
    finally:
        store.db.conn.set_trace_callback(None)
        edit_started.set()
        finisher.join()
    assert released.is_set()
    assert store.document(document_id).metadata == {"announcement_date": "2025-03-31"}


def test_opening_a_locked_database_under_a_changed_schema_says_locked(
    store_path, schema, helpers, other_program
):
    store = open_store(store_path, schema, actor="alice")
    helpers.add_document(store)
    store.close()
    changed = helpers.TEST_SCHEMA_TOML.replace('version = "1.0"', 'version = "1.1"')
    newer_schema = load_schema(helpers.write_schema(store_path.parent, changed, "changed.toml"))
    other_program.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StoreError) as refusal:
        open_store(store_path, newer_schema, actor="alice")
    assert "locked" in str(refusal.value)
    assert str(store_path) in str(refusal.value)


# --- migration -------------------------------------------------------------------------------


def _version_1_file(path: Path, text: str) -> None:
    db = sqlite_utils.Database(path)
    migrate_to(db, 1)
    db.table("documents").insert(
        {
            "id": "doc-1",
            "title": "配售新股份",
            "source_name": "placing.pdf",
            "content_hash": content_hash(text),
            "language": "zh-Hant",
            "text": text,
            "metadata": json.dumps({"announcement_date": "2025-03-31"}),
            "pages": "[]",
            "created_by": "carol",
            "created_at": "2024-12-31T00:00:00.000Z",
            "updated_by": "carol",
            "updated_at": "2024-12-31T00:00:00.000Z",
        }
    )
    db.table("entities").insert(
        {"id": "ent-1", "document_id": "doc-1", "type": "company", "name": "本公司"}
    )
    db.table("mentions").insert(
        {"id": "men-1", "entity_id": "ent-1", "document_id": "doc-1", "start": 0, "end": 3}
        | {"text": text[0:3]}
    )
    db.close()


def test_a_version_1_database_is_migrated_with_a_backup_and_keeps_its_data(tmp_path, schema):
    path = tmp_path / "old.db"
    text = "本公司董事會宣佈，本公司已完成配售新股份。"
    _version_1_file(path, text)

    store = open_store(path, schema, actor="alice")
    try:
        document = store.document("doc-1")
        assert (document.text, document.title, document.status.value) == (text, "配售新股份", "new")
        assert document.metadata == {"announcement_date": "2025-03-31"}
        assert document.stamp.created_by == "carol"
        assert [m.text for m in store.entity("ent-1").mentions] == ["本公司"]
        assert store.search("配售新股份") == ["doc-1"]  # full-text index built for old rows
        assert store.search("董事") == ["doc-1"]
        start = text.index("董事會")
        entity = store.create_entity("doc-1", "company", [(start, start + 3)])
        assert entity.mentions[0].text == "董事會"
    finally:
        store.close()
    with sqlite3.connect(path) as migrated:
        assert migrated.execute("PRAGMA user_version").fetchone()[0] == pack_version(
            *SCHEMA_VERSION
        )
    migrated.close()

    backup = tmp_path / "old.db.v1.0.bak"
    assert backup.exists()
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == pack_version(1, 0)
        assert copy.execute("SELECT text FROM documents").fetchall() == [(text,)]
        columns = {row[1] for row in copy.execute("PRAGMA table_info(documents)")}
        assert "status" not in columns
    copy.close()


def test_a_migrated_database_opens_again_without_a_second_backup(tmp_path, schema):
    path = tmp_path / "old.db"
    _version_1_file(path, "Alpha Holdings Limited announces.")
    open_store(path, schema, actor="alice").close()
    backup = tmp_path / "old.db.v1.0.bak"
    stamp = backup.stat().st_mtime_ns
    store = open_store(path, schema, actor="alice")
    try:
        assert store.search("Alpha") == ["doc-1"]
    finally:
        store.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".bak") == [backup.name]
    assert backup.stat().st_mtime_ns == stamp


@pytest.mark.file_only  # the file's application id and format stamp
def test_a_fresh_database_is_stamped_as_ours_and_current(store_path, store):
    store.close()
    copy = store_path.with_name("copy.db")
    shutil.copy(store_path, copy)
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == pack_version(*SCHEMA_VERSION)
    db.close()


def _version_2_file(path: Path, text: str) -> None:
    db = sqlite_utils.Database(path)
    migrate_to(db, 2)
    db.table("documents").insert(
        {
            "id": "doc-2",
            "title": "董事變更",
            "content_hash": content_hash(text),
            "text": text,
            "status": "annotated",
            "flag": "check the date",
            "created_by": "carol",
            "created_at": "2025-01-02T00:00:00.000Z",
            "updated_by": "carol",
            "updated_at": "2025-01-02T00:00:00.000Z",
        }
    )
    db.table("entities").insert(
        {"id": "ent-2", "document_id": "doc-2", "type": "company", "name": "本公司"}
        | {"created_by": "carol", "updated_by": "carol"}
    )
    db.table("mentions").insert(
        {"id": "men-2", "entity_id": "ent-2", "document_id": "doc-2", "start": 0, "end": 3}
        | {"text": text[0:3]}
    )
    db.close()


def test_a_version_2_database_gains_the_review_workflow_with_a_backup(tmp_path, schema):
    path = tmp_path / "v2.db"
    text = "本公司董事會宣佈委任新董事。"
    _version_2_file(path, text)

    store = open_store(path, schema, actor="alice")
    try:
        document = store.document("doc-2")
        assert (document.status.value, document.flag, document.status_note) == (
            "annotated",
            "check the date",
            "",
        )
        assert store.audit_entries("doc-2") == []  # no history before the trail existed
        assert store.document_annotators("doc-2") == {"carol"}  # from the rows' stamps
        store.actor = "carol"
        with pytest.raises(EditRefused, match="four-eyes"):
            store.set_status("doc-2", DocumentStatus.APPROVED)
        store.actor = "alice"
        store.set_status("doc-2", DocumentStatus.APPROVED)
        store.add_comment("doc-2", "approved after the migration")
        assert [(e.actor, e.table_name) for e in store.audit_entries("doc-2")] == [
            ("alice", "comments"),
            ("alice", "documents"),
        ]
        assert store.verify_audit() == []
    finally:
        store.close()

    backup = tmp_path / "v2.db.v2.0.bak"
    assert backup.exists()
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == pack_version(2, 0)
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        assert "audit" not in tables and "comments" not in tables
        assert copy.execute("SELECT status FROM documents").fetchall() == [("annotated",)]
    copy.close()


@pytest.mark.file_only  # the file's triggers, read from sqlite_master
def test_the_search_index_follows_title_changes_but_skips_other_updates(store, helpers):
    document_id = helpers.add_document(store, title="Placing of new shares")
    trigger = store.db.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_au'")
    assert 'AFTER UPDATE OF "title", "text"' in trigger.fetchone()[0]
    store.set_status(document_id, DocumentStatus.IN_PROGRESS)  # no re-indexing needed
    assert store.search("Placing") == [document_id]
    with store.transaction() as db:
        db.table("documents").update(document_id, {"title": "Rights issue"})
    assert store.search("Rights issue") == [document_id]
    assert store.search("Placing") == []

"""The team database's audit trail: written only by the server, append-only for everyone, and
verified by the application's own hash code (``core.audit_chain``)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

import psycopg
import pytest

from desktop_app.core.audit_chain import GENESIS_HASH, entry_hash
from desktop_app.core.team.audit_trail import team_audit_entries, verify_team_audit

Login = Callable[[str, str], psycopg.Connection]

_TAMPERING = [
    "UPDATE {table} SET actor = 'nobody'",
    "UPDATE {table} SET actor = 'nobody' WHERE false",
    "DELETE FROM {table}",
    "DELETE FROM {table} WHERE false",
    "TRUNCATE {table}",
    "TRUNCATE {table} CASCADE",
]


def _document(conn: psycopg.Connection) -> None:
    conn.execute(
        "INSERT INTO documents (id, title, content_hash, text) "
        "VALUES ('d1', '公告 \"quoted\" \\ tab\t😀 é', 'h1', 'the text')"
    )
    conn.execute(
        "INSERT INTO comments (id, document_id, body) VALUES ('c1', 'd1', %s)",
        ["line\nbreak \x7f \u2028 𠀀 ☃ \\u0041"],
    )
    conn.execute("UPDATE comments SET resolved = 1, resolved_by = 'forged' WHERE id = 'c1'")


@pytest.mark.parametrize("role", ["annotator", "reviewer", "admin"])
def test_members_cannot_update_delete_truncate_or_write_the_audit_tables(
    login: Login, role: str
) -> None:
    member = login("mo", role)
    _document(member)
    before = [entry.hash for entry in team_audit_entries(member)]
    assert len(before) == 3
    for table in ("audit", "imported_audit"):
        for statement in [
            *_TAMPERING,
            "INSERT INTO {table} (seq, at, actor, action, table_name, row_id, prev_hash, hash) "
            "VALUES (99, '', 'x', 'insert', 'documents', 'd1', '', '')",
        ]:
            sql = statement.format(table=table)
            if table == "imported_audit" and sql.startswith("INSERT"):
                continue  # members add bundle history; checked in its own test
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                member.execute(sql)
    # Nor can they bypass the triggers by truncating the data, or change who owns what.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        member.execute("TRUNCATE documents CASCADE")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        member.execute("ALTER TABLE documents DISABLE TRIGGER audit_row")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        member.execute("DROP TRIGGER append_only ON audit")
    assert [entry.hash for entry in team_audit_entries(member)] == before
    assert verify_team_audit(member) == []


def test_even_the_owner_is_refused_by_the_append_only_triggers(team_url: str) -> None:
    with psycopg.connect(team_url, autocommit=True, options="-c search_path=team") as owner:
        _document(owner)
        for table in ("team.audit", "team.imported_audit"):
            for statement in _TAMPERING:
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                    owner.execute(statement.format(table=table))
        assert owner.execute("SELECT count(*) FROM team.audit").fetchone() == (3,)


def test_the_server_written_chain_verifies_with_the_application_hash(login: Login) -> None:
    ann = login("ann", "annotator")
    _document(ann)
    entries = list(team_audit_entries(ann))
    assert [entry.seq for entry in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS_HASH
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.hash
    # The hashed values are the row's own, read back exactly (text left out, as in SQLite).
    assert entries[0].after is not None and "text" not in entries[0].after
    assert entries[0].after["title"] == '公告 "quoted" \\ tab\t😀 é'
    assert entries[2].after is not None and entries[2].after["resolved_by"] == ann.info.user
    assert entries[2].actor == ann.info.user
    assert verify_team_audit(ann) == []


def test_verification_names_entries_altered_or_removed_behind_the_triggers(
    team_url: str,
) -> None:
    with psycopg.connect(team_url, autocommit=True, options="-c search_path=team") as owner:
        _document(owner)
        owner.execute("UPDATE documents SET flag = 'x'")
        assert verify_team_audit(owner) == []
        # Only the schema owner can do this, and only by switching the guard off first.
        owner.execute("ALTER TABLE audit DISABLE TRIGGER append_only")
        owner.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 2")
        owner.execute("DELETE FROM audit WHERE seq = 3")
        owner.execute("ALTER TABLE audit ENABLE TRIGGER append_only")
        problems = verify_team_audit(owner)
    assert problems == [
        "entry 2: its contents do not match its hash — the entry was altered",
        "entry 4: entry 3 is missing — removed from the trail",
    ]


def test_bundle_history_is_kept_only_when_it_matches_its_hash(login: Login) -> None:
    ann = login("ann", "annotator")
    values = ("0" * 64, 1, "2026-01-05T10:00:00.000Z", "local reviewer", "d1", "insert")
    row = ("documents", "d1", None, {"id": "d1", "title": "公告", "version": 1})
    digest = entry_hash(*values, *row)
    insert = (
        "INSERT INTO imported_audit (hash, chain, seq, at, actor, document_id, action, "
        'table_name, row_id, "before", "after", prev_hash, imported_by) '
        "VALUES (%s, 'c0ffee', %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, 'forged')"
    )
    params = [digest, *values[1:], *row[:3], psycopg.types.json.Jsonb(row[3]), values[0]]
    with pytest.raises(psycopg.errors.RaiseException, match="do not match its hash"):
        ann.execute(insert, ["f" * 64, *params[1:]])  # a hash of other contents
    ann.execute(insert, params)
    kept = ann.execute("SELECT actor, imported_by FROM imported_audit").fetchall()
    assert kept == [("local reviewer", ann.info.user)]
    assert verify_team_audit(ann) == []


def test_concurrent_writers_never_fork_the_chain(login: Login) -> None:
    ann, bob = login("ann", "annotator"), login("bob", "annotator")
    _document(ann)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(conn: psycopg.Connection, name: str) -> None:
        try:
            start.wait()
            for number in range(25):
                with conn.transaction():
                    conn.execute(
                        "INSERT INTO comments (id, document_id, body) VALUES (%s, 'd1', 'hi')",
                        [f"{name}-{number}"],
                    )
                    conn.execute("UPDATE documents SET flag = %s", [f"{name}-{number}"])
        except BaseException as error:  # reported below: a thread's failure must fail the test
            errors.append(error)

    threads = [threading.Thread(target=write, args=(c, n)) for c, n in ((ann, "a"), (bob, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    entries = list(team_audit_entries(ann))
    assert [entry.seq for entry in entries] == list(range(1, 3 + 100 + 1))
    assert {entry.actor for entry in entries[3:]} == {ann.info.user, bob.info.user}
    assert verify_team_audit(ann) == []


def test_what_entries_leave_out_cannot_change_unseen(login: Login) -> None:
    import hashlib

    ann = login("ann", "annotator")
    _document(ann)
    with pytest.raises(psycopg.errors.RaiseException, match="text never changes"):
        ann.execute("UPDATE documents SET text = 'other words' WHERE id = 'd1'")
    with pytest.raises(psycopg.errors.RaiseException, match="import report is written once"):
        ann.execute("UPDATE documents SET import_report = '[]x' WHERE id = 'd1'")
    data = b"%PDF-1.7 the original"
    name = "sha256:" + hashlib.sha256(data).hexdigest()
    with pytest.raises(psycopg.errors.CheckViolation):
        ann.execute("INSERT INTO originals VALUES (%s, %s, %s)", [name, len(data), b"forged"])
    ann.execute("INSERT INTO originals VALUES (%s, %s, %s)", [name, len(data), data])
    ann.execute("UPDATE documents SET original_hash = %s, title = 'new title'", [name])
    assert ann.execute("SELECT text, original_hash FROM documents").fetchone() == (
        "the text",
        name,
    )

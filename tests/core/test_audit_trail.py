"""The audit trail: every change recorded with who, when, before and after; append-only; a hash
chain that a third party can recompute and that names the entry where someone tampered."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from desktop_app.cli import main
from desktop_app.core.audit_chain import GENESIS_HASH
from desktop_app.core.bundle import export_bundle, import_bundle, read_bundle
from desktop_app.core.errors import BundleInvalid, EditRefused
from desktop_app.core.models import DocumentStatus

# --- what is recorded ---------------------------------------------------------------------------


# the file's triggers record a cascade before its cause, the server's after it
@pytest.mark.file_only
def test_each_edit_and_its_undo_is_recorded_with_actor_time_and_values(store, helpers):
    store.clock = lambda: "2025-03-31T10:00:00.000Z"
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    store.actor = "bob"
    store.clock = lambda: "2025-03-31T11:00:00.000Z"
    store.update_entity(ids["target"], name="Beta Limited")
    removal = store.delete_event(ids["appointment"])
    store.restore_event(removal)  # undo

    newest = store.audit_entries(document_id, limit=4)
    assert [(e.action, e.table_name) for e in newest] == [
        ("insert", "arguments"),
        ("insert", "events"),
        ("delete", "events"),
        ("delete", "arguments"),  # the cascade runs before the event's own entry
    ]
    assert {(e.actor, e.at) for e in newest} == {("bob", "2025-03-31T11:00:00.000Z")}
    assert newest[2].before["type"] == "appointment" and newest[2].after is None
    restored, removed = dict(newest[1].after or {}), dict(newest[2].before or {})
    # Put back exactly, under a newer version: an edit based on the old one is still refused.
    assert restored.pop("version") == removed.pop("version") + 1
    assert newest[1].before is None and restored == removed
    assert {newest[0].document_id, newest[3].document_id} == {document_id}  # via event/entity

    rename = store.audit_entries(document_id, limit=5)[4]
    assert (rename.row_id, rename.before["name"], rename.after["name"]) == (
        ids["target"],
        "Beta Ltd",
        "Beta Limited",
    )
    first = store.audit_entries(document_id, newest_first=False)[0]
    assert (first.action, first.table_name, first.row_id) == ("insert", "documents", document_id)
    assert "text" not in first.after  # the text is never copied; its hash stands for it
    assert first.after["content_hash"] == store.document(document_id).content_hash
    assert (first.actor, first.at) == ("alice", "2025-03-31T10:00:00.000Z")
    assert store.verify_audit() == []


def test_an_update_that_changes_nothing_writes_no_entry(store, helpers):
    document_id = helpers.add_document(store)
    before = len(store.audit_entries())
    with store.transaction() as db:
        db.execute("UPDATE documents SET title = title WHERE id = ?", [document_id])
    assert len(store.audit_entries()) == before


# the file's triggers; the server refuses by privilege: tests/team/test_team_audit.py
@pytest.mark.file_only
def test_the_trail_refuses_updates_and_deletes_from_the_application(store, helpers):
    helpers.add_document(store)
    for statement in ("UPDATE audit SET actor = 'mallory'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.db.execute(statement)
    store.db.conn.rollback()
    assert {e.actor for e in store.audit_entries()} == {"alice"}


@pytest.mark.file_only  # another program opens the file
def test_another_program_cannot_write_annotations_unrecorded(store, store_path, helpers):
    document_id = helpers.add_document(store)
    other = sqlite3.connect(store_path)
    try:
        with pytest.raises(sqlite3.OperationalError, match="no such function: audit_"):
            other.execute("UPDATE documents SET title = 'x' WHERE id = ?", [document_id])
    finally:
        other.close()


# --- the hash chain -----------------------------------------------------------------------------

_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _string(text: str) -> str:
    """A JSON string exactly as ``entry_hash``'s docstring specifies, written from the spec."""
    out = []
    for character in text:
        code = ord(character)
        if character in '"\\':
            out.append("\\" + character)
        elif 0x20 <= code <= 0x7E:
            out.append(character)
        elif character in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[character])
        elif code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def _value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    return "{" + ",".join(f"{_string(k)}:{_value(value[k])}" for k in sorted(value)) + "}"


def _third_party_hash(entry) -> str:
    fields = [
        "announcement-annotator/audit/1",
        entry.prev_hash,
        entry.seq,
        entry.at,
        entry.actor,
        entry.document_id,
        entry.action,
        entry.table_name,
        entry.row_id,
        entry.before,
        entry.after,
    ]
    message = "[" + ",".join(_value(field) for field in fields) + "]"
    return hashlib.sha256(message.encode("ascii")).hexdigest()


@pytest.mark.file_only  # reviewers by name: a team database records logins
def test_the_documented_serialisation_recomputes_every_hash_and_link(store, helpers):
    store.actor = "審核員 Ω"
    document_id = helpers.add_document(store)
    text = store.text_of(document_id)
    store.create_entity(document_id, "company", [helpers.span_of(text, "𠀋貝塔有限公司")])
    store.set_document_field(document_id, "headline", 'A "quoted"\tline \\ with\nbreaks\x01')
    entries = store.audit_entries(newest_first=False)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    previous = GENESIS_HASH
    for entry in entries:
        assert entry.prev_hash == previous
        assert _third_party_hash(entry) == entry.hash, entry.seq
        previous = entry.hash


def _tamper(path, *statements: str) -> None:
    """Change the file behind the application's back, as someone with the file could."""
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


@pytest.fixture
def reviewed(store, store_path, helpers):
    """A store with some history; returns the seq of a mid-trail entry that renamed an entity."""
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    store.update_entity(ids["target"], name="Beta Limited")
    rename = store.audit_entries(limit=1)[0].seq
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    store.add_comment(document_id, "done")
    assert store.verify_audit() == []
    store.close()
    return rename


@pytest.mark.file_only  # tampering with the file; the server's trail: tests/team/test_team_audit.py
def test_altering_one_entry_makes_verify_fail_naming_it(reviewed, store_path, open_test_store):
    _tamper(
        store_path,
        "DROP TRIGGER audit_no_update",
        "UPDATE audit SET \"after\" = json_set(\"after\", '$.name', 'Gamma Ltd') "
        f"WHERE seq = {reviewed}",
    )
    breaks = open_test_store(store_path).verify_audit()
    assert breaks == [
        f"entry {reviewed}: its contents do not match its hash — the entry was altered"
    ]


@pytest.mark.file_only  # tampering with the file; the server's trail: tests/team/test_team_audit.py
def test_altering_an_entry_and_its_hash_is_caught_at_the_next_entry(
    reviewed, store_path, open_test_store
):
    store = open_test_store(store_path)
    entry = store.audit_entries(newest_first=False)[reviewed - 1]
    forged = dict(entry.after, name="Gamma Ltd")
    forged_hash = _third_party_hash(entry.model_copy(update={"after": forged}))
    store.close()
    _tamper(
        store_path,
        "DROP TRIGGER audit_no_update",
        f"UPDATE audit SET \"after\" = '{json.dumps(forged)}', hash = '{forged_hash}' "
        f"WHERE seq = {reviewed}",
    )
    breaks = open_test_store(store_path).verify_audit()
    assert len(breaks) == 1
    assert breaks[0].startswith(
        f"entry {reviewed + 1}: its prev_hash does not match entry {reviewed}'s hash"
    )


@pytest.mark.file_only  # tampering with the file; the server's trail: tests/team/test_team_audit.py
def test_removing_an_entry_is_detected_naming_the_gap(reviewed, store_path, open_test_store):
    _tamper(store_path, "DROP TRIGGER audit_no_delete", f"DELETE FROM audit WHERE seq = {reviewed}")
    breaks = open_test_store(store_path).verify_audit()
    assert breaks == [f"entry {reviewed + 1}: entry {reviewed} is missing — removed from the trail"]


@pytest.mark.file_only  # the command line on a database path
def test_audit_verify_on_the_command_line(reviewed, store_path, schema_path, capsys):
    common = ["--db", str(store_path), "--schema", str(schema_path)]
    assert main([*common, "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("audit trail intact: ")
    assert "latest entry" in out
    _tamper(
        store_path,
        "DROP TRIGGER audit_no_update",
        f"UPDATE audit SET actor = 'mallory' WHERE seq = {reviewed}",
    )
    assert main([*common, "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "audit trail broken: 1 break" in out
    assert f"  - entry {reviewed}: its contents do not match its hash" in out


@pytest.mark.file_only  # the command line on a database path
def test_audit_log_on_the_command_line_shows_what_changed(
    store, store_path, schema_path, helpers, capsys
):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    store.update_entity(ids["target"], name="Beta Limited")
    store.close()
    common = ["--db", str(store_path), "--schema", str(schema_path)]
    assert main([*common, "audit", "log", "--document", document_id, "--limit", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert "alice  update entities" in lines[0]
    assert "name: 'Beta Ltd' → 'Beta Limited'" in lines[0]
    assert "updated_at" not in lines[0]


# --- bundles ------------------------------------------------------------------------------------


@pytest.mark.file_only  # reviewers by name: a team database records logins
def test_an_imported_document_keeps_its_history_and_its_annotators(
    tmp_path, helpers, open_test_store
):
    annotator = open_test_store(tmp_path / "annotator.db", actor="A")
    document_id = helpers.add_document(annotator)
    helpers.annotate_valid(annotator, document_id)
    annotator.set_status(document_id, DocumentStatus.ANNOTATED)
    path = tmp_path / "bundle.json"
    export_bundle(annotator, path)

    lead = open_test_store(tmp_path / "lead.db", actor="L")
    import_bundle(lead, path)
    history = lead.audit_entries(document_id, newest_first=False, include_imported=True)
    original = annotator.audit_entries(document_id, newest_first=False)
    assert history[: len(original)] == original
    assert {(e.actor, e.action) for e in history[len(original) :]} == {("L", "import")}
    assert lead.document_annotators(document_id) == {"A"}  # importing is not annotating
    lead.actor = "A"
    with pytest.raises(EditRefused, match="four-eyes"):
        lead.set_status(document_id, DocumentStatus.APPROVED)
    lead.actor = "L"
    lead.set_status(document_id, DocumentStatus.APPROVED)
    assert lead.verify_audit() == []


def test_a_bundle_with_an_altered_audit_entry_is_refused_naming_it(tmp_path, store, helpers):
    document_id = helpers.add_document(store)
    helpers.annotate_valid(store, document_id)
    path = tmp_path / "bundle.json"
    export_bundle(store, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = data["documents"][0]["audit"][3]
    entry["actor"] = "someone else"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BundleInvalid) as invalid:
        read_bundle(path)
    assert f"Sample: audit entry {entry['seq']}: its contents do not match its hash" in (
        invalid.value.problems
    )


def test_export_can_leave_the_audit_history_out(tmp_path, store, helpers):
    document_id = helpers.add_document(store)
    helpers.annotate_valid(store, document_id)
    path = tmp_path / "bundle.json"
    export_bundle(store, path, include_audit=False)
    assert json.loads(path.read_text(encoding="utf-8"))["documents"][0]["audit"] == []

"""The review rules as the server enforces them on raw SQL from members: identity is the login,
four-eyes, who may change a status, and the lock on approved documents."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from desktop_app.core.team.audit_trail import team_audit_entries, verify_team_audit

Login = Callable[[str, str], psycopg.Connection]
Refused = psycopg.errors.RaiseException
NotAllowed = psycopg.errors.InsufficientPrivilege


def _add_document(conn: psycopg.Connection, document_id: str = "d1") -> None:
    conn.execute(
        "INSERT INTO documents (id, title, content_hash, text, created_by, updated_by) "
        "VALUES (%s, '董事會公告', %s, '董事會宣佈委任張三為主席。', 'somebody', 'else')",
        [document_id, f"hash-{document_id}"],
    )


def _annotate(conn: psycopg.Connection, document_id: str = "d1") -> None:
    conn.execute(
        "INSERT INTO entities (id, document_id, type, name) VALUES (%s, %s, 'person', '張三')",
        [f"e-{document_id}", document_id],
    )
    conn.execute(
        'INSERT INTO mentions (id, entity_id, document_id, start, "end", text) '
        "VALUES (%s, %s, %s, 8, 10, '張三')",
        [f"m-{document_id}", f"e-{document_id}", document_id],
    )
    conn.execute("UPDATE documents SET status = 'annotated' WHERE id = %s", [document_id])


def _status(conn: psycopg.Connection, document_id: str = "d1") -> str:
    row = conn.execute("SELECT status FROM documents WHERE id = %s", [document_id]).fetchone()
    assert row is not None
    return str(row[0])


def test_the_annotator_cannot_approve_their_own_work_and_another_reviewer_can(
    login: Login,
) -> None:
    ann, bob = login("ann", "reviewer"), login("bob", "reviewer")
    _add_document(ann)
    _annotate(ann)

    with pytest.raises(Refused, match="four-eyes: you annotated this document"):
        ann.execute("UPDATE documents SET status = 'approved' WHERE id = 'd1'")
    assert _status(bob) == "annotated"

    bob.execute("UPDATE documents SET status = 'approved', updated_by = 'ann' WHERE id = 'd1'")

    assert _status(ann) == "approved"
    row = ann.execute("SELECT created_by, updated_by, version FROM documents").fetchone()
    # The names the client wrote were replaced by the logins; each change raised the version.
    assert row == (ann.info.user, bob.info.user, 3)
    actors = [(e.actor, e.table_name, e.action) for e in team_audit_entries(bob)]
    assert actors == [
        (ann.info.user, "documents", "insert"),
        (ann.info.user, "entities", "insert"),
        (ann.info.user, "mentions", "insert"),
        (ann.info.user, "documents", "update"),
        (bob.info.user, "documents", "update"),
    ]
    assert verify_team_audit(bob) == []


def test_changing_the_fields_makes_you_an_annotator_too(login: Login) -> None:
    ann, bob = login("ann", "reviewer"), login("bob", "reviewer")
    _add_document(ann)
    _annotate(ann)
    bob.execute("""UPDATE documents SET metadata = '{"stock_code": "00005"}' WHERE id = 'd1'""")
    with pytest.raises(Refused, match="four-eyes"):
        bob.execute("UPDATE documents SET status = 'approved' WHERE id = 'd1'")
    assert _status(ann) == "annotated"


def test_approving_changes_nothing_else_in_the_same_statement(login: Login) -> None:
    ann, bob = login("ann", "annotator"), login("bob", "reviewer")
    _add_document(ann)
    _annotate(ann)
    with pytest.raises(Refused, match="approving a document changes nothing else"):
        bob.execute("UPDATE documents SET status = 'approved', title = 'x' WHERE id = 'd1'")


def test_an_annotator_may_not_approve_return_or_reopen(login: Login) -> None:
    ann, cid, bob = login("ann", "annotator"), login("cid", "annotator"), login("bob", "reviewer")
    _add_document(ann)
    _annotate(ann)
    with pytest.raises(NotAllowed, match="only a reviewer may approve"):
        cid.execute("UPDATE documents SET status = 'approved' WHERE id = 'd1'")
    with pytest.raises(NotAllowed, match="only a reviewer may return"):
        cid.execute("UPDATE documents SET status = 'returned', status_note = 'no' WHERE id = 'd1'")
    with pytest.raises(Refused, match="say why the document is returned"):
        bob.execute("UPDATE documents SET status = 'returned', status_note = ' ' WHERE id = 'd1'")
    bob.execute(
        "UPDATE documents SET status = 'returned', status_note = 'the date' WHERE id = 'd1'"
    )
    # Back to the annotator, who may take it up again and mark it annotated once more.
    ann.execute("UPDATE documents SET status = 'in_progress' WHERE id = 'd1'")
    ann.execute("UPDATE documents SET status = 'annotated' WHERE id = 'd1'")
    bob.execute("UPDATE documents SET status = 'approved' WHERE id = 'd1'")
    with pytest.raises(NotAllowed, match="only a reviewer may reopen"):
        ann.execute("UPDATE documents SET status = 'in_progress' WHERE id = 'd1'")
    assert _status(ann) == "approved"


def test_an_approved_document_is_locked_until_a_reviewer_reopens_it(login: Login) -> None:
    ann, bob = login("ann", "annotator"), login("bob", "reviewer")
    _add_document(ann)
    _annotate(ann)
    bob.execute("UPDATE documents SET status = 'approved' WHERE id = 'd1'")
    locked = "approved and locked; reopen it"
    for statement in (
        "UPDATE documents SET title = 'renamed' WHERE id = 'd1'",
        "UPDATE documents SET status_note = 'sneaky' WHERE id = 'd1'",
        "UPDATE entities SET name = '李四' WHERE id = 'e-d1'",
        "DELETE FROM mentions WHERE id = 'm-d1'",
        "INSERT INTO entities (id, document_id, type, name) VALUES ('e2', 'd1', 'company', 'X')",
        "DELETE FROM documents WHERE id = 'd1'",
    ):
        for member in (ann, bob):
            with pytest.raises(Refused, match=locked):
                member.execute(statement)
    # The flag and comments stay open on an approved document.
    ann.execute("UPDATE documents SET flag = 'check the date' WHERE id = 'd1'")
    ann.execute("INSERT INTO comments (id, document_id, body) VALUES ('c1', 'd1', 'why?')")
    # Reopening changes only the status; then the document can be edited again.
    with pytest.raises(Refused, match=locked):
        bob.execute("UPDATE documents SET status = 'in_progress', title = 'x' WHERE id = 'd1'")
    bob.execute(
        "UPDATE documents SET status = 'in_progress', status_note = 'a typo' WHERE id = 'd1'"
    )
    ann.execute("UPDATE entities SET name = '李四' WHERE id = 'e-d1'")
    row = ann.execute("SELECT name, version FROM entities WHERE id = 'e-d1'").fetchone()
    assert row == ("李四", 2)


def test_only_an_admin_turns_four_eyes_off_and_nobody_renames_the_chain(login: Login) -> None:
    bob, ada = login("bob", "reviewer"), login("ada", "admin")
    with pytest.raises(NotAllowed, match="only an admin may change the four-eyes rule"):
        bob.execute("INSERT INTO meta (key, value) VALUES ('four_eyes', '0')")
    ada.execute("INSERT INTO meta (key, value) VALUES ('four_eyes', '0')")
    with pytest.raises(NotAllowed, match="only an admin"):
        bob.execute("UPDATE meta SET value = '1' WHERE key = 'four_eyes'")
    with pytest.raises(NotAllowed, match="only an admin"):
        bob.execute("DELETE FROM meta WHERE key = 'four_eyes'")
    for member in (bob, ada):
        with pytest.raises(NotAllowed, match="chain's name never changes"):
            member.execute("UPDATE meta SET value = 'mine' WHERE key = 'audit_chain'")
        with pytest.raises(NotAllowed, match="chain's name never changes"):
            member.execute("DELETE FROM meta WHERE key = 'audit_chain'")
    # With four-eyes off (an admin's decision, audited), the annotator may approve.
    _add_document(bob)
    _annotate(bob)
    bob.execute("UPDATE documents SET status = 'approved' WHERE id = 'd1'")
    assert _status(ada) == "approved"


def test_only_an_admin_adds_an_approved_document_with_its_annotations(login: Login) -> None:
    bob, ada = login("bob", "reviewer"), login("ada", "admin")
    insert = (
        "INSERT INTO documents (id, title, content_hash, text, status) "
        "VALUES ('d9', 't', 'h9', 'text', 'approved')"
    )
    with pytest.raises(NotAllowed, match="only an admin may add a document that is already"):
        bob.execute(insert)
    with ada.transaction():
        ada.execute("SET LOCAL annotator.importing = 'on'")
        ada.execute(insert)
        ada.execute(
            "INSERT INTO entities (id, document_id, type, name) VALUES ('e9', 'd9', 'p', 'n')"
        )
    # Outside the import that brought it, the document is locked like any approved one.
    with pytest.raises(Refused, match="approved and locked"), ada.transaction():
        ada.execute("SET LOCAL annotator.importing = 'on'")
        ada.execute(
            "INSERT INTO entities (id, document_id, type, name) VALUES ('e8', 'd9', 'p', 'n')"
        )
    actions = [(e.table_name, e.action) for e in team_audit_entries(ada)]
    assert actions == [("documents", "import"), ("entities", "import")]


def test_suggestion_decisions_name_the_login_and_accepted_rows_their_rule(login: Login) -> None:
    ann = login("ann", "annotator")
    _add_document(ann)
    ann.execute(
        'INSERT INTO suggestion_decisions (document_id, type, start, "end", decision, rule, '
        "decided_by, decided_at) VALUES ('d1', 'person', 8, 10, 'rejected', 'names', 'bob', '')"
    )
    row = ann.execute("SELECT decided_by, decided_at != '' FROM suggestion_decisions").fetchone()
    assert row == (ann.info.user, True)
    ann.execute("INSERT INTO entities (id, document_id, type, name) VALUES ('e', 'd1', 'p', 'n')")
    ann.execute(
        'INSERT INTO mentions (id, entity_id, document_id, start, "end", text, suggested_by) '
        "VALUES ('m', 'e', 'd1', 8, 10, '張三', 'names')"
    )
    mention = [e for e in team_audit_entries(ann) if e.table_name == "mentions"]
    assert mention[0].after is not None and mention[0].after["suggested_by"] == "names"
    assert verify_team_audit(ann) == []


def test_rows_a_reviewer_adds_as_an_import_still_make_them_an_annotator(login: Login) -> None:
    ann, bob = login("ann", "annotator"), login("bob", "reviewer")
    _add_document(ann)
    _annotate(ann)
    # Labelling an insert as an import must not hide it from four-eyes: a mention added to
    # someone else's entity carries no stamp that would name its author otherwise.
    with bob.transaction():
        bob.execute("SET LOCAL annotator.importing = 'on'")
        bob.execute(
            'INSERT INTO mentions (id, entity_id, document_id, start, "end", text) '
            "VALUES ('m2', 'e-d1', 'd1', 0, 3, '董事會')"
        )
    with pytest.raises(Refused, match="four-eyes"):
        bob.execute("UPDATE documents SET status = 'approved' WHERE id = 'd1'")
    assert _status(ann) == "annotated"

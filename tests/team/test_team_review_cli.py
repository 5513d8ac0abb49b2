"""``annotator --db postgresql://… review …``: the review steps on a team database, as the login.

The same steps and messages as on a database file (``tests/core/test_cli_review.py``); here
the server enforces them, so the refusal printed is the server's, and who acted is the login
whatever the client says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from desktop_app.cli import main
from desktop_app.core.team.audit_trail import team_audit_entries, verify_team_audit

Login = Callable[[str, str], psycopg.Connection]
FOUR_EYES = "four-eyes: you annotated this document; another reviewer must approve it"
_FIELDS = '{"stock_code": "00005", "publication_date": "2026-03-02"}'


def _member_url(cluster: Any, database: str, conn: psycopg.Connection, name: str) -> str:
    return cluster.url(database, str(conn.info.user), f"secret of {name}")


def _add_document(conn: psycopg.Connection, document_id: str, metadata: str = _FIELDS) -> None:
    conn.execute(
        "INSERT INTO documents (id, title, content_hash, text, metadata) "
        "VALUES (%s, '董事會公告', %s, '董事會宣佈委任張三為主席。', %s)",
        [document_id, f"hash-{document_id}", metadata],
    )


def _status(conn: psycopg.Connection, document_id: str) -> tuple[str, str]:
    row = conn.execute(
        "SELECT status, status_note FROM documents WHERE id = %s", [document_id]
    ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


@pytest.fixture
def reviewers(
    login: Login, postgres_cluster: Any, team_database: str
) -> tuple[psycopg.Connection, str, psycopg.Connection, str]:
    """Two reviewers, ann and bob: each one's own connection and their URL for the CLI."""
    ann, bob = login("ann", "reviewer"), login("bob", "reviewer")
    return (
        ann,
        _member_url(postgres_cluster, team_database, ann, "ann"),
        bob,
        _member_url(postgres_cluster, team_database, bob, "bob"),
    )


def test_mark_annotated_four_eyes_approval_reasons_and_reopen(reviewers, capsys) -> None:
    ann, ann_url, bob, bob_url = reviewers
    _add_document(ann, "d1")

    assert main(["--db", ann_url, "review", "mark-annotated", "d1"]) == 0
    assert "Saved · 董事會公告: Annotated" in capsys.readouterr().out

    assert main(["--db", ann_url, "review", "approve", "d1"]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"annotator: {FOUR_EYES}"
    assert "Saved" not in captured.out
    assert _status(bob, "d1") == ("annotated", "")

    assert main(["--db", bob_url, "review", "return", "d1", "--reason", " "]) == 2
    assert "say why the document is returned: --reason TEXT is required" in capsys.readouterr().err

    assert main(["--db", bob_url, "review", "approve", "d1"]) == 0
    assert "Saved · 董事會公告: Approved" in capsys.readouterr().out

    assert main(["--db", bob_url, "review", "return", "d1", "--reason", "dates"]) == 2
    assert "approved and locked; reopen it to change it" in capsys.readouterr().err
    assert main(["--db", bob_url, "review", "reopen", "d1", "--reason", ""]) == 2
    assert "say why the document is reopened" in capsys.readouterr().err
    assert _status(ann, "d1") == ("approved", "")

    reason = "公告日期有誤"
    assert main(["--db", bob_url, "review", "reopen", "d1", "--reason", reason]) == 0
    assert f"reopened (In progress) — {reason}" in capsys.readouterr().out
    assert _status(ann, "d1") == ("in_progress", reason)

    steps = [
        (entry.actor, entry.after["status"], entry.after["status_note"])
        for entry in team_audit_entries(bob)
        if entry.table_name == "documents" and entry.action == "update"
    ]
    assert steps == [
        (ann.info.user, "annotated", ""),
        (bob.info.user, "approved", ""),
        (bob.info.user, "in_progress", reason),
    ]
    assert verify_team_audit(bob) == []


def test_the_server_refuses_what_the_login_may_not_do_and_as_is_refused(
    login: Login, postgres_cluster: Any, team_database: str, capsys
) -> None:
    ann, bob = login("ann", "annotator"), login("bob", "reviewer")
    ann_url = _member_url(postgres_cluster, team_database, ann, "ann")
    bob_url = _member_url(postgres_cluster, team_database, bob, "bob")
    _add_document(ann, "d1")
    assert main(["--db", ann_url, "review", "mark-annotated", "d1"]) == 0
    capsys.readouterr()

    # Claiming to be someone else changes nothing: identity is the login.
    assert main(["--db", ann_url, "review", "approve", "d1", "--as", str(bob.info.user)]) == 2
    assert "on a team database you are your login" in capsys.readouterr().err
    # An annotator may not approve, whoever annotated: the server's role check.
    assert main(["--db", ann_url, "review", "approve", "d1"]) == 2
    assert capsys.readouterr().err.strip() == "annotator: only a reviewer may approve a document"
    assert _status(bob, "d1") == ("annotated", "")

    assert main(["--db", bob_url, "review", "return", "d1", "--reason", "the stock code"]) == 0
    assert _status(ann, "d1") == ("returned", "the stock code")
    assert main(["--db", bob_url, "review", "reopen", "d1", "--reason", "x"]) == 2
    assert "only an approved document is reopened; this one is returned" in (
        capsys.readouterr().err
    )


def test_approving_a_document_with_problems_is_refused_and_nothing_is_saved(
    reviewers, capsys
) -> None:
    ann, ann_url, _bob, bob_url = reviewers
    _add_document(ann, "d2", metadata="{}")  # the schema requires a stock code and a date
    assert main(["--db", ann_url, "review", "mark-annotated", "d2"]) == 0
    assert main(["--db", bob_url, "review", "approve", "d2"]) == 2
    assert "cannot approve: the document has 2 problems; fix them first" in (
        capsys.readouterr().err
    )
    assert _status(ann, "d2") == ("annotated", "")
    assert main(["--db", bob_url, "review", "approve", "no-such-id"]) == 2
    assert "document no-such-id does not exist" in capsys.readouterr().err

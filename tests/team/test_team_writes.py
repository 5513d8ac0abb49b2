"""Versioned edits on a team database, and the server's refusals as the user's messages."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from desktop_app.core.errors import EditRefused, StaleEdit, StoreError
from desktop_app.core.team.writes import edit_transaction, update_row

Login = Callable[[str, str], psycopg.Connection]


def _setup(conn: psycopg.Connection) -> None:
    conn.execute(
        "INSERT INTO documents (id, title, content_hash, text) VALUES ('d', 't', 'h', 'x')"
    )
    conn.execute("INSERT INTO entities (id, document_id, type, name) VALUES ('e', 'd', 'p', 'A')")


def _name(conn: psycopg.Connection) -> tuple[str, int]:
    row = conn.execute("SELECT name, version FROM entities WHERE id = 'e'").fetchone()
    assert row is not None
    return str(row[0]), int(row[1])


def test_an_edit_based_on_a_version_someone_moved_past_changes_nothing(login: Login) -> None:
    ann, bob = login("ann", "annotator"), login("bob", "annotator")
    _setup(ann)
    # Both saw version 1; Ann saves first.
    with edit_transaction(ann):
        assert (
            update_row(ann, "entities", "e", {"name": "Ann's"}, expected=1, what="the entity") == 2
        )
    stale = pytest.raises(StaleEdit, match=f"the entity was changed by {ann.info.user} at .* since")
    with stale, edit_transaction(bob):
        update_row(bob, "entities", "e", {"name": "Bob's"}, expected=1, what="the entity")
    assert _name(bob) == ("Ann's", 2)
    with edit_transaction(bob):  # based on what is there now, it goes through
        assert update_row(bob, "entities", "e", {"name": "Bob's"}, expected=2, what="x") == 3
    ann.execute("DELETE FROM entities WHERE id = 'e'")
    with pytest.raises(StaleEdit, match="the entity no longer exists"), edit_transaction(bob):
        update_row(bob, "entities", "e", {"name": "again"}, expected=3, what="the entity")


def test_the_servers_refusal_is_the_message_and_nothing_is_kept(login: Login) -> None:
    ann, bob = login("ann", "annotator"), login("bob", "reviewer")
    _setup(ann)
    ann.execute("UPDATE documents SET status = 'annotated'")
    refused = pytest.raises(EditRefused, match=r"^only a reviewer may approve a document$")
    with refused, edit_transaction(ann):
        update_row(ann, "entities", "e", {"name": "B"}, expected=None, what="the entity")
        update_row(ann, "documents", "d", {"status": "approved"}, expected=None, what="d")
    assert _name(bob) == ("A", 1)  # the first change of that edit was rolled back with it
    refused = pytest.raises(EditRefused, match=r"^only an admin may change the four-eyes rule$")
    with refused, edit_transaction(ann):
        ann.execute("INSERT INTO meta (key, value) VALUES ('four_eyes', '0')")
    with pytest.raises(EditRefused, match="duplicate key"), edit_transaction(ann):
        ann.execute(
            "INSERT INTO entities (id, document_id, type, name) VALUES ('e', 'd', 'p', 'A')"
        )


def test_a_lost_connection_is_a_store_error_and_nothing_is_saved(
    login: Login, team_url: str
) -> None:
    ann = login("ann", "annotator")
    _setup(ann)
    with psycopg.connect(team_url, autocommit=True) as admin:
        lost = pytest.raises(StoreError, match="connection to the team database was lost")
        with lost, edit_transaction(ann):
            update_row(ann, "entities", "e", {"name": "lost"}, expected=1, what="it")
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                [ann.info.user],
            )
            ann.execute("SELECT 1")
        row = admin.execute("SELECT name, version FROM team.entities").fetchone()
    assert row == ("A", 1)

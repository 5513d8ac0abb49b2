"""What the store does differently on a team database, and only there: the login is the
actor, the server's clock and login stamp rows, undo puts a row back as it was, other members'
commits are noticed (one's own are not), a lost connection is a message that saves nothing
unconfirmed and is followed by a reconnection, presence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pg_cluster import member_password

from desktop_app.core.errors import EditRefused, StaleEdit, StoreError
from desktop_app.core.outside_changes import OutsideChanges
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import AnnotationSchema, load_schema
from desktop_app.core.team.team_store import TeamStore, open_team_store

TEXT = "ABC Holdings Limited (the “Company”) announces a share buy-back. 董事會宣佈回購股份。"


@pytest.fixture(scope="module")
def schema() -> AnnotationSchema:
    return load_schema(default_schema_path())


@pytest.fixture
def team(postgres_cluster: Any, team_copies: Callable[[], str], schema: AnnotationSchema) -> Any:
    """``team("alice")``: a store on one fresh team database, logged in as that member."""
    database = team_copies()
    opened: list[TeamStore] = []

    def open_as(member: str) -> TeamStore:
        url = postgres_cluster.url(database, member, member_password(member))
        store = open_team_store(url, schema)
        opened.append(store)
        return store

    open_as.database = database  # type: ignore[attr-defined]
    yield open_as
    for store in opened:
        store.close()


def _document(store: TeamStore) -> str:
    document_id, _ = store.add_document(text=TEXT, title="Buy-back 回購")
    return document_id


def test_the_login_is_the_actor_and_cannot_be_renamed_from_the_client(team: Any) -> None:
    alice = team("alice")
    assert alice.actor == "alice"
    assert alice.team_url is not None and "secret" not in alice.location
    with pytest.raises(EditRefused, match="you work as the login 'alice'"):
        alice.actor = "bob"
    document_id = _document(alice)
    entity = alice.create_entity(document_id, "COMPANY", [(0, 20)])
    assert alice.entity(entity.id).stamp.created_by == "alice"
    assert {e.actor for e in alice.audit_entries(document_id)} == {"alice"}


def test_the_server_stamps_rows_with_the_login_and_its_own_clock(
    team: Any, postgres_cluster: Any
) -> None:
    alice = team("alice")
    document_id = _document(alice)
    # A member's raw SQL claiming another author and another day is stamped as theirs, now.
    url = postgres_cluster.url(team.database, "bob", member_password("bob"))
    with psycopg.connect(url) as raw:
        raw.execute(
            "INSERT INTO team.entities (id, document_id, type, name, created_by, created_at,"
            " updated_by, updated_at) VALUES ('forged', %s, 'COMPANY', 'X', 'alice',"
            " '2020-01-01T00:00:00.000Z', 'alice', '2020-01-01T00:00:00.000Z')",
            [document_id],
        )
    stamp = alice.entity("forged").stamp
    assert (stamp.created_by, stamp.updated_by) == ("bob", "bob")
    assert stamp.created_at > "2026" and stamp.created_at == stamp.updated_at
    # The client's own clock, when it agrees with the server's, is kept: what the window
    # holds after an edit is exactly the row stored.
    entity = alice.create_entity(document_id, "COMPANY", [(0, 20)])
    assert alice.entity(entity.id) == entity


def test_undo_of_a_removal_puts_the_row_back_with_its_author_and_place(team: Any) -> None:
    alice, bob = team("alice"), team("bob")
    document_id = _document(alice)
    first = alice.create_entity(document_id, "COMPANY", [(0, 20)])
    alice.create_entity(document_id, "COMPANY", [(22, 36)])
    before = bob.annotated(document_id)
    removal = bob.delete_entity(first.id)
    bob.restore_entity(removal)
    after = bob.annotated(document_id)
    assert after.entities == before.entities  # alice's, first, with her stamps
    restore = next(e for e in bob.audit_entries(document_id) if e.row_id == first.id)
    assert (restore.actor, restore.action) == ("bob", "insert")  # the trail says who put it back


def test_a_stale_edit_from_another_member_names_who_changed_the_row(team: Any) -> None:
    alice, bob = team("alice"), team("bob")
    document_id = _document(alice)
    entity = alice.create_entity(document_id, "COMPANY", [(0, 20)])
    seen = bob.version_of("entities", entity.id)
    alice.update_entity(entity.id, name="ABC Holdings", expected=seen)
    with pytest.raises(StaleEdit, match="changed by alice"):
        bob.update_entity(entity.id, name="ABC", expected=seen)
    assert bob.entity(entity.id).name == "ABC Holdings"


def test_other_members_commits_are_noticed_and_ones_own_are_not(team: Any) -> None:
    alice, bob = team("alice"), team("bob")
    document_id = _document(alice)
    watch = OutsideChanges(alice)
    alice.create_entity(document_id, "COMPANY", [(0, 20)])
    watch.caught_up()
    assert watch.poll() is None
    entity = bob.create_entity(document_id, "COMPANY", [(22, 36)])
    changes = watch.poll()
    assert changes is not None and entity.id in changes.entities
    assert watch.poll() is None


def test_a_lost_connection_saves_nothing_says_so_and_reconnects(
    team: Any, postgres_cluster: Any
) -> None:
    alice = team("alice")
    document_id = _document(alice)
    with postgres_cluster.superuser(team.database) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE usename = 'alice' AND datname = current_database()"
        )
    with pytest.raises(StoreError, match="connection to the team database was lost"):
        alice.create_entity(document_id, "COMPANY", [(0, 20)])
    assert alice.entities(document_id) == []  # reconnected: the refused edit is not there
    alice.create_entity(document_id, "COMPANY", [(0, 20)])
    assert [e.name for e in alice.entities(document_id)] == ["ABC Holdings Limited"]


def test_who_has_which_document_open(team: Any) -> None:
    alice, bob = team("alice"), team("bob")
    document_id = _document(alice)
    assert bob.open_elsewhere() == {}
    alice.announce_open(document_id)
    assert bob.open_elsewhere() == {document_id: {"alice"}}
    alice.announce_open(None)
    assert bob.open_elsewhere() == {}


def test_a_database_not_set_up_or_a_wrong_password_is_a_message(
    postgres_cluster: Any, team_database: str, team_copies: Callable[[], str], schema: Any
) -> None:
    with pytest.raises(StoreError, match="is not a team database: an administrator sets it up"):
        open_team_store(postgres_cluster.url(team_database), schema)
    url = postgres_cluster.url(team_copies(), "alice", "wrong")
    with pytest.raises(StoreError, match="password authentication failed") as refused:
        open_team_store(url, schema)
    assert "wrong" not in str(refused.value)


def test_the_file_path_of_a_team_store_never_names_a_real_file(team: Any) -> None:
    alice = team("alice")
    assert not Path(alice.path).is_file()


def test_the_store_opens_a_change_feed_with_its_own_login(team: Any) -> None:
    alice, bob = team("alice"), team("bob")
    document_id = _document(alice)
    with alice.change_feed() as feed:  # the URL alice's store shows carries no password
        entity = bob.create_entity(document_id, "COMPANY", [(0, 20)])
        changes = feed.wait(5)
    assert any(c.row_id == entity.id and c.actor == "bob" for c in changes)

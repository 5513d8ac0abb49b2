"""``init_team_database`` and the schema steps: an empty database set up (and again: nothing
changes), a foreign or newer database refused, an older schema brought up to date."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from desktop_app.core.team.audit_trail import team_audit_entries, verify_team_audit
from desktop_app.core.team.migrations import (
    CURRENT_VERSION,
    STEPS,
    init_team_database,
    schema_version,
)
from desktop_app.core.team.roles import TeamError

_DOCUMENT = (
    "INSERT INTO team.documents (id, title, content_hash, text) "
    "VALUES ('d1', '公告 one', 'h1', 'text of d1')"
)


def _tables(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'team' ORDER BY 1"
        ).fetchall()
    return [row[0] for row in rows]


def test_init_sets_up_an_empty_database_and_changes_nothing_when_run_again(
    postgres_cluster: Any, team_database: str
) -> None:
    url = postgres_cluster.url(team_database)
    first = init_team_database(url)
    assert (first.before, first.after) == (0, CURRENT_VERSION)
    assert _tables(url) == [
        "arguments", "audit", "comments", "document_grams", "documents", "entities", "events",
        "imported_audit", "mentions", "meta", "migrations", "originals", "suggestion_decisions",
        "suggestions",
    ]  # fmt: skip
    with psycopg.connect(url) as conn:
        conn.execute(_DOCUMENT)
        conn.commit()
        chain = conn.execute("SELECT value FROM team.meta WHERE key = 'audit_chain'").fetchone()
        applied = conn.execute("SELECT version FROM team.migrations ORDER BY 1").fetchall()
    assert [row[0] for row in applied] == [step.version for step in STEPS]

    second = init_team_database(url)

    assert not second.changed and second.after == CURRENT_VERSION
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT title FROM team.documents").fetchall() == [("公告 one",)]
        again = conn.execute("SELECT value FROM team.meta WHERE key = 'audit_chain'").fetchone()
        assert again == chain and chain is not None and len(chain[0]) == 32
        count = conn.execute("SELECT count(*) FROM team.migrations").fetchone()
        assert count == (len(STEPS),)
        roles = conn.execute(
            "SELECT rolname, rolcanlogin FROM pg_roles "
            "WHERE rolname IN ('annotator', 'reviewer', 'admin') ORDER BY 1"
        ).fetchall()
    assert roles == [("admin", False), ("annotator", False), ("reviewer", False)]


def test_init_refuses_a_database_holding_other_tables_and_leaves_it_alone(
    postgres_cluster: Any, team_database: str
) -> None:
    url = postgres_cluster.url(team_database)
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE public.customers (id integer)")
        conn.execute("INSERT INTO public.customers VALUES (7)")
    with pytest.raises(TeamError, match=r"not empty .* public\.customers.* use a new, empty"):
        init_team_database(url)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT * FROM public.customers").fetchall() == [(7,)]
        assert schema_version(conn) == 0  # no schema 'team' was left behind


def test_init_refuses_someone_elses_schema_named_team(
    postgres_cluster: Any, team_database: str
) -> None:
    url = postgres_cluster.url(team_database)
    with psycopg.connect(url) as conn:
        conn.execute("CREATE SCHEMA team")
    with pytest.raises(TeamError, match="not an annotator team database"):
        init_team_database(url)


def test_a_newer_team_database_is_refused(postgres_cluster: Any, team_database: str) -> None:
    url = postgres_cluster.url(team_database)
    init_team_database(url)
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO team.migrations VALUES (%s, 'from the future', '', 'x')",
            [CURRENT_VERSION + 1],
        )
    with pytest.raises(TeamError, match=f"schema version {CURRENT_VERSION + 1}, newer"):
        init_team_database(url)


@pytest.mark.parametrize("older", [step.version for step in STEPS[:-1]])
def test_an_older_schema_is_brought_up_to_date_keeping_its_data_and_chain(
    postgres_cluster: Any, team_database: str, older: int
) -> None:
    url = postgres_cluster.url(team_database)
    assert init_team_database(url, target=older).after == older
    with psycopg.connect(url) as conn:
        assert schema_version(conn) == older
        conn.execute(_DOCUMENT)
        conn.execute("UPDATE team.documents SET status = 'annotated' WHERE id = 'd1'")

    result = init_team_database(url)

    assert (result.before, result.after) == (older, CURRENT_VERSION)
    with psycopg.connect(url) as conn:
        assert schema_version(conn) == CURRENT_VERSION
        assert conn.execute("SELECT status, version FROM team.documents").fetchall() == [
            ("annotated", 2)
        ]
        conn.execute("UPDATE team.documents SET flag = '中 after' WHERE id = 'd1'")
        # Entries hashed by the older steps' functions and by the current ones: one chain.
        assert [entry.seq for entry in team_audit_entries(conn)] == [1, 2, 3]
        assert verify_team_audit(conn) == []
        # The newest step's rules hold for what was written before it: whoever marked the
        # document annotated then may not approve it now.
        with pytest.raises(psycopg.errors.RaiseException, match="four-eyes: you annotated"):
            conn.execute("UPDATE team.documents SET status = 'approved' WHERE id = 'd1'")


def test_an_owner_with_createrole_but_not_superuser_sets_up_and_adds_members(
    postgres_cluster: Any, member_name: Any
) -> None:
    from desktop_app.core.team.roles import add_member, member_roles

    owner, database, member = member_name("owner"), member_name("annotations"), member_name("m")
    with postgres_cluster.superuser() as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD 'owner pw'")
        conn.execute(f"CREATE DATABASE {database} OWNER {owner}")
    try:
        url = postgres_cluster.url(database, owner, "owner pw")
        assert init_team_database(url).after == CURRENT_VERSION
        with psycopg.connect(url) as conn, conn.transaction():
            add_member(conn, member, "reviewer", "member pw")
        with psycopg.connect(url) as conn:
            assert member_roles(conn, member) == {"annotator", "reviewer"}
            functions_owner = conn.execute(
                "SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc "
                "WHERE pronamespace = 'team'::regnamespace AND prosecdef"
            ).fetchall()
            assert functions_owner == [(owner,)]  # definer functions run as the owner, no more
        member_url = postgres_cluster.url(database, member, "member pw")
        with psycopg.connect(member_url, autocommit=True) as conn:
            conn.execute(_DOCUMENT)
            assert verify_team_audit(conn) == []
            row = conn.execute("SELECT actor FROM team.audit").fetchone()
            assert row == (member,)
    finally:
        with postgres_cluster.superuser() as conn:
            conn.execute(f"DROP DATABASE {database} WITH (FORCE)")


def test_a_member_running_init_is_told_it_needs_the_owner(
    postgres_cluster: Any, team_database: str, login: Any
) -> None:
    member = login("mo", "admin")
    url = postgres_cluster.url(team_database, member.info.user, member.info.password)
    with pytest.raises(TeamError, match="set up by the database's owner"):
        init_team_database(url)


def test_two_set_ups_at_once_both_succeed_and_apply_the_steps_once(
    postgres_cluster: Any, team_database: str
) -> None:
    import threading

    url = postgres_cluster.url(team_database)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(init_team_database(url))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted((r.before, r.after) for r in results) == [  # type: ignore[attr-defined]
        (0, CURRENT_VERSION),
        (CURRENT_VERSION, CURRENT_VERSION),
    ]
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM team.migrations").fetchone() == (len(STEPS),)

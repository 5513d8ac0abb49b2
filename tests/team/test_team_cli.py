"""``annotator team init`` and ``annotator --db URL team add-user``, and what ``--db URL`` does
with the other commands."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from desktop_app.cli import main
from desktop_app.core.team.migrations import CURRENT_VERSION


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_then_again_then_two_members_who_log_in_with_their_passwords(
    postgres_cluster: Any,
    team_database: str,
    member_name: Callable[[str], str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = postgres_cluster.url(team_database)
    code, out, _ = _run(capsys, "team", "init", url)
    assert code == 0 and f"team database set up: schema version {CURRENT_VERSION}" in out
    code, out, _ = _run(capsys, "team", "init", url)
    assert code == 0 and f"up to date (schema version {CURRENT_VERSION}); nothing changed" in out

    ann, bob = member_name("ann"), member_name("bob")
    for name, role in ((ann, "annotator"), (bob, "reviewer")):
        monkeypatch.setattr("sys.stdin", io.StringIO(f"pass of {name}\n"))
        code, out, err = _run(
            capsys, "--db", url, "team", "add-user", name, "--role", role, "--password-stdin"
        )
        assert (code, err) == (0, "") and f"added {name} as {role}" in out

    with psycopg.connect(postgres_cluster.url(team_database, ann, f"pass of {ann}")) as conn:
        groups = conn.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = session_user"
        ).fetchall()
        assert groups == [("annotator",)]
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(postgres_cluster.url(team_database, bob, "guessed"))

    monkeypatch.setattr("sys.stdin", io.StringIO("another\n"))
    code, _, err = _run(
        capsys, "--db", url, "team", "add-user", ann, "--role", "admin", "--password-stdin"
    )
    assert code == 2 and f"a role named '{ann}' already exists" in err

    code, out, _ = _run(capsys, "--db", url, "audit", "verify")
    assert code == 0 and "audit trail intact: 0 entries" in out


def test_init_refuses_a_foreign_database_with_its_tables_named(
    postgres_cluster: Any, team_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = postgres_cluster.url(team_database)
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE public.invoices (id integer)")
    code, out, err = _run(capsys, "team", "init", url)
    assert code == 2 and out == ""
    assert "is not empty and is not an annotator team database" in err
    assert "public.invoices" in err


def test_add_user_says_what_is_wrong_and_changes_nothing(
    postgres_cluster: Any,
    team_database: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:
    url = postgres_cluster.url(team_database)
    monkeypatch.setattr("sys.stdin", io.StringIO("pw\n"))
    code, _, err = _run(
        capsys, "--db", url, "team", "add-user", "zed", "--role", "annotator", "--password-stdin"
    )
    assert code == 2 and "not a current annotator team database: run 'annotator team init" in err
    _run(capsys, "team", "init", url)
    cases = [
        (["Zed"], "pw\n", "not a usable login name"),
        (["admin"], "pw\n", "'admin' is reserved"),
        (["zed_empty"], "\n", "the password is empty"),
    ]
    for name, stdin, message in cases:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code, _, err = _run(
            capsys, "--db", url, "team", "add-user", *name, "--role", "annotator",
            "--password-stdin",
        )  # fmt: skip
        assert code == 2 and message in err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal
    code, _, err = _run(capsys, "--db", url, "team", "add-user", "zed", "--role", "annotator")
    assert code == 2 and "use --password-stdin" in err
    code, _, err = _run(
        capsys, "--db", str(tmp_path / "local.db"), "team", "add-user", "zed", "--role", "admin"
    )
    assert code == 2 and "needs --db postgresql://" in err
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname LIKE 'zed%'").fetchall() == []


def test_every_other_command_runs_on_the_team_database_through_the_same_store(
    postgres_cluster: Any,
    team_copies: Callable[[], str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Any,
) -> None:
    from pg_cluster import member_password

    url = postgres_cluster.url(team_copies(), "alice", member_password("alice"))
    sample = tmp_path / "notice.txt"
    sample.write_text("ABC Holdings Limited (the “Company”) announces a 回購 of shares.\n")
    code, out, err = _run(capsys, "--db", url, "import", str(sample))
    assert code == 0, err
    code, out, err = _run(capsys, "--db", url, "stats")
    assert code == 0 and json.loads(out)["documents"] == 1
    assert json.loads(out)["database"].startswith("postgresql://alice@")
    assert "secret" not in out
    code, out, err = _run(capsys, "--db", url, "next")
    assert (code == 0 and "notice" in out.lower()) or "ABC" in out
    code, out, err = _run(capsys, "--db", url, "suggest", "--json")
    assert code == 0 and any(json.loads(line)["type"] for line in out.splitlines())
    code, out, err = _run(capsys, "--db", url, "export", str(tmp_path / "bundle.json"))
    assert code == 0, err
    bundle = json.loads((tmp_path / "bundle.json").read_text(encoding="utf-8"))
    assert [d["document"]["title"] for d in bundle["documents"]]
    assert {e["actor"] for d in bundle["documents"] for e in d["audit"]} == {"alice"}


def test_a_server_that_cannot_be_reached_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    url = f"postgresql://nobody@/nothing?host={tmp_path}"
    code, _, err = _run(capsys, "team", "init", url)
    assert code == 2 and err.startswith("annotator: cannot connect to the team database:")


def test_a_member_cannot_add_members_and_an_empty_database_has_no_trail(
    postgres_cluster: Any,
    team_database: str,
    login: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member = login("mo", "admin")
    url = postgres_cluster.url(team_database, member.info.user, member.info.password)
    monkeypatch.setattr("sys.stdin", io.StringIO("pw\n"))
    code, _, err = _run(
        capsys, "--db", url, "team", "add-user", "newbie", "--role", "annotator",
        "--password-stdin",
    )  # fmt: skip
    assert code == 2 and "connect as a role with CREATEROLE" in err

    with postgres_cluster.superuser() as conn:
        conn.execute(f"CREATE DATABASE {team_database}_empty")
    try:
        empty = postgres_cluster.url(f"{team_database}_empty")
        code, out, err = _run(capsys, "--db", empty, "audit", "verify")
        assert code == 2 and out == "" and "not an annotator team database" in err
    finally:
        with postgres_cluster.superuser() as conn:
            conn.execute(f"DROP DATABASE {team_database}_empty")

"""Test-wide setup: Qt runs offscreen, set before any QApplication exists; and the
PostgreSQL cluster that the team-database tests and the store's tests on both engines share.

The cluster (``pg_cluster.py``: a private folder, a unix socket only, stopped and removed at
the end) starts once per test session, only when a test asks for it. Without the server
binaries those tests are skipped with the reason — except in CI (``CI=true``), where a missing
server is a failure, not a skip.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")
# Parsed schemas are cached per user (desktop_app/core/parsed_toml.py): not in the tester's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="annotator-test-cache-")

from pg_cluster import MEMBERS, Cluster, ClusterUnavailable, member_password, running_cluster


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _names_engine(argnames: str | list[str] | tuple[str, ...]) -> bool:
    names = argnames.split(",") if isinstance(argnames, str) else argnames
    return "engine" in (name.strip() for name in names)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module that sets ``BOTH_ENGINES = True`` (or every module, with the environment
    variable ``BOTH_ENGINES=all``) runs each test that uses ``engine`` twice: on a database
    file and on a team database (PostgreSQL), through the same ``Store`` calls. Tests about
    the file itself (other processes, its lock, the command line on a path) are ``file_only``."""
    if metafunc.definition.get_closest_marker("file_only"):
        return
    if any(
        _names_engine(marker.args[0]) for marker in metafunc.definition.iter_markers("parametrize")
    ):
        return  # the test chose its engine itself
    both = (
        getattr(metafunc.module, "BOTH_ENGINES", False) or os.environ.get("BOTH_ENGINES") == "all"
    )
    if "engine" in metafunc.fixturenames and both:
        metafunc.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """Which engine the test's stores use: ``sqlite`` unless the module runs on both."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def member_store(request: pytest.FixtureRequest) -> Callable[..., Any]:
    """``member_store(database, member, schema)``: a store on that team database logged in
    as ``member`` (one of ``MEMBERS``), able to switch to another member's login."""
    from desktop_app.core.team.team_store import open_team_store

    cluster = request.getfixturevalue("postgres_cluster")

    def open_as(database: str, member: str, schema: Any) -> Any:
        def url_of(name: str) -> str:
            return str(cluster.url(database, name, member_password(name)))

        return open_team_store(url_of(member), schema, login_as=url_of)

    return open_as


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    try:
        # Durability is not what these tests are about: faster without it.
        fast = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
        with running_cluster(*fast) as cluster:
            yield cluster
    except ClusterUnavailable as missing:
        _unavailable(str(missing))


@pytest.fixture(scope="session")
def team_template(postgres_cluster: Cluster) -> str:
    """A database that ``team init`` set up, with the logins ``MEMBERS``: each test's team
    database is a copy of it (``CREATE DATABASE … TEMPLATE``, much faster than a set-up)."""
    from psycopg import sql

    from desktop_app.core.team.migrations import init_team_database

    name = f"team_template_{uuid.uuid4().hex[:8]}"
    with postgres_cluster.superuser() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    init_team_database(postgres_cluster.url(name))
    with postgres_cluster.superuser(name) as conn, conn.transaction():
        for member in MEMBERS:
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [member]).fetchone():
                # Quoted, so the store tests' one-letter reviewers ("A", "B") are logins too.
                role = sql.Identifier(member)
                conn.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                        role, sql.Literal(member_password(member))
                    )
                )
                conn.execute(sql.SQL("GRANT admin TO {}").format(role))
    return name


@pytest.fixture
def team_copies(postgres_cluster: Cluster, team_template: str) -> Iterator[Callable[[], str]]:
    """``team_copies()``: the name of a fresh team database (a copy of the template) each
    call; all are dropped after the test."""
    made: list[str] = []

    def copy() -> str:
        name = f"team_{uuid.uuid4().hex[:12]}"
        with postgres_cluster.superuser() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{team_template}"')
        made.append(name)
        with postgres_cluster.superuser(name) as conn:
            # Each database names its own audit chain (the copy has the template's); the rule
            # that a chain's name never changes is a trigger, set aside for this set-up only.
            conn.execute("SET session_replication_role = replica")
            conn.execute(
                "UPDATE team.meta SET value = replace(gen_random_uuid()::text, '-', '') "
                "WHERE key = 'audit_chain'"
            )
        return name

    yield copy
    with postgres_cluster.superuser() as conn:
        for name in made:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')

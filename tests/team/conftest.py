"""The team-database tests' databases and members, on the session's throwaway cluster
(``postgres_cluster`` in ``tests/conftest.py``).

Each test gets its own database (``team_database``) and its own role names (``member_name``),
since roles are shared by all databases of a cluster.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest
from pg_cluster import Cluster


@pytest.fixture
def team_database(postgres_cluster: Cluster) -> Iterator[str]:
    """The name of a new, empty database, dropped after the test."""
    name = f"team_{uuid.uuid4().hex[:12]}"
    with postgres_cluster.superuser() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with postgres_cluster.superuser() as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def member_name() -> Callable[[str], str]:
    """Unique role names per test (``alice`` → ``alice_3f2a…``): roles outlive a database."""
    suffix = uuid.uuid4().hex[:8]
    return lambda name: f"{name}_{suffix}"


@pytest.fixture
def team_url(postgres_cluster: Cluster, team_database: str) -> str:
    """The superuser's URL of a database that ``team init`` has set up."""
    from desktop_app.core.team.migrations import init_team_database

    url = postgres_cluster.url(team_database)
    init_team_database(url)
    return url


@pytest.fixture
def login(
    postgres_cluster: Cluster, team_database: str, team_url: str, member_name: Callable[[str], str]
) -> Iterator[Callable[[str, str], psycopg.Connection]]:
    """``login("alice", "reviewer")``: adds a member with that role to the team database and
    returns an autocommit connection logged in as them (with their password), like a member's
    own psql session. Its ``info.user`` is the member's unique login name."""
    from desktop_app.core.team.roles import add_member

    opened: list[psycopg.Connection] = []

    def log_in(name: str, role: str) -> psycopg.Connection:
        login_name, password = member_name(name), f"secret of {name}"
        with psycopg.connect(team_url) as admin, admin.transaction():
            add_member(admin, login_name, role, password)  # type: ignore[arg-type]
        conn = psycopg.connect(
            postgres_cluster.url(team_database, login_name, password), autocommit=True
        )
        conn.execute("SET search_path TO team")
        opened.append(conn)
        return conn

    yield log_in
    for conn in opened:
        conn.close()

"""The throwaway cluster itself: the superuser gets in over the socket, members only with
their password (scram-sha-256), as on a team server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest


def test_members_log_in_with_their_password_only(
    postgres_cluster: Any, team_database: str, member_name: Callable[[str], str]
) -> None:
    name = member_name("carol")
    with postgres_cluster.superuser(team_database) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD 'right horse'")
        method = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", [name])
        assert str(method.fetchone()[0]).startswith("SCRAM-SHA-256$")
    with psycopg.connect(postgres_cluster.url(team_database, name, "right horse")) as conn:
        assert conn.execute("SELECT session_user").fetchone() == (name,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(postgres_cluster.url(team_database, name, "wrong"))

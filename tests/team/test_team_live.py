"""Other members' changes arrive as notifications once committed, and only then."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg

from desktop_app.core.team.live import ChangeFeed

Login = Callable[[str, str], psycopg.Connection]


def test_a_committed_change_reaches_another_member_within_a_second(
    login: Login, postgres_cluster: Any, team_database: str
) -> None:
    ann, bob = login("ann", "annotator"), login("bob", "reviewer")
    bob_url = postgres_cluster.url(team_database, bob.info.user, bob.info.password)
    with ChangeFeed(bob_url) as feed:
        assert feed.wait(0.1) == []
        with ann.transaction():
            ann.execute(
                "INSERT INTO documents (id, title, content_hash, text) "
                "VALUES ('d1', 't', 'h1', 'text')"
            )
            ann.execute("UPDATE documents SET flag = 'look' WHERE id = 'd1'")
            assert feed.wait(0.2) == []  # nothing is announced before the commit
        started = time.monotonic()
        changes = feed.wait(1.0)
        changes += feed.wait(0.2)
        assert time.monotonic() - started < 1.0
        assert [(c.seq, c.document_id, c.table_name, c.action) for c in changes] == [
            (1, "d1", "documents", "insert"),
            (2, "d1", "documents", "update"),
        ]
        assert {c.actor for c in changes} == {ann.info.user}
        assert feed.last_seq == 2

        # A change rolled back (here: refused by the server) announces nothing.
        try:
            with ann.transaction():
                ann.execute("UPDATE documents SET flag = 'again' WHERE id = 'd1'")
                ann.execute("UPDATE documents SET status = 'approved' WHERE id = 'd1'")
        except psycopg.errors.InsufficientPrivilege:
            pass
        assert feed.wait(0.3) == []
        bob.execute("UPDATE documents SET flag = '' WHERE id = 'd1'")
        assert [(c.seq, c.actor) for c in feed.wait(1.0)] == [(3, bob.info.user)]


def test_a_new_feed_starts_after_what_is_already_there(
    login: Login, postgres_cluster: Any, team_database: str
) -> None:
    ann = login("ann", "annotator")
    ann.execute("INSERT INTO documents (id, title, content_hash, text) VALUES ('d', 't', 'h', 'x')")
    url = postgres_cluster.url(team_database, ann.info.user, ann.info.password)
    with ChangeFeed(url) as feed:
        assert feed.last_seq == 1
        assert feed.wait(0.1) == []

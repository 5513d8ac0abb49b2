"""One- and two-character search on a team database, from its own index (``grams_sql``), as
the file answers it: the same documents, in the list's order, and an index kept in step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
from pg_cluster import member_password

from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store
from desktop_app.core.store.search_index import grams
from desktop_app.core.team.grams_sql import NOT_LETTERS
from desktop_app.core.team.team_store import open_team_store

TEXTS = {
    "董事會公告": "董事會宣佈委任張三為主席，自二零二六年一月一日起生效。",
    "Results 2026": "Revenue rose 12% to HK$3.4bn; the BOARD declared a dividend of 5港仙.",
    "盈利警告": "本集團預期錄得虧損「約人民幣5百萬元」。",
}
QUERIES = ("董事", "董", "警", "5港", "港仙", "HK", "，自", "主席", "人民", "約人", "Ω")


def test_the_ranges_left_out_hold_no_letter_or_digit() -> None:
    for low, high in NOT_LETTERS:
        assert not any(chr(code).isalnum() for code in range(low, high + 1)), hex(low)


def test_short_queries_find_what_the_file_finds(
    postgres_cluster: Any, team_copies: Callable[[], str], tmp_path: Any
) -> None:
    schema = load_schema(default_schema_path())
    file_store = open_store(tmp_path / "a.db", schema, actor="alice")
    database = team_copies()
    team = open_team_store(
        postgres_cluster.url(database, "alice", member_password("alice")), schema
    )
    try:
        for title, text in TEXTS.items():
            file_store.add_document(text=text, title=title)
            team.add_document(text=text, title=title)
        titles = {i.id: i.title for i in team.document_infos()}
        file_titles = {i.id: i.title for i in file_store.document_infos()}
        for query in QUERIES:
            found = [titles[i] for i in team.search(query)]
            assert found == [file_titles[i] for i in file_store.search(query)], query
        assert [titles[i] for i in team.search("董事")] == ["董事會公告"]
        # A renamed document is found by its new title only.
        (results,) = [i for i, t in titles.items() if t == "Results 2026"]
        with psycopg.connect(postgres_cluster.url(database)) as admin:
            admin.execute("UPDATE team.documents SET title = '業績公告' WHERE id = %s", [results])
        assert results in team.search("業績")
        assert results not in team.search("董事")
        with psycopg.connect(postgres_cluster.url(database)) as admin:
            stored = {
                row[0]
                for row in admin.execute(
                    "SELECT g.gram FROM team.document_grams g JOIN team.documents d "
                    "ON d.rowid = g.document WHERE d.id = %s",
                    [results],
                )
            }
        assert grams("業績公告\n" + TEXTS["Results 2026"]) <= stored
    finally:
        file_store.close()
        team.close()

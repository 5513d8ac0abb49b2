"""Search on a team database: substrings of titles and texts in any script, served by the
trigram indexes."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from desktop_app.core.team.search import search_documents

Login = Callable[[str, str], psycopg.Connection]


def _add(conn: psycopg.Connection, number: int, title: str, text: str) -> None:
    conn.execute(
        "INSERT INTO documents (id, title, content_hash, text) VALUES (%s, %s, %s, %s)",
        [f"d{number}", title, f"h{number}", text],
    )


def test_chinese_and_latin_substrings_are_found_and_like_characters_are_literal(
    login: Login,
) -> None:
    ann = login("ann", "annotator")
    _add(ann, 1, "董事會公告", "董事會宣佈委任張三為主席，自二零二六年一月一日起生效。")
    _add(ann, 2, "Results 2026", "Revenue rose 12% to HK$3.4bn; the BOARD declared a dividend.")
    _add(ann, 3, "盈利警告", "本集團預期錄得虧損。")
    assert search_documents(ann, "委任張三") == ["d1"]
    assert search_documents(ann, "董事") == ["d1"]  # two characters: no trigram, still found
    assert search_documents(ann, "警") == ["d3"]
    assert search_documents(ann, "board DECLARED") == ["d2"]  # case does not matter
    assert search_documents(ann, "12%") == ["d2"]
    assert search_documents(ann, "1_%") == []  # % and _ are the characters, not wildcards
    assert search_documents(ann, "  ") == []
    assert search_documents(ann, "公告") == ["d1"]  # in the title only


def test_a_three_character_query_is_answered_from_the_trigram_index(login: Login) -> None:
    ann = login("ann", "annotator")
    for number in range(300):
        _add(ann, number, f"公告 {number}", f"第{number}號公告：本公司董事會謹此公佈業績。")
    _add(ann, 999, "委任", "董事會宣佈委任張三為主席。")
    ann.execute("ANALYZE documents")
    with ann.transaction():
        ann.execute("SET LOCAL enable_seqscan = off")  # only an index can answer now
        plan = "\n".join(
            row[0]
            for row in ann.execute(
                "EXPLAIN SELECT id FROM documents WHERE title ILIKE '%張三為%' "
                "OR text ILIKE '%張三為%'"
            )
        )
    assert "documents_text_trigrams" in plan and "documents_title_trigrams" in plan
    assert "Seq Scan" not in plan
    assert search_documents(ann, "張三為") == ["d999"]

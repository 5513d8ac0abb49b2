"""The documents list of a team database, page by page by key: every document once, in import
order, whatever was added between two pages."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from desktop_app.core.team.listing import list_page

Login = Callable[[str, str], psycopg.Connection]


def _add(conn: psycopg.Connection, number: int) -> None:
    conn.execute(
        "INSERT INTO documents (id, title, content_hash, text, metadata) VALUES (%s, %s, %s, "
        "'公告全文', %s)",
        [f"d{number}", f"公告 {number}", f"hash-{number}", f'{{"stock_code": "{number:05d}"}}'],
    )


def test_pages_follow_the_key_and_show_the_list_columns(login: Login) -> None:
    ann = login("ann", "annotator")
    for number in range(5):
        _add(ann, number)
    first = list_page(ann, None, 2)
    assert [row.id for row in first] == ["d0", "d1"]
    assert (first[0].title, first[0].stock_code, first[0].status) == ("公告 0", "00000", "new")
    assert first[0].updated_by == ann.info.user
    _add(ann, 5)  # added meanwhile: it comes last, and no row is shown twice or skipped
    second = list_page(ann, first[-1], 2)
    third = list_page(ann, second[-1], 10)
    assert [row.id for row in second + third] == ["d2", "d3", "d4", "d5"]
    assert list_page(ann, third[-1], 10) == []

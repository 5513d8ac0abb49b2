"""The server's canonical JSON and entry hash are byte for byte the application's."""

from __future__ import annotations

import json
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from desktop_app.core.audit_chain import entry_hash

STRINGS = [
    "",
    "plain ascii",
    'quote " and backslash \\',
    "董事會宣佈委任張三為主席",
    "é ñ ü ß",
    "controls \x01 \x08 \t \n \x0b \x0c \r \x1f \x7f",
    "astral 😀 𠀀 and \u2028 \u2029 \ufeff",
    "\\u0041 looks like an escape",
    '{"nested": "json as text"}',
]


def test_json_strings_and_rows_serialise_as_python_does(team_url: str) -> None:
    row: dict[str, Any] = {text or "empty": text for text in STRINGS}
    row.update({"count": 12345678901, "negative": -5, "zero": 0, "none": None, "Z": "upper"})
    nested = {"list": [1, "二", None, {"b": 1, "a": [True, False]}], "é": {"x": "y"}}
    with psycopg.connect(team_url) as conn:
        for text in STRINGS:
            got = conn.execute("SELECT team.json_string(%s)", [text]).fetchone()
            assert got == (json.dumps(text, ensure_ascii=True),)
        for value in (row, nested, {}, [], None):
            got = conn.execute("SELECT team.canonical_json(%s)", [Jsonb(value)]).fetchone()
            want = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
            assert got == (want,)
        for document_id, before, after in (("d1", None, row), (None, row, None), ("d", row, row)):
            values = ("f" * 64, 41, "2026-12-02T03:36:45.123Z", "ann", document_id, "update")
            args = (*values, "documents", "d1")
            got = conn.execute(
                "SELECT team.entry_hash(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    *args,
                    None if before is None else Jsonb(before),
                    None if after is None else Jsonb(after),
                ],
            ).fetchone()
            assert got == (entry_hash(*args, before, after),)

"""The store's SQL, written for SQLite, as PostgreSQL runs it.

The store writes one dialect. Most of it is standard SQL both engines read alike; what differs
is small and mechanical, and is rewritten here once per statement (the result is cached):

* parameters: ``?`` becomes ``%s`` and ``:name`` becomes ``%(name)s`` (psycopg's styles), and
  every literal ``%`` is doubled so psycopg does not read it as one;
* functions PostgreSQL spells differently: ``ifnull`` → ``coalesce``, ``char(10)`` →
  ``chr(10)``; SQLite's JSON functions (``json_extract``, ``json_set``, ``json_remove``,
  ``json``, ``json_each``) and ``instr`` are functions of the team schema with SQLite's
  meaning (``compat_sql``), under their own names where PostgreSQL already has one;
* ``a IS NOT b`` (SQLite's null-safe inequality) → ``a IS DISTINCT FROM b``; ``INDEXED BY``
  (SQLite's index hint) is dropped;
* ``INSERT OR IGNORE`` → ``… ON CONFLICT DO NOTHING``, ``INSERT OR REPLACE`` → ``… ON CONFLICT
  (key) DO UPDATE`` with the table's key (``PRIMARY_KEYS``).

Quoted strings and identifiers are left alone (apart from ``%``). Statements the rewriting
cannot express (``PRAGMA``, full-text ``MATCH``) are not sent: the team store answers those
operations itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "meta": ("key",),
    "suggestion_decisions": ("document_id", "type", "start", '"end"'),
    "imported_audit": ("hash",),
    "originals": ("hash",),
}

_QUOTED = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_FUNCTIONS = (
    (re.compile(r"\bifnull\(", re.IGNORECASE), "coalesce("),
    (re.compile(r"\bchar\(10\)", re.IGNORECASE), "chr(10)"),
    (re.compile(r"\bjson\(", re.IGNORECASE), "sqlite_json("),
    (re.compile(r"\bjson_each\(", re.IGNORECASE), "sqlite_json_each("),
    (re.compile(r"\bIS NOT(?!\s+NULL\b)", re.IGNORECASE), "IS DISTINCT FROM"),
    # SQLite's hint to use an index; PostgreSQL's planner chooses for itself.
    (re.compile(r"\s+INDEXED BY\s+\w+", re.IGNORECASE), ""),
)
_INSERT_OR = re.compile(
    r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE
)


def _rewrite_code(code: str) -> str:
    code = code.replace("%", "%%").replace("?", "%s")
    code = _NAMED.sub(r"%(\1)s", code)
    for pattern, replacement in _FUNCTIONS:
        code = pattern.sub(replacement, code)
    return code


def _on_conflict(kind: str, table: str, columns: str) -> str:
    if kind.upper() == "IGNORE":
        return " ON CONFLICT DO NOTHING"
    keys = PRIMARY_KEYS.get(table)
    if keys is None:
        raise ValueError(f"INSERT OR REPLACE INTO {table}: its key is not known")
    names = [name.strip() for name in columns.split(",")]
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in names if name not in keys)
    target = ", ".join(keys)
    return (
        f" ON CONFLICT ({target}) DO UPDATE SET {updates}" if updates else " ON CONFLICT DO NOTHING"
    )


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """``sql`` (the store's dialect) as PostgreSQL statement text for psycopg."""
    suffix = ""
    insert_or = _INSERT_OR.match(sql)
    if insert_or is not None:
        kind, table, columns = insert_or.groups()
        suffix = _on_conflict(kind, table, columns)
        sql = f"INSERT INTO {table} ({columns})" + sql[insert_or.end() :]
    parts = _QUOTED.split(sql)
    out = [
        part.replace("%", "%%") if index % 2 else _rewrite_code(part)
        for index, part in enumerate(parts)
    ]
    text = "".join(out).rstrip().rstrip(";")
    return text + suffix

"""What undoing a large delete costs: an entity of 1,000 mentions put back (with the role it
filled), and an event of 300 arguments put back, each through ``EditHistory.undo``.

The floor is the same rows written the plainest way in the same run: bare ``sqlite3``, one
``executemany`` per table into the same tables and indexes (copied from the store's file, but
without its audit triggers or checks) in a file of their own, WAL and ``synchronous=FULL``
like the store, in one ``BEGIN IMMEDIATE`` transaction. Each figure is a median; the redo
that deletes the rows again between samples is not timed.

    uv run python benchmarks/bench_restore.py
    uv run python benchmarks/bench_restore.py --mentions 5000 --samples 11
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.edits import DeleteEntity, DeleteEvent, EditHistory
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import Store, open_store

_SENTENCE = "Golden Harbour Limited paid HK$1,000. "


def median_ms(action: Callable[[], object], after: Callable[[], object], samples: int) -> float:
    """The median of ``action``, with ``after`` (not timed) undoing it between samples."""
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
        after()
    return statistics.median(times)


def _rows(store: Store, sql: str, params: list[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    cursor = store.db.execute(sql, params)
    return [d[0] for d in cursor.description], [tuple(row) for row in cursor.fetchall()]


class Floor:
    """The same tables and indexes as the store's, without triggers, in a file of their own."""

    def __init__(self, store: Store, path: Path, tables: list[str]) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        for table in tables:
            for (sql,) in store.db.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('table', 'index') "
                "AND sql IS NOT NULL ORDER BY type = 'index'",
                [table],
            ):
                self.conn.execute(sql)
        self.batches: list[tuple[str, list[str], list[tuple[Any, ...]]]] = []

    def add(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        self.batches.append((table, columns, rows))

    def insert(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        for table, columns, rows in self.batches:
            marks = ", ".join("?" * len(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            self.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        self.conn.execute("COMMIT")

    def clear(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        for table, _, _ in reversed(self.batches):
            self.conn.execute(f"DELETE FROM {table}")
        self.conn.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentions", type=int, default=1000)
    parser.add_argument("--arguments", type=int, default=300)
    parser.add_argument("--samples", type=int, default=21)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-restore-"))
    store = open_store(folder / "bench.db", load_schema(default_schema_path()), "bench")
    count = max(args.mentions, args.arguments)
    text = _SENTENCE * count
    document_id, _ = store.add_document(text=text, title="Repurchase")
    width = len(_SENTENCE)
    name = len("Golden Harbour Limited")
    company = store.create_entity(
        document_id, "COMPANY", [(n * width, n * width + name) for n in range(args.mentions)]
    )
    money_at = _SENTENCE.index("HK$")
    money = [
        store.create_entity(document_id, "MONEY", [(n * width + money_at, (n + 1) * width - 2)])
        for n in range(args.arguments)
    ]
    buyback = store.create_event(document_id, "ShareRepurchase")
    store.add_argument(buyback.id, "Repurchaser", company.id)
    for entity in money:
        store.add_argument(buyback.id, "Price", entity.id)
    history = EditHistory(store)
    print(
        f"{os.cpu_count()} cores, {args.samples} samples each; floor: bare sqlite3 executemany "
        "of the same rows into the same tables (no triggers), one committed transaction"
    )

    entity_floor = Floor(store, folder / "floor-entity.db", ["entities", "mentions", "arguments"])
    for table, sql in (
        ("entities", "SELECT * FROM entities WHERE id = ?"),
        ("mentions", "SELECT * FROM mentions WHERE entity_id = ? ORDER BY position"),
        ("arguments", "SELECT * FROM arguments WHERE entity_id = ?"),
    ):
        entity_floor.add(table, *_rows(store, sql, [company.id]))
    event_floor = Floor(store, folder / "floor-event.db", ["events", "arguments"])
    event_floor.add("events", *_rows(store, "SELECT * FROM events WHERE id = ?", [buyback.id]))
    event_floor.add(
        "arguments",
        *_rows(store, "SELECT * FROM arguments WHERE event_id = ? ORDER BY position", [buyback.id]),
    )

    history.perform(DeleteEntity(company.id, "Golden Harbour Limited"))
    undo_entity = median_ms(history.undo, history.redo, args.samples)
    history.undo()  # put back for the event's figure
    assert len(store.entity(company.id).mentions) == args.mentions
    floor_entity = median_ms(entity_floor.insert, entity_floor.clear, args.samples)

    history.perform(DeleteEvent(buyback.id, "ShareRepurchase"))
    undo_event = median_ms(history.undo, history.redo, args.samples)
    history.undo()
    assert len(store.event(buyback.id).arguments) == args.arguments + 1
    floor_event = median_ms(event_floor.insert, event_floor.clear, args.samples)

    print(
        f"undo: entity with {args.mentions} mentions put back:  {undo_entity:8.1f} ms  "
        f"floor {floor_entity:6.1f} ms  {undo_entity / floor_entity:6.1f}×"
    )
    print(
        f"undo: event with {args.arguments + 1} arguments put back:  {undo_event:8.1f} ms  "
        f"floor {floor_event:6.1f} ms  {undo_event / floor_event:6.1f}×"
    )
    store.close()


if __name__ == "__main__":
    main()

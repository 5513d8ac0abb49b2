"""What the integrity machinery costs per edit: versioned compare-and-set edits through the undo
history, their undo, and the idle check for other writers' changes.

For each, the floor is the same write done the plainest way in the same folder and run: one
``UPDATE`` of a row in its own ``BEGIN IMMEDIATE`` transaction with bare ``sqlite3``, WAL and
``synchronous=FULL`` like the store, but no audit trigger and no version check. The corpus
has ``--documents`` announcements (1,000 by default), so per-edit costs that grow with the
corpus would show.

    uv run python benchmarks/bench_edit_integrity.py
    uv run python benchmarks/bench_edit_integrity.py --documents 10000 --samples 200
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

from desktop_app.core.edits import EditHistory, SetDocumentField, UpdateEntity
from desktop_app.core.outside_changes import OutsideChanges
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store


def median_ms(action: Callable[[], object], samples: int) -> float:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-integrity-"))
    store = open_store(folder / "bench.db", load_schema(default_schema_path()), "bench")
    texts = [
        f"Company {n} Holdings Limited announces a share buy-back of HK${n},000. " * 50
        for n in range(args.documents)
    ]
    store.add_documents(_New(text, f"Announcement {n}") for n, text in enumerate(texts))
    document_id = store.document_ids()[args.documents // 2]
    entity = store.create_entity(document_id, "COMPANY", [(0, 7)])
    history = EditHistory(store)
    print(f"{args.documents} documents, {args.samples} samples each, {os.cpu_count()} cores")

    # The floor: a table of the same rows in a file of its own (no triggers, no checks), WAL
    # and synchronous=FULL like the store, one committed UPDATE per edit.
    floor_conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
    floor_conn.execute("PRAGMA journal_mode=WAL")
    floor_conn.execute("PRAGMA synchronous=FULL")
    floor_conn.execute("CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT, version INT)")
    floor_conn.executemany(
        "INSERT INTO entities VALUES (?, ?, 1)", [(f"e{n}", "x") for n in range(args.documents)]
    )
    counter = iter(range(10**9))

    def floor_commit() -> None:
        floor_conn.execute("BEGIN IMMEDIATE")
        floor_conn.execute(
            "UPDATE entities SET name = ? WHERE id = ?", [f"floor {next(counter)}", "e1"]
        )
        floor_conn.execute("COMMIT")

    names = iter(f"Company {n}" for n in range(10**9))

    def rename() -> None:
        old = store.entity(entity.id).name
        history.perform(
            UpdateEntity(entity.id, {"name": old}, {"name": next(names)}, "Rename"),
            based_on={entity.id: store.version_of("entities", entity.id) or 0},
        )

    def rename_and_undo() -> None:
        rename()
        history.undo()

    fields = iter(range(10**9))

    def set_field() -> None:
        history.perform(SetDocumentField(document_id, "headline", None, f"h{next(fields)}"))
        history.undo()

    plain = median_ms(floor_commit, args.samples)
    edit = median_ms(rename, args.samples)
    edit_undo = median_ms(rename_and_undo, args.samples)
    field = median_ms(set_field, args.samples)
    watcher = OutsideChanges(store)
    poll = median_ms(watcher.poll, args.samples * 10)
    bare_poll = median_ms(
        lambda: store.db.execute("PRAGMA data_version").fetchone(), args.samples * 10
    )
    print(f"floor: one committed UPDATE, bare sqlite3:          {plain:7.2f} ms")
    print(f"rename through EditHistory (check, write, audit):  {edit:7.2f} ms  {edit / plain:.2f}×")
    print(
        f"rename + undo (two committed steps):               {edit_undo:7.2f} ms  "
        f"{edit_undo / (2 * plain):.2f}× two floors"
    )
    print(
        f"document field set + undo (value check):           {field:7.2f} ms  "
        f"{field / (2 * plain):.2f}× two floors"
    )
    print(
        f"idle check for other writers (poll):               {poll * 1000:7.1f} µs  "
        f"{poll / bare_poll:.2f}× a bare PRAGMA data_version ({bare_poll * 1000:.1f} µs)"
    )
    floor_conn.close()
    store.close()


class _New:
    def __init__(self, text: str, title: str) -> None:
        self.text, self.title = text, title
        self.source_name, self.language = f"{title}.txt", "en"
        self.metadata: dict[str, str] = {}
        self.pages: list[object] = []


if __name__ == "__main__":
    main()

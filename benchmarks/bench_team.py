"""The team database on a local PostgreSQL against the database file, operation by operation.

    uv run python benchmarks/bench_team.py            # 10k documents
    uv run python benchmarks/bench_team.py --huge     # 100k documents (loading takes minutes)

The file is a copy of the cached generated corpus (``corpus_cache.py``: ≈4 KB announcements,
six mentions and an event each); the same rows are copied into a team database on a
throwaway cluster (``tests/pg_cluster.py``: unix socket, default durability), set up by
``team init`` and read and written as a reviewer who logs in with a password — so every write
runs the server's rules and audit triggers. Each operation is timed ``--repeat`` times on
both engines and reported as the median and PostgreSQL's ratio to the file's (the floor):

Both sides make the same ``Store`` calls — the window's and the command line's — on the file's
store and on the team database's (``core.team.team_store``):

* edit round trip — a compare-and-set update of a document row (its flag), committed and
  audited: ``Store.set_flag(expected=…)``;
* document open — a document with its entities and events: ``Store.annotated``;
* the documents list: first page, a deep page (100 rows after the key of the row 200 from the
  end) and the count: ``DocumentList.rows`` / ``rows_after`` / ``count``;
* substring search (a page of up to 200 ids): an English name that hits a few documents and a
  two-character Chinese query that hits every one: ``Store.search`` (FTS5 trigram and the
  short-query index / ``pg_trgm``).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from corpus_cache import cached_corpus, open_corpus  # noqa: E402
from pg_cluster import ClusterUnavailable, running_cluster  # noqa: E402

_COPIED = ("documents", "entities", "mentions", "events", "arguments")
_PASSWORD = "benchmark only"


def _median_ms(function: Callable[[], Any], repeat: int) -> float:
    function()  # warm caches and prepared statements: a window does this once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _copy_rows(sqlite_path: Path, url: str) -> None:
    """The file's rows into the team database, as they are (triggers off while loading:
    this is setting up a corpus, not a member's edits)."""
    import psycopg
    from psycopg import sql

    source = sqlite3.connect(sqlite_path)
    with psycopg.connect(url) as conn:
        conn.execute("SET session_replication_role = replica")
        for table in _COPIED:
            server_columns = {
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'team' AND table_name = %s",
                    [table],
                )
            }
            file_columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            columns = [c for c in file_columns if c in server_columns] + ["rowid"]
            names = ", ".join(f'"{c}"' for c in columns[:-1]) + ", rowid"
            copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier("team", table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with conn.cursor().copy(copy) as writer:
                for row in source.execute(f"SELECT {names} FROM {table} ORDER BY rowid"):
                    writer.write_row(row)
        conn.commit()
        conn.autocommit = True
        conn.execute("SET session_replication_role = DEFAULT")
        conn.execute("VACUUM ANALYZE")
    source.close()


def _measure(size: int, repeat: int) -> list[tuple[str, float, float]]:
    from desktop_app.core.team.connection import connect
    from desktop_app.core.team.migrations import init_team_database
    from desktop_app.core.team.roles import add_member

    folder = Path(tempfile.mkdtemp(prefix="bench-team-"))
    try:
        sqlite_path = folder / "corpus.db"
        shutil.copyfile(cached_corpus(size), sqlite_path)
        store = open_corpus(sqlite_path)
        with running_cluster() as cluster:
            database = f"bench_{uuid.uuid4().hex[:8]}"
            with cluster.superuser() as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            owner_url = cluster.url(database)
            init_team_database(owner_url)
            print(f"copying {size:,} documents into the team database…", flush=True)
            started = time.perf_counter()
            _copy_rows(sqlite_path, owner_url)
            print(f"  copied in {time.perf_counter() - started:.0f} s", flush=True)
            with connect(owner_url) as admin:  # as autovacuum would soon: the planner's figures
                admin.execute("ANALYZE")
            member = f"bench_{uuid.uuid4().hex[:6]}"
            with connect(owner_url) as admin, admin.transaction():
                add_member(admin, member, "reviewer", _PASSWORD)
            from desktop_app.core.team.team_store import open_team_store

            team = open_team_store(cluster.url(database, member, _PASSWORD), store.schema)
            try:
                return _operations(store, team, size, repeat)
            finally:
                team.close()
                store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _operations(store: Any, team: Any, size: int, repeat: int) -> list[tuple[str, float, float]]:
    """The same ``Store`` calls on both: the file's store and the team database's."""
    from desktop_app.core.store.document_list import DocumentList, ListQuery

    lists = {engine: DocumentList(s) for engine, s in (("file", store), ("team", team))}
    query = ListQuery()
    ids = store.document_ids()
    document_id = ids[len(ids) // 2]
    deep = {engine: lists[engine].rows(query, size - 200, 1)[0] for engine in lists}
    assert deep["file"].id == deep["team"].id, "the two engines list in different orders"
    name = "Harbour 4242 "
    versions = {"file": store.version_of("documents", document_id)}
    versions["team"] = team.version_of("documents", document_id)
    counter = [0]

    def edit(engine: str, on: Any) -> Callable[[], None]:
        def run() -> None:
            counter[0] += 1
            changes = on.set_flag(document_id, f"check {counter[0]}", expected=versions[engine])
            versions[engine] = changes.versions[document_id]

        return run

    def both(call: Callable[[Any, str], Any]) -> tuple[Callable[[], Any], Callable[[], Any]]:
        return (lambda: call(store, "file")), (lambda: call(team, "team"))

    pairs: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
        ("edit round trip (compare-and-set)", edit("file", store), edit("team", team)),
        ("document open (rows of one document)", *both(lambda s, _: s.annotated(document_id))),
        ("list: first page (100)", *both(lambda s, e: lists[e].rows(query, 0, 100))),
        (
            f"list: deep page (after row {size - 200:,})",
            *both(lambda s, e: lists[e].rows_after(query, deep[e], 100)),
        ),
        ("list: count and position", *both(lambda s, e: lists[e].count(query))),
        (f"search English {name.strip()!r}", *both(lambda s, _: s.search(name))),
        ("search Chinese '董事' (2 chars)", *both(lambda s, _: s.search("董事"))),
    ]
    assert sorted(store.search(name)) == sorted(team.search(name))
    results = []
    for label, on_file, on_team in pairs:
        results.append((label, _median_ms(on_file, repeat), _median_ms(on_team, repeat)))
        print(f"  measured: {label}", flush=True)
    store.set_flag(document_id, "")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--huge", action="store_true", help="100,000 documents instead of 10,000")
    parser.add_argument("--size", type=int, help="any other number of documents (cached)")
    parser.add_argument("--repeat", type=int, default=21, help="timings per operation (median)")
    args = parser.parse_args()
    size = args.size or (100_000 if args.huge else 10_000)
    try:
        results = _measure(size, args.repeat)
    except ClusterUnavailable as missing:
        print(f"bench_team: no local PostgreSQL: {missing}", file=sys.stderr)
        return 2
    print(f"\n{size:,} documents; medians of {args.repeat}; ratio = PostgreSQL / SQLite file")
    print(f"{'operation':44} {'SQLite ms':>10} {'PostgreSQL ms':>14} {'ratio':>7}")
    for label, file_ms, team_ms in results:
        print(f"{label:44} {file_ms:10.2f} {team_ms:14.2f} {team_ms / file_ms:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

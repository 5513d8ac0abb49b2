"""Import and export of a large corpus, each against a plain-sqlite3 floor measured in the same run.

    uv run python benchmarks/bench_corpus_import_export.py [--documents N] [--repeat R]

IMPORT adds N synthetic announcements to a fresh database through ``Store.add_document``, one
call per document, which is what ``annotator import`` and the window's import dialog do. The
floor inserts the same rows with one ``executemany`` in one transaction into a table made from
the very DDL of our ``documents`` table (columns, keys, indexes and the trigram full-text index
with its trigger), with the same journal mode and synchronous setting. Two more plain variants
are printed to show where the time goes: without the full-text index, and with one commit per
document (the durability ``add_document`` promises).

EXPORT builds a corpus of N documents with 50 mentions and 5 events per document (500,000 and
50,000 at N = 10,000) and times ``export_bundle`` against the floor: plain ``sqlite3`` reading
the same five tables and writing every row with ``json.dumps`` to a file (also fsynced). Each
export runs in a fresh interpreter, so its peak RSS can be compared at a quarter of the corpus
and at the full corpus: flat means memory does not grow with the corpus.

Every timing is repeated R times and the median printed. Targets: import <= 2x its floor,
export <= 2x its floor, export memory flat as the corpus grows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from common import (
    SyntheticAnnouncement,
    current_rss_mb,
    iterate_in_chunks,
    machine_description,
    median,
    peak_rss_mb,
    run_child,
    synthetic_announcements,
    timed,
)

from desktop_app.core.bundle import export_bundle
from desktop_app.core.models import Document, Stamp
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import AnnotationSchema, load_schema
from desktop_app.core.store import Store, open_store
from desktop_app.core.text import content_hash

SCRIPT = Path(__file__).resolve()
ACTOR = "bench"
TABLES = ("documents", "entities", "mentions", "events", "arguments")
ENTITY_TYPE_OF_KIND = {
    "company": "COMPANY",
    "person": "PERSON",
    "money": "MONEY",
    "date": "DATE",
    "position": "POSITION",
    "agreement": "AGREEMENT",
}
AGREEMENT_KINDS = ("mou", "cooperation", "r_and_d", "contract", "tender_win", "licence", "other")


# --- import ------------------------------------------------------------------------------------


def import_ours(
    announcements: list[SyntheticAnnouncement], path: Path, batch: int = 0
) -> tuple[float, str]:
    """``add_document`` per text (``batch`` 0), or ``add_documents`` per ``batch`` texts."""
    store = open_store(path, load_schema(default_schema_path()), ACTOR)
    settings = _settings(store.db.conn)

    def add_all() -> None:
        if batch:
            for chunk in iterate_in_chunks(announcements, batch):
                store.add_documents(chunk)
            return
        for item in announcements:
            store.add_document(
                text=item.text,
                title=item.title,
                source_name=item.source_name,
                language=item.language,
                metadata=item.metadata,
            )

    seconds = timed(add_all)
    assert store.stats()["documents"] == len(announcements)
    store.close()
    return seconds, settings


def _settings(conn: sqlite3.Connection) -> str:
    journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
        conn.execute("PRAGMA synchronous").fetchone()[0]
    ]
    return f"journal_mode={journal}, synchronous={synchronous}"


def documents_ddl(folder: Path, with_search: bool) -> list[str]:
    """The DDL of our documents table (and, if asked, its full-text index), from a real store."""
    path = folder / "ddl.db"
    open_store(path, load_schema(default_schema_path()), ACTOR).close()
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
            "(tbl_name = 'documents' OR name = 'documents_fts') ORDER BY rowid"
        ).fetchall()
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    # The full-text index's shadow tables are made by its CREATE VIRTUAL TABLE; its triggers
    # (named documents_a*) belong to table documents but only make sense with the index. The
    # audit triggers (audit_*) need the store's functions and audit table: not in a floor.
    return [
        sql
        for name, sql in rows
        if not name.startswith("audit_")
        and (with_search or not name.startswith(("documents_fts", "documents_a")))
    ]


def _document_row(item: SyntheticAnnouncement, now: str) -> tuple[Any, ...]:
    return (
        uuid.uuid4().hex,
        item.title,
        item.source_name,
        content_hash(item.text),
        item.language,
        item.text,
        json.dumps(item.metadata, ensure_ascii=False),
        "[]",
        ACTOR,
        now,
        ACTOR,
        now,
        "new",
        "",
    )


_INSERT_DOCUMENT = (
    "INSERT INTO documents (id, title, source_name, content_hash, language, text, metadata, "
    "pages, created_by, created_at, updated_by, updated_at, status, flag) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def import_floor(
    announcements: list[SyntheticAnnouncement],
    path: Path,
    ddl: list[str],
    commit_each: bool = False,
) -> tuple[float, str]:
    """Plain sqlite3: the same rows (hash and id computed here too), WAL + synchronous=FULL."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    for statement in ddl:
        conn.execute(statement)
    settings = _settings(conn)
    now = "2025-01-01T00:00:00.000Z"

    def insert_all() -> None:
        if commit_each:
            for item in announcements:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(_INSERT_DOCUMENT, _document_row(item, now))
                conn.execute("COMMIT")
            return
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(_INSERT_DOCUMENT, (_document_row(item, now) for item in announcements))
        conn.execute("COMMIT")

    seconds = timed(insert_all)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(announcements)
    conn.close()
    return seconds, settings


def fresh_file(folder: Path, name: str) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{folder / name}{suffix}").unlink(missing_ok=True)
    return folder / name


def bench_import(
    announcements: list[SyntheticAnnouncement], folder: Path, repeat: int, batch: int
) -> dict[str, float]:
    with_search, bare = documents_ddl(folder, True), documents_ddl(folder, False)
    bulk = batch > 0 and hasattr(Store, "add_documents")
    runs: dict[str, list[float]] = {"ours": [], "floor": [], "bare": [], "commit_each": []}
    if bulk:
        runs["bulk"] = []
    settings: dict[str, str] = {}
    for _ in range(repeat):
        seconds, settings["ours"] = import_ours(announcements, fresh_file(folder, "ours.db"))
        runs["ours"].append(seconds)
        if bulk:
            runs["bulk"].append(import_ours(announcements, fresh_file(folder, "bulk.db"), batch)[0])
        seconds, settings["floor"] = import_floor(
            announcements, fresh_file(folder, "floor.db"), with_search
        )
        runs["floor"].append(seconds)
        runs["bare"].append(import_floor(announcements, fresh_file(folder, "bare.db"), bare)[0])
        runs["commit_each"].append(
            import_floor(announcements, fresh_file(folder, "each.db"), with_search, True)[0]
        )
    result = {name: median(values) for name, values in runs.items()}
    count = len(announcements)
    print(f"\nIMPORT of {count:,} documents (median of {repeat})")
    print(f"  settings: ours {settings['ours']}; floor {settings['floor']}")
    print(
        f"  ours  Store.add_document x{count:,}, one commit each (the window's import dialog, "
        f"which saves each file as it is parsed): {result['ours']:.2f} s"
    )
    if bulk:
        print(
            f"  ours  Store.add_documents, {batch} per call (the batched path `annotator import` "
            f"uses, 100 per call there): {result['bulk']:.2f} s"
        )
    print(
        f"  floor executemany, one transaction, same table + full-text index: "
        f"{result['floor']:.2f} s"
    )
    print(f"  (info) plain, without the full-text index:         {result['bare']:.2f} s")
    print(f"  (info) plain, same table, one commit per document: {result['commit_each']:.2f} s")
    print(f"  ratio ours / floor: {result['ours'] / result['floor']:.2f}")
    if bulk:
        print(f"  ratio ours (add_documents) / floor: {result['bulk'] / result['floor']:.2f}")
    return result


# --- export corpus -----------------------------------------------------------------------------


def _new_id(rng_state: list[int]) -> str:
    rng_state[0] += 1
    return f"{rng_state[0]:032x}"


def _stamp_columns(moment: int) -> dict[str, str]:
    when = f"2025-01-01T00:00:{moment // 1000 % 60:02d}.{moment % 1000:03d}Z"
    return {"created_by": ACTOR, "created_at": when, "updated_by": ACTOR, "updated_at": when}


def annotation_rows(
    item: SyntheticAnnouncement,
    document_id: str,
    mentions_per_document: int,
    events_per_document: int,
    counter: list[int],
) -> dict[str, list[dict[str, Any]]]:
    """Entities, mentions, events and arguments for one document, valid under the schema."""
    marked = [span for span in item.spans if span.kind in ENTITY_TYPE_OF_KIND]
    triggers = [span for span in item.spans if span.kind == "trigger"]
    # Cycle through the marked spans; a short document repeats a span rather than lose count.
    chosen = [marked[i % len(marked)] for i in range(mentions_per_document)]
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES[1:]}
    entity_of: dict[tuple[str, str], dict[str, Any]] = {}
    first_mention: dict[str, str] = {}
    positions: dict[str, int] = {}
    for span in chosen:
        surface = item.text[span.start : span.end]
        entity = entity_of.get((span.kind, surface))
        if entity is None:
            entity = {
                "id": _new_id(counter),
                "document_id": document_id,
                "type": ENTITY_TYPE_OF_KIND[span.kind],
                "name": surface,
                "identifier": None,
                "attributes": "{}",
                **_stamp_columns(counter[0]),
            }
            entity_of[(span.kind, surface)] = entity
            rows["entities"].append(entity)
        mention_id = _new_id(counter)
        first_mention.setdefault(entity["id"], mention_id)
        position = positions.get(entity["id"], 0)
        positions[entity["id"]] = position + 1
        rows["mentions"].append(
            {
                "id": mention_id,
                "entity_id": entity["id"],
                "document_id": document_id,
                "start": span.start,
                "end": span.end,
                "text": surface,
                "page": None,
                "position": position,
                **_stamp_columns(counter[0]),
            }
        )
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entity in rows["entities"]:
        by_type.setdefault(entity["type"], []).append(entity)
    companies = by_type["COMPANY"]  # the issuer's name is always the first marked span
    others = by_type.get("PERSON", []) + companies[1:] or companies
    for number in range(events_per_document):
        trigger = triggers[number % len(triggers)] if triggers else None
        event_id = _new_id(counter)
        rows["events"].append(
            {
                "id": event_id,
                "document_id": document_id,
                "type": "BusinessAgreement",
                "trigger_start": trigger.start if trigger else None,
                "trigger_end": trigger.end if trigger else None,
                "trigger_text": item.text[trigger.start : trigger.end] if trigger else None,
                "trigger_page": None,
                "attributes": json.dumps(
                    {"kind": AGREEMENT_KINDS[number % 7], "legally_binding": number % 2 == 0}
                ),
                **_stamp_columns(counter[0]),
            }
        )
        fillers = [
            ("Party", companies[number % len(companies)]),
            ("Counterparty", others[number % len(others)]),
        ]
        if by_type.get("MONEY"):
            fillers.append(("Value", by_type["MONEY"][number % len(by_type["MONEY"])]))
        if by_type.get("DATE"):
            fillers.append(("Date", by_type["DATE"][number % len(by_type["DATE"])]))
        for position, (role, entity) in enumerate(fillers):
            rows["arguments"].append(
                {
                    "id": _new_id(counter),
                    "event_id": event_id,
                    "role": role,
                    "entity_id": entity["id"],
                    "mention_id": first_mention[entity["id"]] if position % 2 == 0 else None,
                    "position": position,
                    **_stamp_columns(counter[0]),
                }
            )
    return rows


def build_corpus(
    announcements: list[SyntheticAnnouncement],
    path: Path,
    schema: AnnotationSchema,
    mentions_per_document: int,
    events_per_document: int,
) -> dict[str, int]:
    """Write documents and annotations in bulk (setup, not timed) and return the row counts."""
    store = open_store(path, schema, ACTOR)
    counter = [0]
    for chunk in iterate_in_chunks(announcements, 500):
        documents = []
        rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES[1:]}
        for item in chunk:
            document_id = _new_id(counter)
            documents.append(
                Document(
                    id=document_id,
                    title=item.title,
                    source_name=item.source_name,
                    content_hash=content_hash(item.text),
                    language=item.language,
                    metadata=item.metadata,
                    text=item.text,
                    stamp=Stamp(**_stamp_columns(counter[0])),
                )
            )
            made = annotation_rows(
                item, document_id, mentions_per_document, events_per_document, counter
            )
            for table, table_rows in made.items():
                rows[table] += table_rows
        with store.transaction() as db:
            store.insert_documents(documents)
            for table in TABLES[1:]:
                db.table(table).insert_all(rows[table], batch_size=500)
    counts = {table: int(value) for table, value in store.stats().items() if table in TABLES}
    store.close()
    return counts


# --- export, each run in a fresh interpreter ---------------------------------------------------


def _audit_label() -> str:
    return "included" if os.environ.get("BENCH_EXPORT_AUDIT") == "1" else "left out, as the floor"


def child_export_ours(database: Path, out: Path) -> dict[str, Any]:
    schema = load_schema(default_schema_path())
    holder: list[Store] = []
    opening = timed(lambda: holder.append(open_store(database, schema, ACTOR)))
    store = holder[0]
    baseline = current_rss_mb()
    reports = []
    # The floor dumps the annotation tables only; BENCH_EXPORT_AUDIT=1 measures the real bundle,
    # which also carries each document's audit history (about twice the bytes).
    with_audit = os.environ.get("BENCH_EXPORT_AUDIT") == "1"
    seconds = timed(lambda: reports.append(export_bundle(store, out, include_audit=with_audit)))
    report = reports[0]
    store.close()
    return {
        "seconds": seconds,
        "open_seconds": opening,
        "baseline_mb": baseline,
        "peak_mb": peak_rss_mb(),
        "documents": report.documents,
        "mentions": report.mentions,
        "events": report.events,
        "bytes": out.stat().st_size,
    }


def child_export_floor(database: Path, out: Path) -> dict[str, Any]:
    conn = sqlite3.connect(database)
    baseline = current_rss_mb()
    counts: dict[str, int] = {}

    def dump() -> None:
        with out.open("w", encoding="utf-8") as handle:
            handle.write("{")
            for number, table in enumerate(TABLES):
                cursor = conn.execute(f"SELECT * FROM {table}")
                names = [column[0] for column in cursor.description]
                handle.write(("," if number else "") + f'\n "{table}": [')
                count = 0
                for row in cursor:
                    handle.write(("," if count else "") + "\n  ")
                    handle.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False))
                    count += 1
                handle.write("\n ]")
                counts[table] = count
            handle.write("\n}\n")
            handle.flush()
            os.fsync(handle.fileno())

    seconds = timed(dump)
    conn.close()
    return {
        "seconds": seconds,
        "baseline_mb": baseline,
        "peak_mb": peak_rss_mb(),
        "documents": counts["documents"],
        "mentions": counts["mentions"],
        "events": counts["events"],
        "bytes": out.stat().st_size,
    }


def bench_export(
    announcements: list[SyntheticAnnouncement],
    folder: Path,
    repeat: int,
    mentions_per_document: int,
    events_per_document: int,
) -> dict[str, dict[str, float]]:
    schema = load_schema(default_schema_path())
    sizes = {"quarter": announcements[: max(1, len(announcements) // 4)], "full": announcements}
    results: dict[str, dict[str, float]] = {}
    for label, subset in sizes.items():
        database = fresh_file(folder, f"corpus-{label}.db")
        started = time.perf_counter()
        counts = build_corpus(subset, database, schema, mentions_per_document, events_per_document)
        setup = time.perf_counter() - started
        runs: dict[str, list[dict[str, Any]]] = {"ours": [], "floor": []}
        for _ in range(repeat):
            for kind in ("ours", "floor"):
                out = folder / f"export-{kind}.json"
                runs[kind].append(
                    run_child(SCRIPT, ["--child", kind, "--db", str(database), "--out", str(out)])
                )
                out.unlink()
        assert runs["ours"][0]["mentions"] == counts["mentions"], (runs["ours"][0], counts)
        assert runs["floor"][0]["mentions"] == counts["mentions"]
        summary = {
            f"{kind}_{key}": median([run[key] for run in runs[kind]])
            for kind in runs
            for key in ("seconds", "peak_mb", "baseline_mb", "bytes")
        }
        summary["open_seconds"] = median([run["open_seconds"] for run in runs["ours"]])
        results[label] = summary
        print(
            f"\nEXPORT {label}: {int(counts['documents']):,} documents, "
            f"{int(counts['entities']):,} entities, {int(counts['mentions']):,} mentions, "
            f"{int(counts['events']):,} events, {int(counts['arguments']):,} arguments "
            f"(setup {setup:.1f} s, median of {repeat})"
        )
        print(
            f"  ours  export_bundle (audit history {_audit_label()}): "
            f"{summary['ours_seconds']:.2f} s, "
            f"peak RSS {summary['ours_peak_mb']:.0f} MB "
            f"(before export {summary['ours_baseline_mb']:.0f} MB), "
            f"{summary['ours_bytes'] / 1e6:.0f} MB written; "
            f"open_store {summary['open_seconds']:.2f} s"
        )
        print(
            f"  floor sqlite3 + json.dumps: {summary['floor_seconds']:.2f} s, "
            f"peak RSS {summary['floor_peak_mb']:.0f} MB "
            f"(before export {summary['floor_baseline_mb']:.0f} MB), "
            f"{summary['floor_bytes'] / 1e6:.0f} MB written"
        )
        print(f"  ratio ours / floor: {summary['ours_seconds'] / summary['floor_seconds']:.2f}")
    return results


# --- main --------------------------------------------------------------------------------------


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mentions-per-document", type=int, default=50)
    parser.add_argument("--events-per-document", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--batch", type=int, default=200, help="texts per add_documents call (0: skip that run)"
    )
    parser.add_argument("--only", choices=["import", "export"], help="run one half only")
    parser.add_argument("--workdir", type=Path, help="where the files go (default: a temp dir)")
    parser.add_argument("--child", choices=["ours", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    if args.child:
        child = child_export_ours if args.child == "ours" else child_export_floor
        print(json.dumps(child(args.db, args.out)))
        return 0
    print(f"machine: {machine_description()}")
    announcements = synthetic_announcements(args.documents, args.seed)
    average = sum(len(a.text.encode()) for a in announcements) / len(announcements) / 1024
    print(f"corpus: {len(announcements):,} synthetic announcements, {average:.1f} KB on average")
    folder = Path(tempfile.mkdtemp(prefix="bench-corpus-", dir=args.workdir))
    try:
        imported = exported = None
        if args.only in (None, "import"):
            imported = bench_import(announcements, folder, args.repeat, args.batch)
        if args.only in (None, "export"):
            exported = bench_export(
                announcements,
                folder,
                args.repeat,
                args.mentions_per_document,
                args.events_per_document,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nSUMMARY (medians of {args.repeat}, {os.cpu_count()} cores)")
    if imported:
        ratio = imported["ours"] / imported["floor"]
        print(
            f"import: ours {imported['ours']:.2f} s, floor {imported['floor']:.2f} s, "
            f"ratio {ratio:.2f} (target <= 2)  [add_document, one commit per text]"
        )
        if "bulk" in imported:
            ratio = imported["bulk"] / imported["floor"]
            print(
                f"import: ours {imported['bulk']:.2f} s, floor {imported['floor']:.2f} s, "
                f"ratio {ratio:.2f} (target <= 2)  [add_documents, {args.batch} per call: the CLI]"
            )
    if exported:
        full, quarter = exported["full"], exported["quarter"]
        ratio = full["ours_seconds"] / full["floor_seconds"]
        print(
            f"export: ours {full['ours_seconds']:.2f} s, floor {full['floor_seconds']:.2f} s, "
            f"ratio {ratio:.2f} (target <= 2)"
        )
        print(
            f"export peak RSS, 1/4 -> full corpus: ours {quarter['ours_peak_mb']:.0f} -> "
            f"{full['ours_peak_mb']:.0f} MB, floor {quarter['floor_peak_mb']:.0f} -> "
            f"{full['floor_peak_mb']:.0f} MB (target: flat)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

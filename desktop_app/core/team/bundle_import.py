"""Bringing a bundle (a local corpus's export) onto a team database: all of it, or nothing.

The bundle is read and checked as for the file (``core.bundle_read``); its documents, their
annotations and comments are inserted in one transaction labelled as an import (the server
audits those inserts as ``import`` and stamps them with the login), and each document's
audit history is kept verbatim in ``imported_audit`` (once per entry, by hash), where
``audit verify`` and four-eyes read it. A document the team database already holds (same id
or same text) refuses the whole bundle; so does any server rule (only an admin may add an
approved document). Two imports at once are served one after the other by the audit chain's
lock, and both land.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from desktop_app.core.bundle_format import BundleDocument
from desktop_app.core.bundle_read import load_bundle
from desktop_app.core.errors import BundleInvalid
from desktop_app.core.store.rows import document_columns, stamp_columns, trigger_columns
from desktop_app.core.team.writes import edit_transaction


@dataclass
class TeamImportReport:
    """The ids of the documents added, and what the bundle check warned about."""

    added: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _insert(conn: psycopg.Connection, table: str, rows: list[Mapping[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier("team", table),
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(", ").join(sql.Placeholder() * len(columns)),
    )
    with conn.cursor() as cursor:
        cursor.executemany(statement, [[row[c] for c in columns] for row in rows])


def _rows(annotated: BundleDocument) -> dict[str, list[Mapping[str, Any]]]:
    document_id = annotated.document.id
    document = document_columns(annotated.document)
    entities: list[Mapping[str, Any]] = []
    mentions: list[Mapping[str, Any]] = []
    events: list[Mapping[str, Any]] = []
    arguments: list[Mapping[str, Any]] = []
    for entity in annotated.entities:
        entities.append(
            {
                "id": entity.id,
                "document_id": document_id,
                "type": entity.type,
                "name": entity.name,
                "identifier": entity.identifier,
                "attributes": json.dumps(entity.attributes, ensure_ascii=False),
            }
        )
        for position, mention in enumerate(entity.mentions):
            mentions.append(
                {
                    **mention.model_dump(),
                    "entity_id": entity.id,
                    "document_id": document_id,
                    "position": position,
                }
            )
    for event in annotated.events:
        events.append(
            {
                "id": event.id,
                "document_id": document_id,
                "type": event.type,
                **trigger_columns(event.trigger),
                "attributes": json.dumps(event.attributes, ensure_ascii=False),
            }
        )
        for position, argument in enumerate(event.arguments):
            arguments.append({**argument.model_dump(), "event_id": event.id, "position": position})
    comments: list[Mapping[str, Any]] = [
        {
            **comment.model_dump(exclude={"stamp", "resolved"}),
            "resolved": int(comment.resolved),
            **stamp_columns(comment.stamp),
        }
        for comment in annotated.comments
    ]
    return {
        "documents": [document],
        "entities": entities,
        "mentions": mentions,
        "events": events,
        "arguments": arguments,
        "comments": comments,
    }


def _keep_history(conn: psycopg.Connection, annotated: BundleDocument) -> None:
    with conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO team.imported_audit (hash, chain, seq, at, actor, document_id, action, "
            'table_name, row_id, "before", "after", prev_hash) '
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (hash) DO NOTHING",
            [
                (
                    entry.hash,
                    entry.chain,
                    entry.seq,
                    entry.at,
                    entry.actor,
                    entry.document_id,
                    entry.action,
                    entry.table_name,
                    entry.row_id,
                    None if entry.before is None else Jsonb(entry.before),
                    None if entry.after is None else Jsonb(entry.after),
                    entry.prev_hash,
                )
                for entry in annotated.audit
            ],
        )


def _already_there(conn: psycopg.Connection, documents: Iterable[BundleDocument]) -> list[str]:
    wanted = {d.document.id: d.document for d in documents}
    hashes = {d.content_hash: d for d in wanted.values()}
    rows = conn.execute(
        "SELECT id, content_hash, title FROM team.documents "
        "WHERE id = ANY(%s) OR content_hash = ANY(%s)",
        [list(wanted), list(hashes)],
    ).fetchall()
    lines = []
    for document_id, content_hash, title in rows:
        ours = wanted.get(document_id) or hashes[content_hash]
        lines.append(f"{ours.title}: already in the team database (as {title!r})")
    return lines


def import_team_bundle(
    conn: psycopg.Connection, path: Path, *, strict: bool = False
) -> TeamImportReport:
    """Add every document of the bundle at ``path`` with its history, or none (raising
    ``BundleInvalid`` or ``EditRefused`` with the reason)."""
    bundle, _schema, warnings = load_bundle(path, strict)
    report = TeamImportReport(warnings=list(warnings))
    with edit_transaction(conn):
        conn.execute("SET LOCAL annotator.importing = 'on'")
        present = _already_there(conn, bundle.documents)
        if present:
            raise BundleInvalid(
                f"{path}: nothing imported, {len(present)} document(s) already exist", present
            )
        for annotated in bundle.documents:
            for table, rows in _rows(annotated).items():
                _insert(conn, table, rows)
            _keep_history(conn, annotated)
            report.added.append(annotated.document.id)
    return report

"""Reading a document from a team database as the models the rest of the application uses.

The rows have the SQLite file's columns (``tables_sql``), so the file's row converters
(``core.store.rows``) turn them into the same ``Document``, ``Entity`` and ``Event`` values,
in the same order (mentions by position, annotations in the order they were added): what
validation, export and the window see does not depend on the engine.
"""

from __future__ import annotations

from collections import defaultdict

import psycopg
from psycopg.rows import dict_row

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import (
    AnnotatedDocument,
    Argument,
    DocumentInfo,
    Entity,
    Event,
    Mention,
)
from desktop_app.core.store.rows import (
    argument_of,
    document_info_of,
    document_of,
    entity_of,
    event_of,
    mention_of,
)

_INFO_COLUMNS = (
    "id, title, source_name, content_hash, language, metadata, status, flag, status_note, "
    "created_by, created_at, updated_by, updated_at, version"
)


def team_document_info(
    conn: psycopg.Connection, document_id: str, *, for_update: bool = False
) -> tuple[DocumentInfo, int]:
    """The document's list entry and its version; ``for_update`` locks its row until the
    caller's transaction ends (so a status step reads what it changes)."""
    query = f"SELECT {_INFO_COLUMNS} FROM team.documents WHERE id = %s"
    if for_update:
        query += " FOR UPDATE"
    with conn.cursor(row_factory=dict_row) as cursor:
        row = cursor.execute(query, [document_id]).fetchone()
    if row is None:
        raise EditRefused(f"document {document_id} does not exist")
    return document_info_of(row), int(row["version"])


def team_annotated(conn: psycopg.Connection, document_id: str) -> AnnotatedDocument:
    """The document with its entities and events, as ``Store.annotated`` gives it."""
    with conn.cursor(row_factory=dict_row) as cursor:
        row = cursor.execute("SELECT * FROM team.documents WHERE id = %s", [document_id])
        document_row = row.fetchone()
        if document_row is None:
            raise EditRefused(f"document {document_id} does not exist")
        mentions: dict[str, list[Mention]] = defaultdict(list)
        for mention in cursor.execute(
            'SELECT entity_id, id, start, "end", text, page FROM team.mentions '
            "WHERE document_id = %s ORDER BY entity_id, position, start",
            [document_id],
        ):
            mentions[mention["entity_id"]].append(mention_of(mention))
        entities: list[Entity] = [
            entity_of(entity, mentions[entity["id"]])
            for entity in cursor.execute(
                "SELECT * FROM team.entities WHERE document_id = %s ORDER BY created_at, rowid",
                [document_id],
            )
        ]
        arguments: dict[str, list[Argument]] = defaultdict(list)
        for argument in cursor.execute(
            "SELECT a.* FROM team.arguments a JOIN team.events e ON e.id = a.event_id "
            "WHERE e.document_id = %s ORDER BY a.event_id, a.position",
            [document_id],
        ):
            arguments[argument["event_id"]].append(argument_of(argument))
        events: list[Event] = [
            event_of(event, arguments[event["id"]])
            for event in cursor.execute(
                "SELECT * FROM team.events WHERE document_id = %s ORDER BY created_at, rowid",
                [document_id],
            )
        ]
    return AnnotatedDocument(document=document_of(document_row), entities=entities, events=events)

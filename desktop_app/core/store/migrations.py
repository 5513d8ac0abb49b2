"""Schema steps of the database, oldest first. Each step moves the file up one major version.

Never edit a step once released: add a new one. Tests build a file at every older version and
migrate it to the current one.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

_STAMPS = """
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
"""


def _version_1(db: sqlite_utils.Database) -> None:
    """Documents, entities, mentions, events and arguments."""
    db.executescript(
        f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            source_name TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL UNIQUE,
            language TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{{}}',
            pages TEXT NOT NULL DEFAULT '[]',
            {_STAMPS}
        );
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            identifier TEXT,
            attributes TEXT NOT NULL DEFAULT '{{}}',
            {_STAMPS}
        );
        CREATE INDEX entities_document ON entities(document_id);
        CREATE TABLE mentions (
            id TEXT PRIMARY KEY,
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            page INTEGER,
            position INTEGER NOT NULL DEFAULT 0,
            {_STAMPS}
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);
        CREATE INDEX mentions_document ON mentions(document_id, start);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            trigger_start INTEGER,
            trigger_end INTEGER,
            trigger_text TEXT,
            trigger_page INTEGER,
            attributes TEXT NOT NULL DEFAULT '{{}}',
            {_STAMPS}
        );
        CREATE INDEX events_document ON events(document_id);
        CREATE TABLE arguments (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            mention_id TEXT REFERENCES mentions(id) ON DELETE SET NULL,
            position INTEGER NOT NULL DEFAULT 0,
            {_STAMPS}
        );
        CREATE INDEX arguments_event ON arguments(event_id);
        CREATE INDEX arguments_entity ON arguments(entity_id);
        """
    )


def _version_2(db: sqlite_utils.Database) -> None:
    """Review status and flags per document, full-text search over documents, and a covering
    index that lets a document's highlights load in position order without touching rows."""
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
        ALTER TABLE documents ADD COLUMN flag TEXT NOT NULL DEFAULT '';
        CREATE INDEX documents_status ON documents(status);
        CREATE INDEX mentions_spans ON mentions(document_id, start, "end", id, entity_id);
        """
    )
    # Trigram tokens make substring search work for Chinese, which has no spaces.
    db.table("documents").enable_fts(
        ["title", "text"], create_triggers=True, tokenize="trigram", replace=True
    )


STEPS: list[tuple[int, Callable[[sqlite_utils.Database], None]]] = [
    (1, _version_1),
    (2, _version_2),
]

"""Schema steps of the database, oldest first. Each step moves the file up one major version.

Never edit a step once released: add a new one. Tests build a file at every older version and
migrate it to the current one.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from desktop_app.core.store.audit_triggers import install_audit_triggers
from desktop_app.core.store.search_index import install as install_search_index

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


def _version_3(db: sqlite_utils.Database) -> None:
    """The review workflow: a note with each status change, comments, and the audit trail.

    ``audit`` is append-only (UPDATE and DELETE abort) and hash-chained; the triggers that fill
    it are generated from the tables' columns (``audit_triggers``). ``imported_audit`` keeps the
    audit entries that came with imported bundles, verbatim, keyed by their hash.
    """
    append_only = """
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    """
    db.executescript(
        f"""
        ALTER TABLE documents ADD COLUMN status_note TEXT NOT NULL DEFAULT '';
        CREATE TABLE comments (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            target_id TEXT,
            parent_id TEXT REFERENCES comments(id),
            body TEXT NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0,
            resolved_by TEXT NOT NULL DEFAULT '',
            resolved_at TEXT NOT NULL DEFAULT '',
            {_STAMPS}
        );
        CREATE INDEX comments_document ON comments(document_id, created_at);
        CREATE INDEX comments_parent ON comments(parent_id);
        CREATE INDEX mentions_entity_position ON mentions(entity_id, position);
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            document_id TEXT,
            action TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id TEXT NOT NULL,
            "before" TEXT,
            "after" TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_document ON audit(document_id, seq);
        {append_only.format(table="audit")}
        CREATE TABLE imported_audit (
            hash TEXT PRIMARY KEY,
            chain TEXT NOT NULL,
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            document_id TEXT,
            action TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id TEXT NOT NULL,
            "before" TEXT,
            "after" TEXT,
            prev_hash TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL
        );
        CREATE INDEX imported_audit_document ON imported_audit(document_id);
        {append_only.format(table="imported_audit")}
        """
    )
    # Names this file's chain in exported entries (a copy of the file shares it).
    db.execute("INSERT INTO meta (key, value) VALUES ('audit_chain', lower(hex(randomblob(16))))")
    install_audit_triggers(db)
    # The full-text index re-read a document's whole text on every update of its row (each
    # status change, flag or field); only a change of title or text concerns it.
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_au'").fetchone()
    every_update = 'AFTER UPDATE ON "documents"'
    if row and every_update in row[0]:
        db.execute("DROP TRIGGER documents_au")
        db.execute(row[0].replace(every_update, 'AFTER UPDATE OF "title", "text" ON "documents"'))


def _version_4(db: sqlite_utils.Database) -> None:
    """A version per row, raised by every change: an edit states the version it was based on
    and is refused when the row has moved on (another window, process or reviewer), so nobody
    overwrites work they have not seen."""
    for table in ("documents", "entities", "mentions", "events", "arguments", "comments"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
    install_audit_triggers(db)  # the triggers list a table's columns: the new one too


def _version_5(db: sqlite_utils.Database) -> None:
    """What each document was imported from: the source file's exact bytes, stored once per
    content in ``originals``, and the import report (what was left out, replaced, flagged)."""
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN import_report TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE documents ADD COLUMN original_hash TEXT;
        CREATE TABLE originals (
            hash TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        """
    )
    install_audit_triggers(db)


def _version_6(db: sqlite_utils.Database) -> None:
    """Indexes for the documents list: its filters, sorts and counts run in SQL over them, so
    the list costs about the same at 100,000 documents as at 1,000. The expressions must stay
    exactly those ``document_list`` queries (a test compares them)."""
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS documents_list_order ON documents(created_at);
        CREATE INDEX IF NOT EXISTS documents_list_filter ON documents(created_at, status, flag,
            updated_by, ifnull(json_extract(metadata, '$.headline_category'), ''),
            ifnull(json_extract(metadata, '$.stock_code'), ''), ifnull(json_extract(metadata,
            '$.publication_date'), ''), title, lower(title || char(10)
            || ifnull(json_extract(metadata, '$.stock_code'), '') || char(10)
            || ifnull(json_extract(metadata, '$.publication_date'), '') || char(10)
            || replace(ifnull(json_extract(metadata, '$.headline_category'), ''), '_', ' ')
            || char(10) || replace(status, '_', ' ') || CASE WHEN flag != '' THEN ' ⚑ '
            || flag ELSE '' END || char(10) || updated_by));
        CREATE INDEX IF NOT EXISTS documents_list_category
            ON documents(ifnull(json_extract(metadata, '$.headline_category'), ''));
        CREATE INDEX IF NOT EXISTS documents_list_reviewer ON documents(updated_by);
        """
    )


def _version_7(db: sqlite_utils.Database) -> None:
    """Suggestions, kept apart from annotations: what the suggestion engine last proposed per
    document (never exported), the reviewer's accept / reject decisions (a rejected suggestion
    is not offered again), and on mentions and events the rule of the suggestion they were
    accepted from, so the audit entry that records them names it."""
    db.executescript(
        """
        ALTER TABLE mentions ADD COLUMN suggested_by TEXT;
        ALTER TABLE events ADD COLUMN suggested_by TEXT;
        CREATE TABLE suggestions (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            type TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            rule TEXT NOT NULL,
            entity TEXT NOT NULL DEFAULT '',
            attributes TEXT NOT NULL DEFAULT '{}',
            confidence REAL NOT NULL DEFAULT 0.5
        );
        CREATE INDEX suggestions_document ON suggestions(document_id, start);
        CREATE TABLE suggestion_decisions (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            rule TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            PRIMARY KEY (document_id, type, start, "end")
        );
        """
    )
    install_audit_triggers(db)  # mentions and events have a new column


def _version_8(db: sqlite_utils.Database) -> None:
    """An index of each document's non-ASCII characters and character pairs, kept by triggers,
    so one- and two-character Chinese searches look up instead of reading every text."""
    install_search_index(db)
    # Made again after the index's triggers so they run first: another program's write is
    # refused for want of the audit functions, and says so.
    install_audit_triggers(db)


def _version_8_1(db: sqlite_utils.Database) -> None:
    """Two indexes; a version reading 8.0 reads the file as well.

    Each document's mentions by their text: tagging a word asks whether an entity of that
    type already has a mention reading the same, a lookup instead of reading every mention of
    the document (44 ms at 100,000). The trail by row: a document's latest return reason is
    among its own row's entries, not among every entry about the document (88 ms at 135,000),
    as the team database has it (``audit_row``)."""
    db.execute("CREATE INDEX IF NOT EXISTS mentions_text ON mentions(document_id, text, entity_id)")
    db.execute("CREATE INDEX IF NOT EXISTS audit_row ON audit(row_id, seq)")


STEPS: list[tuple[int, Callable[[sqlite_utils.Database], None]]] = [
    (1, _version_1),
    (2, _version_2),
    (3, _version_3),
    (4, _version_4),
    (5, _version_5),
    (6, _version_6),
    (7, _version_7),
    (8, _version_8),
]

# Steps that leave the format readable by the versions before them (indexes): each by its
# (major, minor) version, applied after the major steps up to its major.
MINOR_STEPS: list[tuple[tuple[int, int], Callable[[sqlite_utils.Database], None]]] = [
    ((8, 1), _version_8_1),
]

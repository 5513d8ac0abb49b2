"""The ``Store``: documents and their annotations in one SQLite file.

Each public edit method is one transaction, committed (and, with ``synchronous=FULL``,
on disk) before it returns; it returns what changed, or what was removed so that undo can
put it back exactly.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from desktop_app.core.errors import EditRefused, StaleEdit
from desktop_app.core.models import (
    Attributes,
    AttributeValue,
    Changes,
    Document,
    DocumentInfo,
    DocumentStatus,
    PageSpan,
    Stamp,
)
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import database
from desktop_app.core.store.audit_triggers import register_audit_functions
from desktop_app.core.store.originals import keep_original, report_json
from desktop_app.core.store.rows import Row, document_columns, document_info_of, document_of
from desktop_app.core.text import content_hash


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    return uuid.uuid4().hex


class _Unset:
    """Marks an argument left out (None is a value: an empty field)."""


UNSET = _Unset()


def _blank(value: AttributeValue) -> bool:
    return value is None or value == ""


def _local_time(stamp: str) -> str:
    """``14:02`` (today) or ``2026-11-30 14:02`` in the reader's time zone, from a stored UTC
    stamp; the stamp itself when it is not one."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp or "an unknown time"
    today = datetime.now().astimezone().date()
    return moment.strftime("%H:%M" if moment.date() == today else "%Y-%m-%d %H:%M")


class StoreBase:
    """Connection, identity of the person editing, transactions and document text cache."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path,
        schema: AnnotationSchema,
        actor: str,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.db = db
        self.path = path
        self.schema = schema
        self.actor = actor
        self.clock = clock
        self.importing = False  # set during a bundle import: its inserts are audited as such
        self._texts: dict[str, str] = {}
        self._closed = False
        register_audit_functions(db.conn, self)  # audit entries name this store's actor

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Fold the write-ahead log into the file and close it, so the one ``.db`` file holds
        everything (a copy of it alone is the whole corpus). Closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self.db.conn.in_transaction:
                # TRUNCATE leaves an empty -wal behind; SQLite removes it on the last close.
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # another connection is reading: SQLite checkpoints when the last one closes
        finally:
            self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One atomic unit of work; storage failures become a ``StoreError`` naming the file."""
        conn = self.db.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():  # nested: a savepoint inside the caller's transaction
                    yield self.db
                return
            # IMMEDIATE takes the write lock first, so another program's lock is waited for
            # (busy timeout); a deferred transaction that has read cannot wait and fails at once.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise database._describe(error, self.path) from None

    # --- row versions -----------------------------------------------------------------------

    def version_of(self, table: str, row_id: str) -> int | None:
        """The row's current version, or None when there is no such row."""
        row = self._one(f"SELECT version FROM {table} WHERE id = ?", [row_id])
        return None if row is None else int(row["version"])

    def document_versions(self, document_id: str) -> dict[str, int]:
        """The versions of a document's row, entities and events, by id (one small query)."""
        sql = (
            "SELECT id, version FROM documents WHERE id = ? "
            "UNION ALL SELECT id, version FROM entities WHERE document_id = ? "
            "UNION ALL SELECT id, version FROM events WHERE document_id = ?"
        )
        return {row[0]: int(row[1]) for row in self.db.execute(sql, [document_id] * 3)}

    def check_version(self, table: str, row_id: str, expected: int | None, what: str) -> None:
        """Refuse (``StaleEdit``) when the row is gone or no longer at ``expected``, naming who
        changed it and when. ``expected=None`` checks nothing. Call inside the transaction that
        writes, so nobody can slip in between the check and the write."""
        if expected is None:
            return
        row = self._one(
            f"SELECT version, updated_by, updated_at FROM {table} WHERE id = ?", [row_id]
        )
        if row is None:
            raise StaleEdit(f"{what} no longer exists: someone removed it; nothing was changed")
        if int(row["version"]) != expected:
            raise StaleEdit(
                f"{what} was changed by {row['updated_by'] or 'someone'} at "
                f"{_local_time(row['updated_at'])} since you saw it — reloaded; "
                "nothing was overwritten"
            )

    def _write(
        self,
        table: str,
        row_id: str,
        values: Row | None = None,
        *,
        expected: int | None = None,
        what: str = "",
        expressions: dict[str, tuple[str, list[Any]]] | None = None,
        restamp: bool = True,
    ) -> int:
        """Update one row inside the caller's transaction: ``values`` as given, ``expressions``
        as SQL (for changing one key of a JSON column in place), the stamp, and the version
        raised by one (without ``restamp``, only the version: a row changed as a side effect of
        another, put back exactly on undo). Returns the new version."""
        assert self.db.conn.in_transaction, "writes happen inside a transaction"
        self.check_version(table, row_id, expected, what or f"this {table[:-1]}")
        assignments: list[str] = []
        params: list[Any] = []
        for name, value in (values or {}).items():
            assignments.append(f'"{name}" = ?')
            params.append(value)
        for name, (sql, sql_params) in (expressions or {}).items():
            # ``|| ''`` drops the JSON subtype json_set() gives its result: without it the audit
            # trigger's json_object() would record the column as an object, not as stored text.
            assignments.append(f"\"{name}\" = ({sql}) || ''")
            params += sql_params
        if restamp:
            touch = self._touch()
            assignments += ['"updated_by" = ?', '"updated_at" = ?']
            params += [touch["updated_by"], touch["updated_at"]]
        assignments.append('"version" = "version" + 1')
        params.append(row_id)
        self.db.execute(f"UPDATE {table} SET {', '.join(assignments)} WHERE id = ?", params)
        version = self.version_of(table, row_id)
        if version is None:
            raise EditRefused(f"{what or 'that ' + table[:-1]} no longer exists")
        return version

    def _new_stamp(self) -> Stamp:
        now = self.clock()
        return Stamp(created_by=self.actor, created_at=now, updated_by=self.actor, updated_at=now)

    def _touch(self) -> Row:
        return {"updated_by": self.actor, "updated_at": self.clock()}

    def _one(self, sql: str, params: list[Any]) -> Row | None:
        return next(iter(self.db.query(sql, params)), None)

    def text_of(self, document_id: str) -> str:
        """The stored text of a document (cached: it never changes)."""
        text = self._texts.get(document_id)
        if text is None:
            row = self._one("SELECT text FROM documents WHERE id = ?", [document_id])
            if row is None:
                raise EditRefused(f"document {document_id} does not exist")
            text = self._texts[document_id] = str(row["text"])
        return text

    def _require_editable(self, document_id: str) -> None:
        row = self._one("SELECT status FROM documents WHERE id = ?", [document_id])
        if row is None:
            raise EditRefused(f"document {document_id} does not exist")
        if row["status"] == DocumentStatus.APPROVED.value:
            raise EditRefused("this document is approved and locked; reopen it to edit")


class NewDocument(Protocol):
    """What ``add_documents`` needs of each text (an importer's ``ImportedDocument`` fits)."""

    @property
    def text(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source_name(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def metadata(self) -> Mapping[str, AttributeValue]: ...
    @property
    def pages(self) -> Sequence[PageSpan]: ...


class DocumentStore(StoreBase):
    """Adding, listing, searching and describing documents."""

    def add_document(
        self,
        *,
        text: str,
        title: str,
        source_name: str = "",
        language: str = "",
        metadata: Attributes | None = None,
        pages: list[Any] | None = None,
        import_report: Sequence[Mapping[str, Any]] = (),
        original: bytes | None = None,
    ) -> tuple[str, bool]:
        """Store a document; returns ``(id, created)``. A text already stored is not added
        again. ``original`` is the file's exact bytes (kept once per content), and
        ``import_report`` what the importer left out or flagged."""
        digest = content_hash(text)
        document = Document(
            id=new_id(),
            title=title or source_name or "Untitled",
            source_name=source_name,
            content_hash=digest,
            language=language,
            metadata=dict(metadata or {}),
            text=text,
            pages=pages or [],
            stamp=self._new_stamp(),
        )
        with self.transaction() as db:
            # Looked up inside the write transaction: another process adding the same text
            # at the same moment finds it here rather than failing on the unique index.
            existing = self._one("SELECT id FROM documents WHERE content_hash = ?", [digest])
            if existing is not None:
                return str(existing["id"]), False
            columns = document_columns(document)
            columns["import_report"] = report_json(import_report)
            if original is not None:
                columns["original_hash"] = keep_original(db, original)
            db.table("documents").insert(columns)
        return document.id, True

    def add_documents(self, documents: Iterable[NewDocument]) -> list[tuple[str, bool]]:
        """``add_document`` for many texts in one transaction (all or none), in order.

        Several times faster than one call per file for a folder: every commit also flushes
        and merges the full-text index, which grows dearer as the corpus grows.
        """
        with self.transaction():
            return [
                self.add_document(
                    text=item.text,
                    title=item.title,
                    source_name=item.source_name,
                    language=item.language,
                    metadata=dict(item.metadata),
                    pages=list(item.pages),
                    import_report=[asdict(note) for note in getattr(item, "report", ())],
                    original=getattr(item, "original", None),
                )
                for item in documents
            ]

    def insert_documents(self, documents: list[Document]) -> None:
        """Insert complete documents in one transaction (bundle import, bulk loads)."""
        with self.transaction() as db:
            db.table("documents").insert_all(document_columns(doc) for doc in documents)

    _INFO_COLUMNS = (
        "SELECT id, title, source_name, content_hash, language, metadata, status, flag, "
        "status_note, created_by, created_at, updated_by, updated_at FROM documents"
    )

    def document_info(self, document_id: str) -> DocumentInfo:
        row = self._one(self._INFO_COLUMNS + " WHERE id = ?", [document_id])
        if row is None:
            raise EditRefused(f"document {document_id} does not exist")
        return document_info_of(row)

    def annotation_count(self, document_id: str) -> int:
        row = self._one(
            "SELECT (SELECT COUNT(*) FROM mentions WHERE document_id = ?) + "
            "(SELECT COUNT(*) FROM events WHERE document_id = ?) AS n",
            [document_id, document_id],
        )
        return int(row["n"]) if row else 0

    def document_infos(self, status: str | None = None) -> list[DocumentInfo]:
        sql = self._INFO_COLUMNS
        params: list[Any] = []
        if status:
            sql += " WHERE status = ?"
            params.append(status)
        sql += " ORDER BY created_at, rowid"
        return [document_info_of(row) for row in self.db.query(sql, params)]

    def document_ids(self, status: str | None = None) -> list[str]:
        """Ids in ``document_infos`` order, without building a model per document (a whole
        corpus's infos cost ~3 KB each, which made export memory grow with the corpus)."""
        sql = "SELECT id FROM documents"
        params: list[Any] = []
        if status:
            sql += " WHERE status = ?"
            params.append(status)
        sql += " ORDER BY created_at, rowid"
        return [row[0] for row in self.db.execute(sql, params)]

    def annotation_counts(self) -> dict[str, int]:
        """Mentions plus events per document, for the documents list."""
        counts: dict[str, int] = {}
        sql = (
            "SELECT document_id, COUNT(*) AS n FROM mentions GROUP BY document_id "
            "UNION ALL SELECT document_id, COUNT(*) FROM events GROUP BY document_id"
        )
        for row in self.db.query(sql):
            counts[row["document_id"]] = counts.get(row["document_id"], 0) + int(row["n"])
        return counts

    def document(self, document_id: str) -> Document:
        row = self._one("SELECT * FROM documents WHERE id = ?", [document_id])
        if row is None:
            raise EditRefused(f"document {document_id} does not exist")
        return document_of(row)

    def search(self, query: str, limit: int = 200) -> list[str]:
        """Ids of documents whose title or text contains ``query`` (any script)."""
        query = query.strip()
        if not query:
            return []
        if len(query) >= 3:
            phrase = '"' + query.replace('"', '""') + '"'
            sql = (
                "SELECT documents.id FROM documents_fts JOIN documents "
                "ON documents.rowid = documents_fts.rowid WHERE documents_fts MATCH ? "
                "ORDER BY rank LIMIT ?"
            )
            return [row["id"] for row in self.db.query(sql, [phrase, limit])]
        # Trigrams need three characters; shorter (often Chinese) queries scan instead.
        sql = "SELECT id FROM documents WHERE instr(title, ?) OR instr(text, ?) LIMIT ?"
        return [row["id"] for row in self.db.query(sql, [query, query, limit])]

    def document_field(self, document_id: str, name: str) -> AttributeValue:
        """One document-level field as stored (None when unset)."""
        row = self._one("SELECT metadata FROM documents WHERE id = ?", [document_id])
        if row is None:
            raise EditRefused(f"document {document_id} does not exist")
        value: AttributeValue = json.loads(row["metadata"]).get(name)
        return value

    def set_document_field(
        self,
        document_id: str,
        name: str,
        value: AttributeValue,
        *,
        expected: int | None = None,
        was: AttributeValue | _Unset = UNSET,
    ) -> Changes:
        """Set (or with None/"" clear) one document-level field, in place: the other fields are
        not read and written back, so two writers setting different fields both keep theirs.

        ``was`` is the field's value the edit was based on: refused (``StaleEdit``) when the
        field now holds something else — someone changed that very field since. ``expected``
        (the whole document's version) is stricter; edits of one field state ``was``."""
        path = ["$." + json.dumps(name, ensure_ascii=False)]
        if value is None or value == "":
            expression = ("json_remove(metadata, ?)", path)
        else:
            expression = ("json_set(metadata, ?, json(?))", [*path, json.dumps(value)])
        with self.transaction():
            self._require_editable(document_id)
            if not isinstance(was, _Unset):
                self._check_field(document_id, name, was)
            version = self._write(
                "documents",
                document_id,
                expected=expected,
                what="the document",
                expressions={"metadata": expression},
            )
        return Changes(documents={document_id}, versions={document_id: version})

    def _check_field(self, document_id: str, name: str, was: AttributeValue) -> None:
        current = self.document_field(document_id, name)
        if (_blank(current) and _blank(was)) or current == was:
            return
        row = self._one("SELECT updated_by, updated_at FROM documents WHERE id = ?", [document_id])
        who = row["updated_by"] if row else ""
        when = _local_time(row["updated_at"]) if row else "an unknown time"
        raise StaleEdit(
            f"{name} was changed to {current!r} by {who or 'someone'} at {when} since you saw "
            f"it — reloaded; nothing was overwritten"
        )

    def delete_document(self, document_id: str) -> Changes:
        with self.transaction() as db:
            db.table("documents").delete(document_id)
        self._texts.pop(document_id, None)
        return Changes(documents={document_id})

    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", [key])
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.table("meta").insert({"key": key, "value": value}, pk="key", replace=True)

    def stats(self) -> dict[str, Any]:
        def count(table: str) -> int:
            row = self._one(f"SELECT COUNT(*) AS n FROM {table}", [])
            return int(row["n"]) if row else 0

        by_status = {
            row["status"]: row["n"]
            for row in self.db.query("SELECT status, COUNT(*) AS n FROM documents GROUP BY status")
        }
        return {
            "documents": count("documents"),
            "entities": count("entities"),
            "mentions": count("mentions"),
            "events": count("events"),
            "arguments": count("arguments"),
            "by_status": by_status,
        }

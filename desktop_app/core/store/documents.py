"""Documents: adding (with their source), listing, searching, describing, and their fields.

Each public edit method is one transaction, committed (and, with ``synchronous=FULL``,
on disk) before it returns; it returns what changed, or what was removed so that undo can
put it back exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any, Protocol

from desktop_app.core.errors import EditRefused, StaleEdit
from desktop_app.core.models import (
    Attributes,
    AttributeValue,
    Changes,
    Document,
    DocumentInfo,
    PageSpan,
)
from desktop_app.core.store import search_index
from desktop_app.core.store.base import (
    UNSET,
    StoreBase,
    Unset,
    is_blank,
    local_time,
)
from desktop_app.core.store.base import new_id as new_id  # scripts import it from here
from desktop_app.core.store.originals import keep_original, report_json
from desktop_app.core.store.rows import document_columns, document_info_of, document_of
from desktop_app.core.text import content_hash

# Every column ``document_info_of`` and the page map need, without the text (which, stored
# before them, is skipped over rather than read and decoded).
_ALL_BUT_TEXT = (
    "id, title, source_name, content_hash, language, metadata, pages, status, flag, "
    "status_note, created_by, created_at, updated_by, updated_at"
)


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

    def document_again(self, known: Document) -> Document:
        """The document as stored now, keeping ``known``'s text when its content is unchanged:
        an edit touches the row's status and stamps, never its text, and a 10 MB text read and
        checked again on every edit took 32 ms."""
        row = self._one(f"SELECT {_ALL_BUT_TEXT} FROM documents WHERE id = ?", [known.id])
        if row is None:
            raise EditRefused(f"document {known.id} does not exist")
        if row["content_hash"] != known.content_hash:
            return self.document(known.id)
        info = document_info_of(row)
        pages = [PageSpan.model_validate(page) for page in json.loads(row["pages"])]
        return Document.model_construct(**dict(info), text=known.text, pages=pages)

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
        # Trigrams need three characters: a shorter Chinese query has its own index, and a
        # short ASCII one (in nearly every document) scans, stopping at the first page of hits.
        if search_index.indexed_query(query):
            return [row["id"] for row in self.db.query(search_index.SEARCH, [query, limit])]
        sql = "SELECT id FROM documents WHERE instr(title, ?) > 0 OR instr(text, ?) > 0 LIMIT ?"
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
        was: AttributeValue | Unset = UNSET,
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
            if not isinstance(was, Unset):
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
        if (is_blank(current) and is_blank(was)) or current == was:
            return
        row = self._one("SELECT updated_by, updated_at FROM documents WHERE id = ?", [document_id])
        who = row["updated_by"] if row else ""
        when = local_time(row["updated_at"]) if row else "an unknown time"
        raise StaleEdit(
            f"{self.schema.attribute_label('document', name)} was changed to {current!r} by "
            f"{who or 'someone'} at {when} since you saw "
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

    def status_counts(self) -> dict[str, int]:
        """Documents per status, from the status index alone (no table counted)."""
        sql = "SELECT status, COUNT(*) FROM documents GROUP BY status"
        return {str(status): int(count) for status, count in self.db.execute(sql)}

    def has_documents(self) -> bool:
        """Whether any document is stored: one indexed row, not a count of every row."""
        return self._one("SELECT 1 AS n FROM documents LIMIT 1", []) is not None

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

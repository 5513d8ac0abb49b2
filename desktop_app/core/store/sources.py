"""What a document was imported from: the source file's exact bytes and the import report.

Originals are content-addressed (SHA-256 of the bytes) and stored once however many documents
come from the same file, so *Save original as…* gives back the file byte for byte. The import
report lists what the importer left out, replaced or flagged (see ``ImportNote``); both are
written once, when the document is added, and never change.
"""

from __future__ import annotations

import json
from typing import Any

from desktop_app.core.errors import EditRefused
from desktop_app.core.store.documents import DocumentStore
from desktop_app.core.store.originals import original_hash

ImportReport = list[dict[str, Any]]


class SourceStore(DocumentStore):
    """Reading back a document's original file and import report."""

    def original(self, document_id: str) -> bytes | None:
        """The exact bytes the document was imported from, or None (typed in, or imported
        before originals were kept)."""
        row = self._one(
            "SELECT d.original_hash AS hash, o.data AS data FROM documents d "
            "LEFT JOIN originals o ON o.hash = d.original_hash WHERE d.id = ?",
            [document_id],
        )
        if row is None:
            raise EditRefused(f"document {document_id} does not exist")
        if row["hash"] is None:
            return None
        data = row["data"]
        if data is None or original_hash(bytes(data)) != row["hash"]:
            raise EditRefused(
                f"the original file of document {document_id} is missing or damaged in the database"
            )
        return bytes(data)

    def import_report(self, document_id: str) -> ImportReport:
        """What the importer left out, replaced or flagged, in the order it noted them."""
        row = self._one("SELECT import_report FROM documents WHERE id = ?", [document_id])
        if row is None:
            raise EditRefused(f"document {document_id} does not exist")
        notes: ImportReport = json.loads(row["import_report"] or "[]")
        return notes

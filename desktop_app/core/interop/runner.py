"""Exporting the database's documents in an interchange format."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from desktop_app.core.interop.base import ExportReport
from desktop_app.core.interop.guard import refuse_database_path
from desktop_app.core.interop.registry import exporter_named
from desktop_app.core.models import AnnotatedDocument
from desktop_app.core.store import Store


def export_annotations(
    store: Store,
    out: Path,
    format_name: str,
    document_ids: list[str] | None = None,
    status: str | None = None,
) -> ExportReport:
    """Write the selected documents (default: all, or those with ``status``) to ``out``;
    ``KnownError`` when it cannot be written (then nothing at ``out`` has changed)."""
    exporter = exporter_named(format_name)
    refuse_database_path(store.path, out, "file or folder to export to")
    ids = document_ids if document_ids is not None else store.document_ids(status)

    def documents() -> Iterator[AnnotatedDocument]:
        for document_id in ids:  # one at a time: a corpus need not fit in memory twice
            yield store.annotated(document_id)

    return exporter.export(documents(), store.schema, out)

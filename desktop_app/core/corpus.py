"""Adding imported announcements to the store: the one path the CLI and the window share.

Importer findings become document fields of the schema (normalised: stock codes to at least
four digits); fields the schema does not define are left out rather than stored as problems.
The import report and the file's original bytes go with every document, one at a time or
in a batch alike.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from desktop_app.core.importers import ImportedDocument, ImportNote
from desktop_app.core.importers.metadata_sources import metadata_sources
from desktop_app.core.models import Attributes
from desktop_app.core.store import Store
from desktop_app.core.store.annotations import page_at


def document_fields_from_import(imported: ImportedDocument, store: Store) -> Attributes:
    known = {field.name for field in store.schema.document_fields}
    fields: Attributes = {}
    for name, value in imported.metadata.items():
        if name == "stock_code" and value.isdigit():
            value = str(int(value)).zfill(4)  # "328", "0328", "00328" are one code
        fields[name] = value
    if imported.language:
        fields["language"] = imported.language
    return {name: value for name, value in fields.items() if name in known and value}


def add_imported_many(store: Store, batch: list[ImportedDocument]) -> list[tuple[str, bool]]:
    """Store several imported documents in one transaction (all or none), in order.

    A folder import commits per batch rather than per file: each commit also merges the
    full-text index, which is most of the cost of adding a text.
    """
    mapped = [
        replace(
            item,
            metadata={k: str(v) for k, v in document_fields_from_import(item, store).items()},
            report=_with_sources(item, store),
        )
        for item in batch
    ]
    return store.add_documents(mapped)


def _with_sources(imported: ImportedDocument, store: Store) -> tuple[ImportNote, ...]:
    """The import report plus, for every field kept, the line it was read from."""
    kept = document_fields_from_import(imported, store)
    read = {name: value for name, value in imported.metadata.items() if name in kept}
    sources = [
        replace(note, page=page_at(list(imported.pages), note.offset))
        if note.offset is not None
        else note
        for note in metadata_sources(imported.text, read, imported.title)
    ]
    return (*imported.report, *sources)


def add_imported(store: Store, imported: ImportedDocument) -> tuple[str, bool]:
    """Store one imported document; returns ``(id, created)`` (False: the text was there)."""
    return store.add_document(
        text=imported.text,
        title=imported.title,
        source_name=imported.source_name,
        language=imported.language,
        metadata=document_fields_from_import(imported, store),
        pages=list(imported.pages),
        import_report=[asdict(note) for note in _with_sources(imported, store)],
        original=imported.original,
    )

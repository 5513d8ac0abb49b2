"""Importing annotations from another tool: read, map to the schema, check, then add through
the bundle import's rules (``bundle_import.import_documents``): every document or none.

A foreign document whose text is already in the database takes that document's id, title,
metadata and pages, so that ``replace`` puts the foreign annotations on the local document
rather than on a stranger with the same text; ``fail`` and ``skip`` treat it as the bundle
import does.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app import __version__
from desktop_app.core.bundle_format import (
    BUNDLE_FORMAT_VERSION,
    Bundle,
    BundleDocument,
    SchemaInfo,
    ToolInfo,
)
from desktop_app.core.bundle_import import ExistingPolicy, ImportReport, import_documents
from desktop_app.core.bundle_read import check_bundle
from desktop_app.core.errors import BundleInvalid
from desktop_app.core.interop.guard import refuse_database_path
from desktop_app.core.interop.mapping import TypeMapping, load_mapping, map_documents
from desktop_app.core.interop.registry import importer_named
from desktop_app.core.models import AnnotatedDocument, Document, Stamp
from desktop_app.core.store import Store
from desktop_app.core.text import content_hash


def _stamped(annotated: AnnotatedDocument, stamp: Stamp) -> AnnotatedDocument:
    return annotated.model_copy(
        update={
            "document": annotated.document.model_copy(update={"stamp": stamp}),
            "entities": [e.model_copy(update={"stamp": stamp}) for e in annotated.entities],
            "events": [e.model_copy(update={"stamp": stamp}) for e in annotated.events],
        }
    )


def _onto_local(
    store: Store, local_ids: dict[str, str], annotated: AnnotatedDocument
) -> AnnotatedDocument:
    """Give a document whose text the database holds (``local_ids``: content hash -> id)
    that document's identity."""
    document = annotated.document
    digest = content_hash(document.text)
    local_id = local_ids.get(digest)
    if local_id is None:
        return annotated.model_copy(
            update={"document": document.model_copy(update={"content_hash": digest})}
        )
    kept = store.document(local_id)
    fields = kept.model_dump(exclude={"stamp", "text"})
    return annotated.model_copy(
        update={"document": Document(**fields, text=document.text, stamp=document.stamp)}
    )


def _bundle_of(store: Store, documents: list[BundleDocument]) -> Bundle:
    """The documents as a bundle under the store's schema, for the bundle's checks."""
    schema = store.schema
    return Bundle.model_construct(
        format="announcement-annotations",
        format_version=BUNDLE_FORMAT_VERSION,
        tool=ToolInfo(name="announcement-annotator", version=__version__),
        exported_at=store.clock(),
        offset_unit="codepoint",
        annotation_schema=SchemaInfo(
            name=schema.name,
            version=schema.version,
            content_hash=schema.content_hash,
            definition=schema.model_dump(mode="json", by_alias=True),
        ),
        documents=documents,
    )


def import_annotations(
    store: Store,
    path: Path,
    format_name: str,
    mapping_path: Path | None = None,
    on_existing: ExistingPolicy = ExistingPolicy.FAIL,
    *,
    force: bool = False,
    strict: bool = False,
) -> ImportReport:
    """Import ``path`` in ``format_name``: all documents, or (on any problem) none."""
    importer = importer_named(format_name)
    refuse_database_path(store.path, path, "file to import")
    if mapping_path is not None:
        refuse_database_path(store.path, mapping_path, "mapping file")
    mapping = load_mapping(mapping_path) if mapping_path is not None else TypeMapping()
    corpus = importer.read(path)
    where = str(path)
    stamp = Stamp(
        created_by=store.actor,
        created_at=store.clock(),
        updated_by=store.actor,
        updated_at=store.clock(),
    )
    mapped = map_documents(corpus.documents, mapping, store.schema, where)
    local_ids = {info.content_hash: info.id for info in store.document_infos()}
    documents = [
        BundleDocument(**_onto_local(store, local_ids, _stamped(annotated, stamp)).model_dump())
        for annotated in mapped
    ]
    check = check_bundle(_bundle_of(store, documents), store.schema, strict)
    if check.problems:
        raise BundleInvalid(
            f"{where}: nothing imported, {len(check.problems)} problem(s) under the schema "
            f"{store.schema.name}",
            check.problems,
        )
    return import_documents(
        store,
        documents,
        where,
        on_existing,
        force=force,
        warnings=[*corpus.notes, *check.warnings],
    )

"""Importing a bundle: every document, or (on any problem or refusal) none.

A bundled document *clashes* with a local one that has its id or its text. ``fail`` refuses
any clash, ``skip`` keeps the local document, ``replace`` puts the bundled one in its place —
but only when it is clear which local document that is and that nothing would be lost:

* its id and its text must not point at two different local documents, and its id must not
  be a local document with other text (so, as ids and texts are unique within a bundle, no two
  bundled documents replace the same local one);
* without ``force``, the local document must not be approved, nor carry work made here that
  the bundle's copy does not contain: audit entries of this file since the document was created
  or last imported that are not in the bundle's history (or, for a bundle without history, are
  later than its latest stamp), or rows stamped later than anything in the bundle's copy.

Refusals list each document and why; nothing is written then.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, Field

from desktop_app.core.bundle_format import BundleDocument
from desktop_app.core.bundle_read import check_bundle, load_bundle
from desktop_app.core.errors import BundleInvalid, StoreError
from desktop_app.core.models import DocumentInfo, DocumentStatus, Stamp
from desktop_app.core.review_models import AuditEntry
from desktop_app.core.store import Store


class ExistingPolicy(StrEnum):
    FAIL = "fail"
    SKIP = "skip"
    REPLACE = "replace"


class Replacement(BaseModel):
    """A bundled document and the local document it took the place of."""

    id: str
    title: str
    local_id: str
    local_title: str

    def describe(self) -> str:
        local = f"'{self.local_title}'" + (
            "" if self.local_id == self.id else f" ({self.local_id})"
        )
        return f"'{self.title}' ({self.id}) in place of local {local}"


class ImportReport(BaseModel):
    added: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    replaced: list[str] = Field(default_factory=list)
    replacements: list[Replacement] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class _Step(NamedTuple):
    annotated: BundleDocument
    local: DocumentInfo | None  # the document it replaces


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None  # unreadable stamps say nothing about what is newer
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stamps(annotated: BundleDocument) -> list[Stamp]:
    return [
        annotated.document.stamp,
        *(entity.stamp for entity in annotated.entities),
        *(event.stamp for event in annotated.events),
        *(comment.stamp for comment in annotated.comments),
    ]


def _latest(annotated: BundleDocument) -> datetime | None:
    """The latest moment the bundle's copy of a document knows of."""
    texts = [text for s in _stamps(annotated) for text in (s.created_at, s.updated_at)]
    texts += [entry.at for entry in annotated.audit]
    moments = [m for m in map(_moment, texts) if m is not None]
    return max(moments) if moments else None


def _later(text: str, than: datetime | None) -> bool:
    moment = _moment(text)
    return moment is not None and (than is None or moment > than)


def _local_work(store: Store, local: DocumentInfo) -> list[AuditEntry]:
    """This file's entries for the document since it was created or last imported here."""
    entries = store.audit_entries(local.id, newest_first=False)
    arrived = max((e.seq for e in entries if e.action == "import"), default=0)
    return [
        entry
        for entry in entries
        if entry.seq > arrived
        and entry.action != "import"
        and not (entry.table_name == "documents" and entry.action == "insert")
    ]


def _newer_stamps(store: Store, local: DocumentInfo, latest: datetime | None) -> list[str]:
    local_copy = store.annotated(local.id)
    rows = [("the document", local_copy.document.stamp)]
    rows += [(f"entity '{e.name}'", e.stamp) for e in local_copy.entities]
    rows += [(f"event {e.type}", e.stamp) for e in local_copy.events]
    rows += [("a comment", c.stamp) for c in store.comments(local.id)]
    newer = []
    for what, stamp in rows:
        if what == "the document" and stamp.updated_at == stamp.created_at:
            continue  # a document only imported here was not worked on
        if _later(stamp.updated_at, latest):
            newer.append(f"{what} changed {stamp.updated_at} by {stamp.updated_by}")
    return newer


def _replace_refusals(store: Store, local: DocumentInfo, annotated: BundleDocument) -> list[str]:
    """Why replacing ``local`` by ``annotated`` would lose something, if it would."""
    name = f"local '{local.title}' ({local.id})"
    if local.status is DocumentStatus.APPROVED:
        approved = f"{local.stamp.updated_at} by {local.stamp.updated_by}"
        return [f"{name} is approved ({approved}); replacing it needs --force-replace"]
    latest = _latest(annotated)
    known = {entry.hash for entry in annotated.audit}
    work = _local_work(store, local)
    unknown = (
        [e for e in work if e.hash not in known]
        if annotated.audit
        else [e for e in work if _later(e.at, latest)]
    )
    if unknown:
        last = unknown[-1]
        return [
            f"{name} has {len(unknown)} change(s) made here that the bundle's copy does not "
            f"contain (latest {last.at} by {last.actor}: {last.action} of {last.table_name} "
            f"{last.row_id}); replacing it needs --force-replace"
        ]
    newer = _newer_stamps(store, local, latest)
    if newer:
        return [
            f"{name} was changed here after anything in the bundle's copy ({'; '.join(newer)}); "
            "replacing it needs --force-replace"
        ]
    return []


def _plan(
    store: Store, documents: list[BundleDocument], on_existing: ExistingPolicy, force: bool
) -> tuple[list[_Step], list[str], list[str]]:
    """``(steps, skipped ids, refusals)``: what to insert and in place of what."""
    infos = store.document_infos()
    by_id = {info.id: info for info in infos}
    by_text = {info.content_hash: info for info in infos}
    steps: list[_Step] = []
    skipped: list[str] = []
    refusals: list[str] = []
    for annotated in documents:
        document = annotated.document
        title = f"'{document.title}' ({document.id})"
        same_id, same_text = by_id.get(document.id), by_text.get(document.content_hash)
        if same_id is None and same_text is None:
            steps.append(_Step(annotated, None))
            continue
        if on_existing is ExistingPolicy.FAIL:
            refusals.append(f"{document.title}: already in the database")
            continue
        if on_existing is ExistingPolicy.SKIP:
            skipped.append(document.id)
            continue
        if same_id is not None and same_text is not None and same_id.id != same_text.id:
            refusals.append(
                f"{title}: its id is that of local '{same_id.title}' but its text is that of "
                f"local '{same_text.title}' ({same_text.id}); which to replace is unclear"
            )
            continue
        if same_id is not None and same_text is None:
            refusals.append(
                f"{title}: its id is that of local '{same_id.title}', whose text is "
                "different; it is not the same document"
            )
            continue
        local = same_text  # by now the text decides: an id alone never does
        assert local is not None
        if not force:
            refusals += [f"{title}: {line}" for line in _replace_refusals(store, local, annotated)]
        steps.append(_Step(annotated, local))
    return steps, skipped, refusals


def import_bundle(
    store: Store,
    path: Path,
    on_existing: ExistingPolicy = ExistingPolicy.FAIL,
    *,
    force: bool = False,
    strict: bool = False,
) -> ImportReport:
    """Add a bundle's documents to ``store``: all of them, or (on any problem) none.

    ``force`` lets ``replace`` take the place of approved documents and of local work the
    bundle does not contain; ``strict`` refuses incomplete data in unfinished documents too.
    """
    bundle, schema, warnings = load_bundle(path, strict)
    if schema.content_hash != store.schema.content_hash:
        problems, warnings = check_bundle(bundle, store.schema, strict)
        if problems:
            raise BundleInvalid(
                f"{path}: does not fit this database's schema ({store.schema.name})", problems
            )
    return import_documents(
        store, bundle.documents, str(path), on_existing, force=force, warnings=warnings
    )


def import_documents(
    store: Store,
    documents: list[BundleDocument],
    where: str,
    on_existing: ExistingPolicy = ExistingPolicy.FAIL,
    *,
    force: bool = False,
    warnings: list[str] | None = None,
) -> ImportReport:
    """Add documents already checked against ``store``'s schema, under the same rules as a
    bundle file: all of them, or (on any refusal) none. ``where`` names their source in
    messages; other formats (``core.interop``) import through here."""
    steps, skipped, refusals = _plan(store, documents, on_existing, force)
    if refusals:
        if on_existing is ExistingPolicy.FAIL:
            message = f"{len(refusals)} document(s) already exist; choose skip or replace"
        else:
            message = (
                f"nothing imported, {len(refusals)} document(s) cannot replace their local copy"
            )
        raise BundleInvalid(f"{where}: {message}", refusals)
    report = ImportReport(skipped=skipped, warnings=list(warnings or []))
    with store.transaction():
        for annotated, local in steps:
            document = annotated.document
            if local is not None:
                store.delete_document(local.id)
                report.replaced.append(document.id)
                report.replacements.append(
                    Replacement(
                        id=document.id,
                        title=document.title,
                        local_id=local.id,
                        local_title=local.title,
                    )
                )
            else:
                report.added.append(document.id)
            try:
                with store.transaction():
                    store.importing = True  # its inserts are audited as 'import'
                    store.insert_documents([document])
                    store.insert_annotations(document.id, annotated.entities, annotated.events)
                    store.insert_comments(annotated.comments)
                    store.keep_imported_audit(annotated.audit)
            except StoreError as error:
                if "constraint" not in str(error):
                    raise
                # An id the database already uses for another document's annotation.
                line = f"{document.title}: cannot be added ({error})"
                raise BundleInvalid(f"{where}: nothing imported; {line}", [line]) from None
            finally:
                store.importing = False
    return report

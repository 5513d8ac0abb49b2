"""Writing the bundle: validated, streamed into a temporary file, then put in place at once.

What an export refuses: any structural problem; incomplete data in documents that claim to be
finished (``annotated``, ``approved``); with ``strict``, any problem. Incomplete data in
documents still being worked on is written and reported as warnings (the document's status
travels with it, so a consumer sees it is unfinished).

The file is written as ``.<name>.<random>.tmp`` beside the target and renamed over it only when
complete, flushed to disk and free of refusals, so the target is always either the previous
bundle, untouched, or the whole new one. A failure (disk full, folder gone, permission denied)
removes the temporary file and raises a ``KnownError`` naming the file and the problem. A run
killed outright cannot clean up after itself; the next export to the same target removes such
leftovers.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from desktop_app import __version__
from desktop_app.core.bundle_format import BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BundleDocument
from desktop_app.core.errors import BundleInvalid
from desktop_app.core.models import AnnotatedDocument
from desktop_app.core.safe_write import (
    TEMPORARY_SUFFIX,
    give_usual_mode,
    remove_leftovers,
    sync_folder,
    write_failure,
)
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import Store
from desktop_app.core.store.document_list import FLAGGED, DocumentList, ListQuery
from desktop_app.core.text import OFFSET_UNIT
from desktop_app.core.validation import Problem, split_problems, validate_document
from desktop_app.core.wording import count_of

SAMPLED = 20
"""Warnings, and problems of documents left out, that a report keeps word for word; the rest
are only counted, so a report's size does not grow with the number of documents."""
LISTED_REFUSALS = 200
"""Problems that refuse an export kept word for word (the rest are counted)."""


def with_more(lines: list[str], total: int) -> list[str]:
    """``lines`` followed by "… and N more" when they are a sample of ``total``."""
    more = total - len(lines)
    return [*lines, f"… and {more} more"] if more > 0 else lines


class ExportRefused(BundleInvalid):
    """An export refused: ``count`` problems, of which ``listed`` are given word for word;
    ``problems`` is ``listed`` followed by "… and N more" when they are not all."""

    def __init__(self, message: str, listed: list[str], count: int) -> None:
        super().__init__(message, with_more(listed, count))
        self.listed = listed
        self.count = count


class ExportReport(BaseModel):
    """What an export wrote, refused and warned about: counts of everything, and the first
    problems and warnings word for word (``SAMPLED``, ``LISTED_REFUSALS``)."""

    path: Path
    documents: int = 0
    mentions: int = 0
    events: int = 0
    problems: list[Problem] = Field(default_factory=list)
    """What refused the export (nothing was written when there are any): the first ones."""
    problem_count: int = 0
    warnings: list[Problem] = Field(default_factory=list)
    """Incomplete data in unfinished documents that were written anyway: the first ones."""
    warning_count: int = 0
    warned_documents: int = 0
    skipped: list[str] = Field(default_factory=list)
    """The first problems of documents left out (``skip_invalid``), described."""
    skipped_count: int = 0
    skipped_documents: int = 0
    titles: dict[str, str] = Field(default_factory=dict)
    """Titles of the documents that ``problems`` and ``warnings`` name."""

    def problem_lines(self) -> list[str]:
        return [p.describe(self.titles.get(p.document_id, "")) for p in self.problems]

    def warning_lines(self) -> list[str]:
        return [p.describe(self.titles.get(p.document_id, "")) for p in self.warnings]


def _header(schema: AnnotationSchema, exported_at: str) -> dict[str, Any]:
    return {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "tool": {"name": "announcement-annotator", "version": __version__},
        "exported_at": exported_at,
        "offset_unit": OFFSET_UNIT,
        "annotation_schema": {
            "name": schema.name,
            "version": schema.version,
            "content_hash": schema.content_hash,
            "definition": schema.model_dump(mode="json", by_alias=True),
        },
    }


def _admit(
    report: ExportReport,
    annotated: AnnotatedDocument,
    schema: AnnotationSchema,
    strict: bool,
    skip_invalid: bool,
) -> bool:
    """Check one document into ``report``: False when it is left out (``skip_invalid``, its
    problems counted in ``report.skipped_count``); otherwise its refusals are counted in
    ``report.problem_count`` and its warnings in ``report.warning_count`` — never warnings of
    a document left out. Only the first of each are kept word for word."""
    title = annotated.document.title
    refusals, warnings = split_problems(
        validate_document(annotated, schema), annotated.document.status, strict
    )
    if refusals and skip_invalid:
        report.skipped_documents += 1
        report.skipped_count += len(refusals)
        room = SAMPLED - len(report.skipped)
        report.skipped += [problem.describe(title) for problem in refusals[: max(room, 0)]]
        return False
    named = _keep(report.problems, refusals, LISTED_REFUSALS)
    named |= _keep(report.warnings, warnings, SAMPLED)
    if named:  # only these are named in the report's lines
        report.titles[annotated.document.id] = title
    report.problem_count += len(refusals)
    report.warning_count += len(warnings)
    report.warned_documents += bool(warnings)
    return True


def _keep(kept: list[Problem], found: list[Problem], limit: int) -> bool:
    """Add to ``kept`` as many of ``found`` as ``limit`` leaves room for; whether any."""
    room = max(limit - len(kept), 0)
    kept += found[:room]
    return bool(found[:room])


def validate_store_documents(
    store: Store, document_ids: Iterable[str], strict: bool = False, skip_invalid: bool = False
) -> ExportReport:
    """What an export of these documents would refuse and warn about, writing nothing."""
    report = ExportReport(path=Path())
    for document_id in document_ids:
        if _admit(report, store.annotated(document_id), store.schema, strict, skip_invalid):
            report.documents += 1
    return report


def _refuse_if_invalid(checked: ExportReport, path: Path) -> None:
    if checked.problem_count:
        count = checked.problem_count
        message = f"{path}: not written, {count_of(count, 'problem')} found"
        raise ExportRefused(message, checked.problem_lines(), count)


def _selected_ids(store: Store, status: str | None) -> Iterable[str]:
    """The documents an export without explicit ids writes: every one, or those with this
    status, in import order; read a page at a time, never all ids at once."""
    if status == FLAGGED:  # not a status: the list's flag filter must not stand in for it
        return store.document_ids(status)
    return DocumentList(store).ids_in_pages(ListQuery(status=status or ""))


def export_bundle(
    store: Store,
    path: Path,
    document_ids: list[str] | None = None,
    status: str | None = None,
    skip_invalid: bool = False,
    include_audit: bool = True,
    strict: bool = False,
) -> ExportReport:
    """Write the selected documents to ``path``; raises ``ExportRefused`` (a ``BundleInvalid``)
    counting every problem that refuses it and listing the first ``LISTED_REFUSALS``, or
    ``KnownError`` when the file cannot be written.

    With ``skip_invalid`` a refused document is left out (counted in
    ``report.skipped_documents``, its first problems in ``report.skipped``) and the rest is
    written. Without ``include_audit`` documents carry no audit history (much smaller files for
    heavily edited documents). ``report.warning_count`` counts the incomplete data of unfinished
    documents that was written, ``report.warnings`` holds the first of it.

    Memory does not grow with the number of documents: ids are read a page at a time, each
    document is dropped once written, and the report keeps counts and a capped sample.

    Each document is read once: checked, then written to the temporary file while nothing has
    been refused (after a refusal, the rest are only checked, so that every problem is listed).
    """
    ids = document_ids if document_ids is not None else _selected_ids(store, status)
    header = json.dumps(_header(store.schema, store.clock()), ensure_ascii=False, indent=1)
    directory = path.resolve().parent
    try:
        remove_leftovers(path.resolve())
        # Not a context manager here: the file must outlive the block to be renamed.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w",
            encoding="utf-8",
            dir=directory,
            prefix=f".{path.name}.",
            suffix=TEMPORARY_SUFFIX,
            delete=False,
        )
        give_usual_mode(handle.name)
    except OSError as error:
        if document_ids is None:  # a fresh walk: the first may have begun
            ids = _selected_ids(store, status)
        checked = validate_store_documents(store, ids, strict, skip_invalid)
        _refuse_if_invalid(checked, path)  # problems with the data come first
        raise write_failure(path, error) from None
    report = ExportReport(path=path)
    try:
        with handle:
            handle.write(header[:-2] + ',\n "documents": [')
            for document_id in ids:
                annotated = store.annotated(document_id)
                if not _admit(report, annotated, store.schema, strict, skip_invalid):
                    continue
                if report.problem_count:
                    continue
                handle.write(("," if report.documents else "") + "\n  ")
                handle.write(_document_json(store, annotated, include_audit))
                report.documents += 1
                report.mentions += sum(len(e.mentions) for e in annotated.entities)
                report.events += len(annotated.events)
            if not report.problem_count:
                handle.write("\n ]\n}\n")
                handle.flush()
                os.fsync(handle.fileno())
        _refuse_if_invalid(report, path)
        os.replace(handle.name, path)
    except BaseException as error:
        with contextlib.suppress(OSError):  # the folder may be gone; the message says so
            Path(handle.name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise write_failure(path, error) from None
        raise
    sync_folder(directory)
    return report


def _document_json(store: Store, annotated: AnnotatedDocument, include_audit: bool) -> str:
    """One ``BundleDocument`` as JSON. The audit history, often the bulk of it, is spliced in
    as SQLite wrote it (``audit_json``) rather than built through models."""
    document_id = annotated.document.id
    text = BundleDocument.model_construct(
        document=annotated.document,
        entities=annotated.entities,
        events=annotated.events,
        comments=store.comments(document_id),
        audit=[],
    ).model_dump_json()
    if not include_audit:
        return text
    assert text.endswith('"audit":[]}')
    return text[: -len("[]}")] + "[" + ",".join(store.audit_json(document_id)) + "]}"

"""The validated JSON bundle: what downstream systems consume.

Export validates every document and writes nothing when any problem is found; it reads each
document once, checking it and streaming it into a temporary file that replaces the target only
when complete and free of problems.
Import parses, checks the format, the models and every document against the schema, and then
writes everything in one transaction, or nothing.

Each document carries its comments and its audit history: the entries of the exporting file's
trail that concern it, after any history it was itself imported with. An import keeps that
history verbatim (``imported_audit``) and records its own inserts in the new file's trail as
``import`` entries; so a re-export lists the original entries followed by the import's.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from desktop_app import __version__
from desktop_app.core.errors import BundleInvalid, KnownError, SchemaError, StoreError
from desktop_app.core.models import AnnotatedDocument, Plain
from desktop_app.core.review_models import AuditEntry, Comment
from desktop_app.core.schema import AnnotationSchema, schema_from_data
from desktop_app.core.store import Store
from desktop_app.core.store.audit import entry_problems
from desktop_app.core.text import OFFSET_UNIT, content_hash
from desktop_app.core.validation import Problem, validate_document

BUNDLE_FORMAT = "announcement-annotations"
BUNDLE_FORMAT_VERSION = "1.1"


class ToolInfo(Plain):
    name: str
    version: str


class SchemaInfo(Plain):
    name: str
    version: str
    content_hash: str
    definition: dict[str, Any] = Field(description="The full annotation schema (TOML as JSON).")


class BundleDocument(AnnotatedDocument):
    """A document as exported: its annotations plus its review record."""

    comments: list[Comment] = Field(default_factory=list)
    audit: list[AuditEntry] = Field(
        default_factory=list,
        description="Its audit history, oldest first; each entry's hash can be checked.",
    )


class Bundle(Plain):
    """One export: the schema it was made under and every document with its annotations."""

    format: Literal["announcement-annotations"]
    format_version: str = Field(pattern=r"^1\.\d+$")
    tool: ToolInfo
    exported_at: str
    offset_unit: Literal["codepoint"] = Field(
        description="Offsets count Unicode code points of the document text; end is exclusive."
    )
    annotation_schema: SchemaInfo
    documents: list[BundleDocument]


def bundle_json_schema() -> dict[str, Any]:
    """The JSON Schema published as ``resources/bundle.schema.json``."""
    schema = Bundle.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:announcement-annotator:bundle:1"
    return schema


class ExistingPolicy(StrEnum):
    FAIL = "fail"
    SKIP = "skip"
    REPLACE = "replace"


class ExportReport(BaseModel):
    path: Path
    documents: int = 0
    mentions: int = 0
    events: int = 0
    problems: list[Problem] = Field(default_factory=list)
    titles: dict[str, str] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)

    def problem_lines(self) -> list[str]:
        return [p.describe(self.titles.get(p.document_id, "")) for p in self.problems]


def _schema_info(schema: AnnotationSchema) -> SchemaInfo:
    return SchemaInfo(
        name=schema.name,
        version=schema.version,
        content_hash=schema.content_hash,
        definition=schema.model_dump(mode="json", by_alias=True),
    )


def _header(schema: AnnotationSchema, exported_at: str) -> dict[str, Any]:
    return {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "tool": {"name": "announcement-annotator", "version": __version__},
        "exported_at": exported_at,
        "offset_unit": OFFSET_UNIT,
        "annotation_schema": _schema_info(schema).model_dump(mode="json"),
    }


def validate_store_documents(store: Store, document_ids: Iterable[str]) -> ExportReport:
    """Validate what an export would contain, without writing anything."""
    report = ExportReport(path=Path())
    for document_id in document_ids:
        annotated = store.annotated(document_id)
        report.titles[document_id] = annotated.document.title
        report.problems += validate_document(annotated, store.schema)
        report.documents += 1
    return report


def _refuse_if_invalid(checked: ExportReport, path: Path) -> None:
    if checked.problems:
        lines = checked.problem_lines()
        raise BundleInvalid(f"{path}: not written, {len(lines)} problem(s) found", lines)


def export_bundle(
    store: Store,
    path: Path,
    document_ids: list[str] | None = None,
    status: str | None = None,
    skip_invalid: bool = False,
    include_audit: bool = True,
) -> ExportReport:
    """Write the selected documents to ``path``; raises ``BundleInvalid`` listing every problem.

    With ``skip_invalid`` a document with problems is left out (its problems are listed in
    ``report.skipped``) and the valid rest is written. Without ``include_audit`` documents
    carry no audit history (much smaller files for heavily edited documents).

    Each document is read once: checked, then written to the temporary file while no problem
    has been found (after one, the rest are only checked, so that every problem is listed).
    """
    ids = document_ids if document_ids is not None else store.document_ids(status)
    header = json.dumps(_header(store.schema, store.clock()), ensure_ascii=False, indent=1)
    directory = path.resolve().parent
    try:
        # Not a context manager here: the file must outlive the block to be renamed.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", encoding="utf-8", dir=directory, prefix=f".{path.name}.", delete=False
        )
    except OSError as error:
        _refuse_if_invalid(validate_store_documents(store, ids), path)  # problems come first
        raise KnownError(f"{path}: cannot write here ({error.strerror})") from None
    report = ExportReport(path=path)
    try:
        with handle:
            handle.write(header[:-2] + ',\n "documents": [')
            for document_id in ids:
                annotated = store.annotated(document_id)
                report.titles[document_id] = annotated.document.title
                problems = validate_document(annotated, store.schema)
                if problems and skip_invalid:
                    title = annotated.document.title
                    report.skipped += [problem.describe(title) for problem in problems]
                    continue
                report.problems += problems
                if report.problems:
                    continue
                handle.write(("," if report.documents else "") + "\n  ")
                handle.write(_document_json(store, annotated, include_audit))
                report.documents += 1
                report.mentions += sum(len(e.mentions) for e in annotated.entities)
                report.events += len(annotated.events)
            if not report.problems:
                handle.write("\n ]\n}\n")
                handle.flush()
                os.fsync(handle.fileno())
        _refuse_if_invalid(report, path)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
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


def _pydantic_lines(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors()[:200]:
        location = ".".join(str(part) for part in item["loc"])
        lines.append(f"{location}: {item['msg']}")
    return lines


def read_bundle(path: Path) -> tuple[Bundle, AnnotationSchema]:
    """Parse and fully validate a bundle file; raises ``BundleInvalid`` with every problem."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BundleInvalid(f"{path}: cannot read ({error.strerror})", []) from None
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text)
        if "\\u" in text:  # only \u escapes can smuggle in lone surrogates, which no file holds
            json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeDecodeError:
        raise BundleInvalid(f"{path}: not a bundle (not UTF-8 text)", []) from None
    except UnicodeEncodeError:
        message = "a \\u escape encodes half a character (a lone surrogate)"
        raise BundleInvalid(f"{path}: {message}", [message]) from None
    except json.JSONDecodeError as error:
        message = f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise BundleInvalid(f"{path}: {message}", [message]) from None
    except RecursionError:
        message = "not a bundle (nested too deeply)"
        raise BundleInvalid(f"{path}: {message}", [message]) from None
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        message = f"not an {BUNDLE_FORMAT} bundle (missing or wrong 'format')"
        raise BundleInvalid(f"{path}: {message}", [message])
    try:
        bundle = Bundle.model_validate(data)
    except ValidationError as error:
        lines = _pydantic_lines(error)
        raise BundleInvalid(f"{path}: {len(lines)} problem(s) in the bundle", lines) from None
    except (ValueError, TypeError, RecursionError) as error:
        raise BundleInvalid(f"{path}: unreadable bundle ({error})", [str(error)]) from None
    try:
        schema = schema_from_data(bundle.annotation_schema.definition, f"{path} (schema)")
    except SchemaError as error:
        raise BundleInvalid(str(error), [str(error)]) from None
    problems = bundle_problems(bundle, schema)
    if problems:
        raise BundleInvalid(f"{path}: {len(problems)} problem(s) in the bundle", problems)
    return bundle, schema


def bundle_problems(bundle: Bundle, schema: AnnotationSchema) -> list[str]:
    problems: list[str] = []
    seen: dict[str, str] = {}
    texts: dict[str, str] = {}
    owners: dict[str, str] = {}  # annotation id -> document id, to catch ids shared across them
    comment_owners: dict[str, str] = {}
    for annotated in bundle.documents:
        document = annotated.document
        title = document.title or document.id
        if document.id in seen:
            problems.append(f"{title}: document id {document.id} appears twice")
        seen[document.id] = title
        if content_hash(document.text) != document.content_hash:
            problems.append(f"{title}: content_hash does not match the text")
        elif document.content_hash in texts:
            problems.append(f"{title}: same text as {texts[document.content_hash]}")
        texts.setdefault(document.content_hash, title)
        ids = [e.id for e in annotated.entities] + [v.id for v in annotated.events]
        ids += [m.id for e in annotated.entities for m in e.mentions]
        ids += [a.id for v in annotated.events for a in v.arguments]
        for shared in sorted({i for i in ids if owners.setdefault(i, document.id) != document.id}):
            problems.append(f"{title}: id {shared} is also used in {seen[owners[shared]]}")
        problems += [p.describe(title) for p in validate_document(annotated, schema)]
        problems += [f"{title}: {line}" for line in _review_problems(annotated, comment_owners)]
    return problems


def _review_problems(annotated: BundleDocument, owners: dict[str, str]) -> list[str]:
    """Comments that belong elsewhere or answer a missing comment; audit entries that do not
    match their hashes or concern another document."""
    document_id = annotated.document.id
    problems = []
    ids = {comment.id for comment in annotated.comments}
    seen: set[str] = set()
    for comment in annotated.comments:
        if comment.document_id != document_id:
            problems.append(f"comment {comment.id} belongs to document {comment.document_id}")
        if comment.id in seen or owners.setdefault(comment.id, document_id) != document_id:
            problems.append(f"comment id {comment.id} is used twice")
        seen.add(comment.id)
        if comment.parent_id is not None and comment.parent_id not in ids:
            problems.append(f"comment {comment.id} answers a comment that is not in the bundle")
    for entry in annotated.audit:
        if entry.document_id != document_id:
            problems.append(f"audit entry {entry.seq} concerns document {entry.document_id}")
    problems += entry_problems(annotated.audit)
    return problems


class ImportReport(BaseModel):
    added: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    replaced: list[str] = Field(default_factory=list)


def import_bundle(
    store: Store, path: Path, on_existing: ExistingPolicy = ExistingPolicy.FAIL
) -> ImportReport:
    """Add a bundle's documents to ``store``: all of them, or (on any problem) none."""
    bundle, schema = read_bundle(path)
    if schema.content_hash != store.schema.content_hash:
        problems = bundle_problems(bundle, store.schema)
        if problems:
            raise BundleInvalid(
                f"{path}: does not fit this database's schema ({store.schema.name})", problems
            )
    report = ImportReport()
    existing = {info.content_hash: info.id for info in store.document_infos()}
    existing_ids = set(existing.values())
    clashes = [
        a.document
        for a in bundle.documents
        if a.document.content_hash in existing or a.document.id in existing_ids
    ]
    if clashes and on_existing is ExistingPolicy.FAIL:
        lines = [f"{doc.title}: already in the database" for doc in clashes]
        raise BundleInvalid(
            f"{path}: {len(clashes)} document(s) already exist; choose skip or replace", lines
        )
    clash_ids = {doc.id for doc in clashes}
    with store.transaction():
        for annotated in bundle.documents:
            document = annotated.document
            if document.id in clash_ids:
                if on_existing is ExistingPolicy.SKIP:
                    report.skipped.append(document.id)
                    continue
                old_ids = {existing.get(document.content_hash, ""), document.id} & existing_ids
                for old_id in old_ids:
                    store.delete_document(old_id)
                report.replaced.append(document.id)
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
                raise BundleInvalid(f"{path}: nothing imported; {line}", [line]) from None
            finally:
                store.importing = False
    return report

"""The validated JSON bundle: what downstream systems consume.

Export validates every document first and writes nothing when any problem is found; it streams
one document at a time into a temporary file that replaces the target only when complete.
Import parses, checks the format, the models and every document against the schema, and then
writes everything in one transaction, or nothing.
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
from desktop_app.core.errors import BundleInvalid, KnownError, SchemaError
from desktop_app.core.models import AnnotatedDocument, Plain
from desktop_app.core.schema import AnnotationSchema, schema_from_data
from desktop_app.core.store import Store
from desktop_app.core.text import OFFSET_UNIT, content_hash
from desktop_app.core.validation import Problem, validate_document

BUNDLE_FORMAT = "announcement-annotations"
BUNDLE_FORMAT_VERSION = "1.0"


class ToolInfo(Plain):
    name: str
    version: str


class SchemaInfo(Plain):
    name: str
    version: str
    content_hash: str
    definition: dict[str, Any] = Field(description="The full annotation schema (TOML as JSON).")


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
    documents: list[AnnotatedDocument]


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


def export_bundle(
    store: Store,
    path: Path,
    document_ids: list[str] | None = None,
    status: str | None = None,
) -> ExportReport:
    """Write the selected documents to ``path``; raises ``BundleInvalid`` listing every problem."""
    ids = document_ids if document_ids is not None else store.document_ids(status)
    checked = validate_store_documents(store, ids)
    if checked.problems:
        lines = checked.problem_lines()
        raise BundleInvalid(f"{path}: not written, {len(lines)} problem(s) found", lines)
    report = ExportReport(path=path, titles=checked.titles)
    header = json.dumps(_header(store.schema, store.clock()), ensure_ascii=False, indent=1)
    directory = path.resolve().parent
    try:
        # Not a context manager here: the file must outlive the block to be renamed.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", encoding="utf-8", dir=directory, prefix=f".{path.name}.", delete=False
        )
    except OSError as error:
        raise KnownError(f"{path}: cannot write here ({error.strerror})") from None
    try:
        with handle:
            handle.write(header[:-2] + ',\n "documents": [')
            for index, document_id in enumerate(ids):
                annotated = store.annotated(document_id)
                handle.write(("," if index else "") + "\n  " + annotated.model_dump_json())
                report.documents += 1
                report.mentions += sum(len(e.mentions) for e in annotated.entities)
                report.events += len(annotated.events)
            handle.write("\n ]\n}\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return report


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
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BundleInvalid(f"{path}: not a bundle (not UTF-8 text)", []) from None
    except json.JSONDecodeError as error:
        message = f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
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
    for annotated in bundle.documents:
        document = annotated.document
        title = document.title or document.id
        if document.id in seen:
            problems.append(f"{title}: document id {document.id} appears twice")
        seen[document.id] = title
        if content_hash(document.text) != document.content_hash:
            problems.append(f"{title}: content_hash does not match the text")
        problems += [p.describe(title) for p in validate_document(annotated, schema)]
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
            store.insert_documents([document])
            store.insert_annotations(document.id, annotated.entities, annotated.events)
    return report

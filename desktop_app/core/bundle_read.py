"""Reading a bundle file and checking everything in it before anything is imported.

A bundle is refused for any structural problem, for incomplete data in a document that claims
to be finished (``annotated`` or ``approved``), and, with ``strict``, for any problem at all.
Incomplete data in documents still being worked on (new, in progress, returned; their status
travels in the bundle) is reported as warnings: passing unfinished work on is allowed.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from desktop_app.core.bundle_format import Bundle, parse_bundle
from desktop_app.core.bundle_history import review_problems
from desktop_app.core.errors import BundleInvalid, SchemaError
from desktop_app.core.schema import AnnotationSchema, schema_from_data
from desktop_app.core.text import content_hash
from desktop_app.core.validation import split_problems, validate_document


class BundleCheck(NamedTuple):
    problems: list[str]
    """What refuses the bundle."""
    warnings: list[str]
    """Incomplete data in documents not yet finished: reported, not refused."""


class LoadedBundle(NamedTuple):
    bundle: Bundle
    schema: AnnotationSchema
    warnings: list[str]


def check_bundle(bundle: Bundle, schema: AnnotationSchema, strict: bool = False) -> BundleCheck:
    """Everything wrong with a parsed bundle under ``schema``, each line naming its document."""
    problems: list[str] = []
    warnings: list[str] = []
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
        refusals, incomplete = split_problems(
            validate_document(annotated, schema), document.status, strict
        )
        problems += [p.describe(title) for p in refusals]
        warnings += [p.describe(title) for p in incomplete]
        problems += [f"{title}: {line}" for line in review_problems(annotated, comment_owners)]
    return BundleCheck(problems, warnings)


def bundle_problems(bundle: Bundle, schema: AnnotationSchema, strict: bool = False) -> list[str]:
    """What refuses ``bundle`` under ``schema`` (see ``check_bundle``)."""
    return check_bundle(bundle, schema, strict).problems


def load_bundle(path: Path, strict: bool = False) -> LoadedBundle:
    """Parse and fully check a bundle file; raises ``BundleInvalid`` listing every problem."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BundleInvalid(f"{path}: cannot read ({error.strerror})", []) from None
    bundle = parse_bundle(raw, str(path))
    try:
        schema = schema_from_data(bundle.annotation_schema.definition, f"{path} (schema)")
    except SchemaError as error:
        raise BundleInvalid(str(error), [str(error)]) from None
    check = check_bundle(bundle, schema, strict)
    if check.problems:
        count = len(check.problems)
        raise BundleInvalid(f"{path}: {count} problem(s) in the bundle", check.problems)
    return LoadedBundle(bundle, schema, check.warnings)


def read_bundle(path: Path, strict: bool = False) -> tuple[Bundle, AnnotationSchema]:
    """Parse and fully check a bundle file: the bundle and the schema it carries."""
    loaded = load_bundle(path, strict)
    return loaded.bundle, loaded.schema

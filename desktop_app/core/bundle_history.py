"""Checks of a bundled document's review record: its comments and its audit history.

What the history check establishes, and what it cannot: every entry matches its own hash and,
where its predecessor in the same chain is present, links to it; entries come chain by chain,
in increasing ``seq`` within each; each entry is a well-formed change (an insert has no
``before``, a delete no ``after``) of a row of *this* document; and the latest entry for every
row the document still has shows that row as it is exported (ids, owner, text and offsets,
types, who and when). So the history cannot be swapped for another document's, nor disagree
with the annotations it travels with.

It does not show that the history is authentic or complete: the hash formula is published
(``audit_chain``), so anyone can fabricate a history that passes every check here, and
entries can be left out. Only comparing with the exporting database (``annotator audit verify``
there, or a head hash noted elsewhere) anchors a history to its origin.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop_app.core.bundle_format import BundleDocument
from desktop_app.core.models import Stamp
from desktop_app.core.review_models import AuditEntry
from desktop_app.core.store.audit import entry_problems

RowValue = str | int | None

# Which of its parts an action's entry must carry: (``before``, ``after``).
_SHAPES = {
    "insert": (True, False),
    "import": (True, False),
    "update": (False, False),
    "delete": (False, True),
}
_SHAPE_WORDS = {
    "insert": "an insert has no 'before' and has an 'after'",
    "import": "an import has no 'before' and has an 'after'",
    "update": "an update has both 'before' and 'after'",
    "delete": "a delete has a 'before' and no 'after'",
}
_TABLE_WORDS = {
    "documents": "the document",
    "entities": "entity",
    "mentions": "mention",
    "events": "event",
    "arguments": "argument",
    "comments": "comment",
}


def review_problems(annotated: BundleDocument, owners: dict[str, str]) -> list[str]:
    """Comments that belong elsewhere or answer a missing comment, and everything wrong with
    the audit history. ``owners`` maps comment ids to documents across the bundle."""
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
    problems += history_problems(annotated)
    return problems


def _stamp_columns(stamp: Stamp) -> dict[str, RowValue]:
    return {
        "created_by": stamp.created_by,
        "created_at": stamp.created_at,
        "updated_by": stamp.updated_by,
        "updated_at": stamp.updated_at,
    }


def exported_rows(annotated: BundleDocument) -> dict[tuple[str, str], dict[str, RowValue]]:
    """Every row the document is made of, keyed ``(table, id)``, with the columns its latest
    audit entry must agree with. Only columns the trail has recorded since it began."""
    document = annotated.document
    rows: dict[tuple[str, str], dict[str, RowValue]] = {
        ("documents", document.id): {
            "id": document.id,
            "title": document.title,
            "content_hash": document.content_hash,
            "status": document.status.value,
            **_stamp_columns(document.stamp),
        }
    }
    for entity in annotated.entities:
        rows[("entities", entity.id)] = {
            "id": entity.id,
            "document_id": document.id,
            "type": entity.type,
            "name": entity.name,
            **_stamp_columns(entity.stamp),
        }
        for mention in entity.mentions:
            rows[("mentions", mention.id)] = {
                "id": mention.id,
                "entity_id": entity.id,
                "document_id": document.id,
                "start": mention.start,
                "end": mention.end,
                "text": mention.text,
            }
    for event in annotated.events:
        rows[("events", event.id)] = {
            "id": event.id,
            "document_id": document.id,
            "type": event.type,
            **_stamp_columns(event.stamp),
        }
        for argument in event.arguments:
            rows[("arguments", argument.id)] = {
                "id": argument.id,
                "event_id": event.id,
                "role": argument.role,
                "entity_id": argument.entity_id,
                "mention_id": argument.mention_id,
            }
    for comment in annotated.comments:
        rows[("comments", comment.id)] = {
            "id": comment.id,
            "document_id": comment.document_id,
            "body": comment.body,
            **_stamp_columns(comment.stamp),
        }
    return rows


def _order_problems(entries: Iterable[AuditEntry]) -> list[str]:
    """Each chain's entries together, in increasing ``seq``: a document's history is the
    exporting file's entries after those of the files it was imported from."""
    problems = []
    finished: set[str] = set()
    chain: str | None = None
    previous = 0
    for entry in entries:
        if entry.chain != chain:
            if chain is not None:
                finished.add(chain)
            if entry.chain in finished:
                problems.append(
                    f"audit entry {entry.seq}: its chain {entry.chain or '(unnamed)'} appeared "
                    "earlier, before another's; each file's entries must come together"
                )
            chain, previous = entry.chain, 0
        elif entry.seq <= previous:
            problems.append(
                f"audit entry {entry.seq}: comes after entry {previous} of the same chain; "
                "seq must increase"
            )
        previous = max(previous, entry.seq)
    return problems


def _belongs(entry: AuditEntry, document_id: str, event_ids: set[str]) -> bool:
    """Whether the row the entry records belongs to the document (by the row's own values,
    which the entry's hash covers, not only by its ``document_id`` label)."""
    values = entry.after if entry.after is not None else entry.before or {}
    if values.get("id", entry.row_id) != entry.row_id:
        return False
    if entry.table_name == "documents":
        return entry.row_id == document_id
    if entry.table_name == "arguments":
        return values.get("event_id") in event_ids
    return values.get("document_id") == document_id


def history_problems(annotated: BundleDocument) -> list[str]:
    """Where the audit history disagrees with itself or with the document it travels with
    (see the module docstring for what this does and does not establish)."""
    if not annotated.audit:
        return []
    document_id = annotated.document.id
    problems = _order_problems(annotated.audit)
    rows = exported_rows(annotated)
    event_ids = {row_id for table, row_id in rows if table == "events"}
    event_ids |= {e.row_id for e in annotated.audit if e.table_name == "events"}
    latest: dict[tuple[str, str], AuditEntry] = {}
    for entry in annotated.audit:
        where = f"audit entry {entry.seq}"
        if entry.table_name not in _TABLE_WORDS:
            problems.append(f"{where}: records table {entry.table_name!r}, not part of a document")
            continue
        shape = _SHAPES.get(entry.action)
        if shape is None:
            problems.append(f"{where}: unknown action {entry.action!r}")
            continue
        if (entry.before is None, entry.after is None) != shape:
            problems.append(f"{where}: malformed ({_SHAPE_WORDS[entry.action]})")
            continue
        if not _belongs(entry, document_id, event_ids):
            what = _TABLE_WORDS[entry.table_name]
            problems.append(f"{where}: records {what} {entry.row_id} of another document")
            continue
        latest[(entry.table_name, entry.row_id)] = entry
    for key, expected in rows.items():
        last = latest.get(key)
        if last is None:
            continue  # made before the trail began (older files), or its entry was left out
        what = _TABLE_WORDS[key[0]] + ("" if key[0] == "documents" else f" {key[1]}")
        if last.after is None:
            problems.append(f"audit entry {last.seq}: says {what} was deleted, but it is here")
            continue
        differing = sorted(
            name for name, value in expected.items() if last.after.get(name, ...) != value
        )
        if differing:
            problems.append(
                f"audit entry {last.seq}, the latest change of {what}, disagrees with it on "
                + ", ".join(differing)
            )
    return problems

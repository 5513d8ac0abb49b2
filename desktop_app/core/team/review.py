"""Review steps on a team database: mark annotated, approve, return, reopen.

The same steps and the same sentences as the file's ``ReviewStore`` (``core.store.review``):
the workflow's transitions are checked here first, as there; four-eyes, the lock on approved
documents, the reason for returning and who may change a status are the server's
(``rules_sql``), and its refusal reaches the user in its own words (``writes``), which are the
file's. The actor is the login; nothing the client says changes that. Each step is one
transaction that reads the document's row locked, so two reviewers acting at once are served
one after the other, the second seeing what the first did.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import DocumentInfo, DocumentStatus
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store.review import TRANSITIONS
from desktop_app.core.team.reads import team_annotated, team_document_info
from desktop_app.core.team.writes import edit_transaction, update_row
from desktop_app.core.validation import validate_document
from desktop_app.core.wording import count_of


@dataclass(frozen=True)
class StepResult:
    """The document after a step, and whether the step changed it (the same status again
    changes nothing)."""

    document: DocumentInfo
    changed: bool


def _label(status: DocumentStatus) -> str:
    return status.value.replace("_", " ")


def _a(status: DocumentStatus) -> str:
    return ("an " if status.value[0] in "aeiou" else "a ") + _label(status)


def check_transition(current: DocumentStatus, status: DocumentStatus, note: str) -> None:
    """Refuse a step the workflow does not allow, in ``ReviewStore``'s words."""
    if current is DocumentStatus.APPROVED:
        raise EditRefused("this document is approved and locked; reopen it to change it")
    if status not in TRANSITIONS[current]:
        allowed = " or ".join(_label(s) for s in sorted(TRANSITIONS[current]))
        raise EditRefused(
            f"{_a(current)} document cannot be marked {_label(status)}"
            + (f" (only {allowed})" if allowed else "")
        )
    if status is DocumentStatus.RETURNED and not note.strip():
        raise EditRefused("say why the document is returned")


def set_team_status(
    conn: psycopg.Connection,
    document_id: str,
    status: DocumentStatus,
    schema: AnnotationSchema,
    note: str = "",
) -> StepResult:
    """Move the document to ``status`` with ``note`` (the reason, required for returned), as
    the login of ``conn``. Approving also needs a document without validation problems, as on
    the file; the server checks four-eyes before that, so the refusals come in the same order."""
    with edit_transaction(conn):
        info, version = team_document_info(conn, document_id, for_update=True)
        if info.status is status:
            return StepResult(info, changed=False)
        check_transition(info.status, status, note)
        update_row(
            conn,
            "documents",
            document_id,
            {"status": status.value, "status_note": note},
            expected=version,
            what="the document",
        )
        if status is DocumentStatus.APPROVED:
            problems = validate_document(team_annotated(conn, document_id), schema)
            if problems:
                # Raised inside the transaction: the approval is rolled back with it.
                raise EditRefused(
                    f"cannot approve: the document has {count_of(len(problems), 'problem')}; "
                    "fix them first"
                )
        after, _ = team_document_info(conn, document_id)
    return StepResult(after, changed=True)


def reopen_team_document(conn: psycopg.Connection, document_id: str, note: str) -> StepResult:
    """Unlock an approved document for editing (back to in progress), recording why; the
    server lets only a reviewer do it."""
    with edit_transaction(conn):
        info, version = team_document_info(conn, document_id, for_update=True)
        if info.status is not DocumentStatus.APPROVED:
            raise EditRefused(
                f"only an approved document is reopened; this one is {_label(info.status)}"
            )
        update_row(
            conn,
            "documents",
            document_id,
            {"status": DocumentStatus.IN_PROGRESS.value, "status_note": note},
            expected=version,
            what="the document",
        )
        after, _ = team_document_info(conn, document_id)
    return StepResult(after, changed=True)

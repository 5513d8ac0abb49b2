"""``annotator review mark-annotated|approve|return|reopen DOCUMENT_ID [--reason TEXT]``.

The window's review steps from the command line, with its rules and its messages: returning
and reopening need a reason (it is recorded with the change); nobody approves a document they
annotated (four-eyes); an approved document is locked until it is reopened.

On a database file the steps are the window's own edits (``core.edits``) on the store, as
the window's reviewer (the name it saved, else the OS login; ``--as`` names someone else for
this run). On a team database (``--db postgresql://…``) they go through ``core.team.review``:
the server enforces the rules, a refusal is printed in its words, and who you are is your
login — ``--as`` is refused there.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import KnownError
from desktop_app.core.models import DocumentInfo, DocumentStatus

if TYPE_CHECKING:
    from desktop_app.core.schema import AnnotationSchema

EXIT_OK = 0
_STEPS = {
    "mark-annotated": (DocumentStatus.ANNOTATED, "mark a document annotated (ready for review)"),
    "approve": (DocumentStatus.APPROVED, "approve a document (another reviewer annotated it)"),
    "return": (DocumentStatus.RETURNED, "send a document back to its annotator (needs --reason)"),
    "reopen": (DocumentStatus.IN_PROGRESS, "unlock an approved document (needs --reason)"),
}
_NEEDS_REASON = {"return": "returned", "reopen": "reopened"}


def add_review_commands(commands: Any) -> None:
    """Register ``review STEP DOCUMENT_ID`` on the top-level subcommands."""
    review = commands.add_parser("review", help="review steps: mark annotated, approve, return…")
    steps = review.add_subparsers(dest="review_step", required=True)
    for name, (_, help_text) in _STEPS.items():
        step = steps.add_parser(name, help=help_text)
        step.add_argument("document", help="document id (see 'annotator next' or the window)")
        step.add_argument("--reason", default="", help="why (recorded with the change)")
        step.add_argument(
            "--as",
            dest="reviewer",
            metavar="NAME",
            help="on a database file: who you are for this run (default: the window's "
            "reviewer name); on a team database you are your login",
        )


def _reason(args: argparse.Namespace) -> str:
    reason = str(args.reason).strip()
    if args.review_step in _NEEDS_REASON and not reason:
        raise KnownError(
            f"say why the document is {_NEEDS_REASON[args.review_step]}: --reason TEXT is "
            "required (it is recorded with the change); nothing changed"
        )
    return reason


def run_review(args: argparse.Namespace) -> int:
    reason = _reason(args)
    status = _STEPS[args.review_step][0]
    from desktop_app.core.resources import default_schema_path
    from desktop_app.core.schema import load_schema

    schema = load_schema(args.schema or default_schema_path())
    if isinstance(args.db, str):
        document, changed = _on_team_database(args, status, reason, schema)
    else:
        document, changed = _on_file(args, status, reason)
    label = schema.status_label(document.status.value)
    if not changed:
        print(f"nothing changed · {document.title} is already {label}")
    elif args.review_step == "reopen":
        print(f"Saved · {document.title}: reopened ({label}) — {reason}")
    else:
        print(f"Saved · {document.title}: {label}" + (f" — {reason}" if reason else ""))
    return EXIT_OK


def _on_file(
    args: argparse.Namespace, status: DocumentStatus, reason: str
) -> tuple[DocumentInfo, bool]:
    from desktop_app.core.edits import EditHistory, Reopen, SetStatus
    from desktop_app.core.session import open_session

    store = open_session(args.db, args.schema)
    try:
        store.actor = args.reviewer or store.actor
        before = store.document_info(args.document)
        if args.review_step == "reopen":
            edit: Any = Reopen(before.id, reason, before.status_note)
        else:
            edit = SetStatus(before.id, before.status, status, reason, before.status_note)
        changes = EditHistory(store).perform(edit, based_on={})
        return store.document_info(args.document), bool(changes.documents)
    finally:
        store.close()


def _on_team_database(
    args: argparse.Namespace, status: DocumentStatus, reason: str, schema: AnnotationSchema
) -> tuple[DocumentInfo, bool]:
    import psycopg

    from desktop_app.core.team.connection import connect
    from desktop_app.core.team.migrations import CURRENT_VERSION, schema_version
    from desktop_app.core.team.review import reopen_team_document, set_team_status

    if args.reviewer:
        raise KnownError(
            "--as is for a database file: on a team database you are your login; nothing changed"
        )
    try:
        with connect(args.db) as conn:
            if schema_version(conn) != CURRENT_VERSION:
                raise KnownError(
                    "that database is not a current annotator team database: run "
                    "'annotator team init URL' first"
                )
            conn.commit()  # the step below is then a transaction of its own
            if args.review_step == "reopen":
                result = reopen_team_document(conn, args.document, reason)
            else:
                result = set_team_status(conn, args.document, status, schema, reason)
    except psycopg.Error as error:  # anything the step itself did not explain
        reason_given = getattr(error, "diag", None) and error.diag.message_primary
        raise KnownError(f"the team database refused: {reason_given or error}") from error
    return result.document, result.changed

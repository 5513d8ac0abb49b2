"""The review workflow: document status with its allowed transitions, four-eyes approval,
flags, reopening, who annotated a document, and which document needs a reviewer next.

Status moves ``new → in_progress → annotated → approved``; ``annotated → returned`` (with a
note saying why) ``→ in_progress`` or ``annotated``. An approved document is locked and moves
only through ``reopen`` (to ``in_progress``). Approving needs a document without validation
problems and, with four-eyes on (the default), a reviewer who did not annotate it.
"""

from __future__ import annotations

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import Changes, DocumentStatus
from desktop_app.core.store.annotation_reads import AnnotationReads
from desktop_app.core.store.audit import AuditStore
from desktop_app.core.store.rows import Row
from desktop_app.core.validation import validate_document
from desktop_app.core.wording import count_of

FOUR_EYES_KEY = "four_eyes"

_NEW, _IN_PROGRESS, _ANNOTATED, _APPROVED, _RETURNED = (
    DocumentStatus.NEW,
    DocumentStatus.IN_PROGRESS,
    DocumentStatus.ANNOTATED,
    DocumentStatus.APPROVED,
    DocumentStatus.RETURNED,
)
TRANSITIONS: dict[DocumentStatus, frozenset[DocumentStatus]] = {
    # Marking a document annotated straight from new is allowed (nothing to annotate, scripts).
    _NEW: frozenset({_IN_PROGRESS, _ANNOTATED}),
    _IN_PROGRESS: frozenset({_ANNOTATED}),
    # Back to in progress: the annotator takes back "annotated" to keep working.
    _ANNOTATED: frozenset({_APPROVED, _RETURNED, _IN_PROGRESS}),
    _RETURNED: frozenset({_IN_PROGRESS, _ANNOTATED}),
    _APPROVED: frozenset(),  # only ``reopen``
}

# Audit entries that make their actor an annotator of the document: any change of an entity,
# mention, event or argument; a change of the document's fields; marking it annotated (from
# new, in progress or returned: taking back an approval is not annotating). Inserts made by a
# bundle import (action 'import') do not: the bundle's own history does.
_ANNOTATING = """
    (table_name IN ('entities', 'mentions', 'events', 'arguments') AND action != 'import')
    OR (table_name = 'documents' AND action = 'update' AND (
        json_extract("before", '$.metadata') IS NOT json_extract("after", '$.metadata')
        OR (json_extract("after", '$.status') = 'annotated'
            AND json_extract("before", '$.status') IN ('new', 'in_progress', 'returned'))))
"""


def _label(status: DocumentStatus) -> str:
    return status.value.replace("_", " ")


def _a(status: DocumentStatus) -> str:
    return ("an " if status.value[0] in "aeiou" else "a ") + _label(status)


class ReviewStore(AuditStore, AnnotationReads):
    """Status changes, flags, four-eyes approval and the reviewer's queue."""

    # --- who annotated ----------------------------------------------------------------------

    def document_annotators(self, document_id: str) -> set[str]:
        """Everyone who changed the document's annotations or fields or marked it annotated:
        from this file's audit trail since the document was (re)created, from the history an
        imported bundle brought with it, and the stamps of its entities and events (which
        also name the authors of data older than the audit trail)."""
        created = self._one(
            "SELECT COALESCE(MAX(seq), 0) AS seq FROM audit WHERE table_name = 'documents' "
            "AND row_id = ? AND action IN ('insert', 'import')",
            [document_id],
        )
        since = int(created["seq"]) if created else 0
        actors = {
            row[0]
            for row in self.db.execute(
                f"SELECT DISTINCT actor FROM audit WHERE document_id = ? AND seq >= ? "
                f"AND ({_ANNOTATING})",
                [document_id, since],
            )
        }
        actors |= {
            row[0]
            for row in self.db.execute(
                f"SELECT DISTINCT actor FROM imported_audit WHERE document_id = ? "
                f"AND ({_ANNOTATING})",
                [document_id],
            )
        }
        for table in ("entities", "events"):
            for created_by, updated_by in self.db.execute(
                f"SELECT DISTINCT created_by, updated_by FROM {table} WHERE document_id = ?",
                [document_id],
            ):
                actors |= {created_by, updated_by}
        actors.discard("")
        return actors

    # --- four-eyes ----------------------------------------------------------------------------

    def four_eyes(self) -> bool:
        """Whether approving needs a reviewer other than the annotators (on by default)."""
        return self.meta(FOUR_EYES_KEY) != "0"

    def set_four_eyes(self, on: bool) -> Changes:
        """Turn the four-eyes rule on or off for this database (audited like any change)."""
        if self.four_eyes() != on:
            self.set_meta(FOUR_EYES_KEY, "1" if on else "0")
        return Changes()

    def _check_approval(self, document_id: str) -> None:
        if self.four_eyes() and self.actor in self.document_annotators(document_id):
            raise EditRefused(
                "four-eyes: you annotated this document; another reviewer must approve it"
            )
        problems = validate_document(self.annotated(document_id), self.schema)
        if problems:
            raise EditRefused(
                f"cannot approve: the document has {count_of(len(problems), 'problem')}; "
                "fix them first"
            )

    # --- status -------------------------------------------------------------------------------

    def _status_row(self, document_id: str) -> Row:
        row = self._one(
            "SELECT status, status_note, flag FROM documents WHERE id = ?", [document_id]
        )
        if row is None:
            raise EditRefused(f"document {document_id} does not exist")
        return row

    def document_status(self, document_id: str) -> DocumentStatus:
        return DocumentStatus(self._status_row(document_id)["status"])

    def set_status(
        self,
        document_id: str,
        status: DocumentStatus,
        flag: str | None = None,
        note: str = "",
        *,
        force: bool = False,
        expected: int | None = None,
    ) -> Changes:
        """Move a document to ``status``, remembering ``note`` with it (required for
        ``returned``: the reason); ``flag`` (if given) sets the flag too. The same status again
        changes nothing but the flag.

        Refused with the reason: a transition the workflow does not allow (see
        ``TRANSITIONS``; an approved document needs ``reopen``), ``returned`` without a note,
        approving against the four-eyes rule or with validation problems, and (with
        ``expected``, the document version the step was based on) a document someone else
        changed since.

        ``force=True`` is for undo only: it skips the transition rules so a change can be put
        back exactly (e.g. approved → annotated), but never the approval checks.
        """
        status = DocumentStatus(status)
        with self.transaction():
            self.check_version("documents", document_id, expected, "the document")
            current = DocumentStatus(self._status_row(document_id)["status"])
            updates: Row = {}
            if status is not current:
                if not force:
                    self._check_transition(current, status, note)
                if status is DocumentStatus.APPROVED:
                    self._check_approval(document_id)
                updates = {"status": status.value, "status_note": note}
            if flag is not None:
                updates["flag"] = flag
            if not updates:
                return Changes()
            version = self._write("documents", document_id, updates, what="the document")
        return Changes(documents={document_id}, versions={document_id: version})

    def _check_transition(self, current: DocumentStatus, status: DocumentStatus, note: str) -> None:
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

    def reopen(self, document_id: str, note: str = "", *, expected: int | None = None) -> Changes:
        """Unlock an approved document for editing (back to in progress), recording why."""
        with self.transaction():
            self.check_version("documents", document_id, expected, "the document")
            current = DocumentStatus(self._status_row(document_id)["status"])
            if current is not DocumentStatus.APPROVED:
                raise EditRefused(
                    f"only an approved document is reopened; this one is {_label(current)}"
                )
            version = self._write(
                "documents",
                document_id,
                {"status": DocumentStatus.IN_PROGRESS.value, "status_note": note},
            )
        return Changes(documents={document_id}, versions={document_id: version})

    def set_flag(self, document_id: str, reason: str, *, expected: int | None = None) -> Changes:
        """Flag a document with a reason (any status, even approved); ``""`` clears the flag."""
        with self.transaction():
            self.check_version("documents", document_id, expected, "the document")
            if self._status_row(document_id)["flag"] == reason:
                return Changes()
            version = self._write("documents", document_id, {"flag": reason})
        return Changes(documents={document_id}, versions={document_id: version})

    # --- the queue ----------------------------------------------------------------------------

    def next_for(self, reviewer: str) -> str | None:
        """The next document needing ``reviewer``'s attention, or None when there is none:
        the first returned document they annotated; else the first annotated document awaiting
        their approval (one they did not annotate, when four-eyes is on); else the first
        document in progress that they touched last; else the first new document. "First" is
        in the documents list's order (created_at, rowid)."""
        by_status: dict[str, list[str]] = {}
        for row in self.db.execute("SELECT id, status FROM documents ORDER BY created_at, rowid"):
            by_status.setdefault(row[1], []).append(row[0])
        for document_id in by_status.get(DocumentStatus.RETURNED.value, []):
            if reviewer in self.document_annotators(document_id):
                return document_id
        four_eyes = self.four_eyes()
        for document_id in by_status.get(DocumentStatus.ANNOTATED.value, []):
            if not four_eyes or reviewer not in self.document_annotators(document_id):
                return document_id
        for document_id in by_status.get(DocumentStatus.IN_PROGRESS.value, []):
            if self._last_actor(document_id) == reviewer:
                return document_id
        new = by_status.get(DocumentStatus.NEW.value, [])
        return new[0] if new else None

    def _last_actor(self, document_id: str) -> str | None:
        row = self._one(
            "SELECT actor FROM audit WHERE document_id = ? ORDER BY seq DESC LIMIT 1",
            [document_id],
        ) or self._one("SELECT updated_by AS actor FROM documents WHERE id = ?", [document_id])
        return None if row is None else str(row["actor"])

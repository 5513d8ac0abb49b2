"""``annotator review …`` on a database file: the window's review steps, rules and messages.

Two reviewers share the file and are told apart by ``--as`` (the name the window would have
saved for each of them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import open_store

FOUR_EYES = "four-eyes: you annotated this document; another reviewer must approve it"


@pytest.fixture
def annotated_by_ann(tmp_path: Path, schema, helpers) -> tuple[Path, str]:
    """A database file with one valid document annotated (but not marked) by ``ann``."""
    path = tmp_path / "review.db"
    store = open_store(path, schema, actor="ann")
    try:
        document_id = helpers.add_document(store)
        helpers.annotate_valid(store, document_id)
    finally:
        store.close()
    return path, document_id


def _review(path: Path, schema_path: Path, who: str, *args: str) -> int:
    return main(["--db", str(path), "--schema", str(schema_path), "review", *args, "--as", who])


def _status_and_history(path: Path, schema, document_id: str) -> tuple[DocumentStatus, list]:
    store = open_store(path, schema, actor="reader")
    try:
        steps = [
            (e.actor, e.after["status"], e.after["status_note"])
            for e in store.audit_entries(document_id, newest_first=False)
            if e.table_name == "documents"
            and e.action == "update"
            and e.before["status"] != e.after["status"]
        ]
        return store.document_status(document_id), steps
    finally:
        store.close()


def test_mark_annotated_four_eyes_approval_reasons_and_reopen(
    annotated_by_ann, schema, schema_path, capsys
):
    path, document_id = annotated_by_ann

    assert _review(path, schema_path, "ann", "mark-annotated", document_id) == 0
    assert "Saved · Sample: annotated" in capsys.readouterr().out

    assert _review(path, schema_path, "ann", "approve", document_id) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"annotator: {FOUR_EYES}"
    assert "Saved" not in captured.out

    assert _review(path, schema_path, "bob", "return", document_id, "--reason", "  ") == 2
    assert "say why the document is returned: --reason TEXT is required" in capsys.readouterr().err

    assert _review(path, schema_path, "bob", "approve", document_id) == 0
    assert "Saved · Sample: approved" in capsys.readouterr().out

    # Approved is locked: returning it is refused in the window's words.
    assert _review(path, schema_path, "bob", "return", document_id, "--reason", "dates") == 2
    assert "approved and locked; reopen it to change it" in capsys.readouterr().err

    assert _review(path, schema_path, "bob", "reopen", document_id) == 2
    assert "say why the document is reopened" in capsys.readouterr().err
    status, _ = _status_and_history(path, schema, document_id)
    assert status is DocumentStatus.APPROVED

    reason = "the announcement date was wrong"
    assert _review(path, schema_path, "bob", "reopen", document_id, "--reason", reason) == 0
    assert f"reopened (in progress) — {reason}" in capsys.readouterr().out

    status, steps = _status_and_history(path, schema, document_id)
    assert status is DocumentStatus.IN_PROGRESS
    assert steps == [
        ("ann", "annotated", ""),
        ("bob", "approved", ""),
        ("bob", "in_progress", reason),
    ]


def test_a_step_the_workflow_does_not_allow_and_an_unknown_document(
    annotated_by_ann, schema_path, capsys
):
    path, document_id = annotated_by_ann
    assert _review(path, schema_path, "bob", "approve", document_id) == 2
    assert "a new document cannot be marked approved" in capsys.readouterr().err
    assert _review(path, schema_path, "bob", "reopen", document_id, "--reason", "x") == 2
    assert "only an approved document is reopened; this one is new" in capsys.readouterr().err
    assert _review(path, schema_path, "bob", "approve", "no-such-id") == 2
    assert "document no-such-id does not exist" in capsys.readouterr().err


def test_the_same_step_again_changes_nothing(annotated_by_ann, schema, schema_path, capsys):
    path, document_id = annotated_by_ann
    assert _review(path, schema_path, "ann", "mark-annotated", document_id) == 0
    capsys.readouterr()
    assert _review(path, schema_path, "ann", "mark-annotated", document_id) == 0
    assert "nothing changed · Sample is already annotated" in capsys.readouterr().out
    _, steps = _status_and_history(path, schema, document_id)
    assert steps == [("ann", "annotated", "")]


def test_approving_a_document_with_problems_is_refused(tmp_path, schema, schema_path, capsys):
    path = tmp_path / "review.db"
    store = open_store(path, schema, actor="ann")
    try:
        document_id = store.add_document(text="Alpha acquires Beta.", title="Bare")[0]
        # An acquisition with no buyer: a problem validation reports.
        store.create_event(document_id, "acquisition", trigger=(6, 14))
    finally:
        store.close()
    assert _review(path, schema_path, "ann", "mark-annotated", document_id) == 0
    assert _review(path, schema_path, "bob", "approve", document_id) == 2
    assert "cannot approve: the document has" in capsys.readouterr().err

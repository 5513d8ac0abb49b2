"""The review workflow on the core, with no window: status transitions, four-eyes approval, the
lock on approved documents and its recorded reopening, flags, what undo needs, and the queue.

Reviewers are told apart by ``store.actor``, as two people sharing one database file would be.
"""

from __future__ import annotations

import json

import pytest

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import Changes, DocumentStatus
from desktop_app.core.validation import validate_document

BOTH_ENGINES = True

NEW, IN_PROGRESS, ANNOTATED, APPROVED, RETURNED = (
    DocumentStatus.NEW,
    DocumentStatus.IN_PROGRESS,
    DocumentStatus.ANNOTATED,
    DocumentStatus.APPROVED,
    DocumentStatus.RETURNED,
)


def _status_changes(store, document_id):
    """``(actor, from, to, note)`` of every status change of a document, oldest first."""
    return [
        (e.actor, e.before["status"], e.after["status"], e.after["status_note"])
        for e in store.audit_entries(document_id, newest_first=False)
        if e.table_name == "documents"
        and e.action == "update"
        and e.before["status"] != e.after["status"]
    ]


def _annotated_by(store, helpers, actor, text=None, title="Sample"):
    """A valid document annotated by ``actor`` and marked annotated."""
    store.actor = actor
    document_id = helpers.add_document(store, text=text or helpers.SAMPLE_TEXT, title=title)
    store.set_status(document_id, IN_PROGRESS)
    ids = helpers.annotate_valid(store, document_id)
    store.set_status(document_id, ANNOTATED)
    return document_id, ids


def test_annotate_refused_self_approval_second_approval_lock_and_recorded_reopen(store, helpers):
    store.actor = "A"
    document_id = helpers.add_document(store)
    store.set_status(document_id, IN_PROGRESS)
    ids = helpers.annotate_valid(store, document_id)
    store.set_document_field(document_id, "announcement_date", "2025-03-31")
    store.set_status(document_id, ANNOTATED)
    assert store.document_annotators(document_id) == {"A"}

    entries_before = len(store.audit_entries())
    with pytest.raises(EditRefused) as refusal:
        store.set_status(document_id, APPROVED)
    assert str(refusal.value) == (
        "four-eyes: you annotated this document; another reviewer must approve it"
    )
    assert store.document_info(document_id).status is ANNOTATED
    assert len(store.audit_entries()) == entries_before  # a refusal writes nothing

    store.actor = "B"
    approved = store.set_status(document_id, APPROVED)
    assert approved.documents == {document_id}
    assert approved.versions == {document_id: store.version_of("documents", document_id)}

    store.actor = "A"
    with pytest.raises(EditRefused, match="approved and locked; reopen it"):
        store.update_entity(ids["target"], name="Beta")
    store.actor = "B"
    with pytest.raises(EditRefused, match="reopen"):
        store.set_status(document_id, IN_PROGRESS)
    store.reopen(document_id, note="the consideration is wrong")
    store.update_entity(ids["price"], name="HK$1,234.5m")
    info = store.document_info(document_id)
    assert (info.status, info.status_note) == (IN_PROGRESS, "the consideration is wrong")
    assert store.document_annotators(document_id) == {"A", "B"}

    assert _status_changes(store, document_id) == [
        ("A", "new", "in_progress", ""),
        ("A", "in_progress", "annotated", ""),
        ("B", "annotated", "approved", ""),
        ("B", "approved", "in_progress", "the consideration is wrong"),
    ]
    field_change = next(
        e
        for e in store.audit_entries(document_id)
        if e.table_name == "documents" and e.before and e.before["metadata"] != e.after["metadata"]
    )
    before, after = (
        json.loads(field_change.before["metadata"]),
        json.loads(field_change.after["metadata"]),
    )
    assert (field_change.actor, before, after) == ("A", {}, {"announcement_date": "2025-03-31"})
    last = store.audit_entries(document_id, limit=1)[0]
    assert (last.actor, last.action, last.table_name, last.row_id) == (
        "B",
        "update",
        "entities",
        ids["price"],
    )
    assert (last.before["name"], last.after["name"]) == ("HK$1,234.5 million", "HK$1,234.5m")
    assert store.verify_audit() == []


@pytest.mark.parametrize(
    ("path", "refused", "words"),
    [
        ([], APPROVED, "a new document cannot be marked approved"),
        ([], RETURNED, "cannot be marked returned"),
        ([IN_PROGRESS], APPROVED, "an in progress document cannot be marked approved"),
        ([IN_PROGRESS], NEW, "cannot be marked new"),
        ([IN_PROGRESS, ANNOTATED], NEW, "cannot be marked new"),
        ([IN_PROGRESS, ANNOTATED, RETURNED], APPROVED, "a returned document cannot be marked"),
    ],
)
def test_transitions_outside_the_workflow_are_refused_with_the_reason(
    store, helpers, path, refused, words
):
    document_id = helpers.add_document(store)
    for status in path:
        store.set_status(document_id, status, note="needs the date" if status is RETURNED else "")
    with pytest.raises(EditRefused) as refusal:
        store.set_status(document_id, refused, note="a note")
    assert words in str(refusal.value)
    assert store.document_info(document_id).status is (path[-1] if path else NEW)


def test_returning_needs_a_reason_which_is_kept_until_the_next_status_change(store, helpers):
    document_id, _ = _annotated_by(store, helpers, "A")
    store.actor = "B"
    with pytest.raises(EditRefused, match="say why"):
        store.set_status(document_id, RETURNED, note="  ")
    store.set_status(document_id, RETURNED, note="the buyer is the wrong company")
    assert store.document_info(document_id).status_note == "the buyer is the wrong company"
    store.actor = "A"
    store.set_status(document_id, IN_PROGRESS)
    store.set_status(document_id, ANNOTATED)
    assert store.document_info(document_id).status_note == ""
    store.actor = "B"
    store.set_status(document_id, RETURNED, note="still wrong")
    store.set_status(document_id, ANNOTATED)  # returned → annotated directly is allowed too


def test_the_same_status_again_changes_nothing_and_writes_no_entry(store, helpers):
    document_id = helpers.add_document(store)
    store.set_status(document_id, IN_PROGRESS)
    count = len(store.audit_entries())
    assert store.set_status(document_id, IN_PROGRESS, note="ignored") == Changes()
    assert len(store.audit_entries()) == count
    assert store.document_info(document_id).status_note == ""


def test_reopen_only_unlocks_an_approved_document(store, helpers):
    document_id = helpers.add_document(store)
    with pytest.raises(EditRefused, match="only an approved document is reopened; this one is new"):
        store.reopen(document_id)


def test_approval_is_refused_while_the_document_has_problems_and_says_how_many(store, helpers):
    document_id, ids = _annotated_by(store, helpers, "A")
    store.remove_argument(store.event(ids["acquisition"]).arguments[0].id)  # required buyer
    store.create_entity(document_id, "security", [(0, 5)])  # required code missing
    count = len(validate_document(store.annotated(document_id), store.schema))
    assert count == 2
    store.actor = "B"
    with pytest.raises(EditRefused, match="cannot approve: the document has 2 problem"):
        store.set_status(document_id, APPROVED)


def test_with_four_eyes_off_an_annotator_may_approve_and_the_setting_is_audited(store, helpers):
    document_id, _ = _annotated_by(store, helpers, "A")
    assert store.four_eyes() is True
    store.set_four_eyes(False)
    assert store.four_eyes() is False
    store.set_status(document_id, APPROVED)
    assert store.document_info(document_id).status is APPROVED
    settings = [e for e in store.audit_entries() if e.table_name == "meta"]
    assert (settings[0].row_id, settings[0].after, settings[0].actor) == (
        "four_eyes",
        {"key": "four_eyes", "value": "0"},
        "A",
    )
    store.set_four_eyes(True)
    assert store.four_eyes() is True


def test_four_eyes_counts_everyone_who_annotated_even_a_later_small_edit(store, helpers):
    document_id, ids = _annotated_by(store, helpers, "A")
    store.actor = "C"
    store.add_mention(ids["target"], *helpers.span_of(helpers.SAMPLE_TEXT, "Beta", 1))
    store.actor = "B"
    store.add_comment(document_id, "looks fine")  # commenting is not annotating
    assert store.document_annotators(document_id) == {"A", "C"}
    store.actor = "C"
    with pytest.raises(EditRefused, match="four-eyes"):
        store.set_status(document_id, APPROVED)
    store.actor = "B"
    store.set_status(document_id, APPROVED)


def test_a_flag_can_be_set_and_cleared_on_any_status_even_approved(store, helpers):
    document_id, _ = _annotated_by(store, helpers, "A")
    store.actor = "B"
    store.set_status(document_id, APPROVED)
    flagged = store.set_flag(document_id, "needs second review")
    assert flagged.documents == {document_id}
    assert store.document_info(document_id).flag == "needs second review"
    assert store.set_flag(document_id, "needs second review") == Changes()
    store.set_flag(document_id, "")
    assert store.document_info(document_id).flag == ""
    flags = [
        (e.before["flag"], e.after["flag"])
        for e in store.audit_entries(document_id, newest_first=False)
        if e.table_name == "documents" and e.before and e.before["flag"] != e.after["flag"]
    ]
    assert flags == [("", "needs second review"), ("needs second review", "")]


def test_undo_puts_status_changes_back_with_force_but_never_skips_four_eyes(store, helpers):
    """What the window's undo does: set the previous status and note again, with force."""
    document_id, _ = _annotated_by(store, helpers, "A")
    store.actor = "B"
    store.set_status(document_id, RETURNED, note="check the date")
    store.actor = "A"
    store.set_status(document_id, IN_PROGRESS)
    # undo of returned → in progress
    store.set_status(document_id, RETURNED, note="check the date", force=True)
    assert store.document_info(document_id).status_note == "check the date"
    store.set_status(document_id, ANNOTATED)

    store.actor = "B"
    store.set_status(document_id, APPROVED)
    store.set_status(document_id, ANNOTATED, force=True)  # undo of approving
    assert store.document_info(document_id).status is ANNOTATED
    store.set_status(document_id, APPROVED, force=True)  # redo
    store.reopen(document_id, note="typo")
    store.set_status(document_id, APPROVED, force=True)  # undo of reopening
    assert store.document_info(document_id).status is APPROVED

    store.set_status(document_id, ANNOTATED, force=True)
    store.actor = "A"
    with pytest.raises(EditRefused, match="four-eyes"):
        store.set_status(document_id, APPROVED, force=True)
    assert [change[:3] for change in _status_changes(store, document_id)][-6:] == [
        ("B", "annotated", "approved"),
        ("B", "approved", "annotated"),
        ("B", "annotated", "approved"),
        ("B", "approved", "in_progress"),
        ("B", "in_progress", "approved"),
        ("B", "approved", "annotated"),
    ]
    assert store.verify_audit() == []


# --- the queue ----------------------------------------------------------------------------------


def test_next_for_picks_returned_then_awaiting_approval_then_own_in_progress_then_new(
    store, helpers
):
    texts = [helpers.SAMPLE_TEXT + f"(copy {n})\n" for n in range(6)]
    store.actor = "A"
    fresh = helpers.add_document(store, text=texts[0], title="new one")
    mine_in_progress = helpers.add_document(store, text=texts[1], title="A working")
    store.set_status(mine_in_progress, IN_PROGRESS)
    store.create_entity(mine_in_progress, "company", [(0, 22)])
    store.actor = "B"
    theirs_in_progress = helpers.add_document(store, text=texts[2], title="B working")
    store.set_status(theirs_in_progress, IN_PROGRESS)
    theirs_annotated, _ = _annotated_by(store, helpers, "B", text=texts[3], title="B done")
    mine_annotated, _ = _annotated_by(store, helpers, "A", text=texts[4], title="A done")
    mine_returned, _ = _annotated_by(store, helpers, "A", text=texts[5], title="A returned")
    store.actor = "B"
    store.set_status(mine_returned, RETURNED, note="wrong buyer")
    assert store.next_for("A") == mine_returned
    assert store.next_for("B") == mine_annotated  # first annotated B did not annotate

    store.actor = "A"
    store.set_status(mine_returned, ANNOTATED)
    assert store.next_for("A") == theirs_annotated
    store.set_status(theirs_annotated, APPROVED)
    assert store.next_for("A") == mine_in_progress
    store.set_status(mine_in_progress, ANNOTATED)
    assert store.next_for("A") == fresh
    assert store.next_for("B") == mine_in_progress  # annotated docs awaiting B, in list order
    store.set_four_eyes(False)
    assert store.next_for("A") == mine_in_progress  # with four-eyes off, one's own count too


def test_next_for_is_none_when_nothing_needs_the_reviewer(store, helpers):
    assert store.next_for("A") is None
    document_id, _ = _annotated_by(store, helpers, "A")
    assert store.next_for("A") is None
    store.actor = "B"
    store.set_status(document_id, APPROVED)
    assert store.next_for("B") is None


@pytest.mark.file_only  # another process or the command line opens the file
def test_next_on_the_command_line_names_the_document(
    store, store_path, schema_path, helpers, capsys
):
    from desktop_app.cli import main

    document_id, _ = _annotated_by(store, helpers, "A", title="Acquisition of Beta")
    store.close()
    common = ["--db", str(store_path), "--schema", str(schema_path)]
    assert main([*common, "next", "--reviewer", "B"]) == 0
    assert capsys.readouterr().out == f"{document_id}\tannotated\tAcquisition of Beta\n"
    assert main([*common, "next", "--reviewer", "A"]) == 0
    assert capsys.readouterr().out == "nothing needs A's attention\n"

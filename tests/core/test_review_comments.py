"""Comments: on a document or one annotation, threaded, resolvable, undoable, audited, and
carried through a bundle export and import."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.bundle import export_bundle, import_bundle, read_bundle
from desktop_app.core.errors import BundleInvalid, EditRefused
from desktop_app.core.models import DocumentStatus

BOTH_ENGINES = True


def test_comments_read_back_in_thread_order_with_their_authors(store, helpers):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    store.actor = "A"
    first = store.add_comment(document_id, "Is Beta the target?", target_id=ids["target"])
    store.actor = "B"
    second = store.add_comment(document_id, "Date missing from the fields")
    answer = store.add_comment(document_id, "Yes, see paragraph 1", parent_id=first.id)
    store.actor = "A"
    follow_up = store.add_comment(document_id, "Thanks", parent_id=answer.id)
    later_answer = store.add_comment(document_id, "Also the price", parent_id=first.id)

    thread = store.comments(document_id)
    assert [c.body for c in thread] == [
        "Is Beta the target?",
        "Yes, see paragraph 1",
        "Thanks",
        "Also the price",
        "Date missing from the fields",
    ]
    assert [c.id for c in thread] == [first.id, answer.id, follow_up.id, later_answer.id, second.id]
    assert (thread[0].target_id, thread[0].stamp.created_by) == (ids["target"], "A")
    assert (thread[1].parent_id, thread[1].stamp.created_by) == (first.id, "B")
    assert thread[0].stamp.created_at and not thread[0].resolved


def test_bad_comments_are_refused_with_the_reason(store, helpers):
    document_id = helpers.add_document(store)
    other = helpers.add_document(store, text="Gamma Limited announces.\n", title="Other")
    other_entity = store.create_entity(other, "company", [(0, 13)])
    elsewhere = store.add_comment(other, "on the other document")
    for call, words in [
        (lambda: store.add_comment(document_id, "   "), "needs some text"),
        (
            lambda: store.add_comment(document_id, "x", target_id=other_entity.id),
            "of this document",
        ),
        (lambda: store.add_comment(document_id, "x", target_id="no-such-id"), "of this document"),
        (lambda: store.add_comment(document_id, "x", parent_id=elsewhere.id), "same document"),
        (lambda: store.add_comment("no-such-document", "x"), "does not exist"),
    ]:
        with pytest.raises(EditRefused, match=words):
            call()
    assert store.comments(document_id) == []


def test_resolving_records_who_and_when_and_can_be_undone(store, helpers, engine):
    document_id = helpers.add_document(store)
    store.actor = "A"
    comment = store.add_comment(document_id, "Check the stock code")
    store.actor = "B"
    store.clock = lambda: "2025-04-01T09:00:00.000Z"
    changes = store.resolve_comment(comment.id)
    assert (changes.documents, changes.comments) == ({document_id}, {comment.id})
    assert (
        changes.versions
        == {comment.id: store.version_of("comments", comment.id)}
        == {comment.id: 2}
    )
    resolved = store.comment(comment.id)
    # On a team database the server's clock says when (and its login who), not the client's.
    when = "2025-04-01T09:00:00.000Z" if engine == "sqlite" else resolved.resolved_at
    assert resolved.resolved_at.startswith("20") and resolved.resolved_at.endswith("Z")
    assert (resolved.resolved, resolved.resolved_by, resolved.resolved_at) == (True, "B", when)
    store.resolve_comment(comment.id, resolved=False)
    reopened = store.comment(comment.id)
    assert (reopened.resolved, reopened.resolved_by, reopened.resolved_at) == (False, "", "")
    updates = [
        (e.actor, e.before["resolved"], e.after["resolved"])
        for e in store.audit_entries(document_id, newest_first=False)
        if e.table_name == "comments" and e.action == "update"
    ]
    assert updates == [("B", 0, 1), ("B", 1, 0)]


def test_an_approved_document_takes_comments_though_its_annotations_are_locked(store, helpers):
    store.actor = "A"
    document_id = helpers.add_document(store)
    helpers.annotate_valid(store, document_id)
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    store.actor = "B"
    store.set_status(document_id, DocumentStatus.APPROVED)
    comment = store.add_comment(document_id, "Approved; the price was checked against the filing")
    store.resolve_comment(comment.id)
    assert store.comment(comment.id).resolved
    with pytest.raises(EditRefused, match="approved"):
        store.create_entity(document_id, "company", [(0, 5)])


def test_undo_of_adding_removes_the_comment_and_redo_restores_it_exactly(store, helpers):
    document_id = helpers.add_document(store)
    comment = store.add_comment(document_id, "First thought")
    removed = store.delete_comment(comment.id)
    assert removed == comment
    assert store.comments(document_id) == []
    restored = store.restore_comment(removed)
    assert (restored.documents, restored.comments) == ({document_id}, {comment.id})
    assert store.comments(document_id) == [comment]
    actions = [
        e.action
        for e in store.audit_entries(document_id, newest_first=False)
        if e.table_name == "comments"
    ]
    assert actions == ["insert", "delete", "insert"]


def test_a_comment_with_replies_or_by_someone_else_is_not_removed(store, helpers):
    document_id = helpers.add_document(store)
    store.actor = "A"
    root = store.add_comment(document_id, "Question")
    lone = store.add_comment(document_id, "Another remark")
    store.actor = "B"
    store.add_comment(document_id, "Answer", parent_id=root.id)
    with pytest.raises(EditRefused, match=r"only its author \(A\)"):
        store.delete_comment(lone.id)
    store.actor = "A"
    with pytest.raises(EditRefused, match="has replies"):
        store.delete_comment(root.id)
    assert len(store.comments(document_id)) == 3


def test_comments_travel_in_the_bundle_and_come_back_on_import(
    tmp_path, store, helpers, open_test_store
):
    store.actor = "A"
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    root = store.add_comment(document_id, "Target right?", target_id=ids["target"])
    store.actor = "B"
    store.add_comment(document_id, "Yes", parent_id=root.id)
    store.resolve_comment(root.id)
    path = tmp_path / "bundle.json"
    export_bundle(store, path)
    exported = json.loads(path.read_text(encoding="utf-8"))["documents"][0]
    assert [c["body"] for c in exported["comments"]] == ["Target right?", "Yes"]
    assert exported["comments"][0]["resolved_by"] == "B"

    fresh = open_test_store(tmp_path / "fresh.db", actor="C")
    import_bundle(fresh, path)
    assert fresh.comments(document_id) == store.comments(document_id)


def test_a_bundle_whose_reply_answers_a_missing_comment_is_refused(tmp_path, store, helpers):
    document_id = helpers.add_document(store)
    root = store.add_comment(document_id, "Question")
    store.add_comment(document_id, "Answer", parent_id=root.id)
    path = tmp_path / "bundle.json"
    export_bundle(store, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["documents"][0]["comments"][0]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BundleInvalid) as invalid:
        read_bundle(path)
    assert any("answers a comment that is not in the bundle" in p for p in invalid.value.problems)

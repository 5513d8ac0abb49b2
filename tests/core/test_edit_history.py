"""Undo and redo in the core: a failed step leaves the stack where it was, a target changed by
anyone since is refused instead of overwritten, and nobody undoes another reviewer's work.

Two stores on one file stand for two windows (or a window and a script).
"""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.core.edits import (
    AddArgument,
    AddMention,
    CreateEntity,
    CreateEvent,
    DeleteEntity,
    EditHistory,
    FillRoleWithNewEntity,
    SetDocumentField,
    SetStatus,
    UpdateEntity,
)
from desktop_app.core.errors import EditRefused, StaleEdit, StoreError
from desktop_app.core.models import DocumentStatus

BOTH_ENGINES = True


@pytest.fixture
def two_windows(store_path, open_test_store, helpers):
    """Alice's and Bob's stores on one file, and a document with a company on it."""
    alice = open_test_store(store_path, actor="alice")
    bob = open_test_store(store_path, actor="bob")
    document_id = helpers.add_document(alice)
    return alice, bob, document_id


def _span(store, document_id, helpers, needle, occurrence=1):
    return helpers.span_of(store.text_of(document_id), needle, occurrence)


def _entity_count(store, document_id):
    return len(store.entities(document_id))


# --- a failed undo moves nothing ----------------------------------------------------------------


@pytest.mark.file_only  # another program locks the file
def test_an_undo_refused_by_a_locked_database_leaves_the_stack_and_the_data(
    store, store_path, helpers
):
    document_id = helpers.add_document(store)
    history = EditHistory(store)
    create = CreateEntity(document_id, "company", [_span(store, document_id, helpers, "Beta Ltd")])
    history.perform(create)
    store.db.execute("PRAGMA busy_timeout=50")
    other_program = sqlite3.connect(store_path, isolation_level=None)
    other_program.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            history.undo()
    finally:
        other_program.execute("ROLLBACK")
        other_program.close()
    # Still one step to undo, nothing to redo, and the entity still stored.
    assert (history.can_undo(), history.can_redo()) == (True, False)
    assert history.undo_title() == "Create Company 'Beta Ltd'"
    assert [e.id for e in store.entities(document_id)] == [create.entity_id]
    # Once the lock is gone the same undo works, and redo brings back the same entity.
    history.undo()
    assert _entity_count(store, document_id) == 0
    history.redo()
    assert [e.id for e in store.entities(document_id)] == [create.entity_id]
    history.undo()
    assert _entity_count(store, document_id) == 0


def test_a_create_that_was_never_undone_cannot_be_redone_into_a_duplicate(store, helpers):
    document_id = helpers.add_document(store)
    create = CreateEntity(document_id, "company", [_span(store, document_id, helpers, "Beta Ltd")])
    history = EditHistory(store)
    history.perform(create)
    with pytest.raises(EditRefused, match="never undone"):
        create.apply(store, {})
    assert _entity_count(store, document_id) == 1


# --- targets changed by someone else ------------------------------------------------------------


def test_undo_is_refused_when_another_window_changed_the_entity_since(two_windows, helpers):
    alice, bob, document_id = two_windows
    history = EditHistory(alice)
    create = CreateEntity(document_id, "company", [_span(alice, document_id, helpers, "Beta Ltd")])
    history.perform(create)
    history.perform(
        UpdateEntity(create.entity_id, {"name": "Beta Ltd"}, {"name": "Beta Limited"}, "Rename")
    )
    bob.update_entity(create.entity_id, identifier="HK0001")  # Bob's window, saved
    with pytest.raises(StaleEdit) as refusal:
        history.undo()
    assert "changed by bob" in str(refusal.value)
    assert "nothing was overwritten" in str(refusal.value)
    entity = alice.entity(create.entity_id)
    assert (entity.name, entity.identifier) == ("Beta Limited", "HK0001")
    assert history.undo_title() == "Rename"  # the stack did not move


def test_undo_of_a_status_step_cannot_take_back_another_reviewers_approval(two_windows, helpers):
    alice, bob, document_id = two_windows
    helpers.annotate_valid(alice, document_id)
    history = EditHistory(alice)
    history.perform(SetStatus(document_id, DocumentStatus.NEW, DocumentStatus.ANNOTATED))
    bob.set_status(document_id, DocumentStatus.APPROVED)
    with pytest.raises(StaleEdit, match="changed by bob"):
        history.undo()
    assert alice.document_info(document_id).status is DocumentStatus.APPROVED


def test_a_fresh_edit_from_a_stale_view_is_refused_and_writes_nothing(two_windows, helpers):
    alice, bob, document_id = two_windows
    entity = alice.create_entity(
        document_id, "person", [_span(alice, document_id, helpers, "Chan")]
    )
    seen = alice.version_of("entities", entity.id)  # what Alice's window shows
    bob.update_entity(entity.id, attributes={"position": "director"})
    stale = UpdateEntity(
        entity.id, {"attributes": {}}, {"attributes": {"position": "officer"}}, "x"
    )
    with pytest.raises(StaleEdit, match="changed by bob"):
        EditHistory(alice).perform(stale, based_on={entity.id: seen})
    assert alice.entity(entity.id).attributes == {"position": "director"}


def test_two_windows_setting_different_fields_of_one_document_keep_both(two_windows):
    alice, bob, document_id = two_windows
    # Neither states a version: field-level writes cannot erase each other.
    EditHistory(alice).perform(SetDocumentField(document_id, "stock_code", None, "0001"))
    EditHistory(bob).perform(SetDocumentField(document_id, "headline", None, "Acquisition"))
    assert alice.document(document_id).metadata == {"stock_code": "0001", "headline": "Acquisition"}


def test_an_attribute_change_touches_only_that_attribute(two_windows, helpers):
    alice, bob, document_id = two_windows
    entity = alice.create_entity(
        document_id, "security", [_span(alice, document_id, helpers, "Beta Ltd")]
    )
    # Alice's form had {} and sets code; Bob meanwhile added another key by script.
    bob.update_entity(entity.id, set_attributes={"note": "from Bob"})
    EditHistory(alice).perform(
        UpdateEntity(entity.id, {"attributes": {}}, {"attributes": {"code": "0001"}}, "Set code")
    )
    assert alice.entity(entity.id).attributes == {"note": "from Bob", "code": "0001"}


def test_undo_of_a_field_ignores_other_fields_but_not_a_change_of_that_field(two_windows):
    alice, bob, document_id = two_windows
    history = EditHistory(alice)
    history.perform(SetDocumentField(document_id, "stock_code", None, "0001"))
    history.perform(SetDocumentField(document_id, "headline", None, "Acquisition"))
    bob.set_document_field(document_id, "issuer", "Alpha Holdings Limited")  # another field
    history.undo()
    bob.set_document_field(document_id, "stock_code", "0002")  # the very field
    with pytest.raises(StaleEdit, match="Stock code was changed to '0002' by bob"):
        history.undo()
    assert alice.document(document_id).metadata == {
        "stock_code": "0002",
        "issuer": "Alpha Holdings Limited",
    }
    assert history.undo_title() == "Set stock_code"


# --- who may undo -------------------------------------------------------------------------------


def test_another_reviewer_cannot_undo_or_redo_an_edit(store, helpers):
    document_id = helpers.add_document(store)
    history = EditHistory(store)
    history.perform(SetDocumentField(document_id, "stock_code", None, "0001"))
    store.actor = "bob"
    with pytest.raises(EditRefused, match="alice made it"):
        history.undo()
    store.actor = "alice"
    history.undo()
    store.actor = "bob"
    with pytest.raises(EditRefused, match="alice made it"):
        history.redo()
    assert store.document(document_id).metadata == {}


# --- sequences of one window ---------------------------------------------------------------------


def test_a_window_undoes_its_own_steps_in_a_row(store, helpers):
    document_id = helpers.add_document(store)
    history = EditHistory(store)
    history.perform(SetDocumentField(document_id, "stock_code", None, "0001"))
    history.perform(SetDocumentField(document_id, "headline", None, "Acquisition"))
    history.perform(SetDocumentField(document_id, "stock_code", "0001", "0002"))
    for _ in range(3):
        history.undo()
    assert store.document(document_id).metadata == {}
    for _ in range(3):
        history.redo()
    assert store.document(document_id).metadata == {"stock_code": "0002", "headline": "Acquisition"}


def test_deleting_an_entity_and_undoing_puts_back_its_roles(store, helpers):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    before = store.annotated(document_id)
    history = EditHistory(store)
    history.perform(DeleteEntity(ids["person"], "Chan Tai Man"))
    assert len(store.event(ids["appointment"]).arguments) == 0
    history.undo()
    after = store.annotated(document_id)
    assert after.events == before.events
    assert [e.id for e in after.entities] == [e.id for e in before.entities]


def test_undo_of_a_delete_is_refused_when_the_emptied_role_was_filled_again(two_windows, helpers):
    alice, bob, document_id = two_windows
    ids = helpers.annotate_valid(alice, document_id)
    history = EditHistory(alice)
    history.perform(DeleteEntity(ids["person"], "Chan Tai Man"))
    other = bob.create_entity(document_id, "person", [_span(bob, document_id, helpers, "Mr")])
    bob.add_argument(ids["appointment"], "appointee", other.id)
    with pytest.raises(StaleEdit):
        history.undo()
    appointee = alice.event(ids["appointment"]).arguments
    assert [a.entity_id for a in appointee] == [other.id]


def test_a_new_entity_for_a_role_is_one_step(store, helpers):
    document_id = helpers.add_document(store)
    event = store.create_event(document_id, "acquisition")
    history = EditHistory(store)
    fill = FillRoleWithNewEntity(
        document_id, "company", _span(store, document_id, helpers, "Beta Ltd"), event.id, "target"
    )
    history.perform(fill)
    assert [a.entity_id for a in store.event(event.id).arguments] == [fill.entity_id]
    history.undo()
    assert (store.event(event.id).arguments, _entity_count(store, document_id)) == ([], 0)
    history.redo()
    assert [a.entity_id for a in store.event(event.id).arguments] == [fill.entity_id]


def test_a_refused_step_inside_a_composite_edit_leaves_nothing_behind(store, helpers):
    document_id = helpers.add_document(store)
    event = store.create_event(document_id, "appointment")
    history = EditHistory(store)
    fill = FillRoleWithNewEntity(
        document_id,
        "company",
        _span(store, document_id, helpers, "Beta Ltd"),
        event.id,
        "appointee",
    )
    with pytest.raises(EditRefused, match="takes person"):
        history.perform(fill)
    assert _entity_count(store, document_id) == 0  # the entity it made first was rolled back
    assert not history.can_undo()


def test_mentions_added_and_undone_by_two_windows_never_collide(two_windows, helpers):
    alice, bob, document_id = two_windows
    entity = alice.create_entity(
        document_id, "company", [_span(alice, document_id, helpers, "Alpha")]
    )
    alice_history, bob_history = EditHistory(alice), EditHistory(bob)
    alice_history.perform(
        AddMention(entity.id, *_span(alice, document_id, helpers, "Company"), "A")
    )
    event = CreateEvent(document_id, "acquisition", None)
    bob_history.perform(event)
    bob_history.perform(AddArgument(event.event_id, "buyer", entity.id))
    alice_history.undo()  # the entity is at the version Alice left it: Bob filled a role only
    assert [m.text for m in alice.entity(entity.id).mentions] == ["Alpha"]
    bob_history.undo()
    bob_history.undo()
    assert alice.events(document_id) == []

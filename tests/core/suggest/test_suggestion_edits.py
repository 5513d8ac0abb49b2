"""Accepting and rejecting suggestions in the store: undoable, recorded in the audit trail with
their rule, never exported as annotations, and a rejected one is not offered again."""

from __future__ import annotations

import json

from desktop_app.core.bundle import export_bundle
from desktop_app.core.edits import EditHistory
from desktop_app.core.edits.suggestion_edits import (
    AcceptSuggestion,
    AcceptSuggestions,
    RejectSuggestion,
)
from desktop_app.core.suggest import SuggestionKind

BOTH_ENGINES = True  # each store test runs on a database file and on a team database

TEXT = (
    'Harbour Bridge Holdings Limited (the "Company") announces that on 16 September 2025 the '
    "Company repurchased 1,240,000 Shares at HK$3.12, and later at HK$3.12 again and HK$3.26. "
    "The aggregate was HK$3,980,400."
)


def _document(store):
    document_id, _ = store.add_document(text=TEXT, title="Buy-back", source_name="a.txt")
    return document_id


def _offered(store, document_id, text, kind=SuggestionKind.MENTION):
    return [s for s in store.compute_suggestions(document_id) if s.text == text and s.kind is kind]


def test_accept_creates_a_typed_entity_and_records_the_rule(hk_store):
    document_id = _document(hk_store)
    history = EditHistory(hk_store)
    [amount] = _offered(hk_store, document_id, "HK$3,980,400")
    history.perform(AcceptSuggestion(document_id, amount))
    [entity] = [e for e in hk_store.entities(document_id) if e.type == "MONEY"]
    assert entity.attributes == {"value": "HKD 3980400", "approximate": False}
    assert [m.text for m in entity.mentions] == ["HK$3,980,400"]
    inserts = [
        e
        for e in hk_store.audit_entries(document_id)
        if e.table_name == "mentions" and e.action == "insert"
    ]
    assert inserts[0].after["suggested_by"] == "pattern:money"
    assert _offered(hk_store, document_id, "HK$3,980,400") == []


def test_undo_and_redo_of_an_accept(hk_store):
    document_id = _document(hk_store)
    history = EditHistory(hk_store)
    [name] = _offered(hk_store, document_id, "Harbour Bridge Holdings Limited")
    history.perform(AcceptSuggestion(document_id, name))
    [company] = hk_store.entities(document_id)
    history.undo()
    assert hk_store.entities(document_id) == []
    assert len(_offered(hk_store, document_id, "Harbour Bridge Holdings Limited")) == 1
    history.redo()
    [again] = hk_store.entities(document_id)
    assert again.id == company.id and again.name == "Harbour Bridge Holdings Limited"


def test_short_forms_join_the_entity_their_definition_names(hk_store):
    document_id = _document(hk_store)
    history = EditHistory(hk_store)
    [name] = _offered(hk_store, document_id, "Harbour Bridge Holdings Limited")
    history.perform(AcceptSuggestion(document_id, name))
    [short] = _offered(hk_store, document_id, "the Company")
    history.perform(AcceptSuggestion(document_id, short))
    [company] = hk_store.entities(document_id)
    assert [m.text for m in company.mentions] == ["Harbour Bridge Holdings Limited", "the Company"]


def test_rejected_suggestions_are_not_offered_again_and_reject_undoes(hk_store):
    document_id = _document(hk_store)
    history = EditHistory(hk_store)
    [amount] = _offered(hk_store, document_id, "HK$3.26")
    history.perform(RejectSuggestion(document_id, amount))
    assert _offered(hk_store, document_id, "HK$3.26") == []
    hk_store.save_suggestions(document_id, hk_store.compute_suggestions(document_id))
    assert not any(s.text == "HK$3.26" for s in hk_store.stored_suggestions(document_id))
    assert hk_store.entities(document_id) == []
    history.undo()
    assert len(_offered(hk_store, document_id, "HK$3.26")) == 1


def test_accept_all_of_one_type_and_text_makes_one_entity_and_undoes_as_one(hk_store):
    document_id = _document(hk_store)
    history = EditHistory(hk_store)
    both = _offered(hk_store, document_id, "HK$3.12")
    assert len(both) == 2
    history.perform(AcceptSuggestions(document_id, both, "Accept all MONEY 'HK$3.12'"))
    [price] = [e for e in hk_store.entities(document_id) if e.type == "MONEY"]
    assert len(price.mentions) == 2
    history.undo()
    assert hk_store.entities(document_id) == []


def test_accepting_a_trigger_makes_the_event_and_fills_roles_from_entities(hk_store):
    document_id = _document(hk_store)
    history = EditHistory(hk_store)
    for text in ("Harbour Bridge Holdings Limited", "the Company", "1,240,000"):
        [suggestion] = _offered(hk_store, document_id, text)
        history.perform(AcceptSuggestion(document_id, suggestion))
    suggestions = hk_store.compute_suggestions(document_id)
    [trigger] = [s for s in suggestions if s.kind is SuggestionKind.TRIGGER]
    roles = [
        s
        for s in suggestions
        if s.kind is SuggestionKind.ROLE and s.attributes["trigger_start"] == trigger.start
    ]
    history.perform(AcceptSuggestion(document_id, trigger, roles))
    [event] = hk_store.events(document_id)
    filled = {argument.role for argument in event.arguments}
    assert event.type == "ShareRepurchase" and event.trigger.text == "repurchased"
    assert {"Repurchaser", "Shares"} <= filled
    history.undo()
    assert hk_store.events(document_id) == []
    history.redo()
    assert [e.id for e in hk_store.events(document_id)] == [event.id]


def test_suggestions_are_never_exported(hk_store, tmp_path):
    document_id = _document(hk_store)
    hk_store.save_suggestions(document_id, hk_store.compute_suggestions(document_id))
    history = EditHistory(hk_store)
    [amount] = _offered(hk_store, document_id, "HK$3.26")
    history.perform(AcceptSuggestion(document_id, amount))
    export_bundle(hk_store, tmp_path / "bundle.json")
    bundle = json.loads((tmp_path / "bundle.json").read_text(encoding="utf-8"))
    [document] = bundle["documents"]
    mentions = [m["text"] for e in document["entities"] for m in e["mentions"]]
    assert mentions == ["HK$3.26"]
    assert "suggestion" not in json.dumps(document["entities"]) + json.dumps(document["events"])

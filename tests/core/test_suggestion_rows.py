"""The store's suggestion rows on both engines: a recomputation stored as the rows it drops
and adds, and the rule named again on mentions put back by a redo."""

from __future__ import annotations

from desktop_app.core.store import Store
from desktop_app.core.suggest import Suggestion, SuggestionKind

BOTH_ENGINES = True
TEXT = "Harbour Star Holdings Limited and Chan Tai Man signed. Chan Tai Man agreed."


def _mention(
    start: int, end: int, type_id: str = "person", rule: str = "propagation"
) -> Suggestion:
    return Suggestion(
        kind=SuggestionKind.MENTION,
        type=type_id,
        start=start,
        end=end,
        text=TEXT[start:end],
        rule=rule,
        entity="name:" + TEXT[start:end],
        attributes={"note": "中文", "n": 1},
    )


def test_a_recomputation_is_stored_as_the_rows_it_drops_and_adds(store: Store) -> None:
    document_id, _ = store.add_document(text=TEXT, title="Signing")
    company = _mention(0, 29, "company", "defined-term:name")
    first, second = _mention(34, 46), _mention(55, 67)
    store.save_suggestions(document_id, [company, first])
    store.update_suggestions(document_id, removed=[first], added=[second])
    assert store.stored_suggestions(document_id) == [company, second]
    store.update_suggestions(document_id, removed=[], added=[])
    assert store.stored_suggestions(document_id) == [company, second]


def test_mentions_can_be_marked_with_the_rule_that_suggested_them(store: Store) -> None:
    document_id, _ = store.add_document(text=TEXT, title="Signing")
    entity = store.create_entity(document_id, "person", [(34, 46), (55, 67)])
    store.mark_mentions_suggested([entity.mentions[1].id], "propagation")
    rules = {
        row["start"]: row["suggested_by"]
        for row in store.db.query(
            "SELECT start, suggested_by FROM mentions WHERE entity_id = ?", [entity.id]
        )
    }
    assert rules == {34: None, 55: "propagation"}

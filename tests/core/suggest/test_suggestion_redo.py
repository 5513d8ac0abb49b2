"""Redo of an accepted suggestion puts back the rows the accept wrote, the rule that
suggested them included, so the mention, the event and the audit trail still name it."""

from __future__ import annotations

from desktop_app.core.edits import EditHistory
from desktop_app.core.edits.suggestion_edits import AcceptSuggestion, AcceptSuggestions
from desktop_app.core.suggest import SuggestionKind

BOTH_ENGINES = True  # each store test runs on a database file and on a team database

TEXT = (
    'Harbour Bridge Holdings Limited (the "Company") announces that on 16 September 2025 the '
    "Company repurchased 1,240,000 Shares at HK$3.12, and later at HK$3.12 again and HK$3.26. "
    "The aggregate was HK$3,980,400."
)
_COLUMNS = 'id, entity_id, start, "end", text, suggested_by'


def _rows(store, document_id):
    mentions = [
        dict(row)
        for row in store.db.query(
            f"SELECT {_COLUMNS} FROM mentions WHERE document_id = ? ORDER BY id", [document_id]
        )
    ]
    events = [
        dict(row)
        for row in store.db.query(
            "SELECT id, type, trigger_start, trigger_end, suggested_by FROM events "
            "WHERE document_id = ? ORDER BY id",
            [document_id],
        )
    ]
    return mentions, events


def _offered(store, document_id, text, kind=SuggestionKind.MENTION):
    return [s for s in store.compute_suggestions(document_id) if s.text == text and s.kind is kind]


def test_undo_and_redo_of_accepts_gives_the_rows_of_the_accepts(hk_store):
    document_id, _ = hk_store.add_document(text=TEXT, title="Buy-back", source_name="a.txt")
    history = EditHistory(hk_store)
    [name] = _offered(hk_store, document_id, "Harbour Bridge Holdings Limited")
    history.perform(AcceptSuggestion(document_id, name))
    [short] = _offered(hk_store, document_id, "the Company")
    history.perform(AcceptSuggestion(document_id, short))
    amounts = _offered(hk_store, document_id, "HK$3.12")
    history.perform(AcceptSuggestions(document_id, amounts, "Accept 2 × HK$3.12"))
    [trigger] = _offered(hk_store, document_id, "repurchased", SuggestionKind.TRIGGER)
    history.perform(AcceptSuggestion(document_id, trigger))
    accepted = _rows(hk_store, document_id)
    assert {m["suggested_by"] for m in accepted[0]} == {
        "defined-term:name",
        "defined-term",
        "pattern:money",
    }
    assert [e["suggested_by"] for e in accepted[1]] == ["trigger:ShareRepurchase"]

    for _ in range(4):
        history.undo()
    assert _rows(hk_store, document_id) == ([], [])
    for _ in range(4):
        history.redo()

    assert _rows(hk_store, document_id) == accepted
    # The audit trail's latest word on each mention and the event names the rule.
    latest: dict[str, object] = {}
    for entry in reversed(hk_store.audit_entries(document_id)):
        if entry.table_name in ("mentions", "events") and entry.after:
            latest[entry.after["id"]] = entry.after.get("suggested_by")
    assert latest == {
        **{m["id"]: m["suggested_by"] for m in accepted[0]},
        **{e["id"]: e["suggested_by"] for e in accepted[1]},
    }

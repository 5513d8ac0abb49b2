"""Fixing annotations in place — merge, move, resize, split — each undoable and redoable."""

from __future__ import annotations

import pytest

from desktop_app.core.edits import EditHistory
from desktop_app.core.edits.fix_edits import MergeEntities, MoveMention, ResizeMention, SplitEntity
from desktop_app.core.errors import EditRefused

BOTH_ENGINES = True  # each store test runs on a database file and on a team database

TEXT = "Harbour Bridge Holdings Limited repurchased shares. Harbour Bridge agreed. HBH paid."


def _span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


@pytest.fixture
def setup(hk_store):
    document_id, _ = hk_store.add_document(text=TEXT, title="Fixes", source_name="f.txt")
    full = hk_store.create_entity(
        document_id, "COMPANY", [_span("Harbour Bridge Holdings Limited")]
    )
    short = hk_store.create_entity(document_id, "COMPANY", [_span("Harbour Bridge agreed")])
    event = hk_store.create_event(document_id, "ShareRepurchase", _span("repurchased"))
    hk_store.add_argument(event.id, "Repurchaser", short.id)
    return document_id, full, short, event


def _mentions(store, document_id):
    return {e.name: [m.text for m in e.mentions] for e in store.entities(document_id)}


def test_merge_moves_mentions_and_role_fillers_and_undoes_exactly(hk_store, setup):
    document_id, full, short, event = setup
    history = EditHistory(hk_store)
    before = hk_store.entities(document_id)
    history.perform(MergeEntities(full.id, short.id, full.name))
    assert _mentions(hk_store, document_id) == {
        "Harbour Bridge Holdings Limited": [
            "Harbour Bridge Holdings Limited",
            "Harbour Bridge agreed",
        ]
    }
    [argument] = hk_store.event(event.id).arguments
    assert argument.entity_id == full.id
    history.undo()
    after = hk_store.entities(document_id)
    assert [(e.id, [m.id for m in e.mentions]) for e in after] == [
        (e.id, [m.id for m in e.mentions]) for e in before
    ]
    assert hk_store.event(event.id).arguments[0].entity_id == short.id
    history.redo()
    assert len(hk_store.entities(document_id)) == 1


def test_merging_entities_of_different_types_is_refused(hk_store, setup):
    document_id, full, _, _ = setup
    person = hk_store.create_entity(document_id, "PERSON", [_span("HBH")])
    with pytest.raises(EditRefused, match="change one's type first"):
        EditHistory(hk_store).perform(MergeEntities(full.id, person.id, full.name))
    assert len(hk_store.entities(document_id)) == 3


def test_move_a_mention_to_another_entity_and_back(hk_store, setup):
    _, full, short, _ = setup
    history = EditHistory(hk_store)
    mention = short.mentions[0]
    history.perform(MoveMention(mention.id, full.id, full.name))
    assert [m.id for m in hk_store.entity(full.id).mentions][-1] == mention.id
    assert hk_store.entity(short.id).mentions == []
    history.undo()
    assert [m.id for m in hk_store.entity(short.id).mentions] == [mention.id]
    history.redo()
    assert len(hk_store.entity(full.id).mentions) == 2


def test_resize_keeps_whole_characters_and_undoes(hk_store, setup):
    _, _, short, _ = setup
    history = EditHistory(hk_store)
    mention = short.mentions[0]
    history.perform(
        ResizeMention(mention.id, short.id, mention.start, mention.end - len(" agreed"))
    )
    assert hk_store.entity(short.id).mentions[0].text == "Harbour Bridge"
    history.undo()
    assert hk_store.entity(short.id).mentions[0].text == "Harbour Bridge agreed"
    with pytest.raises(EditRefused, match="white space"):
        history.perform(ResizeMention(mention.id, short.id, mention.start - 1, mention.start))


def test_split_makes_a_new_entity_of_the_chosen_mentions(hk_store, setup):
    document_id, full, short, _ = setup
    history = EditHistory(hk_store)
    history.perform(MergeEntities(full.id, short.id, full.name))
    moved = hk_store.entity(full.id).mentions[1]
    split = SplitEntity(document_id, full.id, [moved.id], "COMPANY", moved.text)
    history.perform(split)
    assert _mentions(hk_store, document_id) == {
        "Harbour Bridge Holdings Limited": ["Harbour Bridge Holdings Limited"],
        "Harbour Bridge agreed": ["Harbour Bridge agreed"],
    }
    history.undo()
    assert len(hk_store.entities(document_id)) == 1
    history.redo()
    assert hk_store.entity(split.new_entity_id).mentions[0].id == moved.id


def test_tag_all_occurrences_is_one_undoable_step(hk_store):
    from desktop_app.core.edits.fix_edits import TagAllOccurrences
    from desktop_app.core.suggest.propagation import occurrences

    text = "Ho Ka Lok met Ho Ka Lok; Mr Ho Ka Loke is someone else."
    document_id, _ = hk_store.add_document(text=text, title="All", source_name="a.txt")
    spans = occurrences(text, "Ho Ka Lok")
    assert len(spans) == 2  # not inside "Ho Ka Loke"
    history = EditHistory(hk_store)
    history.perform(TagAllOccurrences(document_id, spans, type_id="PERSON", label="Ho Ka Lok"))
    [person] = hk_store.entities(document_id)
    assert [m.start for m in person.mentions] == [s for s, _ in spans]
    history.undo()
    assert hk_store.entities(document_id) == []
    history.redo()
    assert len(hk_store.entities(document_id)[0].mentions) == 2


def test_the_likely_entity_is_the_suggested_one_then_a_name_match_then_the_recent(hk_schema):
    from desktop_app.core.models import Entity, Mention
    from desktop_app.core.suggest import Suggestion, SuggestionKind
    from desktop_app.core.suggest.likely import likely_entity

    text = "Harbour Bridge (Stock Code: 2981) and Lantern Ltd"
    company = Entity(
        id="c",
        type="COMPANY",
        name="Harbour Bridge Holdings Limited",
        mentions=[Mention(id="m", start=0, end=14, text="Harbour Bridge")],
    )
    other = Entity(id="o", type="COMPANY", name="Lantern Ltd")
    code = Entity(id="s", type="SECURITY", name="Shares")
    entities = [company, other, code]
    stock = Suggestion(SuggestionKind.MENTION, "SECURITY", 28, 32, "2981", "pattern:stock-code")
    # The stock code is not the company: the suggestion's type decides, then recency.
    assert likely_entity(text, (28, 32), entities, [stock], recent=["c", "s"]) == "s"
    assert likely_entity(text, (38, 49), entities) == "o"  # the name matches
    assert likely_entity(text, (0, 14), entities, recent=["o"]) == "c"
    assert likely_entity(text, (15, 20), entities, recent=["o"]) == "o"

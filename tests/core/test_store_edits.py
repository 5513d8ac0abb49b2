"""Edits through the store: what is accepted, what is refused, and that undo restores exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import AnnotatedDocument, DocumentStatus
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import Store, open_store
from desktop_app.core.validation import validate_document

BOTH_ENGINES = True  # each store test runs on a database file and on a team database

FROZEN = "2025-01-02T03:04:05.678Z"


def without_stamps(annotated: AnnotatedDocument) -> dict:
    data = annotated.model_dump()
    for item in [data["document"], *data["entities"], *data["events"]]:
        item.pop("stamp")
    return data


def frozen_clock(store: Store) -> None:
    """Every edit at the same instant, as when a batch (samples, a script) runs in 1 ms."""
    store.clock = lambda: FROZEN


# --- creating ------------------------------------------------------------------------------


def test_created_annotations_read_back_with_their_text_and_pass_validation(helpers, store):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    annotated = store.annotated(document_id)
    names = [entity.name for entity in annotated.entities]
    assert names == ["Alpha Holdings Limited", "Beta Ltd", "HK$1,234.5 million", "Chan Tai Man"]
    buyer = next(e for e in annotated.entities if e.id == ids["buyer"])
    assert [m.text for m in buyer.mentions] == ["Alpha Holdings Limited", "Company"]
    for entity in annotated.entities:
        for mention in entity.mentions:
            assert helpers.SAMPLE_TEXT[mention.start : mention.end] == mention.text
    acquisition = next(e for e in annotated.events if e.id == ids["acquisition"])
    assert acquisition.trigger is not None and acquisition.trigger.text == "acquire"
    assert [a.role for a in acquisition.arguments] == [
        "buyer",
        "target",
        "consideration",
        "adviser",
    ]
    assert acquisition.arguments[0].mention_id == buyer.mentions[1].id
    assert validate_document(annotated, store.schema) == []
    assert store.stats()["mentions"] == 5
    assert store.stats()["arguments"] == 5


def test_mentions_added_later_keep_the_order_they_were_added_in(helpers, store):
    document_id = helpers.add_document(store)
    text = store.text_of(document_id)
    entity = store.create_entity(document_id, "company", [helpers.span_of(text, "Beta Ltd")])
    store.add_mention(entity.id, *helpers.span_of(text, "貝塔有限公司"))
    store.add_mention(entity.id, *helpers.span_of(text, "Alpha"))
    mentions = store.entity(entity.id).mentions
    assert [m.text for m in mentions] == ["Beta Ltd", "貝塔有限公司", "Alpha"]


def test_a_span_after_an_astral_character_covers_the_right_text(helpers, store):
    document_id = helpers.add_document(store)
    start, end = helpers.span_of(helpers.SAMPLE_TEXT, "貝塔有限公司")
    entity = store.create_entity(document_id, "company", [(start, end)])
    assert entity.mentions[0].text == "貝塔有限公司"
    assert store.entity(entity.id).mentions[0].text == "貝塔有限公司"


# --- refusals ------------------------------------------------------------------------------


def _refused(store: Store, edit, *words: str) -> None:
    before = store.stats()
    with pytest.raises(EditRefused) as refusal:
        edit()
    message = str(refusal.value).lower()
    for word in words:
        assert word in message, (word, message)
    assert store.stats() == before


def test_spans_that_do_not_fit_the_text_are_refused(helpers, store):
    document_id = helpers.add_document(store)
    length = len(helpers.SAMPLE_TEXT)
    _refused(
        store, lambda: store.create_entity(document_id, "company", [(0, length + 1)]), "outside"
    )
    _refused(store, lambda: store.create_entity(document_id, "company", [(5, 5)]), "outside")
    _refused(store, lambda: store.create_entity(document_id, "company", [(7, 3)]), "outside")
    blank = helpers.SAMPLE_TEXT.index(".\n") + 1
    _refused(
        store,
        lambda: store.create_entity(document_id, "company", [(blank, blank + 1)]),
        "white space",
    )


def test_a_span_that_splits_a_character_is_refused(helpers, store):
    text = "Cafe\u0301 Holdings \U0001f1ed\U0001f1f0 Limited"
    document_id = helpers.add_document(store, text=text)
    _refused(store, lambda: store.create_entity(document_id, "company", [(0, 4)]), "splits")
    flag = text.index("\U0001f1ed")
    _refused(
        store, lambda: store.create_entity(document_id, "company", [(flag, flag + 1)]), "splits"
    )
    entity = store.create_entity(document_id, "company", [(0, 5)])
    assert entity.mentions[0].text == "Cafe\u0301"


def test_a_span_that_splits_a_crlf_pair_is_refused(helpers, store):
    text = "Alpha\r\nBeta"
    document_id = helpers.add_document(store, text=text)
    _refused(store, lambda: store.create_entity(document_id, "company", [(0, 6)]), "splits")


def test_unknown_types_and_roles_are_refused(helpers, store):
    document_id = helpers.add_document(store)
    text = store.text_of(document_id)
    span = helpers.span_of(text, "Beta Ltd")
    _refused(store, lambda: store.create_entity(document_id, "planet", [span]), "planet")
    _refused(store, lambda: store.create_event(document_id, "merger"), "merger")
    company = store.create_entity(document_id, "company", [span])
    event = store.create_event(document_id, "acquisition")
    _refused(store, lambda: store.add_argument(event.id, "seller", company.id), "seller")
    _refused(store, lambda: store.update_entity(company.id, type_id="planet"), "planet")


def test_a_role_refuses_an_entity_of_a_type_it_does_not_take(helpers, store):
    document_id = helpers.add_document(store)
    text = store.text_of(document_id)
    price = store.create_entity(document_id, "money", [helpers.span_of(text, "HK$1,234.5 million")])
    event = store.create_event(document_id, "acquisition")
    _refused(store, lambda: store.add_argument(event.id, "buyer", price.id), "company", "money")


def test_a_one_role_refuses_a_second_entity_but_an_any_role_takes_many(helpers, store):
    document_id = helpers.add_document(store)
    text = store.text_of(document_id)
    alpha = store.create_entity(
        document_id, "company", [helpers.span_of(text, "Alpha Holdings Limited")]
    )
    beta = store.create_entity(document_id, "company", [helpers.span_of(text, "Beta Ltd")])
    event = store.create_event(document_id, "acquisition")
    store.add_argument(event.id, "buyer", alpha.id)
    _refused(store, lambda: store.add_argument(event.id, "buyer", beta.id), "already")
    store.add_argument(event.id, "target", beta.id)
    _refused(store, lambda: store.add_argument(event.id, "target", alpha.id), "already")
    store.add_argument(event.id, "adviser", alpha.id)
    store.add_argument(event.id, "adviser", beta.id)
    _refused(store, lambda: store.add_argument(event.id, "adviser", beta.id), "already")
    roles = [argument.role for argument in store.event(event.id).arguments]
    assert roles == ["buyer", "target", "adviser", "adviser"]


def test_an_argument_must_be_an_entity_of_the_same_document(helpers, store):
    first = helpers.add_document(store)
    second = helpers.add_document(store, text="Gamma Limited buys Delta Limited.", title="Other")
    gamma = store.create_entity(second, "company", [(0, 13)])
    event = store.create_event(first, "acquisition")
    _refused(store, lambda: store.add_argument(event.id, "buyer", gamma.id), "same document")


def test_an_argument_mention_must_belong_to_its_entity(helpers, store):
    document_id = helpers.add_document(store)
    text = store.text_of(document_id)
    alpha = store.create_entity(
        document_id, "company", [helpers.span_of(text, "Alpha Holdings Limited")]
    )
    beta = store.create_entity(document_id, "company", [helpers.span_of(text, "Beta Ltd")])
    event = store.create_event(document_id, "acquisition")
    _refused(
        store,
        lambda: store.add_argument(event.id, "buyer", alpha.id, mention_id=beta.mentions[0].id),
        "mention",
    )


def test_an_approved_document_refuses_every_edit_until_reopened(helpers, store):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    text = store.text_of(document_id)
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    store.actor = "bob"  # four-eyes: someone who did not annotate it approves
    store.set_status(document_id, DocumentStatus.APPROVED)
    store.actor = "alice"
    mention_id = store.entity(ids["buyer"]).mentions[0].id
    argument_id = store.event(ids["acquisition"]).arguments[0].id
    span = helpers.span_of(text, "Mr Chan")
    edits = [
        lambda: store.create_entity(document_id, "person", [span]),
        lambda: store.add_mention(ids["target"], *span),
        lambda: store.remove_mention(mention_id),
        lambda: store.update_entity(ids["target"], name="Beta"),
        lambda: store.delete_entity(ids["target"]),
        lambda: store.create_event(document_id, "appointment"),
        lambda: store.update_event(ids["acquisition"], clear_trigger=True),
        lambda: store.delete_event(ids["appointment"]),
        lambda: store.add_argument(ids["appointment"], "issuer", ids["target"]),
        lambda: store.remove_argument(argument_id),
        lambda: store.set_document_field(document_id, "announcement_date", "2025-01-01"),
    ]
    before = store.annotated(document_id)
    for edit in edits:
        _refused(store, edit, "approved")
    assert store.annotated(document_id) == before
    store.set_flag(document_id, "check the price")  # flagging stays allowed
    store.reopen(document_id, note="the price is wrong")
    store.update_entity(ids["target"], name="Beta")
    assert store.entity(ids["target"]).name == "Beta"
    document = store.document(document_id)
    assert (document.flag, document.status_note) == ("check the price", "the price is wrong")


# --- removal and undo ----------------------------------------------------------------------


def test_deleting_an_entity_removes_its_mentions_and_arguments_and_undo_restores_all(
    helpers, store
):
    frozen_clock(store)
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    before = store.annotated(document_id)
    stats = store.stats()

    removal = store.delete_entity(ids["person"])
    after_delete = store.annotated(document_id)
    assert ids["person"] not in [e.id for e in after_delete.entities]
    remaining_refs = [a.entity_id for event in after_delete.events for a in event.arguments]
    assert ids["person"] not in remaining_refs
    assert store.stats()["mentions"] == stats["mentions"] - 1
    assert store.stats()["arguments"] == stats["arguments"] - 2  # adviser and appointee

    changes = store.restore_entity(removal)
    assert changes.entities == {ids["person"]}
    assert changes.events == {ids["acquisition"], ids["appointment"]}
    assert store.annotated(document_id) == before  # same ids, order, positions and stamps
    assert store.stats() == stats


def test_undoing_the_deletion_of_a_middle_entity_keeps_the_list_order(helpers, store):
    frozen_clock(store)
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    order = [e.id for e in store.entities(document_id)]
    store.restore_entity(store.delete_entity(ids["target"]))
    assert [e.id for e in store.entities(document_id)] == order


def test_undo_of_a_deletion_still_works_after_a_new_entity_took_its_place(helpers, store):
    frozen_clock(store)
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    removal = store.delete_entity(ids["person"])  # the newest entity
    text = store.text_of(document_id)
    newcomer = store.create_entity(document_id, "person", [helpers.span_of(text, "Mr Chan")])
    store.restore_entity(removal)
    names = [entity.name for entity in store.entities(document_id)]
    assert sorted(names) == sorted(
        ["Alpha Holdings Limited", "Beta Ltd", "HK$1,234.5 million", "Chan Tai Man", "Mr Chan"]
    )
    assert store.entity(newcomer.id).name == "Mr Chan"
    assert [a.role for a in store.event(ids["appointment"]).arguments] == ["appointee"]


def test_deleting_an_entity_whose_mention_an_argument_names_restores_that_link(helpers, store):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    before = store.annotated(document_id)
    store.restore_entity(store.delete_entity(ids["buyer"]))
    assert store.annotated(document_id) == before
    buyer_argument = store.event(ids["acquisition"]).arguments[0]
    assert buyer_argument.mention_id == store.entity(ids["buyer"]).mentions[1].id


def test_removing_a_mention_unlinks_arguments_and_undo_links_them_again(helpers, store):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    before = store.annotated(document_id)
    named = store.entity(ids["buyer"]).mentions[1]

    removal = store.remove_mention(named.id)
    assert [m.text for m in store.entity(ids["buyer"]).mentions] == ["Alpha Holdings Limited"]
    assert store.event(ids["acquisition"]).arguments[0].mention_id is None
    assert removal.argument_ids == [store.event(ids["acquisition"]).arguments[0].id]

    store.restore_mention(removal)
    # Everything is back; only the entity's "last changed" stamp moved on.
    assert without_stamps(store.annotated(document_id)) == without_stamps(before)


def test_removing_the_first_mention_and_undoing_keeps_mention_order(helpers, store):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    mentions = store.entity(ids["buyer"]).mentions
    store.restore_mention(store.remove_mention(mentions[0].id))
    assert store.entity(ids["buyer"]).mentions == mentions


def test_deleting_an_event_and_undoing_restores_it_with_its_arguments(helpers, store):
    frozen_clock(store)
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    before = store.annotated(document_id)
    removal = store.delete_event(ids["acquisition"])
    assert [e.id for e in store.events(document_id)] == [ids["appointment"]]
    assert store.stats()["arguments"] == 1
    store.restore_event(removal)
    assert store.annotated(document_id) == before


def test_removing_an_argument_and_undoing_puts_it_back_in_its_place(helpers, store):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    arguments = store.event(ids["acquisition"]).arguments
    place = store.remove_argument(arguments[1].id)
    assert [a.role for a in store.event(ids["acquisition"]).arguments] == [
        "buyer",
        "consideration",
        "adviser",
    ]
    store.restore_argument(place)
    assert store.event(ids["acquisition"]).arguments == arguments


def test_updating_an_entity_changes_only_what_was_asked(helpers, store):
    document_id = helpers.add_document(store)
    ids = helpers.annotate_valid(store, document_id)
    before = store.entity(ids["person"])
    store.update_entity(ids["person"], attributes={"position": "officer"})
    after = store.entity(ids["person"])
    assert after.attributes == {"position": "officer"}
    assert (after.name, after.type, after.mentions) == (before.name, before.type, before.mentions)
    store.update_entity(ids["person"], identifier="P-1")
    assert store.entity(ids["person"]).identifier == "P-1"
    store.update_entity(ids["person"], identifier="")
    assert store.entity(ids["person"]).identifier is None
    with pytest.raises(EditRefused, match="name"):
        store.update_entity(ids["person"], name="   ")


# --- stamps and document fields ------------------------------------------------------------


def test_stamps_record_who_created_and_who_last_changed_and_when(helpers, store, engine):
    if engine == "postgresql":
        pytest.skip("a team database stamps with the server's clock: tests/team/test_team_store.py")
    now = {"time": "2025-05-01T00:00:00.000Z"}
    store.clock = lambda: now["time"]
    document_id = helpers.add_document(store)
    text = store.text_of(document_id)
    now["time"] = "2025-05-02T00:00:00.000Z"
    entity = store.create_entity(document_id, "company", [helpers.span_of(text, "Beta Ltd")])
    expected = ("alice", "2025-05-02T00:00:00.000Z")
    assert (entity.stamp.created_by, entity.stamp.created_at) == expected

    store.actor = "bob"
    now["time"] = "2025-05-03T00:00:00.000Z"
    store.update_entity(entity.id, name="Beta Limited")
    stamp = store.entity(entity.id).stamp
    assert (stamp.created_by, stamp.created_at) == expected
    assert (stamp.updated_by, stamp.updated_at) == ("bob", "2025-05-03T00:00:00.000Z")

    now["time"] = "2025-05-04T00:00:00.000Z"
    store.set_document_field(document_id, "announcement_date", "2025-03-31")
    document = store.document(document_id)
    assert (document.stamp.created_by, document.stamp.created_at) == (
        "alice",
        "2025-05-01T00:00:00.000Z",
    )
    assert (document.stamp.updated_by, document.stamp.updated_at) == (
        "bob",
        "2025-05-04T00:00:00.000Z",
    )


def test_document_fields_are_set_and_cleared(helpers, store):
    document_id = helpers.add_document(store)
    changes = store.set_document_field(document_id, "announcement_date", "2025-03-31")
    assert changes.documents == {document_id}
    assert store.document(document_id).metadata == {"announcement_date": "2025-03-31"}
    store.set_document_field(document_id, "announcement_date", None)
    assert store.document(document_id).metadata == {}
    store.set_document_field(document_id, "announcement_date", "2025-04-01")
    store.set_document_field(document_id, "announcement_date", "")
    assert store.document(document_id).metadata == {}


# --- documents: duplicates, search, persistence --------------------------------------------


def test_the_same_text_is_recognised_and_not_stored_twice(helpers, store):
    first, created = store.add_document(text=helpers.SAMPLE_TEXT, title="First import")
    again, created_again = store.add_document(text=helpers.SAMPLE_TEXT, title="Renamed copy")
    assert created and not created_again
    assert again == first
    assert [info.title for info in store.document_infos()] == ["First import"]
    _, different = store.add_document(text=helpers.SAMPLE_TEXT + " ", title="One space more")
    assert different


@pytest.fixture
def searchable(helpers, store):
    english = helpers.add_document(store, title="Discloseable transaction")
    chinese = helpers.add_document(
        store, text="本公司董事會宣佈，本公司已完成配售新股份。", title="配售新股份"
    )
    other = helpers.add_document(
        store, text="Notice of annual general meeting.", title="AGM notice"
    )
    return store, {"english": english, "chinese": chinese, "other": other}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Holdings", {"english"}),
        ("holdings", {"english"}),  # case does not matter for Latin text
        ("acquire Beta", {"english"}),
        ("Discloseable", {"english"}),  # titles are searched too
        ("meeting", {"other"}),
        ("董事會", {"chinese"}),  # three characters: full-text index
        ("完成配售新股份", {"chinese"}),
        ("配售", {"chinese"}),  # two characters: scan
        ("會", {"chinese"}),  # one character
        ("收購", {"english"}),  # the sample's Chinese line
        ("有限公司", {"english"}),
        ("公司", {"english", "chinese"}),
        ("𠀋", {"english"}),
        ("nothing like this", set()),
        ("   ", set()),
        ('"quoted', set()),  # quotes in a query are searched for, never an error
    ],
)
def test_search_finds_english_and_chinese_of_any_length(searchable, query, expected):
    store, ids = searchable
    found = set(store.search(query))
    assert found == {ids[name] for name in expected}


def test_closing_and_reopening_shows_the_same_annotated_document(
    helpers, store_path: Path, schema: AnnotationSchema
):
    store = open_store(store_path, schema, actor="alice")
    document_id = helpers.add_document(store)
    helpers.annotate_valid(store, document_id)
    store.set_document_field(document_id, "announcement_date", "2025-03-31")
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    before = store.annotated(document_id)
    store.close()

    reopened = open_store(store_path, schema, actor="bob")
    try:
        assert reopened.annotated(document_id) == before
        assert reopened.document_infos()[0].status is DocumentStatus.ANNOTATED
        assert reopened.search("Holdings") == [document_id]
    finally:
        reopened.close()

"""The JSON bundle: exact round trip, refusal to export or import anything invalid, all or none."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from desktop_app.core.bundle import (
    ExistingPolicy,
    bundle_json_schema,
    export_bundle,
    import_bundle,
    read_bundle,
)
from desktop_app.core.errors import BundleInvalid
from desktop_app.core.models import DocumentStatus
from desktop_app.core.resources import resources_dir
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store
from desktop_app.core.text import content_hash

BOTH_ENGINES = True

OTHER_TEXT = "Gamma Limited announces that Delta Limited will buy it for HK$2 million.\n"


@pytest.fixture
def exported(tmp_path, store, helpers):
    """A store with two annotated documents exported to ``bundle.json``; returns its JSON."""
    first = helpers.add_document(store, title="Acquisition of Beta")
    helpers.annotate_valid(store, first)
    store.set_document_field(first, "announcement_date", "2025-03-31")
    store.set_status(first, DocumentStatus.ANNOTATED)
    second = helpers.add_document(store, text=OTHER_TEXT, title="Gamma notice")
    gamma = store.create_entity(second, "company", [(0, 13)])
    store.create_entity(second, "security", [(0, 5)], attributes={"code": "00328"})
    event = store.create_event(second, "acquisition")
    delta = store.create_entity(second, "company", [helpers.span_of(OTHER_TEXT, "Delta Limited")])
    price = store.create_entity(second, "money", [helpers.span_of(OTHER_TEXT, "HK$2 million")])
    store.add_argument(event.id, "buyer", delta.id)
    store.add_argument(event.id, "target", gamma.id)
    store.add_argument(event.id, "consideration", price.id)
    path = tmp_path / "bundle.json"
    export_bundle(store, path)
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _problems_of(path: Path) -> list[str]:
    with pytest.raises(BundleInvalid) as invalid:
        read_bundle(path)
    assert str(path) in str(invalid.value)
    return invalid.value.problems


def _state(store):
    return store.stats(), [store.annotated(i) for i in store.document_ids()]


# --- round trip ------------------------------------------------------------------------------


def test_export_import_export_gives_the_same_bundle(tmp_path, store, exported, open_test_store):
    """The same bundle comes back, but for ``exported_at`` and each document's audit history:
    the importing file records its own inserts, after the original entries (kept verbatim)."""
    fresh = open_test_store(tmp_path / "fresh.db", actor="bob")
    report = import_bundle(fresh, tmp_path / "bundle.json")
    assert len(report.added) == 2
    again = tmp_path / "again.json"
    export_bundle(fresh, again)
    second = json.loads(again.read_text(encoding="utf-8"))
    exported.pop("exported_at")
    second.pop("exported_at")
    for original, copy in zip(exported["documents"], second["documents"], strict=True):
        history, copied = original.pop("audit"), copy.pop("audit")
        assert history and {entry["actor"] for entry in history} == {"alice"}
        assert copied[: len(history)] == history
        added = copied[len(history) :]
        assert {(entry["actor"], entry["action"]) for entry in added} == {("bob", "import")}
        assert {entry["chain"] for entry in added} == {fresh.audit_chain()}
        assert fresh.audit_chain() not in {entry["chain"] for entry in history}
    assert second == exported
    for document_id in store.document_ids():
        assert fresh.annotated(document_id) == store.annotated(document_id)


def test_the_bundle_file_lists_documents_one_per_line_in_store_order(tmp_path, exported):
    titles = [item["document"]["title"] for item in exported["documents"]]
    assert titles == ["Acquisition of Beta", "Gamma notice"]
    assert exported["offset_unit"] == "codepoint"
    assert exported["annotation_schema"]["name"] == "core-tests"
    lines = (tmp_path / "bundle.json").read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith('  {"document"') for line in lines) == 2


def test_the_written_bundle_matches_the_published_json_schema(exported):
    published = json.loads((resources_dir() / "bundle.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(published)
    jsonschema.Draft202012Validator(published).validate(exported)


def test_the_published_json_schema_file_is_up_to_date():
    expected = json.dumps(bundle_json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert (resources_dir() / "bundle.schema.json").read_text(encoding="utf-8") == expected


def test_export_with_a_status_filter_or_a_selection(tmp_path, store, exported):
    annotated_only = tmp_path / "annotated.json"
    report = export_bundle(store, annotated_only, status="annotated")
    data = json.loads(annotated_only.read_text(encoding="utf-8"))
    assert [d["document"]["title"] for d in data["documents"]] == ["Acquisition of Beta"]
    assert (report.documents, report.mentions, report.events) == (1, 5, 2)

    second_id = store.document_ids()[1]
    chosen = tmp_path / "chosen.json"
    export_bundle(store, chosen, document_ids=[second_id])
    data = json.loads(chosen.read_text(encoding="utf-8"))
    assert [d["document"]["id"] for d in data["documents"]] == [second_id]

    nothing = tmp_path / "approved.json"
    assert export_bundle(store, nothing, status="approved").documents == 0
    assert json.loads(nothing.read_text(encoding="utf-8"))["documents"] == []


# --- export refuses invalid data -------------------------------------------------------------


def test_export_refuses_and_lists_every_problem_leaving_the_target_alone(tmp_path, store, helpers):
    good = helpers.add_document(store, text=OTHER_TEXT, title="Good one")
    store.create_entity(good, "company", [(0, 13)])
    bad = helpers.add_document(store, title="Needs work")
    ids = helpers.annotate_valid(store, bad)
    buyer_argument = store.event(ids["acquisition"]).arguments[0]
    store.remove_argument(buyer_argument.id)
    store.create_entity(bad, "security", [helpers.span_of(helpers.SAMPLE_TEXT, "Beta")])
    store.update_entity(ids["person"], attributes={"position": "chairman"})
    store.set_status(bad, DocumentStatus.ANNOTATED)  # claims to be finished: incomplete refuses

    target = tmp_path / "out.json"
    target.write_text("yesterday's export", encoding="utf-8")
    with pytest.raises(BundleInvalid) as refusal:
        export_bundle(store, target)
    problems = refusal.value.problems
    assert str(target) in str(refusal.value)
    assert len(problems) == 3
    assert any("required role buyer is empty" in p for p in problems)
    assert any("required field “Code” is empty" in p for p in problems)
    assert any("“Position” must be one of" in p and "chairman" in p for p in problems)
    assert all(p.startswith("Needs work: ") for p in problems)
    assert target.read_text(encoding="utf-8") == "yesterday's export"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")]

    fresh_target = tmp_path / "never.json"
    with pytest.raises(BundleInvalid):
        export_bundle(store, fresh_target)
    assert not fresh_target.exists()
    export_bundle(store, fresh_target, document_ids=[good])  # the good one alone is fine
    assert fresh_target.exists()


# --- read_bundle reports what is wrong -------------------------------------------------------


def test_invalid_json_is_reported_with_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "announcement-annotations",\n  "documents": [,]\n}', "utf-8")
    problems = _problems_of(path)
    assert problems and "line 3, column" in problems[0]


@pytest.mark.parametrize(
    "content",
    [
        '{"format": "label-studio", "documents": []}',
        "[1, 2, 3]",
        '"announcement-annotations"',
        "{}",
    ],
)
def test_a_json_file_that_is_not_a_bundle_is_reported(tmp_path, content):
    path = tmp_path / "other.json"
    path.write_text(content, encoding="utf-8")
    assert any("format" in p for p in _problems_of(path))


def test_a_file_that_is_not_text_is_reported(tmp_path):
    path = tmp_path / "picture.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(BundleInvalid, match="not UTF-8"):
        read_bundle(path)


def test_a_missing_bundle_file_is_reported(tmp_path):
    with pytest.raises(BundleInvalid, match="cannot read"):
        read_bundle(tmp_path / "nowhere.json")


def _entity(data, document: int, name: str):
    return next(e for e in data["documents"][document]["entities"] if e["name"] == name)


def _event(data, document: int, type_id: str):
    return next(e for e in data["documents"][document]["events"] if e["type"] == type_id)


def _argument(event, role: str):
    return next(a for a in event["arguments"] if a["role"] == role)


def _set_offset_outside(data):
    _entity(data, 0, "Beta Ltd")["mentions"][0]["end"] = 10_000


def _change_covered_text(data):
    _entity(data, 0, "Beta Ltd")["mentions"][0]["text"] = "Beta Limited"


def _dangle_argument(data):
    _argument(_event(data, 0, "acquisition"), "target")["entity_id"] = "no-such-entity"


def _fill_role_with_wrong_type(data):
    price_id = _entity(data, 0, "HK$1,234.5 million")["id"]
    _argument(_event(data, 0, "acquisition"), "target")["entity_id"] = price_id


def _two_buyers(data):
    event = _event(data, 0, "acquisition")
    extra = dict(_argument(event, "target"), id="extra-argument", role="buyer")
    event["arguments"].append(extra)


def _empty_required_role(data):
    event = _event(data, 0, "acquisition")
    event["arguments"] = [a for a in event["arguments"] if a["role"] != "consideration"]


def _drop_required_attribute(data):
    """In a document that claims to be finished, where incomplete data is refused (its history
    goes too: it would rightly disagree with the edited status)."""
    data["documents"][1]["document"]["status"] = "annotated"
    data["documents"][1]["audit"] = []
    _entity(data, 1, "Gamma")["attributes"] = {}


def _change_text_not_hash(data):
    document = data["documents"][1]["document"]
    document["text"] = document["text"].replace("HK$2", "HK$3")


def _wrong_enum_value(data):
    _entity(data, 0, "Chan Tai Man")["attributes"]["position"] = "chairman"


def _unknown_entity_type(data):
    _entity(data, 0, "Beta Ltd")["type"] = "planet"


def _mention_of_another_entity(data):
    beta_mention = _entity(data, 0, "Beta Ltd")["mentions"][0]["id"]
    _argument(_event(data, 0, "acquisition"), "buyer")["mention_id"] = beta_mention


def _duplicate_document_id(data):
    data["documents"][1]["document"]["id"] = data["documents"][0]["document"]["id"]


def _unknown_field(data):
    data["documents"][0]["document"]["colour"] = "red"


def _page_the_document_lacks(data):
    _entity(data, 0, "Beta Ltd")["mentions"][0]["page"] = 7


def _same_text_twice(data):
    copy = json.loads(json.dumps(data["documents"][0]))
    copy["document"]["id"] = "copy"
    copy["document"]["title"] = "Copy"
    copy["entities"], copy["events"] = [], []
    data["documents"].append(copy)


def _id_shared_across_documents(data):
    _entity(data, 1, "Gamma")["id"] = _entity(data, 0, "Beta Ltd")["id"]


def _negative_offset(data):
    _entity(data, 0, "Beta Ltd")["mentions"][0]["start"] = -1


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_set_offset_outside, "lies outside the text"),
        (_change_covered_text, "but the text there is 'Beta Ltd'"),
        (_dangle_argument, "role target: points to a missing entity"),
        (_fill_role_with_wrong_type, "role target: takes company, not money"),
        (_two_buyers, "role buyer takes one entity but has 2"),
        (_empty_required_role, "required role consideration is empty"),
        (_drop_required_attribute, "required field “Code” is empty"),
        (_change_text_not_hash, "content_hash does not match the text"),
        (_wrong_enum_value, "must be one of director, officer, shareholder"),
        (_unknown_entity_type, "entity type 'planet' is not in the schema"),
        (_mention_of_another_entity, "points to a mention of another entity"),
        (_duplicate_document_id, "appears twice"),
        (_unknown_field, "colour"),
        (_negative_offset, "start"),
        (_page_the_document_lacks, "is on page 7, which the document lacks"),
        (_same_text_twice, "Copy: same text as Acquisition of Beta"),
        (_id_shared_across_documents, "is also used in Acquisition of Beta"),
    ],
)
def test_each_kind_of_broken_bundle_is_reported_in_words(tmp_path, exported, mutate, expected):
    mutate(exported)
    problems = _problems_of(_write(tmp_path / "edited.json", exported))
    assert any(expected in problem for problem in problems), problems


def test_every_problem_is_listed_not_just_the_first(tmp_path, exported):
    for document in exported["documents"]:
        document["audit"] = []  # else each edit is also reported as disagreeing with its history
    _change_covered_text(exported)
    _dangle_argument(exported)
    _drop_required_attribute(exported)
    problems = _problems_of(_write(tmp_path / "edited.json", exported))
    assert len(problems) == 3
    assert sum(p.startswith("Acquisition of Beta: ") for p in problems) == 2
    assert sum(p.startswith("Gamma notice: ") for p in problems) == 1


def test_a_bundle_saved_with_a_bom_and_crlf_is_still_read(tmp_path, exported):
    path = tmp_path / "windows.json"
    text = json.dumps(exported, ensure_ascii=False, indent=2).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    bundle, _ = read_bundle(path)
    assert len(bundle.documents) == 2


# --- import ----------------------------------------------------------------------------------


def test_a_bundle_with_one_bad_document_imports_nothing(
    tmp_path, exported, open_test_store, helpers
):
    target = open_test_store(tmp_path / "target.db")
    helpers.add_document(target, text="Already here.", title="Existing")
    before = _state(target)
    _change_covered_text(exported)
    with pytest.raises(BundleInvalid):
        import_bundle(target, _write(tmp_path / "edited.json", exported))
    assert _state(target) == before


def test_a_failure_while_writing_rolls_back_every_document(
    tmp_path, exported, open_test_store, helpers
):
    """The second document's entity id is already used in the database: the first document,
    already written inside the transaction, must go too."""
    target = open_test_store(tmp_path / "target.db")
    clash_text = "Someone else's notice about Gamma."
    clash = helpers.add_document(target, text=clash_text, title="Existing")
    entity = target.create_entity(clash, "company", [helpers.span_of(clash_text, "Gamma")])
    before = _state(target)
    _entity(exported, 1, "Gamma")["id"] = entity.id
    with pytest.raises(BundleInvalid) as refusal:
        import_bundle(target, _write(tmp_path / "clash.json", exported))
    assert "Gamma notice" in " ".join([str(refusal.value), *refusal.value.problems])
    assert _state(target) == before


def test_importing_the_same_documents_again_fails_by_default(tmp_path, store, exported):
    before = _state(store)
    with pytest.raises(BundleInvalid) as refusal:
        import_bundle(store, tmp_path / "bundle.json")
    assert "already" in str(refusal.value)
    assert refusal.value.problems == [
        "Acquisition of Beta: already in the database",
        "Gamma notice: already in the database",
    ]
    assert _state(store) == before


def _store_with_local_changes(tmp_path, open_test_store, helpers):
    """A copy of the first bundled document with a local extra entity, and no second one."""
    target = open_test_store(tmp_path / "target.db")
    import_bundle(target, tmp_path / "bundle.json")
    first, second = target.document_ids()
    target.delete_document(second)
    target.create_entity(first, "company", [helpers.span_of(helpers.SAMPLE_TEXT, "Alpha")])
    return target, first, second


def test_skip_keeps_existing_documents_and_adds_the_new_ones(
    tmp_path, exported, open_test_store, helpers
):
    target, first, second = _store_with_local_changes(tmp_path, open_test_store, helpers)
    local = target.annotated(first)
    report = import_bundle(target, tmp_path / "bundle.json", ExistingPolicy.SKIP)
    assert (report.skipped, report.added, report.replaced) == ([first], [second], [])
    assert target.annotated(first) == local
    assert target.document_ids() == [first, second]


def test_replace_puts_the_bundled_version_in_place_of_the_local_one(
    tmp_path, store, exported, open_test_store, helpers
):
    target, first, second = _store_with_local_changes(tmp_path, open_test_store, helpers)
    # The local extra entity is work the bundle lacks: replacing it must be asked for.
    report = import_bundle(target, tmp_path / "bundle.json", ExistingPolicy.REPLACE, force=True)
    assert (report.replaced, report.added, report.skipped) == ([first], [second], [])
    assert target.annotated(first) == store.annotated(first)
    assert target.stats()["documents"] == 2


def test_replace_recognises_the_same_text_under_another_id(
    tmp_path, store, exported, open_test_store, helpers
):
    target = open_test_store(tmp_path / "target.db")
    local_id = helpers.add_document(target, title="My own import")  # same text as document 1
    report = import_bundle(target, tmp_path / "bundle.json", ExistingPolicy.REPLACE)
    bundled_id = exported["documents"][0]["document"]["id"]
    assert report.replaced == [bundled_id]
    assert local_id not in target.document_ids()
    assert target.annotated(bundled_id) == store.annotated(bundled_id)


def test_a_bundle_under_another_schema_imports_only_if_it_fits(
    tmp_path, exported, open_test_store, helpers
):
    narrower = helpers.TEST_SCHEMA_TOML.replace('version = "1.0"', 'version = "2.0"')
    cut = narrower.index('[[entity_types]]\nid = "security"')
    narrower = narrower[:cut] + narrower[narrower.index("[[event_types]]") :]
    schema_file = helpers.write_schema(tmp_path, narrower, "narrow.toml")
    target = open_store(tmp_path / "narrow.db", load_schema(schema_file), actor="alice")
    try:
        with pytest.raises(BundleInvalid) as refusal:
            import_bundle(target, tmp_path / "bundle.json")
        assert "does not fit" in str(refusal.value)
        assert any("'security' is not in the schema" in p for p in refusal.value.problems)
        assert target.stats()["documents"] == 0

        exported["documents"] = exported["documents"][:1]  # no security entity in this one
        report = import_bundle(target, _write(tmp_path / "first.json", exported))
        assert len(report.added) == 1
    finally:
        target.close()


def test_a_document_whose_text_is_not_normalised_round_trips(tmp_path, exported, open_test_store):
    text = "Line one\r\nAlpha Limited\rline 3\u2028𠀋 end"
    document = exported["documents"][1]
    document["document"].update(text=text, content_hash=content_hash(text), title="CRLF")
    document["audit"] = []  # the history of the document it was made from would not fit
    start = text.index("Alpha Limited")
    document["entities"] = [
        {
            "id": "crlf-entity",
            "type": "company",
            "name": "Alpha Limited",
            "mentions": [
                {"id": "m1", "start": start, "end": start + 13, "text": "Alpha Limited"},
                {"id": "m2", "start": 0, "end": 10, "text": "Line one\r\n"},
            ],
        }
    ]
    document["events"] = []
    target = open_test_store(tmp_path / "target.db")
    import_bundle(target, _write(tmp_path / "crlf.json", exported))
    stored = target.annotated(document["document"]["id"])
    assert stored.document.text == text
    assert [(m.start, m.end, m.text) for m in stored.entities[0].mentions] == [
        (start, start + 13, "Alpha Limited"),
        (0, 10, "Line one\r\n"),
    ]

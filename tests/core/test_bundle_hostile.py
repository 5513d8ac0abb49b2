"""Hostile bundles, case by case: numbers too large to read, values of the wrong JSON type, and
histories that do not fit the document they travel with. Each is refused with a message naming
where in the file the problem is, never a traceback, and the database is left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from desktop_app.cli import main
from desktop_app.core.audit_chain import entry_hash
from desktop_app.core.bundle import MAX_BUNDLE_INTEGER, export_bundle, import_bundle, read_bundle
from desktop_app.core.errors import BundleInvalid
from desktop_app.core.models import DocumentStatus
from desktop_app.core.resources import resources_dir

BOTH_ENGINES = True  # each store test runs on a database file and on a team database

OTHER_TEXT = "Gamma Limited announces that Delta Limited will buy it for HK$2 million.\n"
HUGE = "1" + "0" * 4999  # 5,000 digits: past Python's int-from-string limit of 4,300


@pytest.fixture
def bundle(tmp_path, store, helpers) -> dict:
    """A two-document bundle (the first annotated, the second with one entity), as JSON."""
    first = helpers.add_document(store, title="Acquisition of Beta")
    helpers.annotate_valid(store, first)
    store.set_status(first, DocumentStatus.ANNOTATED)
    second = helpers.add_document(store, text=OTHER_TEXT, title="Gamma notice")
    store.create_entity(second, "company", [(0, 13)])
    path = tmp_path / "bundle.json"
    export_bundle(store, path)
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def target(tmp_path, open_test_store, helpers):
    store = open_test_store(tmp_path / "target.db", actor="bob")
    helpers.add_document(store, text="Already here: Epsilon Limited.", title="Existing")
    return store


def _state(store):
    return store.stats(), [store.annotated(i) for i in store.document_ids()]


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _refusal(path: Path) -> BundleInvalid:
    with pytest.raises(BundleInvalid) as refused:
        read_bundle(path)
    assert str(path) in str(refused.value)
    return refused.value


def _entity(data, document: int, name: str):
    return next(e for e in data["documents"][document]["entities"] if e["name"] == name)


def _entity_index(data, document: int, name: str) -> int:
    names = [e["name"] for e in data["documents"][document]["entities"]]
    return names.index(name)


# --- numbers too large ------------------------------------------------------------------------


def _with_huge_start(tmp_path: Path, data) -> tuple[Path, str]:
    """The bundle with a 5,000-digit offset, and the place it is at."""
    index = _entity_index(data, 0, "Beta Ltd")
    data["documents"][0]["entities"][index]["mentions"][0]["start"] = 987_654_321_987
    text = json.dumps(data, ensure_ascii=False).replace("987654321987", HUGE)
    path = tmp_path / "huge.json"
    path.write_text(text, encoding="utf-8")
    return path, f"documents.0.entities.{index}.mentions.0.start"


def test_a_5000_digit_offset_is_named_by_validate_and_exits_1(tmp_path, bundle, capsys):
    path, place = _with_huge_start(tmp_path, bundle)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert str(path) in err
    assert f"  - {place}: a number of 5000 digits is out of range" in err


@pytest.mark.file_only  # tampers with the file / runs the command line on it
def test_a_5000_digit_offset_is_refused_by_import_bundle_leaving_the_database(
    tmp_path, bundle, target, schema_path, capsys
):
    path, place = _with_huge_start(tmp_path, bundle)
    before = _state(target)
    common = ["--db", str(target.path), "--schema", str(schema_path)]
    assert main([*common, "import-bundle", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert place in err and "out of range" in err
    assert _state(target) == before


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (MAX_BUNDLE_INTEGER, True),
        (MAX_BUNDLE_INTEGER + 1, False),
        (-MAX_BUNDLE_INTEGER - 1, False),
        (1e300, False),
    ],
)
def test_integers_are_bounded_as_the_published_schema_says(tmp_path, bundle, value, accepted):
    """An attribute value may be any number, so only the bound decides; parsing and the
    published JSON Schema agree on it."""
    bundle["documents"][0]["document"]["metadata"]["serial"] = value
    published = json.loads((resources_dir() / "bundle.schema.json").read_text(encoding="utf-8"))
    assert jsonschema.Draft202012Validator(published).is_valid(bundle) is accepted
    path = _write(tmp_path / "bounded.json", bundle)
    with pytest.raises(BundleInvalid) as refused:
        read_bundle(path)
    lines = refused.value.problems
    if accepted:  # in range: refused only because the schema does not define 'serial'
        assert lines == [
            "Acquisition of Beta: document has attribute 'serial', which the schema does not define"
        ]
    else:
        assert lines == [
            f"documents.0.document.metadata.serial: {value} is out of range (a bundle's numbers "
            f"lie within ±{MAX_BUNDLE_INTEGER})"
        ]


def test_nan_and_infinity_are_not_json(tmp_path, bundle):
    text = json.dumps(bundle).replace('"start": 0,', '"start": NaN,', 1)
    assert "NaN" in text
    path = tmp_path / "nan.json"
    path.write_text(text, encoding="utf-8")
    assert _refusal(path).problems == [
        "not valid JSON: NaN is not a JSON value (JSON has no NaN or Infinity)"
    ]


# --- values of the wrong type: no coercion ----------------------------------------------------


def _first_mention_place(data) -> tuple[dict, str]:
    index = _entity_index(data, 0, "Beta Ltd")
    return data["documents"][0]["entities"][index]["mentions"][0], f"documents.0.entities.{index}"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start", "68", "Input should be a valid integer"),
        ("end", True, "Input should be a valid integer"),
        ("page", "1", "Input should be a valid integer"),
        ("text", 68, "Input should be a valid string"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_its_place(
    tmp_path, bundle, target, field, value, message
):
    mention, entity_place = _first_mention_place(bundle)
    mention[field] = value
    path = _write(tmp_path / "typed.json", bundle)
    published = json.loads((resources_dir() / "bundle.schema.json").read_text(encoding="utf-8"))
    assert not jsonschema.Draft202012Validator(published).is_valid(bundle)
    assert f"{entity_place}.mentions.0.{field}: {message}" in _refusal(path).problems
    before = _state(target)
    with pytest.raises(BundleInvalid):
        import_bundle(target, path)
    assert _state(target) == before


def test_the_string_370_is_not_an_offset_even_where_it_would_fit(tmp_path, bundle):
    """The defect as reported: ``"start": "370"`` used to be coerced and reported valid."""
    mention, entity_place = _first_mention_place(bundle)
    mention["start"] = str(mention["start"])
    problems = _refusal(_write(tmp_path / "coerced.json", bundle)).problems
    assert problems == [f"{entity_place}.mentions.0.start: Input should be a valid integer"]


def test_audit_values_and_statuses_are_not_coerced_either(tmp_path, bundle):
    bundle["documents"][0]["audit"][0]["seq"] = "1"
    bundle["documents"][1]["document"]["status"] = 3
    problems = _refusal(_write(tmp_path / "coerced.json", bundle)).problems
    assert "documents.0.audit.0.seq: Input should be a valid integer" in problems
    assert any(p.startswith("documents.1.document.status: Input should be") for p in problems)


# --- histories that do not fit the document ---------------------------------------------------


def _rehash(entry: dict) -> dict:
    entry["hash"] = entry_hash(
        entry["prev_hash"],
        entry["seq"],
        entry["at"],
        entry["actor"],
        entry["document_id"],
        entry["action"],
        entry["table_name"],
        entry["row_id"],
        entry["before"],
        entry["after"],
    )
    return entry


def _rechain(entries: list[dict]) -> None:
    """Recompute every hash and link, as anyone who read ``audit_chain`` can."""
    previous = None
    for entry in entries:
        if previous is not None:
            entry["prev_hash"] = previous["hash"]
        _rehash(entry)
        previous = entry


def test_an_annotation_edited_after_export_no_longer_fits_its_history(tmp_path, bundle):
    """A valid-looking edit (Beta's mention moved onto 'Alpha') that the history never saw."""
    mention, _ = _first_mention_place(bundle)
    mention_id = mention["id"]
    mention.update(start=0, end=5, text="Alpha")
    problems = _refusal(_write(tmp_path / "edited.json", bundle)).problems
    assert any(
        f"the latest change of mention {mention_id}, disagrees with it on end, start, text" in p
        for p in problems
    ), problems


def test_a_stamp_rewritten_after_export_no_longer_fits_its_history(tmp_path, bundle):
    entity = _entity(bundle, 0, "Beta Ltd")
    entity["stamp"]["updated_by"] = "mallory"
    problems = _refusal(_write(tmp_path / "restamped.json", bundle)).problems
    assert any(f"entity {entity['id']}, disagrees with it on updated_by" in p for p in problems)


def test_entries_out_of_order_are_refused(tmp_path, bundle):
    audit = bundle["documents"][0]["audit"]
    audit[1], audit[2] = audit[2], audit[1]
    problems = _refusal(_write(tmp_path / "shuffled.json", bundle)).problems
    assert any(f"audit entry {audit[2]['seq']}: comes after entry" in p for p in problems)


def test_one_files_entries_split_around_anothers_are_refused(tmp_path, bundle, open_test_store):
    """A passed-on history is the first file's entries, then the importer's: not interleaved."""
    middle = open_test_store(tmp_path / "middle.db", actor="bob")
    import_bundle(middle, _write(tmp_path / "first.json", bundle))
    passed_on = tmp_path / "passed-on.json"
    export_bundle(middle, passed_on)
    data = json.loads(passed_on.read_text(encoding="utf-8"))
    audit = data["documents"][1]["audit"]
    assert len({entry["chain"] for entry in audit}) == 2
    moved = audit.pop(0)
    audit.append(moved)
    problems = _refusal(_write(tmp_path / "interleaved.json", data)).problems
    assert any(f"its chain {moved['chain']} appeared earlier" in p for p in problems), problems


def test_an_entry_about_another_documents_row_is_refused_even_relabelled(tmp_path, bundle):
    """An entry lifted from the second document, relabelled and re-hashed to pass as the
    first's: the row it records still names the second document."""
    lifted = next(dict(e) for e in bundle["documents"][1]["audit"] if e["table_name"] == "entities")
    first = bundle["documents"][0]
    lifted["document_id"] = first["document"]["id"]
    first["audit"].append(_rehash(lifted))
    problems = _refusal(_write(tmp_path / "lifted.json", bundle)).problems
    assert any(
        f"audit entry {lifted['seq']}: records entity {lifted['row_id']} of another document" in p
        for p in problems
    ), problems


def test_a_history_that_deletes_a_row_the_document_has_is_refused(tmp_path, bundle):
    first = bundle["documents"][0]
    entity = _entity(bundle, 0, "Beta Ltd")
    last = first["audit"][-1]
    inserted = next(e for e in first["audit"] if e["row_id"] == entity["id"])
    deletion = dict(
        last,
        seq=last["seq"] + 1,
        prev_hash=last["hash"],
        action="delete",
        table_name="entities",
        row_id=entity["id"],
        before=inserted["after"],
        after=None,
    )
    first["audit"].append(_rehash(deletion))
    problems = _refusal(_write(tmp_path / "deleted.json", bundle)).problems
    assert any(f"says entity {entity['id']} was deleted, but it is here" in p for p in problems)


def test_a_malformed_entry_is_refused(tmp_path, bundle):
    first = bundle["documents"][0]
    entry = first["audit"][-1]
    entry["before"] = None  # the last change is an update: it must say what was before
    assert entry["action"] == "update"
    _rechain(first["audit"])
    problems = _refusal(_write(tmp_path / "malformed.json", bundle)).problems
    assert any("malformed (an update has both 'before' and 'after')" in p for p in problems)


def test_a_consistently_fabricated_history_still_validates_as_documented(tmp_path, bundle):
    """The limit the README states: the chain's formula is public, so a history rewritten
    throughout (here: every change credited to 'mallory') and re-hashed passes every check.
    A bundle's history shows consistency, not authorship."""
    for document in bundle["documents"]:
        for entry in document["audit"]:
            entry["actor"] = "mallory"
        _rechain(document["audit"])
    read_bundle(_write(tmp_path / "fabricated.json", bundle))

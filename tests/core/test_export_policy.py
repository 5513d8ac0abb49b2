"""What export and import refuse and what they only warn about.

Wrong data (offsets, covered text, references, unknown types or values, too many entities in a
role) is always refused. Incomplete data (empty required fields, attributes or roles) is refused
in documents that claim to be finished (annotated, approved) and reported as a warning in
documents still being worked on; ``strict`` refuses every problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.bundle import export_bundle, import_bundle, read_bundle
from desktop_app.core.errors import BundleInvalid
from desktop_app.core.models import DocumentStatus
from desktop_app.core.validation import ProblemKind, validate_document

BOTH_ENGINES = True

ANNOUNCEMENT = (
    "{name} HOLDINGS LIMITED\n"
    "(Stock Code: {code})\n"
    "\n"
    "VOLUNTARY ANNOUNCEMENT\n"
    "The board of {name} Holdings Limited announces a change of its company secretary.\n"
)
NAMES = ["ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA", "ETA"]
OTHER_TEXT = "Gamma Limited announces that Delta Limited will buy it for HK$2 million.\n"


def _state(store):
    return store.stats(), [store.annotated(i) for i in store.document_ids()]


@pytest.fixture
def fresh_announcements(tmp_path) -> Path:
    """Seven announcements with a stock code but no publication date (the shipped schema
    requires one), as a reviewer receives them."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    for number, name in enumerate(NAMES, start=1):
        text = ANNOUNCEMENT.format(name=name, code=f"{number:04d}")
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    return folder


def test_seven_fresh_announcements_export_with_warnings_not_refusals(
    tmp_path, fresh_announcements, capsys
):
    db, out = tmp_path / "work.db", tmp_path / "out.json"
    assert main(["--db", str(db), "import", str(fresh_announcements)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "export", str(out)]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 7
    assert all("required field “Publication date” is empty" in line for line in warnings)
    assert f"wrote {out}: 7 documents" in captured.out and "7 warnings" in captured.out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {d["document"]["status"] for d in data["documents"]} == {"new"}

    assert main(["validate", str(out)]) == 0  # passing unfinished work on is allowed
    assert "valid (7 documents, 7 warnings)" in capsys.readouterr().out

    skipping = tmp_path / "skipping.json"
    assert main(["--db", str(db), "export", str(skipping), "--skip-invalid"]) == 0
    assert "7 documents" in capsys.readouterr().out

    strict = tmp_path / "strict.json"
    assert main(["--db", str(db), "export", str(strict), "--strict"]) == 1
    assert "not written, 7 problems" in capsys.readouterr().err
    assert not strict.exists()
    assert main(["validate", str(out), "--strict"]) == 1


@pytest.fixture
def unfinished(store, helpers) -> str:
    """A document in progress with an acquisition whose required roles are empty."""
    document_id = helpers.add_document(store, title="Unfinished")
    store.set_status(document_id, DocumentStatus.IN_PROGRESS)
    store.create_event(document_id, "acquisition")
    return document_id


def test_problems_say_whether_data_is_wrong_or_work_unfinished(store, unfinished, helpers):
    person = store.create_entity(
        unfinished,
        "person",
        [helpers.span_of(helpers.SAMPLE_TEXT, "Chan Tai Man")],
        attributes={"position": "chairman"},
    )
    kinds = {
        problem.message: problem.kind
        for problem in validate_document(store.annotated(unfinished), store.schema)
    }
    assert kinds == {
        "event acquisition: required role buyer is empty": ProblemKind.INCOMPLETE,
        "event acquisition: required role consideration is empty": ProblemKind.INCOMPLETE,
        f"person '{person.name}': “Position” must be one of director, officer, shareholder, "
        "not 'chairman'": ProblemKind.STRUCTURAL,
    }


def test_an_unfinished_document_exports_with_warnings(tmp_path, store, unfinished):
    path = tmp_path / "out.json"
    report = export_bundle(store, path)
    assert report.documents == 1 and report.problems == []
    assert report.warning_lines() == [
        "Unfinished: event acquisition: required role buyer is empty",
        "Unfinished: event acquisition: required role consideration is empty",
    ]
    with pytest.raises(BundleInvalid, match="2 problem"):
        export_bundle(store, tmp_path / "strict.json", strict=True)
    assert not (tmp_path / "strict.json").exists()


def test_a_document_claiming_to_be_finished_must_be_complete(tmp_path, store, unfinished):
    store.set_status(unfinished, DocumentStatus.ANNOTATED)
    path = tmp_path / "out.json"
    with pytest.raises(BundleInvalid) as refused:
        export_bundle(store, path)
    assert refused.value.problems == [
        "Unfinished: event acquisition: required role buyer is empty",
        "Unfinished: event acquisition: required role consideration is empty",
    ]
    assert not path.exists()


def test_wrong_data_is_refused_whatever_the_status(tmp_path, store, helpers):
    document_id = helpers.add_document(store, title="Wrong")  # status new
    store.create_entity(
        document_id,
        "person",
        [helpers.span_of(helpers.SAMPLE_TEXT, "Chan Tai Man")],
        attributes={"position": "chairman"},
    )
    good = helpers.add_document(store, text=OTHER_TEXT, title="Fine")
    store.create_event(good, "acquisition")  # incomplete, but not finished: a warning
    with pytest.raises(BundleInvalid) as refused:
        export_bundle(store, tmp_path / "out.json")
    assert [line.split(":")[0] for line in refused.value.problems] == ["Wrong"]

    path = tmp_path / "skipping.json"
    report = export_bundle(store, path, skip_invalid=True)
    assert [d["document"]["id"] for d in json.loads(path.read_text("utf-8"))["documents"]] == [good]
    assert report.skipped == [refused.value.problems[0]]
    assert len(report.warnings) == 2


def test_import_accepts_unfinished_work_and_refuses_incomplete_finished_work(
    tmp_path, store, unfinished, open_test_store
):
    path = tmp_path / "out.json"
    export_bundle(store, path)
    target = open_test_store(tmp_path / "target.db", actor="bob")
    before = _state(target)
    with pytest.raises(BundleInvalid):
        import_bundle(target, path, strict=True)
    assert _state(target) == before
    report = import_bundle(target, path)
    assert report.added == [unfinished]
    assert [line.split(": ", 1)[1] for line in report.warnings] == [
        "event acquisition: required role buyer is empty",
        "event acquisition: required role consideration is empty",
    ]

    data = json.loads(path.read_text(encoding="utf-8"))
    data["documents"][0]["document"]["status"] = "approved"  # claimed, not earned
    data["documents"][0]["audit"] = []  # else it would rightly disagree with the status
    claimed = tmp_path / "claimed.json"
    claimed.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BundleInvalid) as refused:
        read_bundle(claimed)
    assert "Unfinished: event acquisition: required role buyer is empty" in refused.value.problems
    other = open_test_store(tmp_path / "other.db", actor="carol")
    before = _state(other)
    with pytest.raises(BundleInvalid):
        import_bundle(other, claimed)
    assert _state(other) == before


def test_a_document_left_out_brings_no_warnings_into_the_report(tmp_path, store, helpers):
    wrong = helpers.add_document(store, title="Wrong")
    store.create_entity(
        wrong,
        "person",
        [helpers.span_of(helpers.SAMPLE_TEXT, "Chan Tai Man")],
        attributes={"position": "chairman"},  # not a value of the enum: refused
    )
    store.create_event(wrong, "acquisition")  # and incomplete: would be a warning
    good = helpers.add_document(store, text=OTHER_TEXT, title="Fine")
    store.create_event(good, "acquisition")
    report = export_bundle(store, tmp_path / "out.json", skip_invalid=True)
    assert [line.split(":")[0] for line in report.skipped] == ["Wrong"]
    assert {line.split(":")[0] for line in report.warning_lines()} == {"Fine"}

"""``import-bundle --on-existing replace``: it replaces only when it is clear which local
document a bundled one replaces and that nothing done here would be lost, unless told to
(``force`` / ``--force-replace``); every refusal names each document and why, and changes
nothing; a replace says exactly what took the place of what."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.bundle import ExistingPolicy, export_bundle, import_bundle
from desktop_app.core.errors import BundleInvalid
from desktop_app.core.models import DocumentStatus
from desktop_app.core.text import content_hash

BOTH_ENGINES = True

REPLACE = ExistingPolicy.REPLACE
OTHER_TEXT = "Gamma Limited announces that Delta Limited will buy it for HK$2 million.\n"


def _state(store):
    """Everything a refused import must leave as it was, audit trail included."""
    ids = store.document_ids()
    return (
        store.stats(),
        [(store.document_info(i).content_hash, store.annotated(i)) for i in ids],
        len(store.audit_entries()),
    )


@pytest.fixture
def source(tmp_path, open_test_store, helpers):
    """Alice's database: one annotated document, exported as ``v1.json``."""
    store = open_test_store(tmp_path / "alice.db", actor="alice")
    document_id = helpers.add_document(store, title="Acquisition of Beta")
    helpers.annotate_valid(store, document_id)
    store.set_status(document_id, DocumentStatus.ANNOTATED)
    export_bundle(store, tmp_path / "v1.json")
    return store


@pytest.fixture
def target(tmp_path, source, open_test_store):
    """Bob's database, holding what Alice sent in ``v1.json``."""
    store = open_test_store(tmp_path / "bob.db", actor="bob")
    import_bundle(store, tmp_path / "v1.json")
    return store


def _alice_edits_and_sends_v2(tmp_path: Path, source, helpers) -> Path:
    (document_id,) = source.document_ids()
    source.set_status(document_id, DocumentStatus.IN_PROGRESS)
    source.create_entity(document_id, "company", [helpers.span_of(helpers.SAMPLE_TEXT, "Alpha")])
    source.set_status(document_id, DocumentStatus.ANNOTATED)
    path = tmp_path / "v2.json"
    export_bundle(source, path)
    return path


def test_a_copy_not_worked_on_here_is_replaced_by_a_newer_version(
    tmp_path, source, target, helpers
):
    v2 = _alice_edits_and_sends_v2(tmp_path, source, helpers)
    report = import_bundle(target, v2, REPLACE)
    (document_id,) = source.document_ids()
    assert report.replaced == [document_id]
    assert [r.describe() for r in report.replacements] == [
        f"'Acquisition of Beta' ({document_id}) in place of local 'Acquisition of Beta'"
    ]
    assert target.annotated(document_id) == source.annotated(document_id)


def test_work_done_here_that_the_bundle_lacks_is_not_thrown_away(tmp_path, source, target, helpers):
    (document_id,) = target.document_ids()
    target.set_status(document_id, DocumentStatus.IN_PROGRESS)
    target.update_entity(
        target.annotated(document_id).entities[0].id, identifier="LEI-1234"
    )  # Bob's own work
    v2 = _alice_edits_and_sends_v2(tmp_path, source, helpers)  # made later than Bob's
    before = _state(target)
    with pytest.raises(BundleInvalid) as refused:
        import_bundle(target, v2, REPLACE)
    assert "nothing imported" in str(refused.value)
    (line,) = refused.value.problems
    assert line.startswith(f"'Acquisition of Beta' ({document_id}): local 'Acquisition of Beta'")
    assert "change(s) made here that the bundle's copy does not contain" in line
    assert "by bob" in line and "--force-replace" in line
    assert _state(target) == before

    report = import_bundle(target, v2, REPLACE, force=True)  # said explicitly: Bob's work goes
    assert report.replaced == [document_id]
    assert target.annotated(document_id) == source.annotated(document_id)


# On a team database whoever imports a document counts as its annotator (four-eyes).
@pytest.mark.file_only
def test_an_approved_local_document_is_replaced_only_when_forced(tmp_path, source, target, helpers):
    (document_id,) = target.document_ids()
    target.set_status(document_id, DocumentStatus.APPROVED)  # Bob did not annotate it
    v2 = _alice_edits_and_sends_v2(tmp_path, source, helpers)
    before = _state(target)
    with pytest.raises(BundleInvalid) as refused:
        import_bundle(target, v2, REPLACE)
    (line,) = refused.value.problems
    assert f"local 'Acquisition of Beta' ({document_id}) is approved" in line
    assert _state(target) == before
    import_bundle(target, v2, REPLACE, force=True)
    assert target.document_info(document_id).status is DocumentStatus.ANNOTATED


def test_a_bundle_that_descends_from_the_local_copy_replaces_it_unforced(
    tmp_path, source, target, helpers
):
    """Bob works on Alice's document and sends it back: her history is all in his bundle, so
    nothing of hers is lost."""
    (document_id,) = target.document_ids()
    target.set_status(document_id, DocumentStatus.IN_PROGRESS)
    target.create_entity(document_id, "company", [helpers.span_of(helpers.SAMPLE_TEXT, "Alpha")])
    target.set_status(document_id, DocumentStatus.ANNOTATED)
    back = tmp_path / "back.json"
    export_bundle(target, back)
    report = import_bundle(source, back, REPLACE)
    assert report.replaced == [document_id]
    assert source.annotated(document_id) == target.annotated(document_id)


def test_without_history_a_local_change_later_than_the_bundle_refuses(tmp_path, source, target):
    plain = tmp_path / "plain.json"
    export_bundle(source, plain, include_audit=False)
    assert import_bundle(target, plain, REPLACE).replaced  # nothing done here yet
    (document_id,) = target.document_ids()
    target.set_status(document_id, DocumentStatus.IN_PROGRESS)  # later than anything in it
    before = _state(target)
    with pytest.raises(BundleInvalid) as refused:
        import_bundle(target, plain, REPLACE)
    assert "does not contain" in refused.value.problems[0]
    assert _state(target) == before


def _bundle_of(tmp_path: Path, store, name: str) -> dict:
    path = tmp_path / name
    export_bundle(store, path)
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _as_document(data, document_id: str) -> dict:
    """The bundle's only document renamed to ``document_id`` (history and comments dropped:
    they name the old id)."""
    (bundled,) = data["documents"]
    bundled["document"]["id"] = document_id
    bundled["audit"], bundled["comments"] = [], []
    return data


def test_an_id_of_one_local_document_with_the_text_of_another_is_refused(
    tmp_path, open_test_store, helpers
):
    """The defect as reported: both local documents used to be deleted, "1 replaced"."""
    elsewhere = open_test_store(tmp_path / "elsewhere.db", actor="carol")
    helpers.add_document(elsewhere, text=OTHER_TEXT, title="Gamma notice")
    local = open_test_store(tmp_path / "local.db", actor="bob")
    first = helpers.add_document(local, title="Acquisition of Beta")
    second = helpers.add_document(local, text=OTHER_TEXT, title="My Gamma")
    data = _as_document(_bundle_of(tmp_path, elsewhere, "gamma.json"), first)
    path = _write(tmp_path / "mixed.json", data)
    before = _state(local)
    for force in (False, True):  # not a matter of permission: which to replace is unclear
        with pytest.raises(BundleInvalid) as refused:
            import_bundle(local, path, REPLACE, force=force)
        assert refused.value.problems == [
            f"'Gamma notice' ({first}): its id is that of local 'Acquisition of Beta' but its "
            f"text is that of local 'My Gamma' ({second}); which to replace is unclear"
        ]
        assert _state(local) == before


def test_an_id_of_a_local_document_with_other_text_is_not_a_version_of_it(
    tmp_path, open_test_store, helpers
):
    local = open_test_store(tmp_path / "local.db", actor="bob")
    first = helpers.add_document(local, title="Acquisition of Beta")
    elsewhere = open_test_store(tmp_path / "elsewhere.db", actor="carol")
    helpers.add_document(elsewhere, text=OTHER_TEXT, title="Gamma notice")
    path = _write(
        tmp_path / "same-id.json", _as_document(_bundle_of(tmp_path, elsewhere, "g.json"), first)
    )
    before = _state(local)
    with pytest.raises(BundleInvalid) as refused:
        import_bundle(local, path, REPLACE, force=True)
    assert "whose text is different; it is not the same document" in refused.value.problems[0]
    assert _state(local) == before
    assert content_hash(local.text_of(first)) == local.document_info(first).content_hash


# On a team database whoever imports a document counts as its annotator (four-eyes).
@pytest.mark.file_only
def test_the_command_line_lists_refusals_and_what_a_forced_replace_replaced(
    tmp_path, source, target, helpers, schema_path, capsys
):
    (document_id,) = target.document_ids()
    target.set_status(document_id, DocumentStatus.APPROVED)
    v2 = _alice_edits_and_sends_v2(tmp_path, source, helpers)
    target.close()  # the command opens the file itself
    common = ["--db", str(tmp_path / "bob.db"), "--schema", str(schema_path), "import-bundle"]
    assert main([*common, str(v2), "--on-existing", "replace"]) == 1
    err = capsys.readouterr().err
    assert f"  - 'Acquisition of Beta' ({document_id}): local 'Acquisition of Beta'" in err
    assert "is approved" in err and "--force-replace" in err
    assert main([*common, str(v2), "--on-existing", "replace", "--force-replace"]) == 0
    out = capsys.readouterr().out
    assert (
        f"replaced 'Acquisition of Beta' ({document_id}) in place of local 'Acquisition of Beta'"
        in out
    )
    assert "0 added, 1 replaced, 0 skipped" in out

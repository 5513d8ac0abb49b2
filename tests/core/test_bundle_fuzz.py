"""Hostile bundles: whatever the file holds, reading or importing it either works or raises
``BundleInvalid`` (a message for the user, never a traceback), and a failed import changes
nothing in the database. What it does import has no problem that would refuse it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop_app.core.bundle import export_bundle, import_bundle, read_bundle
from desktop_app.core.errors import BundleInvalid
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import Store, open_store
from desktop_app.core.validation import split_problems, validate_document

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["", "company", "buyer", "acquisition", "announcement-annotations", "1.0"])
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=16,
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def valid_bundle(workspace: Path, schema: AnnotationSchema, helpers) -> dict:
    """A valid two-document bundle with every kind of annotation, as parsed JSON."""
    source = open_store(workspace / "source.db", schema, actor="alice")
    try:
        first = helpers.add_document(source, title="Sample")
        helpers.annotate_valid(source, first)
        source.set_document_field(first, "announcement_date", "2025-03-31")
        second = helpers.add_document(source, text="Gamma Limited\r\nsecond 𠀋 line", title="Two")
        source.create_entity(second, "security", [(0, 5)], attributes={"code": "00328"})
        path = workspace / "valid.json"
        export_bundle(source, path)
    finally:
        source.close()
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def target(workspace: Path, schema: AnnotationSchema):
    """A store that already holds one document; it must look the same after any failure."""
    store = open_store(workspace / "target.db", schema, actor="bob")
    store.add_document(text="Already here: Epsilon Limited.", title="Existing")
    yield store
    store.close()


def _state(store: Store):
    return store.stats(), [store.annotated(i) for i in store.document_ids()]


def _write(workspace: Path, data) -> Path:
    path = workspace / "candidate.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _no_note(outcome: str) -> None:
    del outcome


def _try_import(store: Store, path: Path, note=_no_note) -> None:
    """Import; on failure the store must be unchanged, on success the result must be valid
    (and is removed again so every example starts from the same store). ``note`` is
    hypothesis' ``event`` inside a property test, to show how often each outcome happened."""
    before = _state(store)
    known = set(store.document_ids())
    try:
        import_bundle(store, path)
    except BundleInvalid as invalid:
        note("refused")
        assert str(invalid)
        assert _state(store) == before
        return
    note("imported")
    added = [i for i in store.document_ids() if i not in known]
    for document_id in added:
        annotated = store.annotated(document_id)
        problems = validate_document(annotated, store.schema)
        refusals, _ = split_problems(problems, annotated.document.status)
        assert refusals == []  # incomplete data is allowed only in unfinished documents
        store.delete_document(document_id)
    assert _state(store) == before


@FUZZ
@given(json_values)
def test_any_json_value_is_refused_as_a_bundle_not_crashed_on(workspace, target, value):
    path = _write(workspace, value)
    with pytest.raises(BundleInvalid):
        read_bundle(path)
    _try_import(target, path, event)


@FUZZ
@given(st.dictionaries(st.text(max_size=20), json_values, max_size=8))
def test_any_object_claiming_the_bundle_format_is_refused_cleanly(workspace, target, fields):
    path = _write(workspace, {**fields, "format": "announcement-annotations"})
    with pytest.raises(BundleInvalid):
        read_bundle(path)
    _try_import(target, path, event)


def _paths(node, prefix=()):
    """Every location in a JSON tree, as a tuple of keys and indices."""
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*prefix, index))


def _copy(data):
    return json.loads(json.dumps(data))


def _mutate(data, path, action, replacement):
    if not path:
        return replacement
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if action == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return data


@FUZZ
@given(st.data())
def test_a_valid_bundle_mutated_anywhere_is_imported_validly_or_refused(
    workspace, target, valid_bundle, data
):
    bundle = _copy(valid_bundle)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        locations = list(_paths(bundle))
        path = data.draw(st.sampled_from(locations), label="path")
        action = data.draw(st.sampled_from(["delete", "replace"]), label="action")
        replacement = data.draw(json_values, label="replacement")
        bundle = _mutate(bundle, path, action, replacement)
    _try_import(target, _write(workspace, bundle), event)


# --- specific hostile values the random search may take long to hit -----------------------


def _first_mention(bundle):
    return bundle["documents"][0]["entities"][0]["mentions"][0]


@pytest.mark.parametrize(
    "edit",
    [
        lambda b: _first_mention(b).update(page=2**70),
        lambda b: _first_mention(b).update(page=-3),
        lambda b: _first_mention(b).update(start=2**70),
        lambda b: b["documents"][0]["document"].update(title="\ud800 lone surrogate"),
        lambda b: b["documents"][0]["entities"][0].update(name="\udfff"),
        lambda b: b["documents"][0]["document"]["metadata"].update(announcement_date=math.nan),
        lambda b: b["documents"].append(_copy(b["documents"][0])),
        lambda b: b["documents"][1]["document"].update(
            id="other-id",
            text=b["documents"][0]["document"]["text"],
            content_hash=b["documents"][0]["document"]["content_hash"],
        ),
        lambda b: b["documents"][1]["entities"][0].update(
            id=b["documents"][0]["entities"][0]["id"]
        ),
        lambda b: b["annotation_schema"]["definition"].update(entity_types=[]),
        lambda b: b["annotation_schema"].update(definition={"schema": 5}),
    ],
)
def test_specific_hostile_values_are_refused_cleanly(workspace, target, valid_bundle, edit):
    bundle = _copy(valid_bundle)
    edit(bundle)
    path = workspace / "hostile.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")  # ASCII, surrogates as \u escapes
    with pytest.raises(BundleInvalid):
        read_bundle(path)
    _try_import(target, path)


def test_absurdly_deep_nesting_is_refused_cleanly(workspace):
    path = workspace / "deep.json"
    path.write_text('{"format": "announcement-annotations", "documents": ' + "[" * 200_000, "utf-8")
    with pytest.raises(BundleInvalid):
        read_bundle(path)
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(BundleInvalid):
        read_bundle(path)

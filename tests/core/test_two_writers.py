"""Two writers on one file: two real processes, and random interleavings of two windows' edits,
undos and redos. Every acknowledged edit is present at the end or was explicitly refused —
never silently lost.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.edits import AddMention, EditHistory, SetDocumentField, UpdateEntity
from desktop_app.core.errors import EditRefused

BOTH_ENGINES = True

_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desktop_app.core.schema import load_schema
    from desktop_app.core.store import open_store

    path, schema_path, document_id, name, rounds = sys.argv[1:6]
    store = open_store(Path(path), load_schema(Path(schema_path)), actor=name)
    print("ready", flush=True)
    sys.stdin.readline()  # both start writing at once
    for number in range(int(rounds)):
        store.set_document_field(document_id, name, f"{name}-{number}")
    store.close()
    print("done")
    """
)


@pytest.mark.file_only  # another process or the command line opens the file
def test_two_processes_setting_different_fields_both_keep_every_value(
    store, store_path, schema_path, helpers
):
    document_id = helpers.add_document(store)
    rounds = 200
    arguments = [str(store_path), str(schema_path), document_id]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, *arguments, name, str(rounds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("stock_code", "headline")
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"
    metadata = store.document(document_id).metadata
    assert metadata == {
        "stock_code": f"stock_code-{rounds - 1}",
        "headline": f"headline-{rounds - 1}",
    }
    # Every one of the acknowledged writes is in the audit trail, in order per field.
    values: dict[str, list[str]] = {"stock_code": [], "headline": []}
    for entry in store.audit_entries(document_id, newest_first=False):
        if entry.table_name == "documents" and entry.action == "update" and entry.after:
            for name, value in _fields(entry.after["metadata"]).items():
                if not values[name] or values[name][-1] != value:
                    values[name].append(value)
    for name, seen in values.items():
        assert seen == [f"{name}-{n}" for n in range(rounds)]


def _fields(metadata: object) -> dict[str, str]:
    return dict(json.loads(str(metadata)))


# --- random interleavings of two windows ---------------------------------------------------------


@dataclass
class Window:
    """A window: its store, its undo history and what its forms show (possibly stale)."""

    store: object
    history: EditHistory
    shown_fields: dict[str, object] = field(default_factory=dict)
    shown_name: str = ""
    shown_versions: dict[str, int] = field(default_factory=dict)


def _refresh(window: Window, document_id: str, entity_id: str) -> None:
    store = window.store
    window.shown_fields = dict(store.document(document_id).metadata)  # type: ignore[attr-defined]
    window.shown_name = store.entity(entity_id).name  # type: ignore[attr-defined]
    window.shown_versions = {
        document_id: store.version_of("documents", document_id),  # type: ignore[attr-defined]
        entity_id: store.version_of("entities", entity_id),  # type: ignore[attr-defined]
    }


_FIELDS = ("stock_code", "headline")
_steps = st.lists(
    st.tuples(
        st.sampled_from(["alice", "bob"]),
        st.sampled_from(["field", "rename", "mention", "undo", "redo", "refresh"]),
        st.sampled_from(_FIELDS),
        st.sampled_from(["x", "y", "z"]),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=_steps)
def test_random_interleavings_never_lose_an_acknowledged_edit(
    steps, tmp_path_factory, open_test_store, helpers
):
    path = tmp_path_factory.mktemp("two") / "shared.db"
    alice_store, bob_store = open_test_store(path, "alice"), open_test_store(path, "bob")
    document_id = helpers.add_document(alice_store)
    text = alice_store.text_of(document_id)
    entity = alice_store.create_entity(document_id, "company", [helpers.span_of(text, "Alpha")])
    mention_spans = [helpers.span_of(text, "Company"), helpers.span_of(text, "Beta Ltd")]
    windows = {
        name: Window(store, EditHistory(store))
        for name, store in (("alice", alice_store), ("bob", bob_store))
    }
    for window in windows.values():
        _refresh(window, document_id, entity.id)
    # The truth as acknowledged: what the file must hold if nothing was lost.
    fields: dict[str, object] = {}
    name = entity.name
    mentions = 1

    for who, action, field_name, value in steps:
        window = windows[who]
        history = window.history
        try:
            if action == "refresh":
                _refresh(window, document_id, entity.id)
                continue
            if action == "field":
                old = window.shown_fields.get(field_name)
                edit = SetDocumentField(document_id, field_name, old, f"{who}-{value}")
                changes = history.perform(edit, based_on=window.shown_versions)
                # Accepted, so it was based on what is stored: its "old" is the truth.
                assert fields.get(field_name) == old
                fields[field_name] = f"{who}-{value}"
            elif action == "rename":
                new_name = f"{who} {value}"
                edit = UpdateEntity(
                    entity.id, {"name": window.shown_name}, {"name": new_name}, "Rename"
                )
                changes = history.perform(edit, based_on=window.shown_versions)
                assert name == window.shown_name
                name = new_name
            elif action == "mention":
                span = mention_spans[len(history) % 2]
                changes = history.perform(
                    AddMention(entity.id, *span, "Alpha"), based_on=window.shown_versions
                )
                mentions += 1
            else:
                step = history.undo if action == "undo" else history.redo
                done, changes = step()
                undoing = action == "undo"
                if isinstance(done, SetDocumentField):
                    assert fields.get(done.name) == (done.new if undoing else done.old)
                    restored = done.old if undoing else done.new
                    if restored is None:
                        fields.pop(done.name, None)
                    else:
                        fields[done.name] = restored
                elif isinstance(done, UpdateEntity):
                    assert name == (done.new if undoing else done.old)["name"]
                    name = (done.old if undoing else done.new)["name"]
                elif isinstance(done, AddMention):
                    mentions += -1 if undoing else 1
            assert changes.versions  # it says which rows it wrote, at which version
            # Like the window, re-read what the step changed (and so see the latest).
            _refresh(window, document_id, entity.id)
        except EditRefused:
            pass  # explicitly refused: allowed, as long as nothing changed (checked below)
        stored = alice_store.document(document_id).metadata
        assert stored == fields
        assert alice_store.entity(entity.id).name == name
        assert len(alice_store.entity(entity.id).mentions) == mentions


def test_the_outside_watch_reports_only_other_writers_rows(store_path, open_test_store, helpers):
    from desktop_app.core.outside_changes import OutsideChanges

    mine, theirs = open_test_store(store_path, "alice"), open_test_store(store_path, "bob")
    document_id = helpers.add_document(mine)
    watch = OutsideChanges(mine)
    assert watch.poll() is None  # nothing new from anyone
    text = mine.text_of(document_id)
    own = mine.create_entity(document_id, "company", [helpers.span_of(text, "Alpha")])
    watch.caught_up()
    assert watch.poll() is None  # our own edit does not come back as someone else's
    other = theirs.create_entity(document_id, "company", [helpers.span_of(text, "Beta Ltd")])
    theirs.set_document_field(document_id, "headline", "Acquisition")
    changes = watch.poll()
    assert changes is not None
    assert changes.entities == {other.id} and own.id not in changes.entities
    assert changes.documents == {document_id}
    theirs.delete_entity(other.id)
    gone = watch.poll()
    assert gone is not None and gone.removed_entities == {other.id}

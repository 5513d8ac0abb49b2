"""The audit trail in human terms, the latest return/reopen reason, and the first edit
starting the work on a new document (opening it changes nothing)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.edits import (
    AddArgument,
    AddComment,
    CreateEntity,
    CreateEvent,
    EditHistory,
    Reopen,
    SetDocumentField,
    SetStatus,
    UpdateEntity,
)
from desktop_app.core.edits.work_start import StartingWork, counts_as_work
from desktop_app.core.history_text import (
    document_history,
    filter_lines,
    history_csv,
    write_history_csv,
)
from desktop_app.core.models import DocumentStatus
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import Store, open_store

TEXT = "Ascentage Pharma said the Board comprises Dr. Yang Dajun as Chairman."


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store = open_store(tmp_path / "h.db", load_schema(default_schema_path()), "alice")
    document_id, _ = store.add_document(text=TEXT, title="Board list")
    yield store, document_id
    store.close()


def _lines(store: Store, document_id: str) -> list[str]:
    entries = store.audit_entries(document_id, newest_first=False)
    return [line.sentence for line in document_history(entries, store.schema)]


def test_a_rename_names_the_entity_and_both_names_in_full(desk: tuple[Store, str]) -> None:
    store, document_id = desk
    history = EditHistory(store)
    entity_id = next(
        iter(history.perform(CreateEntity(document_id, "COMPANY", [(0, 16)])).entities)
    )
    long_name = "Ascentage Pharma Group International " + "Holdings " * 10
    history.perform(
        UpdateEntity(entity_id, {"name": "Ascentage Pharma"}, {"name": long_name}, "Rename")
    )
    history.perform(
        UpdateEntity(entity_id, {"attributes": {}}, {"attributes": {"role": "issuer"}}, "Set")
    )
    event_id = next(
        iter(history.perform(CreateEvent(document_id, "ShareRepurchase", (17, 21))).events)
    )
    history.perform(AddArgument(event_id, "Repurchaser", entity_id))
    history.perform(SetDocumentField(document_id, "publication_date", None, "2025-03-03"))
    history.perform(AddComment(document_id, "first line\nsecond line"))
    lines = document_history(store.audit_entries(document_id, newest_first=False), store.schema)
    sentences = [line.sentence for line in lines]
    assert f"alice renamed Company «Ascentage Pharma» → «{long_name}»" in sentences
    assert "alice set Role of Company «" + long_name + "»" in sentences
    assert f"alice put Company «{long_name}» in Repurchaser of Share repurchase" in sentences
    assert "alice set Publication date" in sentences
    assert "alice commented: «first line second line»" in sentences
    role = next(line for line in lines if line.sentence.startswith("alice set Role"))
    assert [(c.field, c.before, c.after) for c in role.changes] == [("Role", "(empty)", "issuer")]
    assert role.target_id == entity_id
    comment = next(line for line in lines if line.kind == "comment")
    assert comment.changes[0].after == "first line\nsecond line"  # the full body, not cut off
    assert sentences[0] == "alice commented: «first line second line»"  # newest first


def test_filters_and_csv_keep_every_changed_field(desk: tuple[Store, str], tmp_path: Path) -> None:
    store, document_id = desk
    history = EditHistory(store)
    history.perform(SetDocumentField(document_id, "issuer", None, "遠大醫藥"))
    store.actor = "bob"
    history.perform(SetDocumentField(document_id, "headline", None, "Voluntary announcement"))
    lines = document_history(store.audit_entries(document_id, newest_first=False), store.schema)
    assert [line.actor for line in filter_lines(lines, who="bob")] == ["bob"]
    assert {line.kind for line in filter_lines(lines, what="document")} == {"document"}
    today = lines[0].day
    assert len(filter_lines(lines, since=today, until=today)) == len(lines)
    assert filter_lines(lines, until="2000-01-01") == []
    rows = list(csv.DictReader(io.StringIO(history_csv(lines))))
    issuer = next(row for row in rows if row["field"] == "Issuer")
    assert (issuer["who"], issuer["before"], issuer["after"]) == ("alice", "(empty)", "遠大醫藥")
    target = tmp_path / "history.csv"
    assert write_history_csv(target, lines) == len(lines)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "遠大醫藥" in target.read_text(encoding="utf-8-sig")


def test_the_latest_return_or_reopen_reason_is_kept_after_work_resumes(
    desk: tuple[Store, str],
) -> None:
    store, document_id = desk
    assert store.latest_status_reason(document_id) is None
    history = EditHistory(store)
    history.perform(SetDocumentField(document_id, "stock_code", None, "6855"))
    history.perform(SetDocumentField(document_id, "publication_date", None, "2025-03-03"))
    history.perform(SetStatus(document_id, DocumentStatus.NEW, DocumentStatus.ANNOTATED))
    store.actor = "bob"
    history.perform(
        SetStatus(document_id, DocumentStatus.ANNOTATED, DocumentStatus.RETURNED, "dates wrong")
    )
    store.actor = "alice"
    history.perform(SetStatus(document_id, DocumentStatus.RETURNED, DocumentStatus.IN_PROGRESS))
    reason = store.latest_status_reason(document_id)
    assert reason is not None
    assert (reason.kind, reason.note, reason.actor) == ("returned", "dates wrong", "bob")
    assert reason.describe().startswith("Returned by bob on ")
    assert "alice marked the document In progress" in _lines(store, document_id)
    assert "bob returned the document: «dates wrong»" in _lines(store, document_id)
    store.set_four_eyes(False)
    history.perform(SetStatus(document_id, DocumentStatus.IN_PROGRESS, DocumentStatus.ANNOTATED))
    history.perform(SetStatus(document_id, DocumentStatus.ANNOTATED, DocumentStatus.APPROVED))
    history.perform(Reopen(document_id, "issuer misspelt", ""))
    reason = store.latest_status_reason(document_id)
    assert reason is not None and (reason.kind, reason.note) == ("reopened", "issuer misspelt")


def test_the_first_edit_starts_the_work_and_its_undo_puts_new_back(
    desk: tuple[Store, str],
) -> None:
    store, document_id = desk
    before = store.last_audit_seq()
    assert store.document(document_id).status is DocumentStatus.NEW
    assert store.last_audit_seq() == before  # reading writes nothing
    history = EditHistory(store)
    edit = CreateEntity(document_id, "COMPANY", [(0, 16)])
    assert counts_as_work(edit)
    assert not counts_as_work(AddComment(document_id, "a remark"))
    history.perform(StartingWork(edit, document_id))
    assert store.document(document_id).status is DocumentStatus.IN_PROGRESS
    history.perform(
        StartingWork(SetDocumentField(document_id, "issuer", None, "Ascentage"), document_id)
    )
    assert store.document(document_id).status is DocumentStatus.IN_PROGRESS
    history.undo()
    history.undo()
    assert store.document(document_id).status is DocumentStatus.NEW
    assert store.entities(document_id) == []
    history.redo()
    assert store.document(document_id).status is DocumentStatus.IN_PROGRESS
    assert len(store.entities(document_id)) == 1

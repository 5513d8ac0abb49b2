"""What the annotation edits share: removal records that put a deleted row back exactly,
checked spans, and the small row helpers (free rowids, existence checks, JSON patches).

A removal record keeps a row's ids, position and version, so ``restore_*`` brings back exactly
what was removed — which is what undo needs.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from typing import Any

from pydantic import Field

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import (
    Argument,
    Attributes,
    Entity,
    Event,
    Mention,
    PageSpan,
    Plain,
    Span,
)
from desktop_app.core.store.annotation_reads import AnnotationReads
from desktop_app.core.text import is_character_boundary

INSERT_BATCH = 100
"""Rows per multi-row INSERT (sqlite-utils lowers it to stay under SQLite's 999 parameters)."""


class ArgumentPlace(Plain):
    """An argument with the event and position it occupied, for restoring it."""

    event_id: str
    position: int
    argument: Argument


class EntityRemoval(Plain):
    document_id: str
    entity: Entity
    arguments: list[ArgumentPlace] = Field(default_factory=list)
    rowid: int | None = None  # keeps its place among entities created in the same millisecond
    version: int = 1  # the entity's version when removed; restored as the next one


class MentionRemoval(Plain):
    document_id: str
    entity_id: str
    position: int
    mention: Mention
    argument_ids: list[str] = Field(default_factory=list)


class EventRemoval(Plain):
    document_id: str
    event: Event
    rowid: int | None = None  # keeps its place among events created in the same millisecond
    version: int = 1


def page_at(pages: list[PageSpan], offset: int) -> int | None:
    """The page a character came from, or None for documents without pages."""
    if not pages:
        return None
    index = bisect_right([page.start for page in pages], offset) - 1
    return pages[max(index, 0)].page


class EditSupport(AnnotationReads):
    """Helpers of the entity and event edits."""

    def _pages(self, document_id: str) -> list[PageSpan]:
        row = self._one("SELECT pages FROM documents WHERE id = ?", [document_id])
        return [] if row is None else [PageSpan(**p) for p in json.loads(row["pages"])]

    def make_span(self, document_id: str, start: int, end: int) -> Span:
        """A checked span over the document's text: non-empty, in range, whole characters."""
        text = self.text_of(document_id)
        if not 0 <= start < end <= len(text):
            raise EditRefused(f"span {start}–{end} is outside the text (length {len(text)})")
        if not (is_character_boundary(text, start) and is_character_boundary(text, end)):
            raise EditRefused(f"span {start}–{end} splits a character")
        covered = text[start:end]
        if not covered.strip():
            raise EditRefused("the selection is only white space")
        return Span(
            start=start, end=end, text=covered, page=page_at(self._pages(document_id), start)
        )

    def _check_entity_type(self, type_id: str) -> None:
        if self.schema.entity_type(type_id) is None:
            raise EditRefused(f"unknown entity type {type_id!r} in schema {self.schema.name}")

    def _check_event_type(self, type_id: str) -> None:
        if self.schema.event_type(type_id) is None:
            raise EditRefused(f"unknown event type {type_id!r} in schema {self.schema.name}")

    def _free_rowid(self, table: str, rowid: int | None) -> dict[str, int]:
        """``{"rowid": rowid}`` when a restored row can take its old place back, else ``{}``."""
        if rowid is None or self._one(f"SELECT 1 FROM {table} WHERE rowid = ?", [rowid]):
            return {}
        return {"rowid": rowid}

    def _rowid(self, table: str, row_id: str) -> int | None:
        row = self._one(f"SELECT rowid FROM {table} WHERE id = ?", [row_id])
        return None if row is None else int(row["rowid"])

    def _refuse_existing(self, table: str, row_id: str, what: str) -> None:
        if self._one(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]) is not None:
            raise EditRefused(f"{what} is already there (put back by someone else); nothing done")

    def _insert_argument(self, event_id: str, argument: Argument, position: int) -> None:
        self._insert_arguments([(event_id, argument, position)])

    def _insert_arguments(self, places: list[tuple[str, Argument, int]]) -> None:
        """Arguments ``(event_id, argument, position)`` in multi-row inserts, in this order."""
        if not places:
            return
        now = self.clock()
        rows = [
            {
                **argument.model_dump(),
                "event_id": event_id,
                "position": position,
                "created_by": self.actor,
                "created_at": now,
                "updated_by": self.actor,
                "updated_at": now,
            }
            for event_id, argument, position in places
        ]
        self.db.table("arguments").insert_all(rows, batch_size=INSERT_BATCH)


def json_patch(column: str, values: Attributes | None) -> dict[str, tuple[str, list[Any]]]:
    """An SQL expression changing only the named keys of a JSON column (None removes a key)."""
    if not values:
        return {}
    sql = column
    params: list[Any] = []
    for key, value in values.items():
        path = "$." + json.dumps(key, ensure_ascii=False)
        if value is None:
            sql = f"json_remove({sql}, ?)"
            params.append(path)
        else:
            sql = f"json_set({sql}, ?, json(?))"
            params += [path, json.dumps(value, ensure_ascii=False)]
    return {column: (sql, params)}

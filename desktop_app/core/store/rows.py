"""Conversion between table rows and the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from desktop_app.core.models import (
    Argument,
    Document,
    DocumentInfo,
    DocumentStatus,
    Entity,
    Event,
    Mention,
    PageSpan,
    Span,
    Stamp,
)

Row = dict[str, Any]


# Rows are validated again as they are read: pydantic's compiled validation is faster than
# model_construct here, and a row damaged outside the application is caught on the way in.


def stamp_of(row: Row) -> Stamp:
    return Stamp(
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_by=row["updated_by"],
        updated_at=row["updated_at"],
    )


def stamp_columns(stamp: Stamp) -> Row:
    return stamp.model_dump()


def document_info_of(row: Row) -> DocumentInfo:
    return DocumentInfo(
        id=row["id"],
        title=row["title"],
        source_name=row["source_name"],
        content_hash=row["content_hash"],
        language=row["language"],
        metadata=json.loads(row["metadata"]),
        status=DocumentStatus(row["status"]),
        flag=row["flag"],
        stamp=stamp_of(row),
        status_note=row["status_note"],
    )


def document_of(row: Row) -> Document:
    info = document_info_of(row)
    pages = [PageSpan.model_validate(page) for page in json.loads(row["pages"])]
    return Document(**info.model_dump(), text=row["text"], pages=pages)


def document_columns(document: Document) -> Row:
    return {
        "id": document.id,
        "title": document.title,
        "source_name": document.source_name,
        "content_hash": document.content_hash,
        "language": document.language,
        "text": document.text,
        "metadata": json.dumps(document.metadata, ensure_ascii=False),
        "pages": json.dumps([page.model_dump() for page in document.pages]),
        "status": document.status.value,
        "flag": document.flag,
        "status_note": document.status_note,
        **stamp_columns(document.stamp),
    }


def mention_of(row: Row) -> Mention:
    return Mention(
        id=row["id"], start=row["start"], end=row["end"], text=row["text"], page=row["page"]
    )


def entity_of(row: Row, mentions: list[Mention]) -> Entity:
    return Entity(
        id=row["id"],
        type=row["type"],
        name=row["name"],
        identifier=row["identifier"],
        attributes=json.loads(row["attributes"]),
        mentions=mentions,
        stamp=stamp_of(row),
    )


def argument_of(row: Row) -> Argument:
    return Argument(
        id=row["id"], role=row["role"], entity_id=row["entity_id"], mention_id=row["mention_id"]
    )


def event_of(row: Row, arguments: list[Argument]) -> Event:
    trigger = None
    if row["trigger_start"] is not None:
        trigger = Span(
            start=row["trigger_start"],
            end=row["trigger_end"],
            text=row["trigger_text"],
            page=row["trigger_page"],
        )
    return Event(
        id=row["id"],
        type=row["type"],
        trigger=trigger,
        arguments=arguments,
        attributes=json.loads(row["attributes"]),
        stamp=stamp_of(row),
    )


def trigger_columns(trigger: Span | None) -> Row:
    if trigger is None:
        return {
            "trigger_start": None,
            "trigger_end": None,
            "trigger_text": None,
            "trigger_page": None,
        }
    return {
        "trigger_start": trigger.start,
        "trigger_end": trigger.end,
        "trigger_text": trigger.text,
        "trigger_page": trigger.page,
    }

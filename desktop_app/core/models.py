"""Plain pydantic data: documents, entities with their mentions, events with their arguments.

These models hold data only; they are what the store returns and what a bundle contains.
Offsets count code points of ``Document.text`` (see ``desktop_app.core.text``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

AttributeValue = str | int | float | bool | None
Attributes = dict[str, AttributeValue]
Offset = Annotated[int, Field(ge=0)]


class Plain(BaseModel):
    """Base for every model: unknown fields are an error, never silently kept."""

    model_config = ConfigDict(extra="forbid")


class DocumentStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ANNOTATED = "annotated"
    APPROVED = "approved"
    RETURNED = "returned"


class Stamp(Plain):
    """Who created and who last changed a row, and when (ISO 8601, UTC)."""

    created_by: str = ""
    created_at: str = ""
    updated_by: str = ""
    updated_at: str = ""


class PageSpan(Plain):
    """Characters ``[start, end)`` of the stored text came from page ``page`` (1-based)."""

    page: int = Field(ge=1)
    start: Offset
    end: Offset


class Span(Plain):
    """A stretch of a document's text; ``text`` must equal ``document.text[start:end]``."""

    start: Offset
    end: Offset
    text: str
    page: int | None = None


class Mention(Span):
    id: str


class Entity(Plain):
    id: str
    type: str
    name: str
    identifier: str | None = None
    attributes: Attributes = Field(default_factory=dict)
    mentions: list[Mention] = Field(default_factory=list)
    stamp: Stamp = Field(default_factory=Stamp)


class Argument(Plain):
    """A role of an event filled by an entity, optionally by one specific mention of it."""

    id: str
    role: str
    entity_id: str
    mention_id: str | None = None


class Event(Plain):
    id: str
    type: str
    trigger: Span | None = None
    arguments: list[Argument] = Field(default_factory=list)
    attributes: Attributes = Field(default_factory=dict)
    stamp: Stamp = Field(default_factory=Stamp)


class DocumentInfo(Plain):
    """A document without its text and annotations: what lists and queues show."""

    id: str
    title: str
    source_name: str = ""
    content_hash: str
    language: str = ""
    metadata: Attributes = Field(default_factory=dict)
    status: DocumentStatus = DocumentStatus.NEW
    flag: str = ""
    stamp: Stamp = Field(default_factory=Stamp)
    status_note: str = Field(
        default="", description="The note given with the latest status change (why returned)."
    )


class Document(DocumentInfo):
    text: str
    pages: list[PageSpan] = Field(default_factory=list)


class AnnotatedDocument(Plain):
    """A document with everything marked on it: the unit of a bundle and of the editor."""

    document: Document
    entities: list[Entity] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class Changes(Plain):
    """What an edit changed, so each view refreshes only what it must."""

    documents: set[str] = Field(default_factory=set)
    entities: set[str] = Field(default_factory=set)
    events: set[str] = Field(default_factory=set)
    removed_entities: set[str] = Field(default_factory=set)
    removed_events: set[str] = Field(default_factory=set)
    comments: set[str] = Field(default_factory=set)
    versions: dict[str, int] = Field(
        default_factory=dict,
        description="Row id -> its version after the change, for the rows the change wrote.",
    )

    def merge(self, other: Changes) -> Changes:
        return Changes(
            versions={**self.versions, **other.versions},
            documents=self.documents | other.documents,
            entities=self.entities | other.entities,
            events=self.events | other.events,
            removed_entities=self.removed_entities | other.removed_entities,
            removed_events=self.removed_events | other.removed_events,
            comments=self.comments | other.comments,
        )

"""Building our models from what an importer read: fresh ids, spans checked against the text.

A span whose offsets fall outside the text is a problem of the file, reported by the
importer with the place it came from; covered text always comes from the document's text at
the offsets, never from the file's copy of it (which the importers check, where a format
carries one).
"""

from __future__ import annotations

import re
import uuid

from desktop_app.core.models import (
    Argument,
    Attributes,
    Document,
    Entity,
    Event,
    Mention,
    Span,
)
from desktop_app.core.text import content_hash

_OUR_ID = re.compile(r"^[0-9a-f]{32}$")


def new_id() -> str:
    return uuid.uuid4().hex


def document_id_or_new(candidate: object) -> str:
    """The id a file gives a document when it is one of ours (an earlier export), else a
    new one: another tool's ids (1, 2, 3…) would clash across projects."""
    return candidate if isinstance(candidate, str) and _OUR_ID.match(candidate) else new_id()


def span_problem(text: str, start: object, end: object) -> str | None:
    """Why ``[start, end)`` is not a span of ``text``, or None."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return f"offsets must be whole numbers, not {start!r} and {end!r}"
    if isinstance(end, bool) or not 0 <= start < end <= len(text):
        return f"[{start}, {end}) is not a span of the text (its length is {len(text)})"
    return None


def document(text: str, title: str, document_id: str | None = None) -> Document:
    return Document(
        id=document_id or new_id(), title=title, content_hash=content_hash(text), text=text
    )


def span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def mention(text: str, start: int, end: int) -> Mention:
    return Mention(id=new_id(), start=start, end=end, text=text[start:end])


def entity(
    entity_type: str,
    mentions: list[Mention],
    name: str | None = None,
    attributes: Attributes | None = None,
    identifier: str | None = None,
) -> Entity:
    first = min(mentions, key=lambda m: (m.start, m.end)) if mentions else None
    return Entity(
        id=new_id(),
        type=entity_type,
        name=name if name is not None else (first.text if first else ""),
        identifier=identifier,
        attributes=dict(attributes or {}),
        mentions=mentions,
    )


def argument(role: str, entity_id: str, mention_id: str | None = None) -> Argument:
    return Argument(id=new_id(), role=role, entity_id=entity_id, mention_id=mention_id)


def event(
    event_type: str,
    trigger: Span | None,
    arguments: list[Argument],
    attributes: Attributes | None = None,
) -> Event:
    return Event(
        id=new_id(),
        type=event_type,
        trigger=trigger,
        arguments=arguments,
        attributes=dict(attributes or {}),
    )

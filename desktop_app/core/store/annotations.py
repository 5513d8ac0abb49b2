"""The ``Store``: documents (``DocumentStore``), their annotations (``EntityEdits``,
``EventEdits``) and their review: status, comments and audit trail (``ReviewStore``,
``CommentStore``, ``AuditStore``), and their sources (``SourceStore``).

Every edit method checks the edit, runs it in one transaction and returns either what changed
or a removal record that ``restore_*`` puts back exactly (same ids, same positions).
"""

from __future__ import annotations

import json
from typing import Any

# First, before any module imports sqlite-utils: see the module's docstring.
import desktop_app.core.store.sqlite_library  # noqa: F401
from desktop_app.core.models import Entity, Event
from desktop_app.core.store.comments import CommentStore
from desktop_app.core.store.edit_support import (
    ArgumentPlace,
    EntityRemoval,
    EventRemoval,
    MentionRemoval,
    page_at,
)
from desktop_app.core.store.entity_edits import EntityEdits
from desktop_app.core.store.event_edits import EventEdits
from desktop_app.core.store.review import ReviewStore
from desktop_app.core.store.rows import stamp_columns, trigger_columns
from desktop_app.core.store.sources import SourceStore

_BATCH = 100  # rows per INSERT: 10 columns each stays under SQLite's 999 parameters

__all__ = [
    "ArgumentPlace",
    "EntityRemoval",
    "EventRemoval",
    "MentionRemoval",
    "Store",
    "page_at",
]


class Store(EntityEdits, EventEdits, ReviewStore, CommentStore, SourceStore):
    """The application's data, for the window, the command line and scripts alike."""

    def insert_annotations(
        self, document_id: str, entities: list[Entity], events: list[Event]
    ) -> None:
        """Write annotations as given (bundle import, samples) inside the caller's transaction.

        The same rows as one ``create_entity`` / ``create_event`` each would write, but each
        table in multi-row inserts: a document of 100,000 mentions is a few hundred
        statements, not 100,000."""
        now = self.clock()
        mentions: list[dict[str, Any]] = []
        arguments: list[dict[str, Any]] = []
        for entity in entities:
            for position, mention in enumerate(entity.mentions):
                mentions.append(
                    {
                        **mention.model_dump(),
                        "entity_id": entity.id,
                        "document_id": document_id,
                        "position": position,
                        "created_by": entity.stamp.created_by,
                        "created_at": now,
                        "updated_by": self.actor,
                        "updated_at": now,
                    }
                )
        for event in events:
            for position, argument in enumerate(event.arguments):
                arguments.append(
                    {
                        **argument.model_dump(),
                        "event_id": event.id,
                        "position": position,
                        "created_by": self.actor,
                        "created_at": now,
                        "updated_by": self.actor,
                        "updated_at": now,
                    }
                )
        entity_rows = [
            {
                "id": entity.id,
                "document_id": document_id,
                "type": entity.type,
                "name": entity.name,
                "identifier": entity.identifier,
                "attributes": json.dumps(entity.attributes, ensure_ascii=False),
                **stamp_columns(entity.stamp),
                "version": 1,
            }
            for entity in entities
        ]
        event_rows = [
            {
                "id": event.id,
                "document_id": document_id,
                "type": event.type,
                **trigger_columns(event.trigger),
                "attributes": json.dumps(event.attributes, ensure_ascii=False),
                **stamp_columns(event.stamp),
                "version": 1,
            }
            for event in events
        ]
        # Parents before children: mentions name entities, arguments events and mentions.
        for table, rows in (
            ("entities", entity_rows),
            ("mentions", mentions),
            ("events", event_rows),
            ("arguments", arguments),
        ):
            if rows:
                self.db.table(table).insert_all(rows, batch_size=_BATCH)

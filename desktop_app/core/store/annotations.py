"""The ``Store``: documents (``DocumentStore``), their annotations (``EntityEdits``,
``EventEdits``) and their review: status, comments and audit trail (``ReviewStore``,
``CommentStore``, ``AuditStore``), and their sources (``SourceStore``).

Every edit method checks the edit, runs it in one transaction and returns either what changed
or a removal record that ``restore_*`` puts back exactly (same ids, same positions).
"""

from __future__ import annotations

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
from desktop_app.core.store.sources import SourceStore

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
        """Write annotations as given (bundle import, samples) inside the caller's transaction."""
        for entity in entities:
            self._insert_entity(document_id, entity)
        for event in events:
            self._insert_event(document_id, event)

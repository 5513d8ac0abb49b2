"""The only code that touches SQLite. Everything goes through sqlite-utils.

``open_store`` checks a file before changing anything in it (not SQLite, not ours, newer,
locked, read-only, corrupt: each refused with a clear message), migrates older files after
taking a backup copy, and returns a ``Store`` whose edit methods each run in one short
transaction that is durable when the method returns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import StoreError
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store.annotations import (
    ArgumentPlace,
    EntityRemoval,
    EventRemoval,
    MentionRemoval,
)
from desktop_app.core.store.annotations import Store as AnnotationStore
from desktop_app.core.store.database import SCHEMA_VERSION, connect, record_schema
from desktop_app.core.store.fix_edits import FixEdits
from desktop_app.core.store.suggestions import SuggestionStore

if TYPE_CHECKING:  # the suggestion engine and the team driver load when used, not here
    from desktop_app.core.suggest.gazetteer import Gazetteer
    from desktop_app.core.team.live import ChangeFeed


class Store(SuggestionStore, FixEdits, AnnotationStore):
    """The application's data (``AnnotationStore``) with the suggestions offered on it and
    the in-place fixes (merge, move, resize). On a team database it is a ``TeamStore``
    (``core.team.team_store``): the same calls, answered by the server."""

    def corpus_gazetteer_reader(self) -> Callable[[], Gazetteer]:
        """A function that reads the corpus gazetteer on a connection of its own, to be called
        on a worker thread."""
        from desktop_app.core.store.corpus_gazetteer import read_corpus_gazetteer

        path = self.path
        return lambda: read_corpus_gazetteer(path)

    def announce_open(self, document_id: str | None) -> None:
        """Tell other members which document this window shows (a team database only)."""

    def change_feed(self) -> ChangeFeed | None:
        """Notifications of other members' commits, as they happen (a team database only;
        a file has none: its window polls)."""
        return None

    def open_elsewhere(self) -> dict[str, set[str]]:
        """Who else has each document open (a team database only: a file has no others)."""
        return {}


def open_store(path: Path, schema: AnnotationSchema, actor: str) -> Store:
    """Open (creating if needed) the database at ``path`` for ``actor`` under ``schema``."""
    db = connect(path)
    store = Store(db, path, schema, actor)
    if store.meta("schema_hash") != schema.content_hash:
        try:
            with store.transaction():  # a locked file gives a StoreError, not a traceback
                record_schema(db, schema)
        except StoreError:
            store.close()
            raise
    return store


__all__ = [
    "SCHEMA_VERSION",
    "ArgumentPlace",
    "EntityRemoval",
    "EventRemoval",
    "MentionRemoval",
    "Store",
    "open_store",
]

"""Noticing what other windows and processes changed in the database, cheaply and exactly.

``PRAGMA data_version`` changes only when another connection has committed, so polling it
costs one tiny statement while nothing happens. When it moves, the audit trail (every write
by any copy of the application leaves an entry) says precisely which rows changed since the
last look, and that becomes a ``Changes`` for the views — the same object an edit returns.
"""

from __future__ import annotations

from desktop_app.core.models import Changes
from desktop_app.core.store import Store


def changes_since(store: Store, seq: int) -> tuple[Changes, int]:
    """What the audit entries after ``seq`` changed, and the last entry's seq."""
    changes = Changes()
    last = seq
    # Whether each entity or event ends up removed is decided by its own row's latest entry:
    # a delete then an insert (an undo elsewhere) is a change, and a cascade's mention and
    # argument entries do not make a removed owner look merely changed.
    removed_entities: dict[str, bool] = {}
    removed_events: dict[str, bool] = {}
    for (
        table,
        row_id,
        document_id,
        action,
        entity_id,
        event_id,
        entry_seq,
    ) in store.audit_rows_since(seq):
        last = entry_seq
        removed = action == "delete"
        if document_id:
            changes.documents.add(document_id)
        if table == "documents":
            changes.documents.add(row_id)
        elif table == "entities":
            removed_entities[row_id] = removed
        elif table == "mentions" and entity_id:
            removed_entities.setdefault(entity_id, False)
        elif table == "events":
            removed_events[row_id] = removed
        elif table == "arguments" and event_id:
            removed_events.setdefault(event_id, False)
        elif table == "comments":
            changes.comments.add(row_id)
    for entity, gone in removed_entities.items():
        (changes.removed_entities if gone else changes.entities).add(entity)
    for event, gone in removed_events.items():
        (changes.removed_events if gone else changes.events).add(event)
    return changes, last


class OutsideChanges:
    """Polled by the window: ``poll()`` returns what others changed since the last call."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._data_version = store.data_version()
        self._seq = store.last_audit_seq()

    def caught_up(self) -> None:
        """After this window's own edit: when nobody else has committed since the last look,
        every newer entry is ours, so the next look need not read them again."""
        if self.store.closed or self.store.data_version() != self._data_version:
            return
        self._seq = self.store.last_audit_seq()

    def poll(self) -> Changes | None:
        """None while no other connection has committed; else what changed (which may
        include this window's own latest edits: refreshing those again is harmless)."""
        if self.store.closed:
            return None
        version = self.store.data_version()
        if version == self._data_version:
            return None
        self._data_version = version
        changes, self._seq = changes_since(self.store, self._seq)
        return changes

"""How the Events list orders and names a document's events: by trigger position, then
creation, then id; each as "type label · «trigger text»".

Kept in the core, not the form, because a large document's kept outline
(``core.document_outline``) holds this list as it was shown, and its stamp carries a digest of
the code that made it: a build that names or orders events differently never reuses it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

from desktop_app.core.annotation_rows import EventRow
from desktop_app.core.models import Event
from desktop_app.core.schema import AnnotationSchema, EventType

EventKey = tuple[int, str, str]


def event_order(event: EventRow) -> EventKey:
    start = event.trigger.start if event.trigger else sys.maxsize
    return (start, event.stamp.created_at, event.id)


def event_label(event: Event | EventRow, event_type: EventType | None) -> str:
    label = event_type.label if event_type else f"{event.type} (not in schema)"
    trigger = f"«{' '.join(event.trigger.text.split())}»" if event.trigger else "(no trigger)"
    return f"{label} · {trigger}"


def event_lists(
    events: Mapping[str, EventRow], schema: AnnotationSchema
) -> tuple[list[EventKey], list[str]]:
    """The list's keys and labels in its order (what a kept outline holds)."""
    ordered = sorted(events.values(), key=event_order)
    labels = [event_label(e, schema.event_type(e.type)) for e in ordered]
    return [event_order(event) for event in ordered], labels

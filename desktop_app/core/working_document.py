"""The document open in the editor: its annotations, indexed for the views, kept in step
with the store one change at a time.

After an edit the store returns ``Changes``; ``refresh`` re-reads only the entities and
events named there, so a new mention on a document with 20,000 others costs one small query
and one insertion into the span index, not a reload.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from desktop_app.core import document_outline
from desktop_app.core.annotation_rows import EntityRow, EventRow, entity_row, event_row
from desktop_app.core.display_text import DisplayText
from desktop_app.core.document_outline import DocumentOutline, ProblemKey
from desktop_app.core.errors import KnownError
from desktop_app.core.event_listing import EventKey
from desktop_app.core.gc_pause import paused_gc
from desktop_app.core.invisible_chars import InvisibleChar, invisible_offsets, invisibles_at
from desktop_app.core.lazy_spans import LazySpanIndex
from desktop_app.core.models import Changes, Document, Entity, Event
from desktop_app.core.span_index import IndexedSpan, SpanIndex, SpanKind
from desktop_app.core.store import Store
from desktop_app.core.validation import Problem

_Read = TypeVar("_Read")
_Row = TypeVar("_Row", EntityRow, EventRow)
_Result = TypeVar("_Result")


def _weakly(method: Callable[..., _Result], gone: _Result) -> Callable[..., _Result]:
    """``method`` called through a weak reference to its object; ``gone`` once that object
    was freed (a view may still hold the index of a document no longer open)."""
    target = weakref.WeakMethod(method)

    def call(*args: Any) -> _Result:
        bound = target()
        return gone if bound is None else bound(*args)

    return call


_Item = TypeVar("_Item")
_UNREAD: Any = object()  # a lazily read value not read yet


def _entity_spans(entity: Entity | EntityRow) -> list[IndexedSpan]:
    return [
        IndexedSpan(m.start, m.end, SpanKind.MENTION, m.id, entity.id, entity.type)
        for m in entity.mentions
    ]


def _event_spans(event: Event | EventRow) -> list[IndexedSpan]:
    if event.trigger is None:
        return []
    trigger = event.trigger
    return [
        IndexedSpan(trigger.start, trigger.end, SpanKind.TRIGGER, event.id, event.id, event.type)
    ]


class WorkingDocument:
    """One open document with fast lookups by id and by position.

    The text and its highlights load first, from one lean query; the entity and event models
    the forms need load on first use, so the text can be painted before the forms fill. With
    ``first_screen`` only the highlights starting in that many characters load at once,
    enough to paint the opening screen of a large document; the rest are read a region at a
    time as the views ask for them (``LazySpanIndex``), or all at once by anything that
    iterates them.
    """

    def __init__(
        self,
        store: Store,
        document_id: str,
        first_screen: int | None = None,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self._report = report  # told once when a region of highlights cannot be read
        self._unreadable = False
        self.document: Document = store.document(document_id)
        self.display = DisplayText(self.document.text)
        length = len(self.document.text)
        self._spans: SpanIndex
        if first_screen is None or first_screen >= length:
            rows = store.span_rows(document_id)
            self._spans = SpanIndex(list(map(IndexedSpan._make, rows)), presorted=True)
        else:
            rows = store.span_rows_between(document_id, 0, first_screen)
            self._spans = LazySpanIndex(
                list(map(IndexedSpan._make, rows)),
                first_screen,
                length,
                # Through weak references: the index is this document's, and bound methods
                # would make a cycle that only the collector frees, keeping every row of a
                # document read in full alive long after another was opened.
                _weakly(self._spans_between, []),
                _weakly(self._longest_span, 0),
                _weakly(self._spans_from_rows, []),
            )
        self._entities: dict[str, Entity] | None = None
        self._events: dict[str, Event] | None = None
        self._entity_rows: dict[str, EntityRow] | None = None
        self._event_rows: dict[str, EventRow] | None = None
        self._entity_models: dict[str, Entity] = {}  # read one at a time (``entity``)
        # Rows read one at a time while not every row is read (``entity_row``), kept in
        # step by ``refresh``; None: the document has no such row.
        self._entity_rows_read: dict[str, EntityRow | None] = {}
        self._event_rows_read: dict[str, EventRow | None] = {}
        self._event_models: dict[str, Event] = {}
        self.span_changes: tuple[list[IndexedSpan], list[IndexedSpan]] = ([], [])
        self._versions: dict[str, int] | None = None
        # A large document's kept outline (``core.document_outline``): its stamp is read once,
        # before the first of the rows; ``_fresh`` says which rows were read from the store
        # after it; any refresh means the lists shown are no longer what the stamp describes.
        self._stamp: str | None = _UNREAD
        self._outline: DocumentOutline | None = _UNREAD
        self._fresh: set[str] = set()
        self._refreshed = False

    @property
    def versions(self) -> dict[str, int]:
        """The version of each row as shown: a new edit states these, so an edit made from a
        view someone else has since changed is refused instead of overwriting their work.

        Read with the annotation rows the lists and forms show (or at the first edit, if
        sooner), not before the first paint: 35,000 versions took 28 ms of a large open."""
        return self._read_versions()

    def _read_versions(self) -> dict[str, int]:
        if self._versions is None:
            self._versions = self.store.document_versions(self.id)
        return self._versions

    @property
    def spans(self) -> SpanIndex:
        """The document's highlights. A large document's are read a region at a time as they
        are asked for (``LazySpanIndex``): opening it reads those of the first screen."""
        return self._spans

    def _spans_between(self, start: int, end: int) -> list[IndexedSpan] | None:
        def read() -> list[IndexedSpan]:
            return list(map(IndexedSpan._make, self.store.span_rows_between(self.id, start, end)))

        nothing: list[IndexedSpan] = []
        return self._read_store(read, nothing)

    def _longest_span(self) -> int | None:
        return self._read_store(lambda: self.store.longest_span(self.id), 0)

    def _read_store(self, read: Callable[[], _Read], when_closed: _Read) -> _Read | None:
        """``read()`` for the highlights' regions; None when the store cannot give it now.
        After the store closed, ``when_closed``: a window going away may paint once more."""
        if self.store.closed:
            return when_closed
        try:
            value = read()
        except (KnownError, sqlite3.Error) as error:
            self._cannot_read(error)
            return None
        self._unreadable = False
        return value

    def _cannot_read(self, error: Exception) -> None:
        """A region's highlights could not be read (asked again by the next paint): said
        once, not at every paint, and the text stays readable."""
        if not self._unreadable and self._report is not None:
            self._report(f"Some highlights could not be read and are not shown yet: {error}")
        self._unreadable = True

    def _spans_from_rows(self) -> list[IndexedSpan]:
        """Every highlight at once (something iterates them all), from the annotation rows
        the lists and the Problems check read anyway, rather than a second read of every
        mention."""
        spans = [span for e in self.entity_rows.values() for span in _entity_spans(e)]
        spans += [span for v in self.event_rows.values() for span in _event_spans(v)]
        spans.sort()  # the order ``span_rows`` gives
        return spans

    @property
    def entity_rows(self) -> dict[str, EntityRow]:
        """Every entity as a plain row (``core.annotation_rows``): what the lists and the
        Problems check read, without a model built per mention."""
        if self._entity_rows is None:
            self._read_versions()  # as of the rows shown
            if self._entities is not None:
                self._entity_rows = {e.id: entity_row(e) for e in self._entities.values()}
            else:
                self._stamp_before_rows("entities")
                self._entity_rows = {e.id: e for e in self.store.entity_rows(self.id)}
            self._entity_rows_read = {}
        return self._entity_rows

    @property
    def event_rows(self) -> dict[str, EventRow]:
        """Every event as a plain row."""
        if self._event_rows is None:
            self._read_versions()
            if self._events is not None:
                self._event_rows = {v.id: event_row(v) for v in self._events.values()}
            else:
                self._stamp_before_rows("events")
                self._event_rows = {v.id: v for v in self.store.event_rows(self.id)}
            self._event_rows_read = {}
        return self._event_rows

    # --- the kept outline of a large document ------------------------------------------------

    def _stamp_before_rows(self, rows: str) -> None:
        if not self._refreshed:
            self._read_stamp()
            self._fresh.add(rows)

    def _read_stamp(self) -> str | None:
        if self._stamp is _UNREAD:
            try:
                head = self.store.annotation_head(self.id)
                counts = self.store.entity_and_event_counts(self.id)
            except (KnownError, sqlite3.Error):
                self._stamp = None  # no outline this time; the rows say what they can
            else:
                self._stamp = document_outline.stamp_of(
                    head, counts, self.store.schema, self.document.content_hash
                )
        return self._stamp

    @property
    def outline(self) -> DocumentOutline | None:
        """The Entities tree and Events list as kept at an earlier open of this large
        document, when nothing in it has changed since (None otherwise, and after any
        refresh: then the lists read the rows as they are now)."""
        if self._refreshed:
            return None
        if self._outline is _UNREAD:
            stamp = self._read_stamp()
            with paused_gc():  # a large document's lists: tens of thousands of objects
                self._outline = None if stamp is None else document_outline.read(self.id, stamp)
        return self._outline

    def problems_at_open(self) -> tuple[list[ProblemKey], list[Problem]] | None:
        """The problems kept with the outline: as of the open, so the caller applies every
        change since. None when there is no outline or its problems cannot be read."""
        if self._outline is _UNREAD or self._outline is None or self._stamp is None:
            return None
        return document_outline.read_problems(self.id, self._stamp)

    def kept_invisibles(self) -> list[InvisibleChar] | None:
        """The text's invisible characters as found at the open that kept the outline, so a
        large text is not searched again at each open; None when there is no outline to say
        (search the text)."""
        outline = self.outline
        return None if outline is None else invisibles_at(self.text, outline.invisibles)

    @property
    def may_keep_outline(self) -> bool:
        """Whether ``keep_outline`` would keep one: a large document, every row read from the
        store after its stamp, nothing refreshed since, and no outline used at this open."""
        return (
            not self._refreshed
            and self._stamp not in (None, _UNREAD)
            and self._fresh == {"entities", "events"}
            and self._outline in (None, _UNREAD)
        )

    def keep_outline(
        self,
        event_keys: list[EventKey],
        event_labels: list[str],
        problem_keys: list[ProblemKey],
        problems: list[Problem],
    ) -> None:
        """Keep what the lists show for the next open, after every row was read from the
        store and checked at this open (and nothing was refreshed since). Nothing happens
        for a small document, one whose outline was used, or when the cache cannot be
        written."""
        stamp = self._stamp
        if not self.may_keep_outline or self._entity_rows is None:
            return
        outline = DocumentOutline(
            document_outline.entity_groups(self._entity_rows.values()),
            event_keys,
            event_labels,
            len(problems),
            invisible_offsets(self.document.text),
        )
        document_outline.keep(self.id, str(stamp), outline, problem_keys, problems)

    @property
    def entities(self) -> dict[str, Entity]:
        """Every entity as a validated model (read on first use; ``entity`` reads one)."""
        if self._entities is None:
            self._stamp_before_rows("entities")  # the rows may be made from these
            self._entities = {e.id: e for e in self.store.entities(self.id)}
            self._entity_models = {}
        return self._entities

    @property
    def events(self) -> dict[str, Event]:
        if self._events is None:
            self._stamp_before_rows("events")
            self._events = {v.id: v for v in self.store.events(self.id)}
            self._event_models = {}
        return self._events

    # --- one row at a time ---------------------------------------------------------------------

    def entity_row(self, entity_id: str) -> EntityRow | None:
        """One entity of this document as a row (None when it has no such entity): from the
        rows if they are read, else read alone. A large document opened from its outline
        has an edit check and show only the rows it touched, not read every one first."""
        if self._entity_rows is not None:
            return self._entity_rows.get(entity_id)
        if entity_id not in self._entity_rows_read:
            self._entity_rows_read[entity_id] = self._read_one(
                entity_id, self.store.entity, self.store.document_of_entity, entity_row
            )
        return self._entity_rows_read[entity_id]

    def event_row(self, event_id: str) -> EventRow | None:
        """One event of this document as a row, as ``entity_row``."""
        if self._event_rows is not None:
            return self._event_rows.get(event_id)
        if event_id not in self._event_rows_read:
            self._event_rows_read[event_id] = self._read_one(
                event_id, self.store.event, self.store.document_of_event, event_row
            )
        return self._event_rows_read[event_id]

    def _read_one(
        self,
        row_id: str,
        model: Callable[[str], Any],
        document_of: Callable[[str], str],
        row: Callable[[Any], _Row],
    ) -> _Row | None:
        try:
            if document_of(row_id) != self.id:
                return None
            return row(model(row_id))
        except KeyError:  # no such row (any more)
            return None

    @property
    def entity_lookup(self) -> Mapping[str, EntityRow]:
        """The entities as a mapping that reads one row at a time when asked by id
        (``entity_row``) and every row only when iterated (the rows themselves once read)."""
        if self._entity_rows is not None:
            return self._entity_rows
        return _Lookup(self.entity_row, lambda: self.entity_rows)

    @property
    def event_lookup(self) -> Mapping[str, EventRow]:
        if self._event_rows is not None:
            return self._event_rows
        return _Lookup(self.event_row, lambda: self.event_rows)

    def events_pointing_to(self, entity_ids: set[str]) -> set[str]:
        """The events of the store with a role pointing to any of these entities."""
        return self.store.events_pointing_to(entity_ids) if entity_ids else set()

    def entity(self, entity_id: str) -> Entity | None:
        """One entity of this document as a model (for its form or an edit), read alone
        unless every model is loaded already; None when the document has no such entity."""
        if self._entities is not None:
            return self._entities.get(entity_id)
        if self.entity_row(entity_id) is None:
            return None
        model = self._entity_models.get(entity_id)
        if model is None:
            model = self._entity_models[entity_id] = self.store.entity(entity_id)
        return model

    def event(self, event_id: str) -> Event | None:
        """One event of this document as a model, as ``entity``."""
        if self._events is not None:
            return self._events.get(event_id)
        if self.event_row(event_id) is None:
            return None
        model = self._event_models.get(event_id)
        if model is None:
            model = self._event_models[event_id] = self.store.event(event_id)
        return model

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def text(self) -> str:
        return self.document.text

    def refresh(self, changes: Changes) -> None:
        """Bring the open document in line with the store after ``changes``.

        Models not loaded yet stay unloaded: only the spans are brought up to date, and
        ``span_changes`` says which were taken out of the index and put in (for views that keep
        their own record of what is annotated in step without reading every span again; a
        large document's unread regions are in neither, as they are in no such record).
        """
        removed: list[IndexedSpan] = []
        added: list[IndexedSpan] = []
        self.span_changes = (removed, added)
        self._refreshed = True
        if self.id in changes.documents:
            self.document = self.store.document_again(self.document)
            self._remember_version("documents", self.id, changes)
        for entity_id in changes.entities | changes.removed_entities:
            self._forget(
                entity_id,
                self._entities,
                self._entity_rows,
                self._entity_models,
                self._entity_rows_read,
            )
            removed += self.spans.remove_owner(entity_id)
            self._forget(entity_id, self._versions)
            try:
                entity = self.store.entity(entity_id)
            except KeyError:
                continue
            if self.store.document_of_entity(entity_id) != self.id:
                continue
            self._remember_version("entities", entity_id, changes)
            if self._entities is not None:
                self._entities[entity_id] = entity
            if self._entity_rows is not None:
                self._entity_rows[entity_id] = entity_row(entity)
            else:
                self._entity_rows_read[entity_id] = entity_row(entity)
            for span in _entity_spans(entity):
                if self.spans.add(span):
                    added.append(span)
        for event_id in changes.events | changes.removed_events:
            self._forget(
                event_id, self._events, self._event_rows, self._event_models, self._event_rows_read
            )
            removed += self.spans.remove_owner(event_id)
            self._forget(event_id, self._versions)
            try:
                event = self.store.event(event_id)
            except KeyError:
                continue
            if self.store.document_of_event(event_id) != self.id:
                continue
            self._remember_version("events", event_id, changes)
            if self._events is not None:
                self._events[event_id] = event
            if self._event_rows is not None:
                self._event_rows[event_id] = event_row(event)
            else:
                self._event_rows_read[event_id] = event_row(event)
            for span in _event_spans(event):
                if self.spans.add(span):
                    added.append(span)

    @staticmethod
    def _forget(row_id: str, *kept: dict[str, Any] | None) -> None:
        for rows in kept:
            if rows is not None:
                rows.pop(row_id, None)

    def _remember_version(self, table: str, row_id: str, changes: Changes) -> None:
        if self._versions is None:
            return  # read when first needed, as they are then
        # A change this window made says what it wrote (a 10 MB document's row took 3 ms to
        # read again); one seen from another writer may not.
        version = changes.versions.get(row_id)
        if version is None:
            version = self.store.version_of(table, row_id)
        if version is not None:
            self._versions[row_id] = version

    def describe(self, span: IndexedSpan) -> str:
        """Short human description of a highlighted span, for the status bar and tooltips."""
        if span.kind == SpanKind.MENTION:
            entity = self._entity_named(span.owner_id)
            name = entity.name if entity else "?"
            return f"{self.store.schema.label(span.type_id)}: {name}"
        return f"event {self.store.schema.label(span.type_id)} (trigger)"

    def _entity_named(self, entity_id: str) -> EntityRow | Entity | None:
        """One entity for a description: from the rows or models if loaded, else read alone
        (the caret's description must not read every entity before the text is painted)."""
        if self._entity_rows is not None:
            return self._entity_rows.get(entity_id)
        return self.entity(entity_id) if self._entities is not None else self._one(entity_id)

    def _one(self, entity_id: str) -> Entity | None:
        try:
            return self.store.entity(entity_id)
        except KeyError:
            return None


class _Lookup(Mapping[str, _Item]):
    """Rows by id, each read when asked for (``one``); all of them (``every``) only when
    iterated or counted."""

    def __init__(
        self, one: Callable[[str], _Item | None], every: Callable[[], dict[str, _Item]]
    ) -> None:
        self._one = one
        self._every = every

    def __getitem__(self, row_id: str) -> _Item:
        found = self._one(row_id)
        if found is None:
            raise KeyError(row_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())

"""The documents list as SQL: filtering, sorting, counting and paging over the corpus without
reading it all, for the window's documents pane and its queue filters.

A ``ListQuery`` says what is shown (text filter, status or flag, category, reviewer, full-text
matches) and in which order; ``DocumentList`` answers it a page of ``ListRow`` at a time. In
the default order (import order: ``created_at``, then ``rowid``) every answer is one indexed
query that stops after the rows asked for, so a page costs the same at a thousand documents as
at a hundred thousand. Sorted by a column, the order of the matching rows is computed once (one
sort in SQLite, kept as row ids) and pages are read by row id.

The indexes that make this fast are created here, idempotently, when a list is first made on a
store (``ensure_list_indexes``): they cover every column and expression the list filters on, so
a filter never reads the document rows themselves (whose long ``text`` sits before
``metadata`` and the stamps). Where they cannot be made (a read-only or locked file) the same
queries still give the same answers, only slower.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from desktop_app.core.errors import KnownError
from desktop_app.core.store.base import StoreBase


def _field(name: str) -> str:
    return f"ifnull(json_extract(metadata, '$.{name}'), '')"


CODE = _field("stock_code")
DATE = _field("publication_date")
CATEGORY = _field("headline_category")
_SEPARATOR = " || char(10) || "
# What the text filter looks in: each visible text column as shown, lower-cased (ASCII, as
# SQLite's lower() does), one per line so that a filter never matches across two columns.
HAYSTACK = (
    "lower("
    + _SEPARATOR.join(
        (
            "title",
            CODE,
            DATE,
            f"replace({CATEGORY}, '_', ' ')",
            "replace(status, '_', ' ') || CASE WHEN flag != '' THEN ' ⚑ ' || flag ELSE '' END",
            "updated_by",
        )
    )
    + ")"
)

ORDER_INDEX = "documents_list_order"
FILTER_INDEX = "documents_list_filter"
_INDEXES = {
    ORDER_INDEX: "documents(created_at)",
    FILTER_INDEX: (
        f"documents(created_at, status, flag, updated_by, {CATEGORY}, {CODE}, {DATE}, title, "
        f"{HAYSTACK})"
    ),
    "documents_list_category": f"documents({CATEGORY})",
    "documents_list_reviewer": "documents(updated_by)",
}
LIST_INDEXES = {
    "documents_list_code": f"documents({CODE})",
    "documents_list_date": f"documents({DATE})",
    "documents_list_category": f"documents({CATEGORY})",
    "documents_list_reviewer": "documents(updated_by)",
}
"""The indexes a team database gives the list (its order index is the table's own; the
filter's covering index is SQLite's way of scanning less, not PostgreSQL's)."""

FLAGGED = "flagged"
"""The status filter's value for "only flagged documents"."""

ANNOTATIONS = (
    "(SELECT COUNT(*) FROM mentions WHERE mentions.document_id = documents.id) + "
    "(SELECT COUNT(*) FROM events WHERE events.document_id = documents.id)"
)
PROBLEMS = (
    "ifnull(CAST((SELECT value FROM json_each(:problems) WHERE key = documents.id) AS INTEGER), -1)"
)
SORT_KEYS: dict[str, str] = {
    "title": "title",
    "stock_code": CODE,
    "date": DATE,
    "category": CATEGORY,
    "status": "status || flag",
    "reviewer": "updated_by",
    "annotations": ANNOTATIONS,
    "problems": PROBLEMS,
}
"""The columns the list sorts by, as SQL over ``documents``."""

_ROW_COLUMNS = (
    f"rowid, id, created_at, title, {CODE}, {DATE}, {CATEGORY}, status, flag, updated_by, "
    f"{ANNOTATIONS}"
)


class ListRow(NamedTuple):
    """One document as the list shows it."""

    rowid: int
    id: str
    created_at: str
    title: str
    stock_code: Any
    date: Any
    category: Any
    status: str
    flag: str
    reviewer: str
    annotations: int


@dataclass(frozen=True)
class ListQuery:
    """Which documents the list shows, and in which order (``sort=None``: import order)."""

    text: str = ""
    status: str = ""  # a DocumentStatus value, FLAGGED, or "" for all
    category: str = ""
    reviewer: str = ""
    matches: frozenset[str] | None = None  # ids found by full-text search, None: no search
    sort: str | None = None  # a key of SORT_KEYS
    descending: bool = False
    problems: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)

    def with_sort(self, sort: str | None, descending: bool = False) -> ListQuery:
        return replace(self, sort=sort, descending=descending)


def ensure_list_indexes(store: StoreBase) -> set[str]:
    """Create the list's indexes where missing (one transaction); returns those that exist.

    Creating them reads every document once (about a second per index at 100,000 documents),
    only the first time; afterwards this is a lookup in ``sqlite_master``. A team database
    has its own (``LIST_INDEXES``, made by its schema), which PostgreSQL's planner picks
    itself: none is named to it."""
    if store.team_url is not None:
        return set()
    present = _existing_indexes(store)
    missing = [name for name in _INDEXES if name not in present]
    if missing:
        try:
            with store.transaction() as db:
                for name in missing:
                    db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {_INDEXES[name]}")
        except KnownError:
            pass  # read-only or locked: the list works without them, only slower
        present = _existing_indexes(store)
    return present


def _existing_indexes(store: StoreBase) -> set[str]:
    names = ", ".join(f"'{name}'" for name in _INDEXES)
    sql = f"SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ({names})"
    return {row[0] for row in store.db.execute(sql)}


def _ascii_lower(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


class DocumentList:
    """Answers ``ListQuery``s over one store's documents."""

    def __init__(self, store: StoreBase) -> None:
        self.store = store
        self.indexes = ensure_list_indexes(store)
        self._order_query: ListQuery | None = None
        self._order: list[int] = []  # row ids in a column's order, for _order_query

    # --- the query as SQL -------------------------------------------------------------------

    def _where(self, query: ListQuery) -> tuple[str, dict[str, Any]]:
        terms: list[str] = []
        params: dict[str, Any] = {}
        if query.text:
            terms.append(f"instr({HAYSTACK}, :text) > 0")
            params["text"] = _ascii_lower(query.text)
        if query.status == FLAGGED:
            terms.append("flag != ''")
        elif query.status:
            terms.append("status = :status")
            params["status"] = query.status
        if query.category:
            terms.append(f"{CATEGORY} = :category")
            params["category"] = query.category
        if query.reviewer:
            terms.append("updated_by = :reviewer")
            params["reviewer"] = query.reviewer
        if query.matches is not None:
            terms.append(
                "rowid IN (SELECT rowid FROM documents WHERE id IN "
                "(SELECT value FROM json_each(:matches)))"
            )
            params["matches"] = json.dumps(sorted(query.matches))
        if query.sort == "problems":
            params["problems"] = json.dumps(dict(query.problems))
        return (" WHERE " + " AND ".join(terms)) if terms else "", params

    def _source(self, query: ListQuery) -> str:
        """``documents``, told which index to walk: SQLite's own choice reads whole rows."""
        filtered = bool(query.text or query.status or query.category or query.reviewer)
        wide = filtered or query.matches is not None or query.sort is not None
        # The narrow index walks import order exactly; the wide one holds every filtered and
        # sorted expression, but equal import stamps then need a sort among themselves.
        index = FILTER_INDEX if wide else ORDER_INDEX
        return f"documents INDEXED BY {index}" if index in self.indexes else "documents"

    # --- answers ----------------------------------------------------------------------------

    def count(self, query: ListQuery) -> int:
        if query.sort is not None:
            return len(self._sorted(query))
        where, params = self._where(query)
        row = self.store.db.execute(f"SELECT COUNT(*) FROM {self._source(query)}{where}", params)
        return int(row.fetchone()[0])

    def rows(self, query: ListQuery, first: int, count: int) -> list[ListRow]:
        """The rows at positions ``first`` to ``first + count`` (fewer at the end)."""
        if query.sort is not None:
            return self._rows_by_rowid(self._sorted(query)[first : first + count])
        where, params = self._where(query)
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM {self._source(query)}{where} "
            "ORDER BY created_at, rowid LIMIT :limit OFFSET :offset"
        )
        cursor = self.store.db.execute(sql, {**params, "limit": count, "offset": first})
        return [ListRow(*row) for row in cursor]

    def rows_after(self, query: ListQuery, after: ListRow, count: int) -> list[ListRow]:
        """The ``count`` rows following ``after`` in import order, found by its key rather
        than by counting from the top (the cheap way to read the next page)."""
        assert query.sort is None
        where, params = self._where(query)
        where = _and(where, "(created_at, rowid) > (:after_created, :after_rowid)")
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM {self._source(query)}{where} "
            "ORDER BY created_at, rowid LIMIT :limit"
        )
        params.update(after_created=after.created_at, after_rowid=after.rowid, limit=count)
        return [ListRow(*row) for row in self.store.db.execute(sql, params)]

    def row(self, query: ListQuery, document_id: str) -> ListRow | None:
        """The document's row when the query shows it, else None."""
        where, params = self._where(query)
        where = _and(where, "id = :id")
        sql = f"SELECT {_ROW_COLUMNS} FROM documents{where}"
        found = self.store.db.execute(sql, {**params, "id": document_id}).fetchone()
        return None if found is None else ListRow(*found)

    def rows_before(self, query: ListQuery, before: ListRow, count: int) -> list[ListRow]:
        """The ``count`` rows preceding ``before`` in import order, nearest first."""
        assert query.sort is None
        where, params = self._where(query)
        where = _and(where, "(created_at, rowid) < (:before_created, :before_rowid)")
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM {self._source(query)}{where} "
            "ORDER BY created_at DESC, rowid DESC LIMIT :limit"
        )
        params.update(before_created=before.created_at, before_rowid=before.rowid, limit=count)
        return [ListRow(*row) for row in self.store.db.execute(sql, params)]

    def count_and_position(
        self, query: ListQuery, document_id: str | None
    ) -> tuple[int, ListRow | None, int | None]:
        """How many documents the query shows, and the given one's row and position in them
        (None, None when it is not shown), in one pass over the index."""
        found = self.row(query, document_id) if document_id else None
        if query.sort is not None:
            order = self._sorted(query)
            if found is not None:
                try:
                    return len(order), found, order.index(found.rowid)  # a C loop
                except ValueError:
                    pass
            return len(order), None, None
        where, params = self._where(query)
        if found is None:
            sql = f"SELECT COUNT(*), NULL FROM {self._source(query)}{where}"
        else:
            sql = (
                "SELECT COUNT(*), ifnull(SUM(CASE WHEN (created_at, rowid) < (:before_created, "
                f":before_rowid) THEN 1 ELSE 0 END), 0) FROM {self._source(query)}{where}"
            )
            params.update(before_created=found.created_at, before_rowid=found.rowid)
        total, before = self.store.db.execute(sql, params).fetchone()
        return int(total), found, None if before is None else int(before)

    def ids(self, query: ListQuery) -> list[str]:
        """Every shown document's id, in order."""
        if query.sort is not None:
            return [row.id for row in self._rows_by_rowid(self._sorted(query))]
        where, params = self._where(query)
        sql = f"SELECT id FROM {self._source(query)}{where} ORDER BY created_at, rowid"
        return [row[0] for row in self.store.db.execute(sql, params)]

    def ids_in_pages(self, query: ListQuery, page: int = 500) -> Iterator[str]:
        """Every shown document's id in import order, read a page at a time by key: a whole
        corpus is walked without holding its ids (``query.sort`` must be None)."""
        assert query.sort is None
        where, params = self._where(query)
        after = "(created_at, rowid) > (:after_created, :after_rowid)"
        where = _and(where, after)
        sql = (
            f"SELECT created_at, rowid, id FROM {self._source(query)}{where} "
            "ORDER BY created_at, rowid LIMIT :limit"
        )
        params.update(after_created="", after_rowid=0, limit=page)
        while True:
            found = self.store.db.execute(sql, params).fetchall()
            for _, _, document_id in found:
                yield document_id
            if len(found) < page:
                return
            params.update(after_created=found[-1][0], after_rowid=found[-1][1])

    def values(self, column: str) -> list[str]:
        """The distinct non-empty values of ``category`` or ``reviewer``, sorted; walks the
        index from value to value (a few lookups, however many documents there are)."""
        expression = {"category": CATEGORY, "reviewer": "updated_by"}[column]
        sql = (
            f"WITH RECURSIVE found(value) AS (SELECT MIN({expression}) FROM documents "
            f"UNION ALL SELECT (SELECT MIN({expression}) FROM documents "
            f"WHERE {expression} > found.value) FROM found WHERE found.value IS NOT NULL) "
            "SELECT value FROM found WHERE value IS NOT NULL AND value != ''"
        )
        return [str(row[0]) for row in self.store.db.execute(sql)]

    def forget_order(self) -> None:
        """Drop the cached column order (the documents changed)."""
        self._order_query = None
        self._order = []

    # --- sorted by a column -----------------------------------------------------------------

    def _sorted(self, query: ListQuery) -> list[int]:
        if self._order_query != query or (
            query.sort == "problems"
            and self._order_query is not None
            and self._order_query.problems != query.problems
        ):
            assert query.sort is not None
            where, params = self._where(query)
            direction = "DESC" if query.descending else ""
            # Ties keep import order, as a stable sort of the unsorted list would.
            sql = (
                f"SELECT rowid FROM {self._source(query)}{where} "
                f"ORDER BY {SORT_KEYS[query.sort]} {direction}, created_at, rowid"
            )
            self._order = [row[0] for row in self.store.db.execute(sql, params)]
            self._order_query = query
        return self._order

    def _rows_by_rowid(self, rowids: Sequence[int]) -> list[ListRow]:
        found: dict[int, ListRow] = {}
        for first in range(0, len(rowids), 500):  # under SQLite's limit on parameters
            chunk = rowids[first : first + 500]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT {_ROW_COLUMNS} FROM documents WHERE rowid IN ({marks})"
            for row in self.store.db.execute(sql, list(chunk)):
                found[row[0]] = ListRow(*row)
        return [found[rowid] for rowid in rowids if rowid in found]

    # --- identity ---------------------------------------------------------------------------

    def last_rowid(self) -> int:
        """The highest row id: a document above it was added after this was read."""
        row = self.store.db.execute("SELECT MAX(rowid) FROM documents").fetchone()
        return int(row[0] or 0)

    def rowid_of(self, document_id: str) -> int | None:
        row = self.store.db.execute(
            "SELECT rowid FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        return None if row is None else int(row[0])

    def titles(self) -> list[tuple[str, str, str]]:
        """``(id, title, stock code)`` of every document in import order (for the palette)."""
        source = "documents"
        if ORDER_INDEX in self.indexes:
            source += f" INDEXED BY {ORDER_INDEX}"
        sql = f"SELECT id, title, {CODE} FROM {source} ORDER BY created_at, rowid"
        return [(row[0], row[1], str(row[2])) for row in self.store.db.execute(sql)]


def _and(where: str, condition: str) -> str:
    """``where`` (a query's " WHERE …" clause, or "") narrowed by one more condition."""
    return f"{where} AND {condition}" if where else f" WHERE {condition}"

"""The documents list's table model: rows read from SQLite a page at a time through
``DocumentList``, so sorting, filtering and counting cost the same at 100,000 documents as at a
hundred. Columns, their widths and the per-row display live here; the pane owns the widgets."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from desktop_app.core.errors import EditRefused
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import Store
from desktop_app.core.store.document_list import DocumentList, ListQuery, ListRow
from desktop_app.core.validation import validate_document

_COLUMNS = (
    "Title",
    "Stock code",
    "Date",
    "Category",
    "Status",
    "Reviewer",
    "Annotations",
    "Problems",
)
_SORT_KEYS = (
    "title",
    "stock_code",
    "date",
    "category",
    "status",
    "reviewer",
    "annotations",
    "problems",
)
# Typical widest content per column, for widths that do not depend on the rows.
COLUMN_SAMPLES = (
    "Harbour Star Holdings – Voluntary an",
    "Stock code",
    "2025-12-31",
    "connected transaction",
    "in progress ⚑",
    "Reviewer name",
    "Annotations",
    "Problems",
)
# Problems need a full validation per document: done up front for corpora up to this size,
# otherwise as each document is opened or edited ("–" until then).
_VALIDATE_ALL_UP_TO = 300
# Rows are read from the store this many at a time, as the view asks for them; at most
# _KEPT_ROWS are kept (a screenful is a few dozen).
_PAGE = 64
_KEPT_ROWS = 4096
AnyIndex = QModelIndex | QPersistentModelIndex


class DocumentsModel(QAbstractTableModel):
    """The documents the pane's query shows, read a page at a time: the store filters, sorts
    and counts (``DocumentList``); this keeps the rows the view has asked for lately."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.documents = DocumentList(store)
        self.query = ListQuery()
        self.problems: dict[str, int] = {}
        self.anchor_id: str | None = None  # kept track of across resets (the open document)
        self.anchor_row: int | None = None
        self.label_language = "en"  # of the status and category labels shown
        self._count = 0
        self._rows: dict[int, ListRow] = {}
        self._row_of: dict[str, int] = {}
        self._hidden: set[str] = set()  # known not to be shown (no recount when edited)
        self._last_rowid = 0
        # On a team database: who else has each document open (logins), shown in the list.
        self.open_by: dict[str, set[str]] = {}
        self._open_icon: QIcon | None = None

    # --- what is shown ----------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read everything: the corpus may have gained or lost documents."""
        self.beginResetModel()
        self.documents.forget_order()
        self._last_rowid = self.documents.last_rowid()
        if self.documents.count(ListQuery()) <= _VALIDATE_ALL_UP_TO:
            self.problems = {
                document_id: self._problem_count(document_id)
                for document_id in self.documents.ids(ListQuery())
            }
        self._recount()
        self.endResetModel()

    def set_query(self, query: ListQuery) -> None:
        if query == self.query and query.problems == self.query.problems:
            return
        self.beginResetModel()
        self.query = query
        self._recount()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = _SORT_KEYS[column] if 0 <= column < len(_SORT_KEYS) else None
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(self._with_problems(self.query.with_sort(key, descending)))

    def _with_problems(self, query: ListQuery) -> ListQuery:
        if query.sort != "problems":
            return query
        return replace(query, problems=dict(self.problems))

    def _recount(self) -> None:
        """Inside a reset: the count, and where the anchor now is (its rows read around it)."""
        self._rows.clear()
        self._row_of.clear()
        self._hidden.clear()
        self._count, found, position = self.documents.count_and_position(self.query, self.anchor_id)
        self.anchor_row = position
        if found is not None and position is not None:
            self._keep(position, found)
            if self.query.sort is None:
                self._keep_after(position, self.documents.rows_after(self.query, found, _PAGE))
                before = self.documents.rows_before(self.query, found, _PAGE)
                for number, row in enumerate(before, 1):
                    self._keep(position - number, row)
        elif self.anchor_id:
            self._hidden.add(self.anchor_id)

    # --- rows, read on demand ---------------------------------------------------------------

    def _keep(self, number: int, row: ListRow) -> None:
        self._rows[number] = row
        self._row_of[row.id] = number

    def _keep_after(self, first: int, rows: list[ListRow]) -> None:
        for number, row in enumerate(rows, first + 1):
            self._keep(number, row)

    def _row(self, number: int) -> ListRow | None:
        row = self._rows.get(number)
        if row is None and 0 <= number < self._count:
            self._fetch(number)
            row = self._rows.get(number)
        return row

    def _fetch(self, number: int) -> None:
        if len(self._rows) > _KEPT_ROWS:
            self._rows.clear()
            self._row_of.clear()
        query = self.query
        previous, following = self._rows.get(number - 1), self._rows.get(number + 1)
        if query.sort is None and previous is not None:
            # Scrolling down: the next page found by key, not by counting from the top.
            self._keep_after(number - 1, self.documents.rows_after(query, previous, _PAGE))
        elif query.sort is None and following is not None:
            rows = self.documents.rows_before(query, following, _PAGE)
            for offset, row in enumerate(rows):
                self._keep(number - offset, row)
        else:
            first = number - number % _PAGE
            for offset, row in enumerate(self.documents.rows(query, first, _PAGE)):
                self._keep(first + offset, row)

    def row_of(self, document_id: str) -> int | None:
        """Where a document is in the list as shown, or None when the query hides it."""
        number = self._row_of.get(document_id)
        if number is not None:
            return number
        _, found, position = self.documents.count_and_position(self.query, document_id)
        if found is not None and position is not None:
            self._keep(position, found)
        return position

    def id_at(self, number: int) -> str | None:
        row = self._row(number)
        return None if row is None else row.id

    def has_document(self, document_id: str) -> bool:
        """Whether the document was in the store when the list was last read (a document
        added since is not, even when it is there now: the list needs a reload)."""
        rowid = self.documents.rowid_of(document_id)
        return rowid is not None and rowid <= self._last_rowid

    def visible_ids(self) -> list[str]:
        return self.documents.ids(self.query)

    # --- who else has a document open (a team database) -------------------------------------

    def set_open_by(self, open_by: dict[str, set[str]]) -> None:
        """Who else has each document open; the rows whose marks change are repainted."""
        if open_by == self.open_by:
            return
        changed = set(open_by) ^ set(self.open_by)
        changed |= {d for d in open_by if open_by[d] != self.open_by.get(d)}
        self.open_by = {d: set(logins) for d, logins in open_by.items()}
        for document_id in changed:
            number = self._row_of.get(document_id)
            if number is not None:
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(_COLUMNS) - 1))

    def open_by_text(self, document_id: str) -> str:
        logins = self.open_by.get(document_id)
        return f"Open by {', '.join(sorted(logins))}" if logins else ""

    def _presence_icon(self) -> QIcon:
        if self._open_icon is None:
            pixmap = QPixmap(12, 12)
            pixmap.fill(QColor(0, 0, 0, 0))
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QColor("#1b6e3a"))
            painter.setBrush(QColor("#2fa35a"))
            painter.drawEllipse(1, 1, 10, 10)
            painter.end()
            self._open_icon = QIcon(pixmap)
        return self._open_icon

    # --- one document changed ---------------------------------------------------------------

    def _problem_count(self, document_id: str) -> int:
        return len(validate_document(self.store.annotated(document_id), self.store.schema))

    def set_problem_count(self, document_id: str, count: int) -> None:
        """The Problems tab validates the open document live; it reports the count here."""
        if self.problems.get(document_id) == count:
            return
        self.problems[document_id] = count
        if self.query.sort == "problems":
            self.set_query(self._with_problems(self.query))
            return
        number = self._row_of.get(document_id)
        if number is not None:
            self.dataChanged.emit(self.index(number, 7), self.index(number, 7))

    def refresh_document(self, document_id: str) -> None:
        """Re-read one row (status, fields, count) after an edit of that document; when the
        edit moves it into, out of or within the list, the list is read again."""
        number = self._row_of.get(document_id)
        row = self.documents.row(self.query, document_id)
        if row is None and self.documents.rowid_of(document_id) is None:
            if number is None:
                return  # neither shown nor stored: nothing to refresh
            raise EditRefused(f"document {document_id} does not exist")
        if number is None and row is None and document_id in self._hidden:
            return  # hidden by the filter before and still
        old = None if number is None else self._rows.get(number)
        if (
            number is not None
            and old is not None
            and row is not None
            and _same_place(self.query, old, row)
        ):
            self._rows[number] = row
            self.dataChanged.emit(self.index(number, 0), self.index(number, len(_COLUMNS) - 1))
            return
        self.documents.forget_order()
        self.beginResetModel()
        self._recount()
        self.endResetModel()

    # --- Qt's side --------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if index.column() != 0 or not self.open_by:
                return None
            row = self._row(index.row())
            return self._presence_icon() if row is not None and row.id in self.open_by else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.UserRole,
        ):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        shown = _display(row, index.column(), self.problems, self.store.schema, self.label_language)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tooltip(row, str(shown))
            present = self.open_by_text(row.id)
            return (
                f"{present}\n{tip}"
                if present and not tip.startswith("<p>")
                else (f"<p>{html.escape(present)}</p>{tip}" if present else tip)
            )
        return shown

    def _tooltip(self, row: ListRow, shown: str) -> str:
        """The cell in full and, for a document sent back or reopened, why (read only when
        the pointer rests on the row)."""
        reason = self.store.latest_status_reason(row.id)
        if reason is None:
            return shown
        # Rich text, so a long reason wraps instead of running off the screen.
        return f"<p>{html.escape(shown)}<br><i>{html.escape(reason.describe())}</i></p>"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _display(
    row: ListRow, column: int, problems: dict[str, int], schema: AnnotationSchema, language: str
) -> Any:
    if column == 0:
        return row.title
    if column == 1:
        return _text(row.stock_code)
    if column == 2:
        return _text(row.date)
    if column == 3:
        category = _text(row.category)
        if not category:
            return ""
        return schema.value_label("document", "headline_category", category, language)
    if column == 4:
        status = schema.status_label(row.status, language)
        return status + (f" ⚑ {row.flag}" if row.flag else "")
    if column == 5:
        return row.reviewer
    if column == 6:
        return row.annotations
    return problems.get(row.id, "–")


def _same_place(query: ListQuery, old: ListRow, new: ListRow) -> bool:
    """Whether an edit leaves a shown row where it was (import order never changes). Counts
    that every edit changes (annotations, problems) keep their place until the next sort, so a
    tag key never re-sorts the corpus."""
    if query.sort in (None, "problems", "annotations"):
        return True
    if query.sort == "status":
        return (old.status, old.flag) == (new.status, new.flag)
    return bool(getattr(old, query.sort) == getattr(new, query.sort))

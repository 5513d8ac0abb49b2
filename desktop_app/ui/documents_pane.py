"""The corpus list and review queue: every document with its stock code, date, category,
status, last reviewer and counts; filters by status (or flagged), category and reviewer, a text
filter over the visible columns, and full-text search over all texts (the store's index)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models import DocumentInfo, DocumentStatus
from desktop_app.core.store import Store
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
# Typical widest content per column, for widths that do not depend on the rows.
_COLUMN_SAMPLES = (
    "Harbour Star Holdings – Voluntary an",
    "Stock code",
    "2025-12-31",
    "connected transaction",
    "in progress ⚑",
    "Reviewer name",
    "Annotations",
    "Problems",
)
_FLAGGED = "flagged"
# Problems need a full validation per document: done up front for corpora up to this size,
# otherwise as each document is opened or edited ("–" until then).
_VALIDATE_ALL_UP_TO = 300
AnyIndex = QModelIndex | QPersistentModelIndex


class DocumentsModel(QAbstractTableModel):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.rows: list[DocumentInfo] = []
        self._row_of: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.problems: dict[str, int] = {}

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.store.document_infos()
        self._row_of = {info.id: row for row, info in enumerate(self.rows)}
        self.counts = self.store.annotation_counts()
        if len(self.rows) <= _VALIDATE_ALL_UP_TO:
            self.problems = {info.id: self._problem_count(info.id) for info in self.rows}
        self.endResetModel()

    def _problem_count(self, document_id: str) -> int:
        return len(validate_document(self.store.annotated(document_id), self.store.schema))

    def set_problem_count(self, document_id: str, count: int) -> None:
        """The Problems tab validates the open document live; it reports the count here."""
        if self.problems.get(document_id) != count:
            self.problems[document_id] = count
            self.refresh_document(document_id)

    def row_of(self, document_id: str) -> int | None:
        return self._row_of.get(document_id)

    def refresh_document(self, document_id: str) -> None:
        """Re-read one row (status, fields, count) after an edit of that document."""
        row = self._row_of.get(document_id)
        if row is None:
            return
        self.rows[row] = self.store.document_info(document_id)
        self.counts[document_id] = self.store.annotation_count(document_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_COLUMNS) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        info = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return info.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            return info.title
        if column == 1:
            return str(info.metadata.get("stock_code", ""))
        if column == 2:
            return str(info.metadata.get("publication_date", ""))
        if column == 3:
            return str(info.metadata.get("headline_category", "")).replace("_", " ")
        if column == 4:
            return info.status.value.replace("_", " ") + (f" ⚑ {info.flag}" if info.flag else "")
        if column == 5:
            return info.stamp.updated_by
        if column == 6:
            return self.counts.get(info.id, 0)
        return self.problems.get(info.id, "–")


class DocumentsFilter(QSortFilterProxyModel):
    """The filter box's text on any column, and optionally only full-text search matches."""

    def __init__(self, model: DocumentsModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.documents = model
        self.matches: set[str] | None = None
        self.status = ""  # a DocumentStatus value, _FLAGGED, or "" for all
        self.category = ""
        self.reviewer = ""
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(Qt.ItemDataRole.DisplayRole)

    def set_matches(self, matches: set[str] | None) -> None:
        self.beginFilterChange()
        self.matches = matches
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_queue_filter(self, status: str, category: str, reviewer: str) -> None:
        self.beginFilterChange()
        self.status, self.category, self.reviewer = status, category, reviewer
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        info = self.documents.rows[source_row]
        if self.matches is not None and info.id not in self.matches:
            return False
        if self.status == _FLAGGED and not info.flag:
            return False
        if self.status not in ("", _FLAGGED) and info.status.value != self.status:
            return False
        if self.category and info.metadata.get("headline_category") != self.category:
            return False
        if self.reviewer and info.stamp.updated_by != self.reviewer:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class DocumentsPane(QWidget):
    document_activated = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = DocumentsModel(store)
        self.proxy = DocumentsFilter(self.model)
        self.filter_box = QLineEdit(placeholderText="Filter by title, code, status…")
        self.filter_box.setAccessibleName("Filter documents")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.search_box = QLineEdit(placeholderText="Search all texts (Return)")
        self.search_box.setAccessibleName("Search all documents")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.run_search)
        self.search_box.textChanged.connect(self._search_cleared)
        self.status_filter = self._combo("Show documents with status")
        self.status_filter.addItem("All statuses", "")
        for status in DocumentStatus:
            self.status_filter.addItem(status.value.replace("_", " ").capitalize(), status.value)
        self.status_filter.addItem("Flagged", _FLAGGED)
        self.category_filter = self._combo("Show documents of headline category")
        self.reviewer_filter = self._combo("Show documents last changed by")
        queue = QHBoxLayout()
        for combo in (self.status_filter, self.category_filter, self.reviewer_filter):
            queue.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self._apply_queue_filter)
        self.table = QTableView()
        self.table.setAccessibleName("Documents")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Widths from the font, not from the rows: measuring contents re-reads every row of
        # the corpus through data() on each edit (a quarter second at a thousand documents).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(_COLUMN_SAMPLES):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.activated.connect(self._activate)
        self.table.doubleClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.search_box)
        layout.addLayout(queue)
        layout.addWidget(self.table)
        self.reload()

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        return combo

    def reload(self) -> None:
        """Re-read the corpus and the choices of the queue filters."""
        self.model.reload()
        rows = self.model.rows
        for combo, label, values in (
            (
                self.category_filter,
                "All categories",
                {str(i.metadata.get("headline_category", "")) for i in rows},
            ),
            (self.reviewer_filter, "All reviewers", {i.stamp.updated_by for i in rows}),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, "")
            for value in sorted(v for v in values if v):
                combo.addItem(value.replace("_", " "), value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)
        self._apply_queue_filter()

    def _apply_queue_filter(self, *_: object) -> None:
        self.proxy.set_queue_filter(
            str(self.status_filter.currentData() or ""),
            str(self.category_filter.currentData() or ""),
            str(self.reviewer_filter.currentData() or ""),
        )

    def _activate(self, index: QModelIndex) -> None:
        document_id = self.proxy.data(index, Qt.ItemDataRole.UserRole)
        if document_id:
            self.document_activated.emit(str(document_id))

    def run_search(self) -> None:
        query = self.search_box.text().strip()
        self.proxy.set_matches(set(self.store.search(query)) if query else None)

    def _search_cleared(self, text: str) -> None:
        if not text:
            self.proxy.set_matches(None)

    def visible_ids(self) -> list[str]:
        return [
            str(self.proxy.data(self.proxy.index(row, 0), Qt.ItemDataRole.UserRole))
            for row in range(self.proxy.rowCount())
        ]

    def _proxy_row(self, document_id: str | None) -> int | None:
        """Where a document is in the list as shown (sorted, filtered), found without a scan."""
        source_row = self.model.row_of(document_id) if document_id else None
        if source_row is None:
            return None
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        return index.row() if index.isValid() else None

    def select_document(self, document_id: str) -> None:
        row = self._proxy_row(document_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.proxy.index(row, 0))

    def neighbour(self, document_id: str | None, step: int) -> str | None:
        """The document ``step`` rows away from ``document_id`` in the current order and filter."""
        count = self.proxy.rowCount()
        if not count:
            return None
        row = self._proxy_row(document_id)
        if row is None:
            return str(self.proxy.data(self.proxy.index(0, 0), Qt.ItemDataRole.UserRole))
        target = row + step
        if not 0 <= target < count:
            return None
        return str(self.proxy.data(self.proxy.index(target, 0), Qt.ItemDataRole.UserRole))

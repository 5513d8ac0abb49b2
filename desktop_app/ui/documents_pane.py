"""The corpus list and review queue: every document with its stock code, date, category,
status, last reviewer and counts; filters by status (or flagged), category and reviewer, a text
filter over the visible columns, and full-text search over all texts (the store's index)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QModelIndex,
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

from desktop_app.core.models import DocumentStatus
from desktop_app.core.store import Store
from desktop_app.core.store.document_list import FLAGGED
from desktop_app.ui.documents_model import (
    COLUMN_SAMPLES,
    DocumentsModel,
)


class DocumentsPane(QWidget):
    document_activated = Signal(str)
    reloaded = Signal()  # the corpus was read again: documents may have come or gone

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = DocumentsModel(store)
        self.filter_box = QLineEdit(placeholderText="Filter by title, code, status…")
        self.filter_box.setAccessibleName("Filter documents")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._apply_queue_filter)
        self.search_box = QLineEdit(placeholderText="Search all texts (Return)")
        self.search_box.setAccessibleName("Search all documents")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.run_search)
        self.search_box.textChanged.connect(self._search_cleared)
        self.status_filter = self._combo("Show documents with status")
        self.status_filter.addItem("All statuses", "")
        for status in DocumentStatus:
            self.status_filter.addItem(store.schema.status_label(status.value), status.value)
        self.status_filter.addItem("Flagged", FLAGGED)
        self.category_filter = self._combo("Show documents of headline category")
        self.reviewer_filter = self._combo("Show documents last changed by")
        queue = QHBoxLayout()
        for combo in (self.status_filter, self.category_filter, self.reviewer_filter):
            queue.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self._apply_queue_filter)
        self.table = QTableView()
        self.table.setAccessibleName("Documents")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        # Import order until a column is chosen (a third click on it goes back to it).
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # Widths from the font, not from the rows: measuring contents re-reads every row of
        # the corpus through data() on each edit (a quarter second at a thousand documents).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(COLUMN_SAMPLES):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.model.modelReset.connect(self._reselect)
        # The highlighted row is the open document: a click, an arrow key or Page Down opens
        # the row it lands on, and opening from anywhere else highlights its row.
        self.table.selectionModel().currentRowChanged.connect(self._current_moved)
        self.table.activated.connect(self._activate)
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
        for combo, label, column in (
            (self.category_filter, "All categories", "category"),
            (self.reviewer_filter, "All reviewers", "reviewer"),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, "")
            for value in self.model.documents.values(column):
                shown = (
                    self.store.schema.value_label(
                        "document", "headline_category", value, self.model.label_language
                    )
                    if column == "category"
                    else value
                )
                combo.addItem(shown, value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)
        self._apply_queue_filter()
        self.reloaded.emit()

    def set_label_language(self, language: str) -> None:
        """Show statuses and categories in ``language`` (the schema's labels)."""
        self.model.label_language = language
        schema = self.store.schema
        for index in range(self.status_filter.count()):
            value = self.status_filter.itemData(index)
            if value in {status.value for status in DocumentStatus}:
                self.status_filter.setItemText(index, schema.status_label(value, language))
        for index in range(1, self.category_filter.count()):
            value = str(self.category_filter.itemData(index))
            label = schema.value_label("document", "headline_category", value, language)
            self.category_filter.setItemText(index, label)
        self.table.viewport().update()

    def _apply_queue_filter(self, *_: object) -> None:
        self.model.set_query(
            replace(
                self.model.query,
                text=self.filter_box.text(),
                status=str(self.status_filter.currentData() or ""),
                category=str(self.category_filter.currentData() or ""),
                reviewer=str(self.reviewer_filter.currentData() or ""),
            )
        )

    def _reselect(self) -> None:
        """After the list was read again: the open document stays selected where it now is."""
        row = self.model.anchor_row
        if row is None:
            self.table.clearSelection()
            self.table.scrollToTop()  # rows far down are the dearest to read
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _current_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._activate(current)

    def _activate(self, index: QModelIndex) -> None:
        document_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if document_id and str(document_id) != self.model.anchor_id:
            self.document_activated.emit(str(document_id))

    def run_search(self) -> None:
        """Show the documents whose text matches; the first hit opens unless the open
        document is among them (what is highlighted is always what is open)."""
        query = self.search_box.text().strip()
        matches = frozenset(self.store.search(query)) if query else None
        self.model.set_query(replace(self.model.query, matches=matches))
        if matches and self.model.anchor_row is None and self.model.rowCount():
            self._activate(self.model.index(0, 0))

    def _search_cleared(self, text: str) -> None:
        if not text:
            self.model.set_query(replace(self.model.query, matches=None))

    def visible_ids(self) -> list[str]:
        """Every shown document's id, in order (reads them all: for whole-list commands)."""
        return self.model.visible_ids()

    def select_document(self, document_id: str) -> bool:
        """Highlight the open document's row; False (nothing highlighted) when the filters
        hide it, so no other row looks open."""
        self.model.anchor_id = document_id
        row = self.model.row_of(document_id)
        self.model.anchor_row = row
        if row is None:
            self.table.clearSelection()
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def neighbour(self, document_id: str | None, step: int) -> str | None:
        """The document ``step`` rows away from ``document_id`` in the current order and filter."""
        count = self.model.rowCount()
        if not count:
            return None
        row = self.model.row_of(document_id) if document_id else None
        if row is None:
            return self.model.id_at(0)
        target = row + step
        if not 0 <= target < count:
            return None
        return self.model.id_at(target)

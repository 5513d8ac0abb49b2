"""The Entities tab: a filterable tree of the document's entities by type, and the form of
the chosen one.

The tree is a lazy model (see ``entity_tree_model``) so that large documents open fast: each
type shows its first entities, and more are fetched as the view scrolls or the caret moves
towards the end of what it has. After an edit only the changed rows move, appear or disappear
and the selection stays put.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QScrollArea,
    QScrollBar,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models import Changes
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms.entity_form import EntityForm
from desktop_app.ui.forms.entity_tree_model import EntityTreeModel

AnyIndex = QModelIndex | QPersistentModelIndex
_AHEAD = QAbstractItemView.CursorAction  # short alias for the key moves below
_TOWARDS_THE_END = {_AHEAD.MoveDown, _AHEAD.MoveNext, _AHEAD.MovePageDown}


class EntityTree(QTreeView):
    """The tree of entities by type, fetching rows ahead of what the reviewer reaches.

    Qt's tree fetches more only for the last expanded group, when scrolled to the very bottom;
    here every expanded group whose fetched rows end less than a screen below the viewport
    is given more, after each scroll and before each key move, and End fetches all of the
    group it ends in, so arrows, Page Down and End walk every entity.
    """

    def __init__(self, model: EntityTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity_model = model
        self._fetching = False
        self.setModel(model)
        bar: QScrollBar = self.verticalScrollBar()
        bar.valueChanged.connect(self.fetch_ahead)
        bar.rangeChanged.connect(self.fetch_ahead)

    def fetch_ahead(self, *_: object) -> None:
        if self._fetching or not self.isVisible():
            return
        self._fetching = True  # measuring rows lays the view out, which may call back here
        try:
            model, height = self.entity_model, self.viewport().height()
            for row in range(model.rowCount()):
                group = model.index(row, 0)
                while model.canFetchMore(group) and self.isExpanded(group):
                    last = self.visualRect(model.index(model.rowCount(group) - 1, 0, group))
                    if not last.isValid() or last.top() > 2 * height:  # a screen below, or more
                        break
                    model.fetchMore(group)
        finally:
            self._fetching = False

    def moveCursor(  # noqa: N802 (a Qt override)
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        model = self.entity_model
        if action == _AHEAD.MoveEnd:
            last = model.index(model.rowCount() - 1, 0)
            if self.isExpanded(last):
                model.fetch_all(last)
        elif action in _TOWARDS_THE_END:
            self.fetch_ahead()
            current = self.currentIndex()
            group = current.parent()
            if group.isValid() and current.row() >= model.rowCount(group) - 1:
                model.fetchMore(group)  # at the end of what is fetched: the next ones
        return super().moveCursor(action, modifiers)


class EntitiesTab(QWidget):
    """Filter line, entity tree and entity form; activating an entity jumps to its text."""

    jump_requested = Signal(int, int)

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter entities by name, identifier or text…")
        self.filter_edit.setAccessibleName("Filter entities")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.model = EntityTreeModel(context.schema, self)
        self.tree = EntityTree(self.model, self)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)  # lets the view skip measuring every row
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName("Entities by type")
        self.tree.setToolTip("Return: show the first mention in the text")
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.activated.connect(self._on_activated)
        self.model.modelReset.connect(self._expand_groups)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.form = EntityForm(context)
        self.form.jump_requested.connect(self.jump_requested)
        self.filter_edit.returnPressed.connect(self._focus_tree)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.filter_edit)
        top_layout.addWidget(self.tree, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        QWidget.setTabOrder(self.filter_edit, self.tree)
        QWidget.setTabOrder(self.tree, self.form.type_combo)

    def set_document(self, working: WorkingDocument | None) -> None:
        self.form.show_entity(None)
        outline = None if working is None else working.outline
        if working is None:
            self.model.set_entities({})
        elif outline is not None:  # a large document as kept: its rows read when needed
            self.model.set_outline(
                outline.entity_groups, lambda: working.entity_rows, working.entity_row
            )
        else:
            self.model.set_entities(working.entity_rows)

    def apply_changes(self, changes: Changes) -> None:
        self.model.apply_changes(changes.entities | changes.removed_entities)
        self.form.apply_changes(changes)

    def current_entity(self) -> str | None:
        return self.form.entity_id

    def show_entity(self, entity_id: str) -> bool:
        """Select an entity in the tree (clearing a filter that hides it) and focus its form."""
        working = self.context.working
        if working is None or working.entity_row(entity_id) is None:
            return False
        index = self.model.index_of(entity_id)
        if not index.isValid() and self.filter_edit.text():
            self.filter_edit.clear()
            index = self.model.index_of(entity_id)
        if index.isValid():
            self.tree.scrollTo(index)
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self.form.show_entity(entity_id)
        self.form.focus_form()
        return True

    def focus_tab(self) -> None:
        if self.form.entity_id is not None:
            self.form.focus_form()
        else:
            self._focus_tree()

    def _on_filter_changed(self, text: str) -> None:
        shown = self.form.entity_id
        self.model.set_filter(text)
        if shown is not None:  # keep the form's entity selected when it still matches
            index = self.model.index_of(shown)
            if index.isValid():
                self.tree.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )

    def _focus_tree(self) -> None:
        """Return in the filter: on to the first matching entity."""
        if self.model.entity_id_at(self.tree.currentIndex()) is None:
            first = self.model.index(0, 0, self.model.index(0, 0))
            if first.isValid():
                self.tree.setCurrentIndex(first)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_current_changed(self, current: AnyIndex, _previous: AnyIndex) -> None:
        entity_id = self.model.entity_id_at(current)
        if entity_id is not None:
            self.form.show_entity(entity_id)

    def _on_activated(self, index: AnyIndex) -> None:
        entity_id = self.model.entity_id_at(index)
        working = self.context.working
        entity = working.entity_row(entity_id) if working and entity_id else None
        if entity is not None and entity.mentions:
            first = min(entity.mentions, key=lambda m: m.start)
            self.jump_requested.emit(first.start, first.end)
        elif index.isValid() and entity_id is None:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def _expand_groups(self) -> None:
        for row in range(self.model.rowCount()):
            self.tree.expand(self.model.index(row, 0))

    def _on_rows_inserted(self, parent: AnyIndex, first: int, last: int) -> None:
        if not parent.isValid():
            for row in range(first, last + 1):
                self.tree.expand(self.model.index(row, 0))

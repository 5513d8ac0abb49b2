"""The Problems tab: what is wrong with the open document, checked live.

Opening a document validates all of it, from the annotations' plain rows (no model per
mention); after an edit only what the edit touched is checked again and moved in the list
(``core.problem_book``). Changes are coalesced: every change
restarts a zero-delay single-shot timer, so a burst of changes in one event-loop turn costs one
check. The list is a view over a model of the problems (no widget per problem). Activating a
problem asks the pane to show its place in the text and its form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from desktop_app.core.models import Changes
from desktop_app.core.problem_book import ProblemBook
from desktop_app.core.validation import Problem
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.editor_context import EditorContext, paused_gc

AnyIndex = QModelIndex | QPersistentModelIndex


class ProblemsModel(QAbstractListModel):
    """The problems as rows: the message, with the message as tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self.problems = problems
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.problems):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.problems[index.row()].message
        return None


class ProblemsTab(QWidget):
    count_changed = Signal(int)
    problem_activated = Signal(object)  # Problem

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.summary = QLabel(self)
        self.model = ProblemsModel()
        self.problem_list = QListView(self)
        self.problem_list.setModel(self.model)
        self.problem_list.setAccessibleName("Problems")
        self.problem_list.setWordWrap(True)
        # Wrapped rows differ in height: lay them out a batch at a time, the first screen first.
        self.problem_list.setLayoutMode(QListView.LayoutMode.Batched)
        self.problem_list.setBatchSize(200)
        self.problem_list.setToolTip("Return: go to the problem")
        self.problem_list.activated.connect(self._on_activated)
        self._book = ProblemBook()
        self._pending: Changes | None = None
        self._full = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.revalidate)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem_list, 1)
        self.schedule()

    @property
    def problems(self) -> list[Problem]:
        return self.model.problems

    def set_document(self, _working: WorkingDocument | None) -> None:
        self.schedule()

    def apply_changes(self, changes: Changes) -> None:
        if not self._full:
            self._pending = changes if self._pending is None else self._pending.merge(changes)
        self._timer.start()

    def schedule(self) -> None:
        """Validate the whole document (it was opened or replaced) on the next turn."""
        self._full = True
        self._pending = None
        self._timer.start()

    def revalidate(self) -> None:
        working = self.context.working
        if working is None:
            self._book = ProblemBook()
        elif self._full or self._pending is None:
            with paused_gc():  # 25,000 problems on a large document: see paused_gc
                self._book.check_all(
                    working.document, working.entity_rows, working.event_rows, self.context.schema
                )
        else:
            self._book.check_changed(
                working.document,
                working.entity_rows,
                working.event_rows,
                self.context.schema,
                self._pending,
            )
        self._full = False
        self._pending = None
        self._show()

    def _show(self) -> None:
        problems = list(self._book.problems)
        current = self.problem_list.currentIndex().row()
        self.model.set_problems(problems)
        if problems and current >= 0:
            self.problem_list.setCurrentIndex(self.model.index(min(current, len(problems) - 1)))
        self.summary.setText(
            "No problems." if not problems else f"{len(problems)} problem(s); Return goes to one."
        )
        self.count_changed.emit(len(problems))

    def focus_list(self) -> None:
        self.problem_list.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.problem_list.currentIndex().row() < 0 and self.model.rowCount():
            self.problem_list.setCurrentIndex(self.model.index(0))

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.row()
        if 0 <= row < len(self.problems):
            self.problem_activated.emit(self.problems[row])

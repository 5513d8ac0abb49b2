"""The Problems tab: what is wrong with the open document, checked live.

Opening a document validates all of it, from the annotations' plain rows (no model per
mention); after an edit only what the edit touched is checked again and moved in the list
(``core.problem_book``). A large document unchanged since an earlier open has its problems
kept with its outline (``core.document_outline``): the open shows their number, and the list
is read when the tab is shown or the problems are asked for, or at the first change (which is
then checked against them). Changes are coalesced: every change
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
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from desktop_app.core.document_outline import ProblemKey
from desktop_app.core.gc_pause import paused_gc
from desktop_app.core.models import Changes
from desktop_app.core.problem_book import ProblemBook
from desktop_app.core.validation import Problem
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.editor_context import EditorContext

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
    checked_in_full = Signal()  # every annotation of the open document was just checked

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
        self._deferred = False  # the open's problems are kept with its outline, not read yet
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
        """The open document's problems (those kept with its outline are read now)."""
        self.ensure_listed()
        return self.model.problems

    def checked(self) -> tuple[list[ProblemKey], list[Problem]]:
        """The problems as the last check left them, with their keys (what an outline keeps):
        the book's, which the list shows from the next turn on."""
        return self._book.keys, self._book.problems

    def ensure_listed(self) -> None:
        """Read the problems kept with the outline into the list, if not done yet."""
        if self._deferred:
            self._timer.stop()
            self.revalidate()

    def showEvent(self, event: QShowEvent) -> None:  # a Qt override
        self.ensure_listed()
        super().showEvent(event)

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
        self._deferred = False
        self._timer.start()

    def revalidate(self) -> None:
        working = self.context.working
        if working is None:
            self._book = ProblemBook()
            self._deferred = False
        elif self._full:
            outline = working.outline
            if outline is not None and not self.isVisible():
                self._book = ProblemBook()  # the last document's problems let go now
                self._full, self._pending, self._deferred = False, None, True
                self._show_count(outline.problem_count)
                return
            if outline is None or not self._restore(working):
                self._check_all(working)
                self.checked_in_full.emit()
        else:
            if self._deferred and not self._restore(working):
                self._check_all(working)  # the rows as they are now: every change is in them
            if self._pending is not None:
                self._check_changed(working, self._pending)
        self._full = False
        self._pending = None
        self._show()

    def _check_changed(self, working: WorkingDocument, changes: Changes) -> None:
        # Rows by id, read one at a time unless every row is read already (a large document
        # opened from its outline reads only what the edit touched).
        self._book.check_changed(
            working.document,
            working.entity_lookup,
            working.event_lookup,
            self.context.schema,
            changes,
        )

    def _check_all(self, working: WorkingDocument) -> None:
        with paused_gc():  # 25,000 problems on a large document: see paused_gc
            self._book.check_all(
                working.document, working.entity_rows, working.event_rows, self.context.schema
            )
        self._deferred = False
        self._pending = None

    def _restore(self, working: WorkingDocument) -> bool:
        """The problems kept with the outline as the book's (changes since are checked next);
        False when they cannot be read."""
        self._deferred = False
        with paused_gc():
            kept = working.problems_at_open()
            if kept is None:
                return False
            try:
                self._book.restore(*kept, working.events_pointing_to)
            except ValueError:
                return False
        return True

    def _show_count(self, count: int) -> None:
        self.model.set_problems([])
        self.summary.setText(
            "No problems." if not count else f"{count} problem(s); Return goes to one."
        )
        self.count_changed.emit(count)

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
        self.ensure_listed()
        self.problem_list.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.problem_list.currentIndex().row() < 0 and self.model.rowCount():
            self.problem_list.setCurrentIndex(self.model.index(0))

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.row()
        if 0 <= row < len(self.problems):
            self.problem_activated.emit(self.problems[row])

"""The Problems tab: what is wrong with the open document, checked live.

Validation reruns after edits, coalesced: every change restarts a zero-delay single-shot
timer, so a burst of changes in one event-loop turn costs one validation. Activating a
problem asks the pane to show its place in the text and its form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app.core.models import AnnotatedDocument, Changes
from desktop_app.core.validation import Problem, validate_document
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.editor_context import EditorContext

_INDEX_ROLE = Qt.ItemDataRole.UserRole


def _reading_order(problem: Problem) -> tuple[int, int]:
    """Document-level problems first, then by position in the text."""
    return (0, 0) if problem.offset is None else (1, problem.offset)


class ProblemsTab(QWidget):
    count_changed = Signal(int)
    problem_activated = Signal(object)  # Problem

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.problems: list[Problem] = []
        self.summary = QLabel(self)
        self.problem_list = QListWidget(self)
        self.problem_list.setAccessibleName("Problems")
        self.problem_list.setWordWrap(True)
        self.problem_list.setToolTip("Return: go to the problem")
        self.problem_list.itemActivated.connect(self._on_activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.revalidate)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem_list, 1)
        self.schedule()

    def set_document(self, _working: WorkingDocument | None) -> None:
        self.schedule()

    def apply_changes(self, _changes: Changes) -> None:
        self.schedule()

    def schedule(self) -> None:
        self._timer.start()

    def revalidate(self) -> None:
        working = self.context.working
        if working is None:
            problems: list[Problem] = []
        else:
            # The open document's parts are already validated models: skip re-validating them.
            annotated = AnnotatedDocument.model_construct(
                document=working.document,
                entities=list(working.entities.values()),
                events=list(working.events.values()),
            )
            problems = sorted(validate_document(annotated, self.context.schema), key=_reading_order)
        current = self.problem_list.currentRow()
        self.problems = problems
        self.problem_list.clear()
        for index, problem in enumerate(problems):
            item = QListWidgetItem(problem.message)
            item.setData(_INDEX_ROLE, index)
            item.setToolTip(problem.message)
            self.problem_list.addItem(item)
        if problems and current >= 0:
            self.problem_list.setCurrentRow(min(current, len(problems) - 1))
        self.summary.setText(
            "No problems." if not problems else f"{len(problems)} problem(s); Return goes to one."
        )
        self.count_changed.emit(len(problems))

    def focus_list(self) -> None:
        self.problem_list.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.problem_list.currentRow() < 0 and self.problem_list.count():
            self.problem_list.setCurrentRow(0)

    def _on_activated(self, item: QListWidgetItem) -> None:
        index = item.data(_INDEX_ROLE)
        if isinstance(index, int) and 0 <= index < len(self.problems):
            self.problem_activated.emit(self.problems[index])

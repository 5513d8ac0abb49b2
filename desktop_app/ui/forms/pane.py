"""The forms pane on the right of the annotation window: Entities, Events, Document, Problems,
Comments and History.

It listens to the editor context itself: a newly opened document resets every tab, and
each edit's ``Changes`` reaches each tab, which refreshes only what changed. The window hears
``jump_requested(start, end)`` (stored offsets) and selects that span in the text.

The open document loads its entity and event models on first use so that the text can be
painted first; the pane therefore fills its lists on the next event-loop turn after a
document opens (or at once, when asked to show something before that).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop_app.core.event_listing import event_lists
from desktop_app.core.gc_pause import paused_gc
from desktop_app.core.models import Changes
from desktop_app.core.validation import Problem
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms.comments_tab import CommentsTab
from desktop_app.ui.forms.document_tab import DocumentTab
from desktop_app.ui.forms.entities_tab import EntitiesTab
from desktop_app.ui.forms.events_tab import EventsTab
from desktop_app.ui.forms.history_tab import HistoryTab
from desktop_app.ui.forms.problems_tab import ProblemsTab


class FormsPane(QTabWidget):
    """Tabs of forms for the open document; see the module docstring."""

    jump_requested = Signal(int, int)  # stored [start, end): the window selects it in the text

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName("Annotation forms")
        self.entities_tab = EntitiesTab(context, self)
        self.events_tab = EventsTab(context, self)
        self.document_tab = DocumentTab(context, self)
        self.problems_tab = ProblemsTab(context, self)
        self.comments_tab = CommentsTab(context, self)
        self.history_tab = HistoryTab(context, self)
        self.addTab(self.entities_tab, "Entities")
        self.addTab(self.events_tab, "Events")
        self.addTab(self.document_tab, "Document")
        self.addTab(self.problems_tab, "Problems")
        self.addTab(self.comments_tab, "Comments")
        self.addTab(self.history_tab, "History")
        self.comments_tab.target_activated.connect(self.show_annotation)
        self.comments_tab.count_changed.connect(self._show_comment_count)
        self.history_tab.target_activated.connect(self.show_annotation)
        self.entities_tab.jump_requested.connect(self.jump_requested)
        self.events_tab.jump_requested.connect(self.jump_requested)
        self.problems_tab.count_changed.connect(self._show_problem_count)
        self.problems_tab.problem_activated.connect(self.go_to_problem)
        self.problems_tab.checked_in_full.connect(self._keep_outline)
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self.fill_now)
        context.document_opened.connect(self._on_document_opened)
        context.changed.connect(self._on_changed)
        self._on_document_opened(context.working)

    def _on_document_opened(self, working: WorkingDocument | None) -> None:
        self.entities_tab.set_document(None)
        self.events_tab.set_document(None)
        self.document_tab.set_document(working, reason=False)
        self.problems_tab.set_document(working)
        self.comments_tab.set_document(working)
        self.history_tab.set_document(working)
        if working is None:
            self._fill_timer.stop()
        else:
            self._fill_timer.start()

    @property
    def filled(self) -> bool:
        """Whether the entity and event lists show the open document yet."""
        return not self._fill_timer.isActive()

    def fill_now(self) -> None:
        """Fill the entity and event lists of a just-opened document, if still pending."""
        self._fill_timer.stop()
        working = self.context.working
        with paused_gc():  # the previous document's rows are freed here too
            self.entities_tab.set_document(working)
            self.events_tab.set_document(working)
        self.document_tab.show_reason()

    def _keep_outline(self) -> None:
        """After a large document was read and checked in full: keep what its lists show,
        for the next open (``core.document_outline``; nothing for a small one)."""
        working = self.context.working
        if working is None or not working.may_keep_outline:
            return
        event_keys, event_labels = event_lists(working.event_rows, self.context.schema)
        working.keep_outline(event_keys, event_labels, *self.problems_tab.checked())

    def _ensure_filled(self) -> None:
        if not self.filled:
            self.fill_now()

    def _on_changed(self, changes: Changes) -> None:
        self.comments_tab.apply_changes(changes)
        self.history_tab.apply_changes(changes)
        if not self.filled:
            self.fill_now()  # reads the document as it is now: nothing left to apply
            self.document_tab.apply_changes(changes)
            self.problems_tab.apply_changes(changes)
            return
        self.entities_tab.apply_changes(changes)
        self.events_tab.apply_changes(changes)
        self.document_tab.apply_changes(changes)
        self.problems_tab.apply_changes(changes)

    def _show_problem_count(self, count: int) -> None:
        index = self.indexOf(self.problems_tab)
        self.setTabText(index, f"Problems ({count})")

    # --- public ---------------------------------------------------------------------------

    def show_entity(self, entity_id: str) -> None:
        """Switch to the Entities tab, select the entity and focus its form."""
        self._ensure_filled()
        self.setCurrentWidget(self.entities_tab)
        if not self.entities_tab.show_entity(entity_id):
            self.context.report("That entity is not in the open document.")

    def show_event(self, event_id: str) -> None:
        """Switch to the Events tab, select the event, focus its first empty required role."""
        self._ensure_filled()
        self.setCurrentWidget(self.events_tab)
        if not self.events_tab.show_event(event_id):
            self.context.report("That event is not in the open document.")

    def show_annotation(self, annotation_id: str) -> None:
        """Jump to an entity or event (from a comment or a history entry) in text and form."""
        working = self.context.working
        if working is None:
            return
        self._ensure_filled()
        entity, event = working.entity_row(annotation_id), working.event_row(annotation_id)
        if entity is not None:
            mentions = entity.mentions
            if mentions:
                self.jump_requested.emit(mentions[0].start, mentions[0].end)
            self.show_entity(annotation_id)
        elif event is not None:
            trigger = event.trigger
            if trigger is not None:
                self.jump_requested.emit(trigger.start, trigger.end)
            self.show_event(annotation_id)
        else:
            self.context.report("that annotation no longer exists")

    def focus_comments(self) -> None:
        self.setCurrentWidget(self.comments_tab)
        self.comments_tab.focus_list()

    def show_comments_on(self, target_id: str) -> None:
        """The Comments tab with the thread about an entity or event chosen and in focus."""
        self.setCurrentWidget(self.comments_tab)
        self.comments_tab.show_thread_on(target_id)
        self.comments_tab.focus_list()

    def focus_history(self) -> None:
        self.setCurrentWidget(self.history_tab)
        self.history_tab.focus_list()

    def _show_comment_count(self, count: int) -> None:
        self.setTabText(
            self.indexOf(self.comments_tab), f"Comments ({count})" if count else "Comments"
        )

    def focus_problems(self) -> None:
        self._ensure_filled()
        self.setCurrentWidget(self.problems_tab)
        self.problems_tab.focus_list()

    def focus_current_tab(self) -> None:
        """Put the keyboard focus in the tab on show: the form being edited, else its list."""
        self._ensure_filled()
        current = self.currentWidget()
        if current is self.entities_tab:
            self.entities_tab.focus_tab()
        elif current is self.events_tab:
            self.events_tab.focus_tab()
        elif current is self.document_tab:
            self.document_tab.focus_tab()
        else:
            self.problems_tab.focus_list()

    def current_annotation(self) -> str | None:
        """The entity or event chosen in the tab on show (None on the other tabs)."""
        current = self.currentWidget()
        if current is self.entities_tab:
            return self.entities_tab.current_entity()
        if current is self.events_tab:
            return self.events_tab.current_event()
        return None

    def go_to_problem(self, problem: Problem) -> None:
        """Show where a problem is: its span in the text, then the form that can fix it."""
        working = self.context.working
        if working is None:
            return
        span: tuple[int, int] | None = None
        entity = working.entity_row(problem.entity_id or "")
        event = working.event_row(problem.event_id or "")
        if entity is not None:
            mention = next((m for m in entity.mentions if m.start == problem.offset), None)
            mention = mention or (entity.mentions[0] if entity.mentions else None)
            span = (mention.start, mention.end) if mention else None
        elif event is not None and event.trigger is not None:
            span = (event.trigger.start, event.trigger.end)
        if span is None and problem.offset is not None:
            span = (problem.offset, problem.offset)
        if span is not None:
            self.jump_requested.emit(*span)
        if entity is not None:
            self.show_entity(entity.id)
        elif event is not None:
            self.show_event(event.id)
        elif problem.entity_id is None and problem.event_id is None:
            self.setCurrentWidget(self.document_tab)
            fields = self.context.schema.document_fields
            field = next((f.name for f in fields if f"“{f.title}”" in problem.message), None)
            if field is not None:
                self.document_tab.focus_field(field)

"""The Comments tab: threads on the document and on its annotations, resolvable.

Return on a comment jumps to the annotation it is about; R replies, Space resolves or reopens.
Every action is an undoable edit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.edits import AddComment, ResolveComment
from desktop_app.core.models import Changes
from desktop_app.core.review_models import Comment
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.prompt import ask_text


class CommentTree(QTreeWidget):
    reply_requested = Signal()
    toggle_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_R and not event.modifiers():
            self.reply_requested.emit()
        elif event.key() == Qt.Key.Key_Space:
            self.toggle_requested.emit()
        else:
            super().keyPressEvent(event)


class CommentsTab(QWidget):
    target_activated = Signal(str)  # entity or event id
    count_changed = Signal(int)  # open (unresolved) comments

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.comments: dict[str, Comment] = {}
        self.summary = QLabel(self)
        self.tree = CommentTree(self)
        self.tree.setAccessibleName("Comments")
        self.tree.setHeaderLabels(["Comment", "About", "By", "When"])
        self.tree.setToolTip("Return: go to it · R: reply · Space: resolve or reopen")
        self.tree.itemActivated.connect(self._activated)
        self.tree.reply_requested.connect(self.reply)
        self.tree.toggle_requested.connect(self.toggle_resolved)
        self.reply_button = QPushButton("Reply…", self)
        self.reply_button.setAccessibleName("Reply to the selected comment")
        self.reply_button.clicked.connect(self.reply)
        self.resolve_button = QPushButton("Resolve / reopen", self)
        self.resolve_button.setAccessibleName("Resolve or reopen the selected comment")
        self.resolve_button.clicked.connect(self.toggle_resolved)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reply_button)
        buttons.addWidget(self.resolve_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

    def set_document(self, working: WorkingDocument | None) -> None:
        self.refresh(working)

    def apply_changes(self, changes: Changes) -> None:
        working = self.context.working
        if working is not None and (changes.comments or working.id in changes.documents):
            self.refresh(working)

    def _about(self, working: WorkingDocument, target_id: str | None) -> str:
        if target_id is None:
            return "document"
        if target_id in working.entities:
            entity = working.entities[target_id]
            return f"{entity.type}: {entity.name}"
        if target_id in working.events:
            return f"event {working.events[target_id].type}"
        return "(removed annotation)"

    def refresh(self, working: WorkingDocument | None) -> None:
        current = self.current_comment()
        self.tree.clear()
        self.comments = {}
        if working is None:
            self.summary.setText("")
            self.count_changed.emit(0)
            return
        items: dict[str, QTreeWidgetItem] = {}
        for comment in self.context.store.comments(working.id):
            self.comments[comment.id] = comment
            mark = "✓ " if comment.resolved else ""
            item = QTreeWidgetItem(
                [
                    mark + comment.body,
                    self._about(working, comment.target_id),
                    comment.stamp.created_by,
                    comment.stamp.created_at[:16].replace("T", " "),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, comment.id)
            item.setToolTip(0, comment.body)
            parent = items.get(comment.parent_id or "")
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[comment.id] = item
        self.tree.expandAll()
        open_count = sum(not c.resolved for c in self.comments.values())
        self.summary.setText(f"{open_count} open, {len(self.comments) - open_count} resolved")
        self.count_changed.emit(open_count)
        if current in items:
            self.tree.setCurrentItem(items[current])
        elif items:
            self.tree.setCurrentItem(next(iter(items.values())))

    def commented_targets(self) -> set[str]:
        return {c.target_id for c in self.comments.values() if c.target_id and not c.resolved}

    def current_comment(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def _activated(self, item: QTreeWidgetItem) -> None:
        comment = self.comments.get(str(item.data(0, Qt.ItemDataRole.UserRole)))
        if comment is not None and comment.target_id:
            self.target_activated.emit(comment.target_id)

    def reply(self) -> None:
        comment_id = self.current_comment()
        working = self.context.working
        if comment_id is None or working is None:
            self.context.report("choose a comment to reply to")
            return
        comment = self.comments[comment_id]
        root = comment.parent_id or comment.id
        context = self.context

        def add(body: str) -> None:
            context.run_edit(
                AddComment(
                    working.id,
                    body,
                    comment.target_id,
                    root,
                )
            )

        ask_text(self, "Reply", f"Reply to {comment.stamp.created_by}:", add, multiline=True)

    def toggle_resolved(self) -> None:
        comment_id = self.current_comment()
        if comment_id is None:
            self.context.report("choose a comment first")
            return
        resolved = not self.comments[comment_id].resolved
        context = self.context
        context.run_edit(ResolveComment(comment_id, resolved))

    def focus_list(self) -> None:
        self.tree.setFocus()

"""The Comments tab: threads on the document and on its annotations, resolvable.

The list shows each comment's first line; the pane under it shows the chosen comment's whole
thread with every body in full, wrapped. Return on a comment jumps to the annotation it is
about; R replies, Space resolves or reopens. Every action is an undoable edit. A click on the
corner mark of a commented annotation in the text opens its thread here.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTextBrowser,
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
from desktop_app.ui.forms.list_and_detail import ListAndDetail
from desktop_app.ui.prompt import ask_text


class CommentTree(QTreeWidget):
    reply_requested = Signal()
    toggle_requested = Signal()

    # Narrower than this, only the comment column is shown (the thread beside it says who,
    # when and about what).
    NARROW = 460

    def resizeEvent(self, event: QResizeEvent) -> None:
        narrow = event.size().width() < self.NARROW
        for column in (1, 2, 3):
            self.setColumnHidden(column, narrow)
        super().resizeEvent(event)

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
        self.tree.currentItemChanged.connect(lambda *_: self._show_detail())
        header = self.tree.header()
        header.setStretchLastSection(False)
        # The comment gets the room; what it is about is cut short (its full name is in the
        # thread below), so a long entity name never squeezes the comment to a few letters.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("Company «Harbour Star»"))
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("The chosen comment's thread in full")
        self.detail.setOpenLinks(False)
        self.detail.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
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
        split = ListAndDetail(self.tree, self.detail, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        context.labels_changed.connect(lambda: self.refresh(context.working))

    def set_document(self, working: WorkingDocument | None) -> None:
        self.refresh(working)

    def apply_changes(self, changes: Changes) -> None:
        working = self.context.working
        if working is not None and (changes.comments or working.id in changes.documents):
            self.refresh(working)

    def _about(self, working: WorkingDocument, target_id: str | None) -> str:
        language = self.context.label_language
        if target_id is None:
            return "document"
        entity = working.entity_row(target_id)
        if entity is not None:
            return f"{self.context.schema.label(entity.type, language)} «{entity.name}»"
        event = working.event_row(target_id)
        if event is not None:
            return f"event {self.context.schema.label(event.type, language)}"
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
            first_line, _, rest = comment.body.partition("\n")
            item = QTreeWidgetItem(
                [
                    mark + first_line + (" …" if rest.strip() else ""),
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
        self._show_detail()

    def _show_detail(self) -> None:
        """The chosen comment's thread, every body in full."""
        comment_id = self.current_comment()
        working = self.context.working
        comment = self.comments.get(comment_id or "")
        if comment is None or working is None:
            self.detail.setHtml("<i>Choose a comment to read it in full.</i>")
            return
        root = comment.parent_id or comment.id
        thread = [c for c in self.comments.values() if root in (c.id, c.parent_id)]
        about = html.escape(self._about(working, self.comments[root].target_id))
        parts = [f"<p style='margin: 0'><i>On {about}</i></p>"]
        for each in thread:
            when = each.stamp.created_at[:16].replace("T", " ")
            state = (
                f" · <i>resolved by {html.escape(each.resolved_by)}</i>" if each.resolved else ""
            )
            palette = self.detail.palette()
            chosen = (
                f"background: {palette.highlight().color().name()}; "
                f"color: {palette.highlightedText().color().name()}; "
                if each.id == comment.id and len(thread) > 1
                else ""
            )
            body = html.escape(each.body).replace("\n", "<br>")
            parts.append(
                f"<p style='{chosen}margin-bottom: 0'><b>{html.escape(each.stamp.created_by)}</b>"
                f" · {when}{state}</p><p style='margin-top: 2px; margin-left: 12px'>{body}</p>"
            )
        self.detail.setHtml("".join(parts))

    def show_thread_on(self, target_id: str) -> bool:
        """Choose the first comment about ``target_id`` (an entity or event); False if none."""
        for number in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(number)
            if item is None:
                continue
            comment = self.comments.get(str(item.data(0, Qt.ItemDataRole.UserRole)))
            if comment is not None and comment.target_id == target_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

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

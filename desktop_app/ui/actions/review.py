"""Review workflow commands: status steps, flags, comments, the queue and who is reviewing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.core.edits import AddComment, Reopen, SetFlag, SetStatus
from desktop_app.core.models import DocumentStatus
from desktop_app.core.schema import LABEL_LANGUAGES
from desktop_app.ui.commands import Command, CommandError
from desktop_app.ui.identity import IdentityDialog, save_reviewer
from desktop_app.ui.prompt import ask_text

LABEL_LANGUAGE_KEY = "view/label_language"

if TYPE_CHECKING:
    from desktop_app.core.working_document import WorkingDocument
    from desktop_app.ui.main_window import MainWindow


class Reviewing:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.context = window.context

    def _working(self) -> WorkingDocument:
        if self.context.working is None:
            raise CommandError("no document is open")
        return self.context.working

    def no_document(self) -> str | None:
        return None if self.context.working is not None else "no document is open"

    def _step(self, status: DocumentStatus, note: str = "") -> bool:
        document = self._working().document
        command = SetStatus(document.id, document.status, status, note, document.status_note)
        if self.context.run_edit(command):
            label = self.context.schema.status_label(status.value)
            self.window.show_message(f"Saved · {document.title}: {label}")
            return True
        return False

    def mark_annotated(self) -> None:
        self._step(DocumentStatus.ANNOTATED)

    def approve(self) -> None:
        self._step(DocumentStatus.APPROVED)

    def return_document(self) -> None:
        self._working()

        def return_with(reason: str) -> None:
            self._step(DocumentStatus.RETURNED, reason)

        ask_text(self.window, "Return document", "Why is it returned? (recorded)", return_with)

    def reopen(self) -> None:
        document = self._working().document
        if document.status is not DocumentStatus.APPROVED:
            raise CommandError("only an approved document is reopened")

        def reopen_with(note: str) -> None:
            self.context.run_edit(Reopen(document.id, note, document.status_note))

        ask_text(
            self.window,
            "Reopen approved document",
            "Why is it reopened? (recorded)",
            reopen_with,
        )

    def flag(self) -> None:
        document = self._working().document

        def set_flag(reason: str) -> None:
            self.context.run_edit(SetFlag(document.id, document.flag, reason))

        ask_text(
            self.window,
            "Flag document",
            "Reason (empty clears the flag):",
            set_flag,
            initial=document.flag,
            allow_empty=True,
        )

    def comment(self) -> None:
        working = self._working()
        target = self.window.forms.current_annotation()
        if target is None:
            spans = working.spans.at(self.window.text_view.caret_offset())
            if spans:
                target = spans[0].owner_id
        entity = None if target is None else working.entity_row(target)
        event = None if target is None else working.event_row(target)
        if entity is not None:
            what = f"{entity.name}"
        elif event is not None:
            what = f"the event {self.context.schema.label(event.type)}"
        else:
            target, what = None, "the document"

        def add(body: str) -> None:
            if self.context.run_edit(AddComment(working.id, body, target)):
                self.window.show_message(f"Saved · comment on {what}")

        ask_text(self.window, "Comment", f"Comment on {what}:", add, multiline=True)

    def show_comments(self) -> None:
        """The Comments tab, on the thread of the commented annotation at the caret if any."""
        working = self._working()
        marked = self.window.forms.comments_tab.commented_targets()
        offset = self.window.text_view.caret_offset()
        here = [span.owner_id for span in working.spans.at(offset) if span.owner_id in marked]
        if here:
            self.window.forms.show_comments_on(here[0])
        else:
            self.window.forms.focus_comments()

    def toggle_label_language(self) -> None:
        """Schema labels in Traditional Chinese or English (remembered)."""
        language = "en" if self.context.label_language == "zh-Hant" else "zh-Hant"
        self.apply_label_language(language)
        self.window.settings.setValue(LABEL_LANGUAGE_KEY, language)
        shown = "中文 (Traditional Chinese)" if language == "zh-Hant" else "English"
        self.window.show_message(f"Labels of types, fields and statuses: {shown}")

    def apply_label_language(self, language: str) -> None:
        self.context.set_label_language(language)
        self.window.documents.set_label_language(language)

    def next_needing_me(self) -> None:
        store = self.context.store
        target = store.next_for(store.actor)
        if target is None:
            raise CommandError("no document needs your attention")
        self.window.open_document(target)

    def identity(self) -> None:
        store = self.window.context.store
        if store.team_url is not None:
            self.window.show_message(
                f"On the team database you work as your login, {store.actor}; "
                "to work as someone else, connect as them"
            )
            return
        dialog = IdentityDialog(self.window.reviewer, self.window)
        return_focus = QApplication.focusWidget() or self.window.text_view

        def done(result: int) -> None:
            if result:
                reviewer = dialog.reviewer()
                save_reviewer(self.window.settings, reviewer)
                self.window.set_reviewer(reviewer)
            dialog.deleteLater()
            QTimer.singleShot(0, restore_focus)

        def restore_focus() -> None:
            self.window.activateWindow()
            return_focus.setFocus()

        dialog.finished.connect(done)
        dialog.open()


def register(window: MainWindow) -> None:
    review = Reviewing(window)
    need = review.no_document
    saved = window.settings.value(LABEL_LANGUAGE_KEY, "en")
    if saved in LABEL_LANGUAGES:
        review.apply_label_language(str(saved))
    for command in (
        Command(
            "review.mark_annotated",
            "Mark annotated",
            review.mark_annotated,
            menu="Review",
            unavailable=need,
        ),
        Command(
            "review.approve",
            "Approve (second reviewer)",
            review.approve,
            menu="Review",
            toolbar=True,
            unavailable=need,
        ),
        Command(
            "review.return",
            "Return with a reason…",
            review.return_document,
            menu="Review",
            unavailable=need,
        ),
        Command(
            "review.reopen",
            "Reopen approved document…",
            review.reopen,
            menu="Review",
            unavailable=need,
        ),
        Command("review.flag", "Flag or unflag…", review.flag, menu="Review", unavailable=need),
        Command("comment.add", "Comment…", review.comment, menu="Review", unavailable=need),
        Command(
            "review.next_for_me",
            "Next document needing me",
            review.next_needing_me,
            menu="Review",
            toolbar=True,
        ),
        Command(
            "review.comments",
            "Show comments",
            review.show_comments,
            menu="View",
            unavailable=need,
        ),
        Command(
            "review.history",
            "Show history",
            window.forms.focus_history,
            menu="View",
            unavailable=need,
        ),
        Command("review.identity", "Reviewer name and initials…", review.identity, menu="Review"),
        Command(
            "view.label_language",
            "Labels in Chinese / English (標籤 中文／英文)",
            review.toggle_label_language,
            menu="View",
            description="Show the schema's labels of types, fields, choices and statuses in "
            "Traditional Chinese, or back in English",
        ),
    ):
        window.registry.register(command)

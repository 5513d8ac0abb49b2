"""Find in the open document: the first match is selected as you type; Return or F3 goes to the
next match, Shift+Return or Shift+F3 to the previous (F3 works from the text too, once a word
was searched for); Escape closes the bar and leaves the match selected with focus in the text,
so the tag keys act on it at once. Matching is case-insensitive over the stored text.

Before find ran as you type it ran on Return, and reviewers type a word then Return: so the
first Return after typing keeps the match just found rather than skipping past it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop_app.ui.text_view import AnnotatedTextView


class FindBar(QWidget):
    def __init__(self, text_view: AnnotatedTextView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_view = text_view
        self.field = QLineEdit()
        self.field.setAccessibleName("Find in document")
        self.field.setPlaceholderText("Find in document (F3: next, Shift+F3: previous)")
        self.field.installEventFilter(self)
        self.field.textEdited.connect(self._find_as_typed)
        self.status = QLabel()
        self._found_as_typed = False  # the match on show was found while typing
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.status)
        self.hide()

    def open(self) -> None:
        self.show()
        selected = self.text_view.selected_span()
        if selected:
            start, end = selected
            snippet = self.text_view.display_text.text[start:end]
            if "\n" not in snippet:
                self.field.setText(snippet)
        self.field.selectAll()
        self.field.setFocus()

    def close_to_text(self) -> None:
        self.hide()
        self.text_view.setFocus()

    def find_next(self) -> bool:
        """F3: the next match; with nothing searched for yet, open the bar to type it."""
        self._found_as_typed = False
        if not self.field.text():
            self.open()
            return False
        return self.find_match()

    def find_previous(self) -> bool:
        """Shift+F3: the previous match; with nothing searched for yet, open the bar."""
        self._found_as_typed = False
        if not self.field.text():
            self.open()
            return False
        return self.find_match(backwards=True)

    def _find_as_typed(self, needle: str) -> None:
        self._found_as_typed = bool(needle)
        if not needle:
            self.status.clear()
            return
        # From the start of the current match, so that typing more keeps growing it in place.
        self.find_match(from_selection_start=True)

    def find_match(self, backwards: bool = False, *, from_selection_start: bool = False) -> bool:
        """Select the next (or previous) match, wrapping around; False when there is none."""
        needle = self.field.text()
        if not needle:
            return False
        text = self.text_view.display_text.text
        # A regex keeps offsets exact where case folding would change the text's length.
        matches = [m.span() for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]
        if not matches:
            self.status.setText("no match")
            self.status.setStyleSheet("color: #c0392b")
            return False
        self.status.setStyleSheet("")
        selected = self.text_view.selected_span()
        caret = self.text_view.caret_offset()
        if backwards:
            before = selected[0] if selected else caret
            earlier = [m for m in matches if m[0] < before]
            found = earlier[-1] if earlier else matches[-1]
        else:
            after = (selected[0] if from_selection_start else selected[1]) if selected else caret
            later = [m for m in matches if m[0] >= after]
            found = later[0] if later else matches[0]
        number = matches.index(found) + 1
        self.status.setText(f"{number} of {len(matches)}")
        self.text_view.select_span(*found)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._found_as_typed:
                    self._found_as_typed = False
                    self.find_match(from_selection_start=True)
                    return True
                self.find_match(
                    backwards=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                )
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_to_text()
                return True
        return super().eventFilter(watched, event)

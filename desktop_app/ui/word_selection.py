"""Selecting words in the text: the word-select key, double clicks and snapping mouse drags.

The words themselves come from ``core.words`` (Chinese by a dictionary segmenter taught the
names annotated in the corpus). This module feeds it those names — the corpus's on first use,
then each entity as it is saved — and applies it to the text view: a double click selects the
segmenter's word, and, when "Snap selection to words" is on (View menu, saved in the
settings), a drag that starts or ends inside a word is widened to the whole word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from desktop_app.core.models import Changes
from desktop_app.core.words import WordSegmenter, is_han
from desktop_app.ui.commands import Command
from desktop_app.ui.settings_values import read_bool

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

SNAP_SETTING = "text/snap_to_words"
_SNIFF = 2000  # characters looked at to tell a Chinese document
_WARM_DELAY_MS = 300  # after the first paint of the opened document


class WordSelection:
    """One window's word rules; see the module docstring."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.view = window.text_view
        self.segmenter = WordSegmenter()
        self._corpus_loaded = False
        self.snap_enabled = read_bool(window.settings, SNAP_SETTING, True, window.ignored_settings)
        self.view.mouse_selected.connect(self._snap_drag)
        self.view.double_clicked.connect(self._select_word_at)
        window.context.changed.connect(self._learn_from_changes)
        window.context.document_opened.connect(self._warm_for_chinese)

    # --- words -----------------------------------------------------------------------------

    def _ready(self) -> WordSegmenter:
        if not self._corpus_loaded:
            self._corpus_loaded = True
            self.segmenter.add_names(self.window.context.store.annotated_names())
            self.segmenter.word_span_at("董事", 0)  # builds the segmenter now
        return self.segmenter

    def _warm_for_chinese(self, working: object) -> None:
        """Load the dictionaries (a third of a second, more with many names) just after a
        Chinese document opens, while the reviewer reads, not on the first W."""
        text = getattr(working, "text", "")
        if not self._corpus_loaded and any(is_han(char) for char in text[:_SNIFF]):
            QTimer.singleShot(_WARM_DELAY_MS, self.window, self._warm)

    def _warm(self) -> None:
        if self.window.isVisible():  # a closed window's store may be closed too
            self._ready()

    def word_span_at(self, text: str, offset: int) -> tuple[int, int]:
        """The word around stored ``offset`` of ``text`` (empty on space or punctuation)."""
        return self._ready().word_span_at(text, offset)

    def _learn_from_changes(self, changes: Changes) -> None:
        working = self.window.context.working
        if working is None or not changes.entities or not self._corpus_loaded:
            return  # before first use the corpus read will include them anyway
        names: list[str] = []
        for entity_id in changes.entities:
            entity = working.entity_row(entity_id)
            if entity is not None:
                names.append(entity.name)
                names.extend(mention.text for mention in entity.mentions)
        self.segmenter.add_names(names)

    # --- mouse -----------------------------------------------------------------------------

    def _select_word_at(self, offset: int) -> None:
        working = self.window.context.working
        if working is None:
            return
        start, end = self.word_span_at(working.text, offset)
        if end > start:
            self.view.select_span(start, end)

    def _snap_drag(self) -> None:
        working = self.window.context.working
        selected = self.view.selected_span()
        if not self.snap_enabled or working is None or selected is None:
            return
        forwards = self.view.textCursor().position() >= self.view.textCursor().anchor()
        start, end = self._ready().snap(working.text, *selected)
        if (start, end) != selected:
            self.view.select_span(start, end, caret_at_end=forwards)

    def set_snap(self, enabled: bool) -> None:
        self.snap_enabled = enabled
        self.window.settings.setValue(SNAP_SETTING, enabled)
        action = self.window.registry.action("view.snap_words")
        action.setChecked(enabled)
        self.window.show_message(
            "Mouse selections snap to whole words"
            if enabled
            else "Mouse selections keep exactly the characters dragged over"
        )


def register(window: MainWindow) -> WordSelection:
    """Create the window's word rules and their View-menu toggle."""
    words = WordSelection(window)
    window.registry.register(
        Command(
            "view.snap_words",
            "Snap selection to words",
            lambda: words.set_snap(not words.snap_enabled),
            menu="View",
            description="Widen mouse selections to whole words (Chinese words by dictionary)",
        )
    )
    return words


def make_toggle_checkable(window: MainWindow, words: WordSelection) -> None:
    """After the actions exist: show the toggle's state in the menu."""
    action = window.registry.action("view.snap_words")
    action.setCheckable(True)
    action.setChecked(words.snap_enabled)

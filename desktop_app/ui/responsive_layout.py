"""The window's panes at any width: side by side when wide, stacked when narrow.

Side by side (documents | text | forms) needs room for the documents list, the forms' whole
tab bar and a readable line of text (``_READING_CHARACTERS`` Chinese characters at the
current text size); below that, and always below ``NARROW_WIDTH``, the forms move under the
text (the work splitter turns vertical). At 1024 px three columns left the text about a
dozen Chinese characters a line. Side by side, the forms are never narrower than their tab
bar, so no tab (History is the last) is hidden behind the scroll arrows.

A layout the reviewer arranged is kept while the window stays on the same side of the
threshold; crossing it sets that side's default proportions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFontMetricsF

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

NARROW_WIDTH = 1200
# Shares of the window's width (documents list) and of the work area (text, forms).
_WIDE_DOCUMENTS = 0.22
_NARROW_DOCUMENTS = 0.2
_WIDE_TEXT = 0.55
_NARROW_TEXT = 0.62
_NARROW_FORMS_HEIGHT = 180
_TAB_BAR_SLACK = 40  # the tab widget's frame, and room for counts such as "Problems (12)"
_READING_CHARACTERS = 30


class ResponsiveLayout(QObject):
    """Watches the window's width and arranges its splitters; see the module docstring."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    @property
    def narrow(self) -> bool:
        """Whether the forms are stacked under the text."""
        return self.window.work_splitter.orientation() == Qt.Orientation.Vertical

    def fit(self, *, force: bool = False) -> None:
        """Arrange the panes for the window's width (``force``: reset the proportions)."""
        window = self.window
        # Before the window is shown its widgets are not styled yet: their sizes say nothing.
        needed = self.side_by_side_width() if window.isVisible() else NARROW_WIDTH
        want_narrow = window.width() < max(NARROW_WIDTH, needed)
        # Stacked, the forms may be shorter than their tallest tab wants (they scroll, or the
        # reviewer drags the handle): the text needs the height more. Set on every fit, as a
        # restored layout may already be stacked.
        window.forms.setMinimumHeight(_NARROW_FORMS_HEIGHT if want_narrow else 0)
        window.forms.setMinimumWidth(0 if want_narrow else self._tabs_width())
        if want_narrow == self.narrow and not force:
            return
        work = window.work_splitter
        work.setOrientation(Qt.Orientation.Vertical if want_narrow else Qt.Orientation.Horizontal)
        self._refresh_minimum()  # the window's minimum size follows the new arrangement now
        width = max(window.width(), 1)
        documents = round(width * (_NARROW_DOCUMENTS if want_narrow else _WIDE_DOCUMENTS))
        window.splitter.setSizes([documents, width - documents])
        if want_narrow:
            height = max(work.height(), window.height() - 120, 1)
            text = round(height * _NARROW_TEXT)
            work.setSizes([text, height - text])
        else:
            rest = width - documents
            forms = max(rest - round(rest * _WIDE_TEXT), self._tabs_width())
            work.setSizes([rest - forms, forms])

    def _tabs_width(self) -> int:
        return self.window.forms.tabBar().sizeHint().width() + _TAB_BAR_SLACK

    def side_by_side_width(self) -> int:
        """The narrowest window that fits documents, a readable line of text and the forms."""
        window = self.window
        view = window.text_view
        character = QFontMetricsF(view.font()).horizontalAdvance("國")
        reading = (
            round(_READING_CHARACTERS * character) + view.verticalScrollBar().sizeHint().width()
        )
        handles = 2 * window.splitter.handleWidth()
        documents = window.documents.minimumSizeHint().width()
        return documents + reading + self._tabs_width() + handles + 2 * view.frameWidth()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.fit()
        elif watched is self.window and event.type() == QEvent.Type.Show:
            self._refresh_minimum()  # styled on show: the minimum size changes with it
            self.window.reapply_saved_splitters()
        return False

    def _refresh_minimum(self) -> None:
        layout = self.window.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()

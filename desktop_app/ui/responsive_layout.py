"""The window's panes at any width: side by side when wide, stacked when narrow.

Wide (``NARROW_WIDTH`` and over): documents | text | forms. Narrower, three columns leave the
text about a dozen Chinese characters a line at 1024 px, so the forms move under the text
(the work splitter turns vertical) and the documents list takes a narrower column. The forms
are given at least the width of their whole tab bar, so no tab (History is the last) is
hidden behind the scroll arrows unless the reviewer drags the splitter narrower.

A layout the reviewer arranged is kept while the window stays on the same side of the
threshold; crossing it sets that side's default proportions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

NARROW_WIDTH = 1200
# Shares of the window's width (documents list) and of the work area (text, forms).
_WIDE_DOCUMENTS = 0.22
_NARROW_DOCUMENTS = 0.2
_WIDE_TEXT = 0.55
_NARROW_TEXT = 0.62
_NARROW_FORMS_HEIGHT = 180
_TAB_BAR_SLACK = 12  # the tab widget's frame around its bar


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
        want_narrow = window.width() < NARROW_WIDTH
        # Stacked, the forms may be shorter than their tallest tab wants (they scroll, or the
        # reviewer drags the handle): the text needs the height more. Set on every fit, as a
        # restored layout may already be stacked.
        window.forms.setMinimumHeight(_NARROW_FORMS_HEIGHT if want_narrow else 0)
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
            tabs = window.forms.tabBar().sizeHint().width() + _TAB_BAR_SLACK
            forms = max(rest - round(rest * _WIDE_TEXT), tabs)
            work.setSizes([rest - forms, forms])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.fit()
        elif watched is self.window and event.type() == QEvent.Type.Show:
            self._refresh_minimum()  # styled on show: the minimum size changes with it
        return False

    def _refresh_minimum(self) -> None:
        layout = self.window.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()

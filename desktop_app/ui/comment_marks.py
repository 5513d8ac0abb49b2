"""Open a comment thread from its corner mark in the text: a click on the small mark at the
start of an annotation with open comments shows that thread in the Comments tab.

An event filter on the text view's viewport, so the view itself only draws the marks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

# The mark is drawn 6 px wide; a little more is accepted so it is easy to hit.
_HIT = 9.0


class CommentMarkClicks(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.text_view.viewport().installEventFilter(self)

    def target_at(self, point: QPointF) -> str | None:
        """The commented annotation whose corner mark is at ``point`` (viewport pixels)."""
        window = self.window
        working = window.context.working
        marked = window.forms.comments_tab.commented_targets()
        if working is None or not marked:
            return None
        view = window.text_view
        geometry = view.visible_geometry(QRectF(view.viewport().rect()))
        if geometry is None:
            return None
        first, last, rects_of = geometry
        for span in working.spans.overlapping(first, last):
            if span.owner_id not in marked:
                continue
            rects = rects_of(span.start, span.end)
            if rects and QRectF(rects[0].left(), rects[0].top(), _HIT, _HIT).contains(point):
                return span.owner_id
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and not self.window.text_view.textCursor().hasSelection()
        ):
            target = self.target_at(event.position())
            if target is not None:
                self.window.forms.show_comments_on(target)
        return False

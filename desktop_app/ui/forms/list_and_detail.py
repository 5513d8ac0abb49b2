"""A list with the chosen item's detail beside or under it, whichever leaves both readable:
under it in a tall pane, beside it when the pane is short and wide (the forms stacked under
the text in a small window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

# Wider than this many times its height, the pane puts the detail beside the list.
_SIDE_BY_SIDE_RATIO = 1.6


class ListAndDetail(QSplitter):
    def __init__(self, items: QWidget, detail: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setChildrenCollapsible(False)
        self.addWidget(items)
        self.addWidget(detail)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        wide = size.width() > _SIDE_BY_SIDE_RATIO * max(size.height(), 1)
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if wanted != self.orientation():
            self.setOrientation(wanted)
            total = size.width() if wide else size.height()
            self.setSizes([total * 3 // 5, total * 2 // 5])
        super().resizeEvent(event)

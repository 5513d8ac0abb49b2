"""The window's outline, shown the moment the program starts.

Importing and opening the store, the annotation models and the panes takes most of a start;
the shell needs none of them (Qt only), so the user sees the window where it will be, with its
menus and panes outlined, while the rest loads behind it. The real window then takes the
shell's place at the same position and size.

Nothing here touches Qt's ``Qt`` namespace (its enums take about 15 ms to load, a tenth of a
bare window's start): a splitter is horizontal by default and the message is centred by
stretches rather than by an alignment flag.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QSize
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.ui.settings_values import read_bytes, read_size

# Those of the main window, so the outline matches what replaces it.
MENU_TITLES = ("File", "Edit", "Annotate", "Go", "Review", "View", "Help")
_DEFAULT_SIZE = QSize(1400, 860)
_PANE_SIZES = (320, 600, 520)
OPENING = "Opening the database…"


def _centred(label: QLabel) -> QWidget:
    label.setEnabled(False)  # greyed: a message, not the text
    pane = QWidget()
    row = QHBoxLayout()
    row.addStretch()
    row.addWidget(label)
    row.addStretch()
    column = QVBoxLayout(pane)
    column.addStretch()
    column.addLayout(row)
    column.addStretch()
    return pane


class StartupShell(QMainWindow):
    """An empty main window at the saved geometry: menus, three panes, a status message."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setObjectName("startup_shell")
        self.painted = False
        for title in MENU_TITLES:
            self.menuBar().addMenu(title).setEnabled(False)
        splitter = QSplitter()  # horizontal
        splitter.addWidget(QWidget())
        splitter.addWidget(_centred(QLabel(OPENING)))
        splitter.addWidget(QWidget())
        splitter.setSizes(list(_PANE_SIZES))
        self.setCentralWidget(splitter)
        self.statusBar().showMessage("Starting…")
        # The main window checks these values properly; a bad one here only means the
        # default size for the moment the shell is up.
        ignored: list[str] = []
        geometry = read_bytes(settings, "window/geometry", ignored)
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry().size()
            self.resize(
                read_size(
                    settings,
                    "window/size",
                    _DEFAULT_SIZE,
                    minimum=QSize(200, 150),
                    maximum=screen,
                    ignored=ignored,
                )
            )

    def paintEvent(self, event: QPaintEvent) -> None:
        self.painted = True
        super().paintEvent(event)

    def show_now(self, app: QApplication, wait_ms: int = 300) -> None:
        """Show the shell and handle events until it is on screen (or ``wait_ms`` passed:
        a window system that never exposes it must not hold up the start)."""
        self.show()
        clock = QElapsedTimer()
        clock.start()
        while not self.painted and clock.elapsed() < wait_ms:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)

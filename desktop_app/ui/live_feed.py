"""A window on a team database hears of other members' commits at once, and shows who else has
which document open.

``TeamWatch`` opens the store's change feed (LISTEN/NOTIFY, ``core.team.live``) and watches
its socket with a ``QSocketNotifier``: a notification runs the window's outside-changes check
at once, instead of at the next poll (which stays, as the fallback). A lost connection is said
in the status bar and retried every few seconds; each new feed is followed by a full check from
the last entry seen, so nothing committed meanwhile is missed. The window's open document is
announced to the others, and the documents list's "open by" marks are refreshed with each
notification and every few seconds (opening a document commits nothing, so sends nothing).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from desktop_app.core.errors import KnownError
from desktop_app.core.working_document import WorkingDocument

if TYPE_CHECKING:
    from desktop_app.core.team.live import ChangeFeed
    from desktop_app.ui.main_window import MainWindow

RETRY_MS = 3000  # between attempts to reconnect a lost feed
PRESENCE_MS = 2000  # how often the "open by" marks are read again while nothing is committed

FeedOpener = Callable[[], "ChangeFeed"]


def feed_opener(window: MainWindow, feed_url: str | None = None) -> FeedOpener | None:
    """How to open the change feed of the window's store: the store's own (same login), or
    ``feed_url`` (with its credentials); None for a database file."""
    store: Any = window.context.store
    if store.team_url is None:
        return None
    own = getattr(store, "change_feed", None)
    if callable(own):
        return own  # type: ignore[no-any-return]
    if feed_url is None:
        return None

    def open_feed() -> ChangeFeed:
        from desktop_app.core.team.live import ChangeFeed

        return ChangeFeed(feed_url)

    return open_feed


class TeamWatch(QObject):
    """Live refresh and presence for one window on a team database."""

    def __init__(self, window: MainWindow, open_feed: FeedOpener | None) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.context.store
        self._open_feed = open_feed
        self.feed: ChangeFeed | None = None
        self._notifier: QSocketNotifier | None = None
        self.lost = False
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._reconnect)
        self._presence = QTimer(self)
        self._presence.setInterval(PRESENCE_MS)
        self._presence.timeout.connect(self.refresh_presence)
        window.context.document_opened.connect(self._announce)
        window.destroyed.connect(self.close)
        if open_feed is not None:
            self._start_feed()
        self._presence.start()
        self._announce(window.context.working)

    # --- the feed ---------------------------------------------------------------------------

    def use_feed(self, open_feed: FeedOpener) -> None:
        """Open the feed with ``open_feed`` when the store could not give one itself."""
        if self._open_feed is None:
            self._open_feed = open_feed
            self._start_feed()

    def _start_feed(self) -> bool:
        assert self._open_feed is not None
        try:
            self.feed = self._open_feed()
        except KnownError as error:
            self._lose(str(error))
            return False
        self._notifier = QSocketNotifier(self.feed.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)
        return True

    def _readable(self) -> None:
        feed = self.feed
        if feed is None:
            return
        try:
            changes = feed.pending()
        except KnownError as error:
            self._lose(str(error))
            return
        if changes:
            self.window.context.check_outside_changes(force=True)
            self.refresh_presence()

    def _lose(self, reason: str) -> None:
        self._drop_feed()
        self.lost = True
        self.window.show_message(
            f"Lost the connection to {self.store.team_url} ({reason}); reconnecting… "
            "nothing saved is lost"
        )
        self._retry.start()

    def _reconnect(self) -> None:
        if self._start_feed():
            self._retry.stop()
            self.lost = False
            # Everything committed while the feed was down, from the last entry seen.
            self.window.context.check_outside_changes(force=True)
            self.refresh_presence()
            self._announce(self.window.context.working)
            self.window.show_message(f"Reconnected to {self.store.team_url}")

    def _drop_feed(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self.feed is not None:
            feed, self.feed = self.feed, None
            with contextlib.suppress(Exception):
                feed.close()

    def close(self) -> None:
        self._retry.stop()
        self._presence.stop()
        self._drop_feed()

    # --- presence ---------------------------------------------------------------------------

    def _announce(self, working: WorkingDocument | None) -> None:
        if self.store.closed:
            return
        try:
            self.store.announce_open(working.id if working is not None else None)
        except KnownError:
            return  # said by the feed's own loss; the next open announces again

    def refresh_presence(self) -> None:
        if self.store.closed:
            return
        try:
            open_by = self.store.open_elsewhere()
        except KnownError:
            return
        self.window.documents.model.set_open_by(open_by)


def watch_team(window: MainWindow, feed_url: str | None = None) -> TeamWatch | None:
    """Live refresh and presence for ``window`` when its store is a team database."""
    if window.context.store.team_url is None:
        return None
    return TeamWatch(window, feed_opener(window, feed_url))

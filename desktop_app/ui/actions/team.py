"""File → Connect to team database…: a window on a team database in place of this one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget

from desktop_app.core.store import Store
from desktop_app.ui.commands import Command

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

_WINDOWS: set[QWidget] = set()  # windows opened here, kept until they are closed


def open_team_store_with(window: MainWindow, url: str, password: str | None) -> Store:
    """The team store at ``url``, under the window's schema (a ``StoreError`` saying why not)."""
    from desktop_app.core.team.team_store import open_team_store

    return open_team_store(url, window.context.store.schema, password=password)


def with_password(url: str, password: str | None) -> str:
    """``url`` (``postgresql://user@/…``, as the dialog makes it) carrying the password, for
    the live feed's own connection."""
    from urllib.parse import quote

    if not password or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    user, where = rest.split("@", 1)
    return f"{scheme}://{user}:{quote(password, safe='')}@{where}"


def switch_to(window: MainWindow, store: Store, feed_url: str | None = None) -> MainWindow:
    """A window on ``store`` shown in place of ``window`` (which is closed)."""
    from desktop_app.ui.app import open_window
    from desktop_app.ui.live_feed import feed_opener

    window.save_layout()  # the new window opens where this one was
    new = open_window(store, window.settings, window.user_keymap)
    new.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _WINDOWS.add(new)
    watch = new.team_watch
    opener = feed_opener(new, feed_url)
    if watch is not None and opener is not None:
        watch.use_feed(opener)

    def forget() -> None:
        _WINDOWS.discard(new)
        store.close()

    new.destroyed.connect(forget)
    new.show_message(f"Connected to {store.location} as {store.actor}")
    window.context.poll_timer.stop()
    if window.team_watch is not None:
        window.team_watch.close()
    window.close()
    return new


def register(window: MainWindow) -> None:
    def connect() -> None:
        from desktop_app.ui.team_connect import TeamConnectDialog

        urls: dict[str, str] = {}

        def open_store(url: str, password: str | None) -> Store:
            store = open_team_store_with(window, url, password)
            urls["feed"] = with_password(url, password)
            return store

        dialog = TeamConnectDialog(window.settings, open_store, window)
        if dialog.exec() and dialog.store is not None:
            new = switch_to(window, dialog.store, urls.get("feed"))
            if dialog.notice:
                new.show_message(dialog.notice)

    window.registry.register(
        Command(
            "file.connect_team",
            "Connect to team database…",
            connect,
            menu="File",
            description="Open a window on a team database (PostgreSQL) with a saved profile",
        )
    )


def install_menu(window: MainWindow) -> None:
    """Put the entry just before Quit, with a separator, rather than after it."""
    action = window.registry.action("file.connect_team")
    quit_action = window.registry.action("app.quit")
    for menu in window.menuBar().findChildren(QMenu):
        if action in menu.actions() and quit_action in menu.actions():
            menu.removeAction(action)
            menu.insertAction(quit_action, action)
            menu.insertSeparator(quit_action)

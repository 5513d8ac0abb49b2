"""User commands, grouped by what they act on. Each module registers its commands on a window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.ui.actions import (
    annotate,
    editing,
    files,
    fixes,
    navigation,
    review,
    source,
    suggestion_commands,
)

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def register_all(window: MainWindow) -> None:
    for module in (
        files,
        editing,
        navigation,
        annotate,
        review,
        source,
        suggestion_commands,
        fixes,
    ):
        module.register(window)

"""The suggestion commands (next, accept, reject, …) and their menu entries: each runs on the
window's ``SuggestionController`` (``actions.suggestions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.ui.actions.suggestions import SuggestionController
from desktop_app.ui.commands import Command

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def register(window: MainWindow) -> None:
    controller = SuggestionController(window)
    window.suggestions = controller
    need = controller.no_document
    for command in (
        Command("suggestion.next", "Next suggestion", lambda: controller.step(True), "Annotate"),
        Command(
            "suggestion.previous", "Previous suggestion", lambda: controller.step(False), "Annotate"
        ),
        Command("suggestion.accept", "Accept suggestion", controller.accept, "Annotate"),
        Command("suggestion.reject", "Reject suggestion", controller.reject, "Annotate"),
        Command(
            "suggestion.accept_all",
            "Accept all suggestions of this type and text (and of its entity)",
            controller.accept_all_like,
            "Annotate",
        ),
        Command(
            "suggestion.reject_all",
            "Reject all suggestions of this type and text",
            controller.reject_all_like,
            "Annotate",
        ),
        Command(
            "suggestion.accept_alone",
            "Accept the suggested event alone (without its role fillers)",
            controller.accept_alone,
            "Annotate",
        ),
        Command(
            "suggestion.next_role",
            "Next proposed role filler",
            lambda: controller.roles.step(True),
            "Annotate",
        ),
        Command(
            "suggestion.previous_role",
            "Previous proposed role filler",
            lambda: controller.roles.step(False),
            "Annotate",
        ),
        Command("suggestion.refresh", "Suggest now", controller.refresh, "Annotate"),
        Command(
            "suggestion.automatic",
            "Suggest automatically (on open and after edits)",
            controller.toggle_automatic,
            "Annotate",
        ),
        Command(
            "suggestion.on_import",
            "Suggest on import (in the background)",
            controller.toggle_on_import,
            "Annotate",
        ),
        Command("view.span_labels", "Show type labels on spans", controller.toggle_labels, "View"),
    ):
        if command.id.startswith("suggestion.") and command.id not in (
            "suggestion.automatic",
            "suggestion.on_import",
        ):
            command = Command(
                command.id, command.title, command.run, command.menu, unavailable=need
            )
        window.registry.register(command)

"""The keys for proposed role fillers on their own: ``Alt+]`` / ``Alt+[`` select the next /
previous one (those of the selected trigger first), ``Y`` fills that role alone (the event is
made from its trigger if it is not yet), ``X`` drops the proposal. ``Alt+Y`` on a trigger
accepts the event alone and starts here, so its fillers are decided one by one.

A role filler is not drawn (it is an entity's span, often drawn already); selecting one
selects its text, keeps its trigger outlined as the current suggestion, and says in the
status bar which role of which event it would fill.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.core.edits.open_suggestions import trigger_of
from desktop_app.core.edits.suggestion_edits import FillSuggestedRole, RejectSuggestion
from desktop_app.core.suggest import Suggestion, SuggestionKind
from desktop_app.ui.commands import CommandError

if TYPE_CHECKING:
    from desktop_app.ui.actions.suggestions import SuggestionController

Key = tuple[str, int, int]


class RoleKeys:
    """Which proposed role filler the keys act on, and acting on it."""

    def __init__(self, controller: SuggestionController) -> None:
        self.controller = controller
        self.current: Suggestion | None = None

    def _order(self, role: Suggestion) -> tuple[int, int, int, int]:
        """By trigger, then position, then the role's place in its event type."""
        event_type_id, trigger_start, _ = trigger_of(role)
        event_type = self.controller.context.schema.event_type(event_type_id)
        names = [r.name for r in event_type.roles] if event_type else []
        name = role.type.split(".", 1)[1]
        return (trigger_start, role.start, role.end, names.index(name) if name in names else 99)

    def clear(self) -> None:
        self.current = None

    def _offered(self) -> list[Suggestion]:
        return sorted(
            (s for s in self.controller.open.offered if s.kind is SuggestionKind.ROLE),
            key=self._order,
        )

    def selected(self) -> Suggestion | None:
        """The selected role filler, while it is still offered and its text still selected."""
        role = self.current
        if role is None or role not in self.controller.open.offered:
            return None
        if self.controller.view.selected_span() != (role.start, role.end):
            return None
        return role

    def step(self, forward: bool) -> None:
        self.controller._working()
        roles = self._offered()
        if not roles:
            raise CommandError("no proposed role fillers in this document")
        current = self.selected()
        trigger = self.controller.layer.current
        if current is not None:
            index = roles.index(current) + (1 if forward else -1)
        elif trigger is not None and trigger.kind is SuggestionKind.TRIGGER:
            own = [i for i, role in enumerate(roles) if trigger_of(role) == trigger.key]
            index = (own[0] if forward else own[-1]) if own else -1
        else:
            caret = self.controller.view.caret_offset()
            later = [i for i, role in enumerate(roles) if role.start >= caret]
            earlier = [i for i, role in enumerate(roles) if role.start < caret]
            index = (later[0] if later else -1) if forward else (earlier[-1] if earlier else -1)
        if not 0 <= index < len(roles):
            raise CommandError(
                "no further proposed role filler" if forward else "no earlier proposed role filler"
            )
        self.select(roles[index])

    def select(self, role: Suggestion, note: str = "") -> None:
        controller = self.controller
        schema = controller.context.schema
        event_type, start, end = trigger_of(role)
        trigger = next(
            (s for s in controller.layer.suggestions if s.key == (event_type, start, end)), None
        )
        controller.layer.current = trigger
        self.current = role
        controller.view.select_span(role.start, role.end)
        controller.view.viewport().update()
        role_name = role.type.split(".", 1)[1]
        event_label = schema.label(event_type)
        trigger_text = controller._working().text[start:end]
        state = "suggested event" if trigger is not None else "event"
        text = (
            f"Proposed {role_name} of the {state} {event_label} “{trigger_text}”: "
            f"“{role.text}” · Y fill it, X drop it, Alt+] next filler"
        )
        controller.window.show_message((note + " · " if note else "") + text)

    def start_at(self, trigger: Key, note: str) -> bool:
        """Select the first offered filler of ``trigger``; False when it has none."""
        own = [role for role in self._offered() if trigger_of(role) == trigger]
        if not own:
            return False
        self.select(own[0], note)
        return True

    def _after(self, role: Suggestion, note: str) -> None:
        """The next filler of the same trigger, else the next suggestion after the trigger."""
        trigger = trigger_of(role)
        own = [r for r in self._offered() if trigger_of(r) == trigger]
        later = [r for r in own if self._order(r) > self._order(role)] or own
        if later:
            self.select(later[0], note)
            return
        self.current = None
        after = self.controller.layer.next_after(trigger[1] - 1)
        self.controller.select(after, note)

    def fill(self) -> None:
        role = self.selected()
        if role is None:
            raise CommandError("no proposed role filler is selected; Alt+] selects one")
        controller = self.controller
        working = controller._working()
        open_ = controller.open
        trigger = next((s for s in open_.offered if s.key == trigger_of(role)), None)
        mention = open_.mention_at(role.start, role.end)
        edit = FillSuggestedRole(working.id, role, trigger, [mention] if mention else [])
        if controller.context.run_edit(edit):
            self._after(role, f"Filled {role.type.split('.', 1)[1]} with “{role.text}”")

    def drop(self) -> None:
        role = self.selected()
        if role is None:
            raise CommandError("no proposed role filler is selected; Alt+] selects one")
        working = self.controller._working()
        if self.controller.context.run_edit(RejectSuggestion(working.id, role)):
            self._after(role, f"Dropped “{role.text}” as {role.type.split('.', 1)[1]}")

"""Undo and redo over the store, with no Qt: a stack of edits that never lies about where it is.

An ``Edit`` holds ids and old/new values only. ``apply`` and ``revert`` each run in one write
transaction and return the ``Changes`` they made, with the version every row they wrote is at
afterwards. ``EditHistory`` keeps those versions (its ledger): an undo or redo states them as
the versions it is based on, so when anyone — another window, another process, another
reviewer — has changed a target since this history last wrote it, the store refuses
(``StaleEdit``) instead of overwriting their work.

A refused or failed edit, undo or redo leaves the stack exactly where it was and raises the
reason (a ``KnownError``); nothing is half done, since every step is one transaction. An edit
can be undone or redone only by the reviewer who made it.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import Changes
from desktop_app.core.store import Store

Versions = Mapping[str, int]


class Edit:
    """Base of every edit: ``apply`` does it (and redoes it), ``revert`` undoes it.

    ``based_on`` maps row ids to the version the caller last saw: what the window showed for a
    new edit, the history's ledger for undo and redo. A row missing from it is not checked.
    """

    title = "Edit"

    def __init__(self, title: str | None = None) -> None:
        if title is not None:
            self.title = title
        self.actor = ""  # who made it; set when it is first applied

    def apply(self, store: Store, based_on: Versions) -> Changes:
        raise NotImplementedError

    def revert(self, store: Store, based_on: Versions) -> Changes:
        raise NotImplementedError


class EditHistory:
    """The undo stack of one window (or script) over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._done: list[Edit] = []
        self._undone: list[Edit] = []
        self.ledger: dict[str, int] = {}  # row id -> version after this history's last write

    # --- state -----------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo_title(self) -> str:
        return self._done[-1].title if self._done else ""

    def redo_title(self) -> str:
        return self._undone[-1].title if self._undone else ""

    def __len__(self) -> int:
        """How many steps can be undone."""
        return len(self._done)

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
        self.ledger.clear()

    # --- steps -----------------------------------------------------------------------------

    def perform(self, edit: Edit, based_on: Versions | None = None) -> Changes:
        """Apply a new edit; only when the store accepted it does it go on the stack (and the
        redo steps go). ``based_on``: the versions the edit's values were read at."""
        with self.store.transaction():
            edit.actor = self.store.actor
            changes = edit.apply(self.store, {**self.ledger, **(based_on or {})})
        self._done.append(edit)
        self._undone.clear()
        self.ledger.update(changes.versions)
        return changes

    def undo(self) -> tuple[Edit, Changes]:
        """Undo the latest edit; on refusal the stack stays where it was."""
        return self._move("undo", self._done, self._undone)

    def redo(self) -> tuple[Edit, Changes]:
        """Redo the latest undone edit; on refusal the stack stays where it was."""
        return self._move("redo", self._undone, self._done)

    def _move(self, step: str, source: list[Edit], target: list[Edit]) -> tuple[Edit, Changes]:
        if not source:
            raise EditRefused(f"nothing to {step}")
        edit = source[-1]
        self._refuse_other_actor(edit, step)
        with self.store.transaction():
            if step == "undo":
                changes = edit.revert(self.store, self.ledger)
            else:
                changes = edit.apply(self.store, self.ledger)
        target.append(source.pop())  # only now: a refusal above left both stacks as they were
        self.ledger.update(changes.versions)
        return edit, changes

    def _refuse_other_actor(self, edit: Edit, step: str) -> None:
        # Undoing another reviewer's edit would put words in their mouth in the audit trail,
        # and a redone approval would be recorded as the current reviewer's.
        if edit.actor and edit.actor != self.store.actor:
            raise EditRefused(
                f"cannot {step} “{edit.title}”: {edit.actor} made it and you are "
                f"{self.store.actor}; only {edit.actor} can {step} it"
            )

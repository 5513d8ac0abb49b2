"""Who is reviewing: a name and initials, asked for on first use and editable later.

Kept in the user's settings (not in the database): several reviewers open the same database,
and four-eyes approval depends on telling them apart. Every edit is stamped with the name.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from desktop_app.ui.settings_values import read_text

NAME_KEY = "reviewer/name"
INITIALS_KEY = "reviewer/initials"


@dataclass(frozen=True)
class Reviewer:
    name: str
    initials: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.initials})" if self.initials else self.name


def stored_reviewer(settings: QSettings, ignored: list[str] | None = None) -> Reviewer | None:
    """The saved reviewer, or None (ask again) when no usable name is saved.

    Keys holding something other than text are added to ``ignored``.
    """
    name = read_text(settings, NAME_KEY, "", ignored).strip()
    if not name:
        return None
    return Reviewer(name, read_text(settings, INITIALS_KEY, "", ignored).strip())


def save_reviewer(settings: QSettings, reviewer: Reviewer) -> None:
    settings.setValue(NAME_KEY, reviewer.name)
    settings.setValue(INITIALS_KEY, reviewer.initials)
    settings.sync()


def initials_of(name: str) -> str:
    return "".join(part[0] for part in name.split() if part)[:4].upper()


class IdentityDialog(QDialog):
    """Name and initials; OK is enabled once a name is given."""

    def __init__(self, current: Reviewer | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identity_dialog")
        self.setWindowTitle("Who is reviewing?")
        self.name = QLineEdit(current.name if current else "")
        self.name.setAccessibleName("Your name")
        self.initials = QLineEdit(current.initials if current else "")
        self.initials.setAccessibleName("Your initials")
        self.initials.setMaxLength(4)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(QLabel("Every edit, status change and comment is recorded under this name."))
        layout.addRow("Name", self.name)
        layout.addRow("Initials", self.initials)
        layout.addRow(self.buttons)
        self.name.textChanged.connect(self._update)
        self._update(self.name.text())

    def _update(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()))
        if not self.initials.isModified():
            self.initials.setText(initials_of(text))

    def reviewer(self) -> Reviewer:
        name = self.name.text().strip()
        return Reviewer(name, self.initials.text().strip() or initials_of(name))

"""Settings page for key bindings: every command with its keys, editable, saved as the user's
keymap file (only what differs from the defaults), applied at once.

Conflicts and unreadable key names are shown before anything is saved; "Saved to …" is said
(in the status bar) only once the file has been written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.core.keymap import canonical_key, load_keymap, write_user_keymap
from desktop_app.core.resources import resource_path

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


class KeymapSettings(QDialog):
    def __init__(self, window: MainWindow, user_keymap: Path) -> None:
        super().__init__(window)
        self.setObjectName("keymap_settings")
        self.setWindowTitle("Key bindings")
        self.window_ = window
        self.user_keymap = user_keymap
        self.filter = QLineEdit(placeholderText="Filter commands…")
        self.filter.setAccessibleName("Filter commands")
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Commands and their keys")
        self.table.setHorizontalHeaderLabels(["Command", "Keys (comma separated)", "Where"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The keys and scope columns are as wide as their headers or contents, never clipped.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(80)
        self.table.verticalHeader().hide()
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c0392b")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.file_label = QLabel(f"Your key bindings file: {user_keymap}")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.file_label)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self._fill()
        self.resize(720, 620)

    def _fill(self) -> None:
        registry = self.window_.registry
        commands = sorted(registry, key=lambda c: (c.menu or "~", c.title))
        self.table.setRowCount(len(commands))
        for row, command in enumerate(commands):
            title = QTableWidgetItem(command.title)
            title.setData(Qt.ItemDataRole.UserRole, command.id)
            title.setFlags(title.flags() & ~Qt.ItemFlag.ItemIsEditable)
            keys = QTableWidgetItem(", ".join(registry.keys_for(command.id)))
            scope = QTableWidgetItem(
                "in the text" if registry.scope_of(command.id) == "text" else "anywhere"
            )
            scope.setFlags(scope.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, title)
            self.table.setItem(row, 1, keys)
            self.table.setItem(row, 2, scope)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None, "every cell is filled in _fill"
        return item

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for row in range(self.table.rowCount()):
            self.table.setRowHidden(row, needle not in self._cell(row, 0).text().casefold())

    def edited_bindings(self) -> dict[str, tuple[str, list[str]]]:
        """command id → (scope, keys) as shown in the table."""
        registry = self.window_.registry
        bindings: dict[str, tuple[str, list[str]]] = {}
        for row in range(self.table.rowCount()):
            command_id = str(self._cell(row, 0).data(Qt.ItemDataRole.UserRole))
            typed = self._cell(row, 1).text()
            keys = [canonical_key(part) for part in typed.split(",") if part.strip()]
            bindings[command_id] = (registry.scope_of(command_id), keys)
        return bindings

    def save(self) -> None:
        problems = []
        bindings = self.edited_bindings()
        for command_id, (_, keys) in bindings.items():
            for key in keys:
                if QKeySequence(key).isEmpty() or QKeySequence(key).toString() == "":
                    problems.append(f"{command_id}: {key!r} is not a key Qt understands")
        defaults = load_keymap(resource_path("keymap.toml"), None, self.window_.registry.ids())
        changed = {
            command_id: value
            for command_id, value in bindings.items()
            if value[1] != defaults.keys_for(command_id)
        }
        if not problems:
            write_user_keymap(self.user_keymap, changed)
            keymap = load_keymap(
                resource_path("keymap.toml"), self.user_keymap, self.window_.registry.ids()
            )
            problems = keymap.problems
        if problems:
            self.problems.setText("\n".join(problems))
            return
        self.window_.apply_keymap(self.user_keymap)
        self.window_.show_message(f"Saved to {self.user_keymap}")
        self.accept()

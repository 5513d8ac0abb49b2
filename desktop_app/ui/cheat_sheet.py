"""F1: every command with its keys, generated from the registry (so it is never out of date)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def cheat_sheet_html(window: MainWindow) -> str:
    sections: dict[str, list[str]] = {}
    for command in window.registry:
        keys = window.registry.shortcut_text(command.id) or "—"
        scope = " (in the text)" if window.registry.scope_of(command.id) == "text" else ""
        row = (
            f"<tr><td>{html.escape(command.title)}</td><td><b>{html.escape(keys)}</b>"
            f"{scope}</td></tr>"
        )
        sections.setdefault(command.menu or "Other", []).append(row)
    parts = ["<h2>Keyboard cheat sheet</h2>"]
    for menu, rows in sections.items():
        parts.append(f"<h3>{html.escape(menu)}</h3><table cellpadding='3'>{''.join(rows)}</table>")
    parts.append(_MOUSE)
    return "".join(parts)


_MOUSE = (
    "<h3>Mouse</h3><table cellpadding='3'>"
    "<tr><td>Double click</td><td>select the word (Chinese words by dictionary)</td></tr>"
    "<tr><td>Drag</td><td>select; widened to whole words while View → Snap selection to "
    "words is on</td></tr>"
    "<tr><td>Right click</td><td>tag, mention, event and suggestion commands for the word "
    "or selection</td></tr></table>"
)


def show_cheat_sheet(window: MainWindow) -> QDialog:
    dialog = QDialog(window)
    dialog.setObjectName("cheat_sheet")
    dialog.setWindowTitle("Keyboard cheat sheet")
    browser = QTextBrowser()
    browser.setAccessibleName("Key bindings")
    browser.setHtml(cheat_sheet_html(window))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(560, 640)
    dialog.open()
    return dialog

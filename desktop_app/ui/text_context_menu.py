"""The text's right-click menu: the annotation commands for what is under the pointer.

A right click outside the selection first moves the caret there (as editors do), so every
command acts on the clicked word. The menu is made from the command registry (the same
actions, titles and keys as the menus) in sections:

- tag, mention and event commands (with a "Tag as" submenu of the schema's entity types);
- commands on the annotation under the pointer (open, change type, delete), when there is one;
- suggestion commands: accept and reject when they are registered, plus any section added
  with ``TextContextMenu.add_section`` (a provider given the stored offset returns command ids);
- word selection, then Qt's own Copy and Select All.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

SectionProvider = Callable[[int], list[str]]  # stored offset -> command ids to show

_TAGGING = ("entity.tag_as", "mention.add", "event.create", "event.create_untriggered")
_ON_ANNOTATION = ("annotation.open", "annotation.change_type", "annotation.delete")
_SUGGESTIONS = ("suggestion.accept", "suggestion.reject")


class TextContextMenu:
    """Builds and shows the text's context menu for one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._sections: list[SectionProvider] = []
        view = window.text_view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._show)

    def add_section(self, provider: SectionProvider) -> None:
        """Show the commands ``provider`` names for the clicked offset (none: no section)."""
        self._sections.append(provider)

    def build(self, point: QPoint) -> QMenu:
        """The menu for a right click at viewport ``point`` (the caret may move there)."""
        window = self.window
        view = window.text_view
        offset = view.offset_at(point)
        selected = view.selected_span()
        if selected is None or not selected[0] <= offset <= selected[1]:
            view.move_caret(offset)
        menu = view.createStandardContextMenu(view.viewport().mapToGlobal(point))
        menu.setObjectName("text_context_menu")
        # Qt's menu always has Copy and Select All: ours go above them.
        first_standard = menu.actions()[0]
        sections: list[list[str]] = [list(_TAGGING)]
        working = window.context.working
        if working is not None and working.spans.at(view.caret_offset()):
            sections.append(list(_ON_ANNOTATION))
        suggestions = [command_id for command_id in _SUGGESTIONS if command_id in window.registry]
        for provider in self._sections:
            suggestions += [i for i in provider(offset) if i not in suggestions]
        sections.append(suggestions)
        sections.append(["selection.word"])
        registry = window.registry
        tag_menu = self._tag_menu(menu)
        for ids in sections:
            present = [command_id for command_id in ids if command_id in registry]
            if not present:
                continue
            for command_id in present:
                menu.insertAction(first_standard, registry.action(command_id))
                if command_id == "entity.tag_as" and tag_menu is not None:
                    menu.insertMenu(first_standard, tag_menu)
            menu.insertSeparator(first_standard)
        return menu

    def _tag_menu(self, parent: QMenu) -> QMenu | None:
        """ "Tag as" with one entry per entity type that has a tag key."""
        registry = self.window.registry
        ids = [f"entity.tag_{key}" for key in "123456789" if f"entity.tag_{key}" in registry]
        schema = self.window.context.schema
        usable = [i for i in ids if schema.entity_type_for_hotkey(i[-1]) is not None]
        if not usable:
            return None
        submenu = QMenu("Tag as", parent)
        submenu.setObjectName("text_tag_menu")
        for command_id in usable:
            submenu.addAction(registry.action(command_id))
        return submenu

    def _show(self, point: QPoint) -> None:
        menu = self.build(point)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.window.text_view.viewport().mapToGlobal(point))

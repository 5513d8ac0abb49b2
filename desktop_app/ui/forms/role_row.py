"""One role of an event in the event form: who fills it, and a type-ahead picker to fill it.

The picker offers only this document's entities of the types the role allows; typing any part
of a name narrows the list (case-insensitive), Return fills the role. Ctrl+Shift+N (or the
"New from selection" button) makes an entity from the text selection and fills the role with
it, as one undo step. Filled entities are buttons that empty the role again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.annotation_rows import EntityRow
from desktop_app.core.edits import AddArgument, FillRoleWithNewEntity, RemoveArgument
from desktop_app.core.errors import KnownError
from desktop_app.core.models import Argument
from desktop_app.core.schema import Role
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms.attribute_editors import REQUIRED_COLOUR

NEW_FROM_SELECTION_KEYS = "Ctrl+Shift+N"
_CHIP_LENGTH = 40


class RoleRow(QWidget):
    """Chips for the filled entities, a "required" marker, the picker and "New from selection".

    ``role`` is None for arguments whose role the event type does not have (after a type
    change): they are shown, marked, and can be removed, but not added.
    """

    def __init__(
        self,
        context: EditorContext,
        event_id: str,
        role_name: str,
        role: Role | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.event_id = event_id
        self.role_name = role_name
        self.role = role
        self.arguments: list[Argument] = []
        self.chips: list[QToolButton] = []
        self._shown: list[tuple[str, ...]] | None = None
        self._choices_stale = True
        # The picker line on top, the filled entities one per line below it: a row never
        # grows wider than the pane however many entities fill the role.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        line = QHBoxLayout()
        layout.addLayout(line)
        self.marker = QLabel("required", self)
        self.marker.setStyleSheet(f"color: {REQUIRED_COLOUR}; font-weight: bold;")
        self.marker.setAccessibleName(f"{role_name} is required and empty")
        self.marker.hide()
        line.addWidget(self.marker)
        self.chips_layout = QVBoxLayout()
        self.chips_layout.setContentsMargins(0, 0, 0, 0)
        self.chips_layout.setSpacing(2)
        layout.addLayout(self.chips_layout)
        self.picker = QComboBox(self)
        self.picker_edit = QLineEdit(self.picker)
        self.new_button = QToolButton(self)
        if role is None:
            self.picker.hide()
            self.new_button.hide()
            return
        self._build_picker(role)
        line.addWidget(self.picker, 1)
        line.addWidget(self.new_button)

    def _build_picker(self, role: Role) -> None:
        labels = [self._type_label(type_id) for type_id in role.entity_types]
        self.picker.setEditable(True)
        self.picker.setLineEdit(self.picker_edit)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.setMinimumContentsLength(8)
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setAccessibleName(f"Fill {role.title}")
        self.picker_edit.setAccessibleName(f"Fill {role.title}: type to find an entity")
        self.picker.setToolTip(
            f"{role.title} takes {', '.join(labels)}. Type part of a name, Return to fill; "
            f"{NEW_FROM_SELECTION_KEYS}: new entity from the text selection."
        )
        line_edit = self.picker_edit
        line_edit.setPlaceholderText(f"{' / '.join(labels)}…")
        completer = QCompleter(self.picker.model(), self.picker)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.picker.setCompleter(completer)
        self.picker.activated.connect(self._on_picker_activated)
        line_edit.returnPressed.connect(self._on_return)
        line_edit.installEventFilter(self)
        self.picker.installEventFilter(self)

        self.new_button.setText("New")
        self.new_button.setAccessibleName(f"New {labels[0]} from selection for {role.title}")
        self.new_button.setToolTip(
            f"New {labels[0]} from the text selection, filling {role.title} "
            f"({NEW_FROM_SELECTION_KEYS} in the picker)"
        )
        self.new_button.clicked.connect(self.new_from_selection)
        action = QAction(f"New {labels[0]} from selection", self.picker)
        action.setShortcut(QKeySequence(NEW_FROM_SELECTION_KEYS))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(self.new_from_selection)
        self.picker.addAction(action)

    def _type_label(self, type_id: str) -> str:
        entity_type = self.context.schema.entity_type(type_id)
        return entity_type.label if entity_type else type_id

    # --- state ----------------------------------------------------------------------------

    @property
    def required_and_empty(self) -> bool:
        return bool(self.role and self.role.cardinality.required and not self.arguments)

    def set_arguments(self, arguments: list[Argument], entities: Mapping[str, EntityRow]) -> None:
        """Show the entities filling this role; keeps focus in the row if a chip had it."""
        shown: list[tuple[str, ...]] = [
            (a.id, entity.name, entity.type) if (entity := entities.get(a.entity_id)) else (a.id,)
            for a in arguments
        ]
        self.arguments = arguments
        self.marker.setVisible(self.required_and_empty)
        if shown == self._shown:
            return  # unchanged: keep the buttons (and a focused one keeps its focus)
        self._shown = shown
        had_focus = any(chip.hasFocus() for chip in self.chips)
        for chip in self.chips:
            self.chips_layout.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self.chips = [self._chip(argument, entities) for argument in arguments]
        for chip in self.chips:
            self.chips_layout.addWidget(chip, 0, Qt.AlignmentFlag.AlignLeft)
            chip.show()  # now, not on the next event-loop turn
        if had_focus:
            target = self.chips[0] if self.chips else self.picker
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _chip(self, argument: Argument, entities: Mapping[str, EntityRow]) -> QToolButton:
        entity = entities.get(argument.entity_id)
        name = entity.name if entity else "(missing entity)"
        chip = QToolButton(self)
        shown_name = name if len(name) <= _CHIP_LENGTH else name[: _CHIP_LENGTH - 1] + "…"
        chip.setText(f"{shown_name} ✕")
        chip.setAccessibleName(f"Remove {name} from {self.role_name}")
        chip.setToolTip(f"Remove {name} from {self.role_name}")
        chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        allowed = (
            self.role is not None and entity is not None and entity.type in self.role.entity_types
        )
        if not allowed:
            chip.setStyleSheet(f"color: {REQUIRED_COLOUR};")
            reason = "the role is not in this event type" if self.role is None else "wrong type"
            chip.setToolTip(f"{chip.toolTip()} — {reason}")
        chip.clicked.connect(lambda _=False, argument_id=argument.id: self._remove(argument_id))
        return chip

    def mark_choices_stale(self) -> None:
        """The document's entities changed: rebuild the choices now if in use, else later."""
        self._choices_stale = True
        if self.picker.hasFocus() or self.picker_edit.hasFocus():
            self.refresh_choices()

    def refresh_choices(self) -> None:
        working = self.context.working
        if self.role is None or working is None:
            return
        self._choices_stale = False
        allowed = set(self.role.entity_types)
        candidates = sorted(
            (e for e in working.entity_rows.values() if e.type in allowed),
            key=lambda e: (e.name.casefold(), e.id),
        )
        names = Counter(e.name for e in candidates)
        several_types = len(allowed) > 1
        text = self.picker.currentText()
        self.picker.blockSignals(True)
        self.picker.clear()
        for entity in candidates:
            label = entity.name
            if several_types:
                label += f" · {self._type_label(entity.type)}"
            if names[entity.name] > 1 and entity.mentions:
                label += f" · @{min(m.start for m in entity.mentions)}"
            self.picker.addItem(label, entity.id)
        self.picker.setCurrentIndex(-1)
        self.picker.setEditText(text)
        self.picker.blockSignals(False)

    def choices(self) -> list[tuple[str, str]]:
        """(label, entity id) of every entity the picker offers."""
        if self._choices_stale:
            self.refresh_choices()
        return [
            (self.picker.itemText(n), self.picker.itemData(n)) for n in range(self.picker.count())
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and self._choices_stale:
            self.refresh_choices()
        return super().eventFilter(watched, event)

    # --- edits ----------------------------------------------------------------------------

    def _on_return(self) -> None:
        completer = self.picker.completer()
        popup = completer.popup() if completer else None
        if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer is about to activate the highlighted entity
        typed = self.picker_edit.text().strip()
        if not typed:
            return
        choices = self.choices()
        folded = typed.casefold()
        exact = [entity_id for label, entity_id in choices if label.casefold() == folded]
        containing = [entity_id for label, entity_id in choices if folded in label.casefold()]
        found = exact or containing
        if len(found) == 1:
            self.fill(found[0])
        elif not found:
            self.context.report(f"No entity that {self.role_name} takes matches “{typed}”.")
        else:
            self.context.report(
                f"{len(found)} entities match “{typed}”: type more or choose from the list."
            )

    def _on_picker_activated(self, index: int) -> None:
        entity_id = self.picker.itemData(index)
        if isinstance(entity_id, str):
            self.fill(entity_id)

    def fill(self, entity_id: str) -> bool:
        """Fill the role with an entity; choosing one already there just clears the picker."""
        if any(a.entity_id == entity_id for a in self.arguments):
            self._clear_picker()
            return False
        context = self.context
        command = AddArgument(self.event_id, self.role_name, entity_id)
        done = context.run_edit(command)
        if done:
            self._clear_picker()
        return done

    def _clear_picker(self) -> None:
        self.picker.setCurrentIndex(-1)
        self.picker.clearEditText()

    def _remove(self, argument_id: str) -> None:
        context = self.context
        command = RemoveArgument(
            argument_id,
            self.event_id,
            self.role_name,
        )
        context.run_edit(command)

    def new_from_selection(self) -> None:
        """Make an entity of the role's first type from the text selection and fill the role."""
        context, role, working = self.context, self.role, self.context.working
        if role is None or working is None:
            return
        span = context.selected_span()
        if span is None:
            context.report(f"Select text first, then {NEW_FROM_SELECTION_KEYS} fills {role.title}.")
            return
        if not role.cardinality.multiple and self.arguments:
            context.report(f"{role.title} takes one entity and is filled; empty it first.")
            return
        try:
            context.store.make_span(working.id, *span)  # refuse a bad span before any edit
        except KnownError as error:
            context.report(str(error))
            return
        # One step, all or nothing: undo takes back both the entity and the role filling.
        context.run_edit(
            FillRoleWithNewEntity(
                working.id, role.entity_types[0], span, self.event_id, self.role_name
            )
        )

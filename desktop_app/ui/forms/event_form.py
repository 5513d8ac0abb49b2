"""The form for one event: type, trigger, one row per role, attributes, delete.

Tab and Shift+Tab walk the role pickers in the schema's order (then the attributes, then the
"New" and remove buttons), so a reviewer fills an event without the mouse. Refreshes after an
edit touch only the rows whose arguments changed and never move the keyboard focus.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.edits import DeleteEvent, UpdateEvent
from desktop_app.core.event_listing import event_label
from desktop_app.core.models import Argument, AttributeValue, Changes, Event
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms.attribute_editors import REQUIRED_COLOUR
from desktop_app.ui.forms.attribute_form import (
    AttributeForm,
    chain_tab_order,
    label_text,
    with_value,
)
from desktop_app.ui.forms.form_labels import label_form
from desktop_app.ui.forms.role_row import RoleRow


class EventForm(QWidget):
    """Edits the event chosen in the list; ``event_id`` is None when nothing is chosen."""

    jump_requested = Signal(int, int)

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.event_id: str | None = None
        self._built_for: tuple[str, str] | None = None  # (event id, type) the rows were made for
        self.rows: dict[str, RoleRow] = {}
        self.attribute_form: AttributeForm | None = None
        self.placeholder = QLabel("Choose an event above to edit it.", self)
        self.fields = QWidget(self)
        self.type_combo = QComboBox(self.fields)
        for event_type in context.schema.event_types:
            self.type_combo.addItem(event_type.label, event_type.id)
        self.type_combo.setAccessibleName("Event type")
        self.type_combo.activated.connect(self._commit_type)
        self.trigger_label = QLabel(self.fields)
        self.trigger_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.jump_button = QPushButton("Jump", self.fields)
        self.jump_button.setAccessibleName("Show the trigger in the text")
        self.jump_button.clicked.connect(self._jump_to_trigger)
        self.delete_button = QPushButton("Delete event", self.fields)
        self.delete_button.setAccessibleName("Delete event")
        self.delete_button.clicked.connect(self._delete)

        head = QFormLayout()
        trigger_row = QHBoxLayout()
        trigger_row.addWidget(self.trigger_label, 1)
        trigger_row.addWidget(self.jump_button)
        type_label = QLabel("Type", self.fields)
        type_label.setBuddy(self.type_combo)
        head.addRow(type_label, self.type_combo)
        head.addRow("Trigger", trigger_row)
        self.roles_layout = QFormLayout()
        self.attributes_layout = QVBoxLayout()
        self.attributes_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout = QVBoxLayout(self.fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addLayout(head)
        fields_layout.addWidget(QLabel("<b>Roles</b>", self.fields))
        fields_layout.addLayout(self.roles_layout)
        fields_layout.addWidget(QLabel("<b>Attributes</b>", self.fields))
        fields_layout.addLayout(self.attributes_layout)
        fields_layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        fields_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.fields, 1)
        self.show_event(None)

    # --- showing --------------------------------------------------------------------------

    def _event(self) -> Event | None:
        working = self.context.working
        if working is None or self.event_id is None:
            return None
        return working.event(self.event_id)

    def show_event(self, event_id: str | None) -> None:
        self.event_id = event_id
        self._refresh()

    def apply_changes(self, changes: Changes) -> None:
        if self.event_id is None:
            return
        if self.event_id in changes.events | changes.removed_events:
            self._refresh()
        elif changes.entities or changes.removed_entities:
            self._refresh_rows()  # names on chips may have changed
        if changes.entities or changes.removed_entities:
            for row in self.rows.values():
                row.mark_choices_stale()

    def _refresh(self) -> None:
        event = self._event()
        self.placeholder.setVisible(event is None)
        self.fields.setVisible(event is not None)
        if event is None:
            self.event_id = None
            return
        index = self.type_combo.findData(event.type)
        if index < 0:
            self.type_combo.addItem(f"{event.type} (not in schema)", event.type)
            index = self.type_combo.count() - 1
        self.type_combo.setCurrentIndex(index)
        trigger = event.trigger
        self.trigger_label.setText(
            f"«{' '.join(trigger.text.split())}» · {trigger.start}" if trigger else "(no trigger)"
        )
        self.jump_button.setEnabled(trigger is not None)
        if self._built_for != (event.id, event.type) or self._stray_roles_changed(event):
            self._build(event)
        self._refresh_rows()
        assert self.attribute_form is not None
        self.attribute_form.set_values(event.attributes)

    def _stray_roles_changed(self, event: Event) -> bool:
        event_type = self.context.schema.event_type(event.type)
        known = {role.name for role in event_type.roles} if event_type else set()
        stray = {a.role for a in event.arguments if a.role not in known}
        return stray != {name for name, row in self.rows.items() if row.role is None}

    def _build(self, event: Event) -> None:
        """Make the role rows and attribute editors for this event's type."""
        while self.roles_layout.rowCount():
            self.roles_layout.removeRow(0)
        if self.attribute_form is not None:
            self.attribute_form.hide()
            self.attributes_layout.removeWidget(self.attribute_form)
            self.attribute_form.deleteLater()
        self.rows = {}
        event_type = self.context.schema.event_type(event.type)
        roles = event_type.roles if event_type else ()
        for role in roles:
            row = RoleRow(self.context, event.id, role.name, role, self.fields)
            text = f"{role.title} ({role.cardinality.symbol})"
            label = QLabel(label_text(text, role.cardinality.required), self.fields)
            label.setBuddy(row.picker)
            label.setToolTip(role.description or role.title)
            self._add_row(label, row)
            self.rows[role.name] = row
        known = {role.name for role in roles}
        for name in dict.fromkeys(a.role for a in event.arguments if a.role not in known):
            row = RoleRow(self.context, event.id, name, None, self.fields)
            label = QLabel(f"{name} (not in this type)", self.fields)
            label.setStyleSheet(f"color: {REQUIRED_COLOUR};")
            self._add_row(label, row)
            self.rows[name] = row
        self.attribute_form = AttributeForm(event_type.attributes if event_type else (), self)
        context = self.context
        label_form(self.attribute_form, context.schema, event.type, context.label_language)
        self.attribute_form.attribute_committed.connect(self._commit_attribute)
        self.attributes_layout.addWidget(self.attribute_form)
        self.attribute_form.show()
        self._built_for = (event.id, event.type)

    def _add_row(self, label: QLabel, row: RoleRow) -> None:
        self.roles_layout.addRow(label, row)
        # A layout shows new widgets only on the next event-loop turn; show them now so that
        # focus and shortcuts work straight after ``show_event``.
        label.show()
        row.show()

    def _refresh_rows(self) -> None:
        event = self._event()
        working = self.context.working
        if event is None or working is None:
            return
        by_role: dict[str, list[Argument]] = {name: [] for name in self.rows}
        for argument in event.arguments:
            by_role.setdefault(argument.role, []).append(argument)
        for name, row in self.rows.items():
            row.set_arguments(by_role.get(name, []), working.entity_lookup)
        self._chain_focus()

    def _chain_focus(self) -> None:
        pickers = [row.picker for row in self.rows.values() if row.role is not None]
        buttons: list[QWidget] = []
        for row in self.rows.values():
            if row.role is not None:
                buttons.append(row.new_button)
            buttons += row.chips
        attributes = self.attribute_form.focus_widgets() if self.attribute_form else []
        chain_tab_order(
            [self.type_combo, self.jump_button, *pickers, *attributes, *buttons, self.delete_button]
        )

    def focus_first_role(self) -> None:
        """Focus the first required role that is empty, else the first role."""
        rows = [row for row in self.rows.values() if row.role is not None]
        target = next((row for row in rows if row.required_and_empty), rows[0] if rows else None)
        if target is not None:
            target.picker.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.type_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- edits ----------------------------------------------------------------------------

    def _update(self, old: dict[str, Any], new: dict[str, Any], title: str) -> bool:
        assert self.event_id is not None
        context = self.context
        command = UpdateEvent(self.event_id, old, new, title)
        return context.run_edit(command)

    def _commit_type(self, index: int) -> None:
        event = self._event()
        new_type = self.type_combo.itemData(index)
        if event is None or not isinstance(new_type, str) or new_type == event.type:
            return
        schema = self.context.schema
        target, current = schema.event_type(new_type), schema.event_type(event.type)
        kinds = {spec.name: spec.kind for spec in current.attributes} if current else {}
        kept_specs = {(spec.name, spec.kind) for spec in target.attributes} if target else set()
        kept = {k: v for k, v in event.attributes.items() if (k, kinds.get(k)) in kept_specs}
        old = {"type_id": event.type, "attributes": dict(event.attributes)}
        new = {"type_id": new_type, "attributes": kept}
        if not self._update(old, new, f"Change event type to {new_type}"):
            self.type_combo.setCurrentIndex(self.type_combo.findData(event.type))
            return
        roles = {role.name for role in target.roles} if target else set()
        stray = sorted({a.role for a in event.arguments if a.role not in roles})
        if stray:
            self.context.report(
                f"{new_type} has no role {', '.join(stray)}: those arguments are marked red; "
                "remove them or change the type back."
            )

    def _commit_attribute(self, name: str, value: AttributeValue) -> None:
        event = self._event()
        if event is None:
            return
        old = dict(event.attributes)
        new = with_value(old, name, value)
        if new == old:
            return
        done = self._update({"attributes": old}, {"attributes": new}, f"Set {name}")
        if not done and self.attribute_form is not None:
            self.attribute_form.editors[name].set_value(old.get(name))

    def _jump_to_trigger(self) -> None:
        event = self._event()
        if event is not None and event.trigger is not None:
            self.jump_requested.emit(event.trigger.start, event.trigger.end)

    def _delete(self) -> None:
        event = self._event()
        if event is None:
            return
        context = self.context
        label = event_label(event, context.schema.event_type(event.type))
        context.run_edit(DeleteEvent(event.id, label))

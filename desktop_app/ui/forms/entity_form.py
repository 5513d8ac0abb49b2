"""The form for one entity: type, canonical name, identifier, attributes, mentions, delete.

Every field commits through an undoable command; a refresh after an edit updates only the
fields whose stored value changed, and never moves the keyboard focus.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.edits import DeleteEntity, RemoveMention, UpdateEntity
from desktop_app.core.event_listing import event_order
from desktop_app.core.models import AttributeValue, Changes, Entity, Mention
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms.attribute_form import AttributeForm, chain_tab_order, with_value
from desktop_app.ui.forms.form_labels import label_form

_PREVIEW_LENGTH = 60


def mention_label(mention: Mention) -> str:
    """``«covered text» · p.N · offset`` with the text on one line and shortened."""
    text = " ".join(mention.text.split())
    if len(text) > _PREVIEW_LENGTH:
        text = text[: _PREVIEW_LENGTH - 1] + "…"
    page = f" · p.{mention.page}" if mention.page is not None else ""
    return f"«{text}»{page} · {mention.start}"


class MentionList(QListWidget):
    """Mentions of one entity; Delete or Backspace asks to remove the current one."""

    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


class EntityForm(QWidget):
    """Edits the entity chosen in the tree; ``entity_id`` is None when nothing is chosen."""

    jump_requested = Signal(int, int)

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.entity_id: str | None = None
        self.placeholder = QLabel("Choose an entity above to edit it.", self)
        self.fields = QWidget(self)
        self.type_combo = QComboBox(self.fields)
        for entity_type in context.schema.entity_types:
            self.type_combo.addItem(entity_type.label, entity_type.id)
        self.type_combo.setAccessibleName("Entity type")
        self.type_combo.activated.connect(self._commit_type)
        self.name_edit = QLineEdit(self.fields)
        self.name_edit.setAccessibleName("Canonical name")
        self.name_edit.editingFinished.connect(self._commit_name)
        self.identifier_edit = QLineEdit(self.fields)
        self.identifier_edit.setAccessibleName("Identifier")
        self.identifier_edit.setPlaceholderText("e.g. stock code, LEI, registration number")
        self.identifier_edit.editingFinished.connect(self._commit_identifier)
        self.attributes_host = QVBoxLayout()
        self.attributes_host.setContentsMargins(0, 0, 0, 0)
        self.attribute_form: AttributeForm | None = None
        self._attribute_type: str | None = None
        self.mention_list = MentionList(self.fields)
        self._mentions_of: str | None = None
        self.mention_list.setAccessibleName("Mentions")
        self.mention_list.setToolTip("Return: show in the text · Delete: remove the mention")
        self.mention_list.itemActivated.connect(self._jump_to_mention)
        self.mention_list.delete_requested.connect(self._remove_current_mention)
        self.delete_button = QPushButton("Delete entity…", self.fields)
        self.delete_button.setAccessibleName("Delete entity")
        self.delete_button.clicked.connect(self._delete)

        form = QFormLayout()
        form.addRow("Type", self.type_combo)  # text labels get their field as buddy
        form.addRow("Name", self.name_edit)
        form.addRow("Identifier", self.identifier_edit)
        fields_layout = QVBoxLayout(self.fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addLayout(form)
        fields_layout.addLayout(self.attributes_host)
        fields_layout.addWidget(QLabel("Mentions", self.fields))
        fields_layout.addWidget(self.mention_list, 1)
        fields_layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.fields, 1)
        self.show_entity(None)

    # --- showing --------------------------------------------------------------------------

    def _entity(self) -> Entity | None:
        working = self.context.working
        if working is None or self.entity_id is None:
            return None
        return working.entity(self.entity_id)

    def show_entity(self, entity_id: str | None) -> None:
        """Show an entity (or nothing); showing the one already shown only refreshes it."""
        if entity_id != self.entity_id:
            self.entity_id = entity_id
            self.name_edit.setModified(False)
            self.identifier_edit.setModified(False)
        self._refresh()

    def apply_changes(self, changes: Changes) -> None:
        if self.entity_id is None:
            return
        if self.entity_id in changes.entities | changes.removed_entities:
            self._refresh()

    def _refresh(self) -> None:
        entity = self._entity()
        self.placeholder.setVisible(entity is None)
        self.fields.setVisible(entity is not None)
        if entity is None:
            self.entity_id = None
            return
        index = self.type_combo.findData(entity.type)
        if index < 0:
            self.type_combo.addItem(f"{entity.type} (not in schema)", entity.type)
            index = self.type_combo.count() - 1
        self.type_combo.setCurrentIndex(index)
        if not self.name_edit.isModified():
            self._set_text(self.name_edit, entity.name)
        if not self.identifier_edit.isModified():
            self._set_text(self.identifier_edit, entity.identifier or "")
        self._show_attributes(entity)
        self._show_mentions(entity)

    @staticmethod
    def _set_text(field: QLineEdit, text: str) -> None:
        if field.text() != text:  # setting the same text would still reset the caret
            field.setText(text)

    def _show_attributes(self, entity: Entity) -> None:
        if self.attribute_form is None or self._attribute_type != entity.type:
            if self.attribute_form is not None:
                self.attribute_form.hide()
                self.attributes_host.removeWidget(self.attribute_form)
                self.attribute_form.deleteLater()
            entity_type = self.context.schema.entity_type(entity.type)
            specs = entity_type.attributes if entity_type else ()
            self.attribute_form = AttributeForm(specs, self.fields)
            context = self.context
            label_form(self.attribute_form, context.schema, entity.type, context.label_language)
            self.attribute_form.attribute_committed.connect(self._commit_attribute)
            self.attributes_host.addWidget(self.attribute_form)
            self.attribute_form.show()  # now, not on the next event-loop turn
            self._attribute_type = entity.type
            chain_tab_order(
                [
                    self.type_combo,
                    self.name_edit,
                    self.identifier_edit,
                    *self.attribute_form.focus_widgets(),
                    self.mention_list,
                    self.delete_button,
                ]
            )
        self.attribute_form.set_values(entity.attributes)

    def _show_mentions(self, entity: Entity) -> None:
        same = self._mentions_of == entity.id
        current = self.mention_list.currentRow() if same else -1
        self._mentions_of = entity.id
        self.mention_list.clear()
        for mention in entity.mentions:
            item = QListWidgetItem(mention_label(mention))
            item.setData(Qt.ItemDataRole.UserRole, mention.id)
            item.setToolTip(mention.text)
            self.mention_list.addItem(item)
        if entity.mentions and current >= 0:
            self.mention_list.setCurrentRow(min(current, len(entity.mentions) - 1))

    def focus_form(self) -> None:
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name_edit.selectAll()

    # --- edits ----------------------------------------------------------------------------

    def _update(self, old: dict[str, Any], new: dict[str, Any], title: str) -> bool:
        assert self.entity_id is not None
        context = self.context
        command = UpdateEntity(self.entity_id, old, new, title)
        return context.run_edit(command)

    def _commit_type(self, index: int) -> None:
        entity = self._entity()
        new_type = self.type_combo.itemData(index)
        if entity is None or not isinstance(new_type, str) or new_type == entity.type:
            return
        target = self.context.schema.entity_type(new_type)
        kept_specs = {(spec.name, spec.kind) for spec in target.attributes} if target else set()
        current = self.context.schema.entity_type(entity.type)
        kinds = {spec.name: spec.kind for spec in current.attributes} if current else {}
        kept = {
            name: value
            for name, value in entity.attributes.items()
            if (name, kinds.get(name)) in kept_specs
        }
        dropped = sorted(set(entity.attributes) - set(kept))
        old = {"type_id": entity.type, "attributes": dict(entity.attributes)}
        new = {"type_id": new_type, "attributes": kept}
        if self._update(old, new, f"Change type of {entity.name} to {new_type}"):
            if dropped:
                self.context.report(
                    f"{entity.name} is now {new_type}; dropped attributes it does not have: "
                    + ", ".join(dropped)
                )
        else:
            self.type_combo.setCurrentIndex(self.type_combo.findData(entity.type))

    def _commit_name(self) -> None:
        entity = self._entity()
        self.name_edit.setModified(False)
        if entity is None:
            return
        name = self.name_edit.text().strip()
        if name == entity.name:
            return
        if not name:
            self.context.report("An entity needs a name; the name was left as it was.")
            self.name_edit.setText(entity.name)
            return
        if not self._update({"name": entity.name}, {"name": name}, f"Rename {entity.name}"):
            self.name_edit.setText(entity.name)

    def _commit_identifier(self) -> None:
        entity = self._entity()
        self.identifier_edit.setModified(False)
        if entity is None:
            return
        identifier = self.identifier_edit.text().strip()
        old = entity.identifier or ""
        if identifier == old:
            return
        title = f"Set identifier of {entity.name}"
        if not self._update({"identifier": old}, {"identifier": identifier}, title):
            self.identifier_edit.setText(old)

    def _commit_attribute(self, name: str, value: AttributeValue) -> None:
        entity = self._entity()
        if entity is None:
            return
        old = dict(entity.attributes)
        new = with_value(old, name, value)
        if new == old:
            return
        done = self._update({"attributes": old}, {"attributes": new}, f"Set {name}")
        if not done and self.attribute_form is not None:
            self.attribute_form.editors[name].set_value(old.get(name))

    def _jump_to_mention(self, item: QListWidgetItem) -> None:
        entity = self._entity()
        mention_id = item.data(Qt.ItemDataRole.UserRole)
        mention = next((m for m in entity.mentions if m.id == mention_id), None) if entity else None
        if mention is not None:
            self.jump_requested.emit(mention.start, mention.end)

    def _remove_current_mention(self) -> None:
        item = self.mention_list.currentItem()
        if item is None or self.entity_id is None:
            return
        context = self.context
        command = RemoveMention(
            item.data(Qt.ItemDataRole.UserRole),
            self.entity_id,
        )
        context.run_edit(command)

    def _delete(self) -> None:
        entity = self._entity()
        working = self.context.working
        if entity is None or working is None:
            return
        # The events that point to it, read alone and in the Events list's order.
        pointing = [working.event_row(e) for e in working.events_pointing_to({entity.id})]
        arguments = [
            (event.type, argument.role)
            for event in sorted(filter(None, pointing), key=event_order)
            for argument in event.arguments
            if argument.entity_id == entity.id
        ]
        mentions = len(entity.mentions)
        lines = [
            f"Delete {entity.type} “{entity.name}”?",
            f"This removes its {mentions} mention{'' if mentions == 1 else 's'}.",
        ]
        if arguments:
            where = ", ".join(f"{event_type} {role}" for event_type, role in arguments)
            count = len(arguments)
            lines.append(f"This also removes {count} event argument{'s' * (count != 1)}: {where}.")
        question = "\n\n".join(lines)
        answer = QMessageBox.question(
            self,
            "Delete entity",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        context = self.context
        label = f"{entity.type} '{entity.name}'"
        command = DeleteEntity(entity.id, label)
        if context.run_edit(command):
            suffix = f" and {len(arguments)} event argument(s)" if arguments else ""
            context.report(f"Deleted {label}{suffix}. Undo brings everything back.")

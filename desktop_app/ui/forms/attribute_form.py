"""A labelled set of attribute editors, and small helpers the forms share.

``AttributeForm`` lays out one editor per ``AttributeSpec`` with its label (a red star marks
required ones) and reports each commit as ``attribute_committed(name, value)``.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from desktop_app.core.models import Attributes, AttributeValue
from desktop_app.core.schema import AttributeSpec
from desktop_app.ui.forms.attribute_editors import REQUIRED_COLOUR, AttributeEditor, editor_for


def label_text(title: str, required: bool) -> str:
    """A field label as rich text; required fields get a red star."""
    escaped = title.replace("&", "&amp;").replace("<", "&lt;")
    if not required:
        return escaped
    return f'{escaped} <span style="color:{REQUIRED_COLOUR}">*</span>'


class AttributeForm(QWidget):
    """Labelled editors for a set of attribute specs; ``attribute_committed(name, value)``."""

    attribute_committed = Signal(str, object)

    def __init__(self, specs: tuple[AttributeSpec, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, AttributeEditor] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for spec in specs:
            editor = editor_for(spec, self)
            label = QLabel(label_text(spec.title, spec.required), self)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setBuddy(editor.focus_widgets()[0])
            label.setToolTip(
                ("Required. " if spec.required else "") + (spec.description or spec.title)
            )
            editor.committed.connect(lambda value, name=spec.name: self._on_committed(name, value))
            layout.addRow(label, editor)
            self.editors[spec.name] = editor

    def _on_committed(self, name: str, value: AttributeValue) -> None:
        self.attribute_committed.emit(name, value)

    def set_values(self, values: Attributes) -> None:
        for name, editor in self.editors.items():
            editor.refresh_value(values.get(name))

    def focus_widgets(self) -> list[QWidget]:
        return [widget for editor in self.editors.values() for widget in editor.focus_widgets()]


def with_value(values: Attributes, name: str, value: AttributeValue) -> Attributes:
    """A copy of ``values`` with ``name`` set, or removed when ``value`` is empty."""
    updated = dict(values)
    if value is None or value == "":
        updated.pop(name, None)
    else:
        updated[name] = value
    return updated


def chain_tab_order(widgets: list[QWidget]) -> None:
    """Make Tab visit ``widgets`` in this order (Shift+Tab in reverse)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)

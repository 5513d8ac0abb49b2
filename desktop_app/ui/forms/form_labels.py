"""Show an attribute form in the schema's display labels of one language: each field's label
and each choice of its drop-downs ("Director category", "independent non-executive";
「董事類別」, 「獨立非執行」). Forms are built from specs, which carry only English titles."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QLabel

from desktop_app.core.schema import AnnotationSchema
from desktop_app.ui.forms.attribute_editors import EnumEditor
from desktop_app.ui.forms.attribute_form import AttributeForm, label_text


def label_form(
    form: AttributeForm, schema: AnnotationSchema, owner: str, language: str = "en"
) -> None:
    """Relabel ``form`` (the attributes of ``owner``: a type id, or "document")."""
    buddies = {label.buddy(): label for label in form.findChildren(QLabel) if label.buddy()}
    for name, editor in form.editors.items():
        if isinstance(editor, EnumEditor):
            editor.set_value_labels(partial(_value, schema, owner, name, language))
        label = buddies.get(editor.focus_widgets()[0])
        if label is not None:
            title = schema.attribute_label(owner, name, language)
            label.setText(label_text(title, editor.spec.required))


def _value(schema: AnnotationSchema, owner: str, name: str, language: str, value: str) -> str:
    return schema.value_label(owner, name, value, language)

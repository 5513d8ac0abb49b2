"""The forms pane: entity, event, document and problem forms beside the text."""

from desktop_app.ui.forms.pane import FormsPane

__all__ = ["FormsPane"]

"""Every control a keyboard user can reach has a name a screen reader can say."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from desktop_app.core.models import Changes
from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow


def spoken_name(widget: QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text()
    # A form label that names the field (QFormLayout rows set the buddy).
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.text():
            return label.text()
    return ""


def test_focusable_controls_have_accessible_names(
    make_window: Callable[[Store], MainWindow], store: Store, document_id: str
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    window.forms.fill_now()
    unnamed: set[str] = set()
    checked: set[int] = set()
    text = store.document(document_id).text
    start = text.index("Harbour Star")
    window.text_view.select_span(start, start + 12)
    window.registry.run("entity.tag_1")
    window.text_view.select_span(text.index("repurchased"), text.index("repurchased") + 11)
    event = store.create_event(document_id, "ShareRepurchase", window.text_view.selected_span())
    window.context.notify(Changes(events={event.id}))
    window.forms.show_entity(next(iter(window.working.entities)))  # type: ignore[union-attr]
    window.forms.show_event(event.id)
    for tab in range(window.forms.count()):
        window.forms.setCurrentIndex(tab)
        check_visible(window, unnamed, checked)
    assert len(checked) > 15, "the window should have many keyboard-reachable controls"
    assert sorted(unnamed) == []


def check_visible(window: MainWindow, unnamed: set[str], checked: set[int]) -> None:
    for widget in window.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus != Qt.FocusPolicy.TabFocus:
            continue
        if not widget.isVisibleTo(window) or widget.parent() is None:
            continue
        if (
            type(widget).__name__
            in ("QScrollBar", "QTabBar", "QHeaderView", "QSplitterHandle", "QToolButton")
            and not widget.accessibleName()
        ):
            continue  # Qt names these itself (scroll bars, tab and header sections)
        checked.add(id(widget))
        if not spoken_name(widget):
            parent = widget.parentWidget()
            owner = f"{type(parent).__name__}:{parent.accessibleName()}" if parent else ""
            unnamed.add(f"{type(widget).__name__} {widget.objectName()!r} in {owner}")

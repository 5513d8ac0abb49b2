"""What is highlighted and selected on screen is exactly what is stored, for hostile text.

Qt counts UTF-16 units and rewrites line breaks; these tests put random text (astral
characters, combining marks, every line-ending convention) into the real widget and check
that a stored span selects exactly its characters and a widget selection maps back to it.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from desktop_app.core.display_text import DisplayText
from desktop_app.core.span_index import SpanIndex
from desktop_app.core.text import is_character_boundary
from desktop_app.ui.text_view import AnnotatedTextView

HOSTILE = st.sampled_from(
    [
        "a",
        "Z",
        " ",
        "中",
        "文",
        "😀",
        "𠀋",
        "𨭆",
        "e\u0301",
        "\r\n",
        "\r",
        "\n",
        "\u2028",
        "\u2029",
        "\t",
        "👩\u200d💻",
        "🇭🇰",
        "\u00a0",
        "$",
        "1",
    ]
)
TEXTS = st.lists(HOSTILE, min_size=1, max_size=40).map("".join)

# Qt's selectedText() reports every line or paragraph break as U+2029, and a non-breaking
# space as itself; map the stored text the same way to compare.
_QT_BREAKS = str.maketrans({"\n": "\u2029", "\r": "\u2029", "\u2028": "\u2028"})


def _as_qt_sees_it(text: str) -> str:
    return text.replace("\r\n", "\n").translate(_QT_BREAKS)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS, data=st.data())
def test_stored_span_selects_exactly_its_text(
    qapp: QApplication, text: str, data: st.DataObject
) -> None:
    view = AnnotatedTextView()
    display = DisplayText(text)
    view.set_document(display, SpanIndex())
    assert view.document().characterCount() - 1 == display.display_length
    boundaries = [i for i in range(len(text) + 1) if is_character_boundary(text, i)]
    start = data.draw(st.sampled_from(boundaries))
    end = data.draw(st.sampled_from([b for b in boundaries if b >= start]))
    view.select_span(start, end)
    assert view.textCursor().selectedText() == _as_qt_sees_it(text[start:end])
    if end > start:
        assert view.selected_span() == (start, end)
    view.deleteLater()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS, data=st.data())
def test_any_widget_selection_maps_to_whole_characters(
    qapp: QApplication, text: str, data: st.DataObject
) -> None:
    view = AnnotatedTextView()
    view.set_document(DisplayText(text), SpanIndex())
    length = view.document().characterCount() - 1
    first = data.draw(st.integers(0, length))
    last = data.draw(st.integers(first, length))
    cursor = view.textCursor()
    cursor.setPosition(first)
    cursor.setPosition(last, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    span = view.selected_span()
    if span is not None:
        start, end = span
        assert 0 <= start <= end <= len(text)
        assert is_character_boundary(text, start) and is_character_boundary(text, end)
        # The snapped span covers at least what the user selected.
        assert view.display_text.to_display(start) <= first
        assert view.display_text.to_display(end) >= min(last, length) or end == len(text)
    view.deleteLater()

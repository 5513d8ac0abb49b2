"""The open document: first screen of highlights first, everything on demand, kept in step."""

from __future__ import annotations

from desktop_app.core.models import Changes
from desktop_app.core.store import Store
from desktop_app.core.working_document import WorkingDocument

BOTH_ENGINES = True

WORD = "Acme Ltd paid HK$5 to 😀 Beta. "


def test_first_screen_loads_first_and_the_rest_on_demand(store: Store) -> None:
    text = WORD * 400  # astral characters throughout, 12,000 code points
    document_id, _ = store.add_document(text=text, title="long")
    starts = [index * len(WORD) for index in range(400)]
    for start in starts[::2]:
        store.create_entity(document_id, "company", [(start, start + 8)])
    opened = WorkingDocument(store, document_id, first_screen=3000)
    early = [s.start for s in opened.spans_so_far]
    assert early == [s for s in starts[::2] if s < 3000]
    assert not opened.spans_complete
    assert [s.start for s in opened.spans] == starts[::2]
    assert opened.spans_complete
    for span in opened.spans:
        assert text[span.start : span.end] == "Acme Ltd"


def test_an_edit_before_the_rest_loaded_leaves_every_highlight_once(store: Store) -> None:
    text = WORD * 300
    document_id, _ = store.add_document(text=text, title="long")
    first = store.create_entity(document_id, "company", [(0, 8)])
    late_start = 250 * len(WORD)
    store.create_entity(document_id, "company", [(late_start, late_start + 8)])
    opened = WorkingDocument(store, document_id, first_screen=100)
    mention = store.add_mention(first.id, len(WORD), len(WORD) + 8)
    opened.refresh(Changes(entities={first.id}))
    assert sorted((s.start, s.annotation_id == mention.id) for s in opened.spans) == [
        (0, False),
        (len(WORD), True),
        (late_start, False),
    ]

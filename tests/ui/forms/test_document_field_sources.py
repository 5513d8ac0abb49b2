"""A field filled on import says, on hover, which line of the announcement it was read from."""

from __future__ import annotations

from desktop_app.core.corpus import add_imported_many
from desktop_app.core.importers import import_file
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms import FormsPane

TEXT = (
    "EAST PIER HOLDINGS LIMITED\n(Stock Code: 0777)\nDIVIDEND\nThe Company announces a dividend.\n"
    "Hong Kong, 19 July 2021\n"
)


def test_the_publication_date_field_names_its_source_line(qtbot, store, tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(TEXT, encoding="utf-8")
    [(document_id, _)] = add_imported_many(store, [import_file(source)])
    context = EditorContext(store)
    context.open_document(document_id)
    pane = FormsPane(context)
    qtbot.addWidget(pane)
    editor = pane.document_tab.fields.editors["publication_date"]
    assert editor.value() == "2021-07-19"
    assert "Filled on import" in editor.toolTip()
    assert "“Hong Kong, 19 July 2021”" in editor.toolTip()
    assert "“DIVIDEND”" in pane.document_tab.fields.editors["headline_category"].toolTip()
    untouched = pane.document_tab.fields.editors["inside_information"]
    assert "Filled on import" not in untouched.toolTip()

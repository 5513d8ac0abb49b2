"""Every field the importer fills says which line it was read from, and where that line is."""

from __future__ import annotations

from desktop_app.core.corpus import add_imported_many
from desktop_app.core.importers import import_file

CLOSING = (
    "ALPHA PHARMA HOLDINGS LIMITED\n"
    "(Stock Code: 0328)\n"
    "VOLUNTARY ANNOUNCEMENT\n"
    "The Board announces a business update.\n"
    "By order of the Board\n"
    "Alpha Pharma Holdings Limited\n"
    "Suzhou, People's Republic of China, July 19, 2021\n"
)


def test_each_filled_field_names_its_source_line_and_offset(tmp_path, store):
    source = tmp_path / "notice.txt"
    source.write_text(CLOSING, encoding="utf-8")
    [(document_id, _)] = add_imported_many(store, [import_file(source)])
    text = store.text_of(document_id)
    document = store.document(document_id)
    assert document.metadata["publication_date"] == "2021-07-19"
    assert document.metadata["stock_code"] == "0328"
    notes = {
        note["detail"].split(" = ")[0]: note
        for note in store.import_report(document_id)
        if note["kind"] == "metadata"
    }
    date = notes["publication_date"]
    assert "Suzhou, People's Republic of China, July 19, 2021" in date["detail"]
    assert text[date["offset"] :].startswith("Suzhou, People's Republic of China")
    code = notes["stock_code"]
    assert text[code["offset"] :].startswith("(Stock Code: 0328)")

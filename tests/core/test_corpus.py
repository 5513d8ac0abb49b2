"""Imported findings become the schema's document fields, normalised the same way everywhere."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.corpus import add_imported, add_imported_many
from desktop_app.core.importers import ImportedDocument
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store


def imported(text: str, **metadata: str) -> ImportedDocument:
    return ImportedDocument(
        text=text, title="t", source_name="t.txt", language="zh-Hant", metadata=metadata, pages=[]
    )


def test_stock_codes_are_one_code_whatever_the_padding_and_unknown_fields_are_dropped(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "c.db", load_schema(default_schema_path()), "tester")
    first, _ = add_imported(
        store, imported("一", stock_code="00328", headline="自願公告", not_a_field="x")
    )
    results = add_imported_many(
        store, [imported("二", stock_code="328"), imported("三", stock_code="09988")]
    )
    codes = [store.document(i).metadata["stock_code"] for i in [first, *[r[0] for r in results]]]
    assert codes == ["0328", "0328", "9988"]
    fields = store.document(first).metadata
    assert fields["headline"] == "自願公告" and fields["language"] == "zh-Hant"
    assert "not_a_field" not in fields

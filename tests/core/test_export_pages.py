"""An export walks the corpus a page of ids at a time and still writes every selected
document once, in import order."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.core.bundle_export import export_bundle
from desktop_app.core.models import DocumentStatus
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import open_store
from desktop_app.core.store.document_list import DocumentList, ListQuery


def test_every_document_once_in_import_order(tmp_path: Path, schema: AnnotationSchema) -> None:
    store = open_store(tmp_path / "a.db", schema, actor="alice")
    ids = [store.add_document(text=f"Notice {n}.", title=f"Notice {n}")[0] for n in range(7)]
    store.set_status(ids[2], DocumentStatus.IN_PROGRESS)
    store.set_status(ids[5], DocumentStatus.IN_PROGRESS)
    listing = DocumentList(store)
    assert list(listing.ids_in_pages(ListQuery(), page=2)) == ids
    assert list(listing.ids_in_pages(ListQuery(status="in_progress"), page=1)) == [ids[2], ids[5]]

    report = export_bundle(store, tmp_path / "all.json")
    written = [
        d["document"]["id"] for d in json.loads((tmp_path / "all.json").read_text())["documents"]
    ]
    assert report.documents == 7 and written == ids
    export_bundle(store, tmp_path / "some.json", status="in_progress")
    some = json.loads((tmp_path / "some.json").read_text())["documents"]
    assert [d["document"]["id"] for d in some] == [ids[2], ids[5]]
    store.close()

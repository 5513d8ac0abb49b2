"""``annotator --db URL import-bundle FILE`` onto a team database: a local corpus comes in with
its history, all or nothing, and two imports at once both land."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from desktop_app.cli import main
from desktop_app.core.bundle_export import export_bundle
from desktop_app.core.models import DocumentStatus
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store
from desktop_app.core.team.audit_trail import verify_team_audit

Login = Callable[[str, str], psycopg.Connection]
_FIELDS = {"stock_code": "00005", "publication_date": "2026-03-02"}


def _local_bundle(folder: Path, name: str, count: int) -> Path:
    """A bundle exported from a local file: ``count`` documents, one entity each, marked
    annotated by ``local_ann`` (so each carries an audit history)."""
    store = open_store(folder / f"{name}.db", load_schema(default_schema_path()), "local_ann")
    try:
        for number in range(count):
            text = f"{name} 第{number}號公告：董事會宣佈委任張三為主席。"
            document_id, _ = store.add_document(
                text=text, title=f"{name} {number}", metadata=_FIELDS
            )
            start = text.index("張三")
            store.create_entity(document_id, "PERSON", [(start, start + 2)])
            store.set_status(document_id, DocumentStatus.ANNOTATED)
        path = folder / f"{name}.json"
        export_bundle(store, path)
    finally:
        store.close()
    return path


def _url(cluster: Any, database: str, conn: psycopg.Connection, name: str) -> str:
    return cluster.url(database, str(conn.info.user), f"secret of {name}")


def test_two_imports_at_once_both_land_with_their_history(
    login: Login, postgres_cluster: Any, team_database: str, tmp_path: Path, capsys
) -> None:
    ann = login("ann", "annotator")
    url = _url(postgres_cluster, team_database, ann, "ann")
    bundles = [_local_bundle(tmp_path, "alpha", 3), _local_bundle(tmp_path, "beta", 3)]
    codes: list[int] = []
    threads = [
        threading.Thread(
            target=lambda b=b: codes.append(main(["--db", url, "import-bundle", str(b)]))
        )
        for b in bundles
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [0, 0]

    titles = [row[0] for row in ann.execute("SELECT title FROM documents ORDER BY title")]
    assert titles == [f"{n} {i}" for n in ("alpha", "beta") for i in range(3)]
    row = ann.execute(
        "SELECT count(*), count(DISTINCT created_by) FROM entities WHERE created_by = %s",
        [ann.info.user],
    ).fetchone()
    assert row == (6, 1)  # stamped with the login that imported them
    history = ann.execute(
        "SELECT count(*) FROM imported_audit WHERE actor = 'local_ann' AND imported_by = %s",
        [ann.info.user],
    ).fetchone()
    assert history is not None and history[0] >= 6 * 3  # insert document, entity, mention, …
    assert verify_team_audit(ann) == []

    # The local annotator's history counts for four-eyes; the importer's rows too.
    bob = login("bob", "reviewer")
    bob_url = _url(postgres_cluster, team_database, bob, "bob")
    document_id = ann.execute("SELECT id FROM documents WHERE title = 'alpha 0'").fetchone()[0]
    capsys.readouterr()
    assert main(["--db", bob_url, "review", "approve", document_id]) == 0


def test_a_bundle_with_a_document_already_there_adds_nothing(
    login: Login, postgres_cluster: Any, team_database: str, tmp_path: Path, capsys
) -> None:
    ann = login("ann", "annotator")
    url = _url(postgres_cluster, team_database, ann, "ann")
    first = _local_bundle(tmp_path, "alpha", 2)
    assert main(["--db", url, "import-bundle", str(first)]) == 0
    capsys.readouterr()
    assert main(["--db", url, "import-bundle", str(first)]) == 1
    err = capsys.readouterr().err
    assert "nothing imported, 2 document(s) already exist" in err
    assert "alpha 0: already in the team database" in err
    count = ann.execute("SELECT count(*) FROM documents").fetchone()
    assert count == (2,)

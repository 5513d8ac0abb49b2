"""The whole team workflow from the command line, as an administrator and two members would
run it on a new server: set up, add members, import, annotate, four-eyes refused by the
command line and by raw SQL, approve, verify the trail, the audit tables closed to everyone,
two bundle imports at once, and the way back to a file (export → import into an empty SQLite
file → export gives the same bundle, apart from export times)."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop_app.cli import main
from desktop_app.core.resources import default_schema_path, resource_path
from desktop_app.core.schema import load_schema
from desktop_app.core.team.team_store import open_team_store


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _comparable(bundle_path: Path) -> dict[str, Any]:
    """A bundle without the moment of its making (export time), sorted by document."""
    data = json.loads(bundle_path.read_text(encoding="utf-8"))
    data.pop("exported_at", None)
    data["documents"].sort(key=lambda d: d["document"]["id"])
    return data


def test_a_team_from_set_up_to_approval_and_back_to_a_file(
    postgres_cluster: Any,
    team_database: str,
    member_name: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    owner = postgres_cluster.url(team_database)
    code, out, _ = _run(capsys, "team", "init", owner)
    assert code == 0 and "team database set up" in out
    ann, rev = member_name("ann"), member_name("rev")
    # Both may approve documents: what stops Ann approving hers is four-eyes, not her role.
    for name, role in ((ann, "reviewer"), (rev, "reviewer")):
        monkeypatch.setattr("sys.stdin", io.StringIO(f"pass of {name}\n"))
        code, _, err = _run(
            capsys, "--db", owner, "team", "add-user", name, "--role", role, "--password-stdin"
        )
        assert code == 0, err
    as_ann = postgres_cluster.url(team_database, ann, f"pass of {ann}")
    as_rev = postgres_cluster.url(team_database, rev, f"pass of {rev}")

    # Ann imports two announcements and annotates one through the same store the window uses.
    sample = resource_path("samples") / "01_buyback_en.txt"
    chinese = resource_path("samples") / "02_directors_zh.txt"
    code, out, err = _run(capsys, "--db", as_ann, "import", str(sample), str(chinese))
    assert code == 0, err
    store = open_team_store(as_ann, load_schema(default_schema_path()))
    try:
        document_id = store.document_ids()[0]
        text = store.text_of(document_id)
        start = text.index("Company")
        store.create_entity(document_id, "COMPANY", [(start, start + len("Company"))])
        assert {d.stamp.created_by for d in store.document_infos()} == {ann}
    finally:
        store.close()
    code, out, err = _run(capsys, "--db", as_ann, "review", "mark-annotated", document_id)
    assert code == 0, err

    # Ann may not approve her own work: the command line says so, and so does the server.
    code, _, err = _run(capsys, "--db", as_ann, "review", "approve", document_id)
    assert code != 0 and "another reviewer must approve it" in err
    refused = pytest.raises(psycopg.errors.RaiseException, match="four-eyes")
    with psycopg.connect(as_ann) as raw, refused:
        raw.execute("UPDATE team.documents SET status = 'approved' WHERE id = %s", [document_id])
    code, out, err = _run(capsys, "--db", as_rev, "review", "approve", document_id)
    assert code == 0, err
    code, out, err = _run(capsys, "--db", as_rev, "stats")
    assert code == 0 and json.loads(out)["by_status"]["approved"] == 1

    code, out, err = _run(capsys, "--db", as_rev, "audit", "verify")
    assert code == 0, err
    for login in (as_ann, as_rev):
        for statement in (
            "UPDATE team.audit SET actor = 'someone'",
            "DELETE FROM team.audit",
            "TRUNCATE team.audit",
            "UPDATE team.imported_audit SET actor = 'someone'",
            "DELETE FROM team.imported_audit",
            "TRUNCATE team.imported_audit",
        ):
            with psycopg.connect(login) as raw, pytest.raises(psycopg.Error):
                raw.execute(statement)

    # Two bundle imports at once, by both members: both land.
    bundles = []
    for name in ("one", "two"):
        local = tmp_path / f"{name}.db"
        source = resource_path("samples") / (
            "03_profit_warning_en.txt" if name == "one" else "06_placing_zh.txt"
        )
        assert _run(capsys, "--db", str(local), "import", str(source))[0] == 0
        assert _run(capsys, "--db", str(local), "export", str(tmp_path / f"{name}.json"))[0] == 0
        bundles.append(tmp_path / f"{name}.json")
    codes: list[int] = []

    def bring_in(login: str, bundle: Path) -> None:
        codes.append(main(["--db", login, "import-bundle", str(bundle)]))

    threads = [
        threading.Thread(target=bring_in, args=(login, bundle))
        for login, bundle in zip((as_ann, as_rev), bundles, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    capsys.readouterr()
    assert codes == [0, 0]
    code, out, _ = _run(capsys, "--db", as_rev, "stats")
    assert json.loads(out)["documents"] == 4

    # The way back: export, import into an empty file, export again — the same bundle.
    first, second = tmp_path / "team.json", tmp_path / "again.json"
    code, _, err = _run(capsys, "--db", as_rev, "export", str(first))
    assert code == 0, err
    local = tmp_path / "back.db"
    code, _, err = _run(capsys, "--db", str(local), "import-bundle", str(first))
    assert code == 0, err
    code, _, err = _run(capsys, "--db", str(local), "export", str(second))
    assert code == 0, err
    exported, again = _comparable(first), _comparable(second)
    for original, copy in zip(exported["documents"], again["documents"], strict=True):
        # The team's history comes back verbatim; the file adds its own import entries.
        history, copied = original.pop("audit"), copy.pop("audit")
        assert history and copied[: len(history)] == history
        assert {entry["action"] for entry in copied[len(history) :]} == {"import"}
    assert again == exported
    assert _run(capsys, "--db", str(local), "audit", "verify")[0] == 0

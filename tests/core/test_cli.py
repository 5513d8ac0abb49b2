"""The ``annotator`` command line: exit codes and messages a script or a person relies on.

Exit codes: 0 success, 1 the input had problems, 2 the command could not run.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.cli import main
from desktop_app.core.models import DocumentStatus
from desktop_app.core.resources import default_schema_path
from desktop_app.core.store import open_store

ANNOUNCEMENT = (
    "ALPHA HOLDINGS LIMITED\r\n"
    "(Stock Code: 0001)\r\n"
    "\r\n"
    "DISCLOSEABLE TRANSACTION\r\n"
    "The board announces that the Company will acquire Beta Ltd for HK$12 million.\r\n"
)


@pytest.fixture
def workspace(tmp_path, schema_path):
    """Paths for one CLI session: the database, the schema and an announcement file."""
    announcement = tmp_path / "alpha.txt"
    announcement.write_bytes(ANNOUNCEMENT.encode("utf-8"))
    return {
        "db": tmp_path / "work.db",
        "schema": schema_path,
        "txt": announcement,
        "bundle": tmp_path / "out.json",
        "folder": tmp_path,
    }


def run(workspace, *args: str | Path) -> int:
    common = ["--db", str(workspace["db"]), "--schema", str(workspace["schema"])]
    return main([*common, *(str(a) for a in args)])


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"annotator {__version__}"


def test_import_then_export_then_validate(workspace, capsys):
    assert run(workspace, "import", workspace["txt"]) == 0
    out = capsys.readouterr().out
    assert "1 added, 0 already present, 0 failed" in out

    assert run(workspace, "import", workspace["txt"]) == 0
    assert "0 added, 1 already present" in capsys.readouterr().out

    assert run(workspace, "export", workspace["bundle"]) == 0
    assert f"wrote {workspace['bundle']}: 1 document," in capsys.readouterr().out
    bundle = json.loads(workspace["bundle"].read_text(encoding="utf-8"))
    text = bundle["documents"][0]["document"]["text"]
    assert "\r" not in text and "acquire Beta Ltd" in text

    assert main(["validate", str(workspace["bundle"])]) == 0
    assert "valid (1 document)" in capsys.readouterr().out


def test_a_file_that_cannot_be_imported_is_named_and_exits_1(workspace, capsys):
    odd = workspace["folder"] / "minutes.xyz"
    odd.write_text("not an announcement format", encoding="utf-8")
    assert run(workspace, "import", workspace["txt"], odd) == 1
    captured = capsys.readouterr()
    assert f"FAILED  {odd}" in captured.err
    assert "1 added, 0 already present, 1 failed" in captured.out


def test_validate_lists_every_problem_of_a_broken_bundle(workspace, capsys):
    assert run(workspace, "import", workspace["txt"]) == 0
    assert run(workspace, "export", workspace["bundle"]) == 0
    capsys.readouterr()
    data = json.loads(workspace["bundle"].read_text(encoding="utf-8"))
    data["documents"][0]["document"]["content_hash"] = "sha256:0"
    data["documents"][0]["entities"] = [
        {
            "id": "e1",
            "type": "company",
            "name": "Alpha",
            "mentions": [{"id": "m1", "start": 0, "end": 5, "text": "Omega"}],
        }
    ]
    broken = workspace["folder"] / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")

    assert main(["validate", str(broken)]) == 1
    err = capsys.readouterr().err
    assert str(broken) in err
    problem_lines = [line for line in err.splitlines() if line.startswith("  - ")]
    assert len(problem_lines) == 3
    assert any("content_hash does not match" in line for line in problem_lines)
    assert any(
        "audit entry" in line and "disagrees with it on content_hash" in line
        for line in problem_lines
    )
    assert any("'Omega' but the text there is 'ALPHA'" in line for line in problem_lines)


def test_validate_of_a_file_that_is_not_json_exits_1(workspace, capsys):
    not_json = workspace["folder"] / "notes.json"
    not_json.write_text("{ this is not json", encoding="utf-8")
    assert main(["validate", str(not_json)]) == 1
    assert "line 1, column 3" in capsys.readouterr().err


def test_import_bundle_adds_the_documents(workspace, capsys, tmp_path):
    assert run(workspace, "import", workspace["txt"]) == 0
    assert run(workspace, "export", workspace["bundle"]) == 0
    other = dict(workspace, db=tmp_path / "other.db")
    capsys.readouterr()
    assert run(other, "import-bundle", workspace["bundle"]) == 0
    assert "1 added, 0 replaced, 0 skipped" in capsys.readouterr().out
    assert run(other, "import-bundle", workspace["bundle"]) == 1
    assert "already" in capsys.readouterr().err
    assert run(other, "import-bundle", workspace["bundle"], "--on-existing", "skip") == 0
    assert "0 added, 0 replaced, 1 skipped" in capsys.readouterr().out


def test_stats_counts_documents_and_annotations(workspace, capsys):
    assert run(workspace, "import", workspace["txt"]) == 0
    capsys.readouterr()
    assert run(workspace, "stats") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["database"] == str(workspace["db"])
    assert (stats["documents"], stats["entities"], stats["events"]) == (1, 0, 0)
    assert stats["by_status"] == {"new": 1}


def test_export_of_invalid_work_exits_1_and_writes_nothing(workspace, capsys, schema):
    assert run(workspace, "import", workspace["txt"]) == 0
    store = open_store(workspace["db"], schema, actor="alice")
    try:
        (document_id,) = store.document_ids()
        store.create_event(document_id, "acquisition")
        store.set_status(document_id, DocumentStatus.ANNOTATED)  # finished: incomplete refuses
    finally:
        store.close()
    capsys.readouterr()
    assert run(workspace, "export", workspace["bundle"]) == 1
    err = capsys.readouterr().err
    assert "not written" in err
    assert "required role buyer is empty" in err
    assert "required role consideration is empty" in err
    assert not workspace["bundle"].exists()


def test_schema_check_accepts_a_good_file_and_names_the_problem_in_a_bad_one(
    workspace, capsys, helpers
):
    assert main(["schema", "check", str(workspace["schema"])]) == 0
    assert "valid schema core-tests 1.0 — 4 entity types, 2 event types" in capsys.readouterr().out

    broken_text = helpers.TEST_SCHEMA_TOML.replace('colour = "#2ca02c"', 'colour = "green"')
    broken = helpers.write_schema(workspace["folder"], broken_text, "broken.toml")
    assert main(["schema", "check", str(broken)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err
    assert "money" in err and "colour" in err

    not_toml = helpers.write_schema(workspace["folder"], "[schema\nname=", "not.toml")
    assert main(["schema", "check", str(not_toml)]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_a_database_that_is_not_sqlite_exits_2_naming_the_file(workspace, capsys, helpers):
    notes = workspace["folder"] / "notes.db"
    notes.write_text("shopping list: rice, tea\n", encoding="utf-8")
    before = helpers.sha256_of(notes)
    for command in (["stats"], ["import", str(workspace["txt"])], ["export", "x.json"]):
        assert main(["--db", str(notes), "--schema", str(workspace["schema"]), *command]) == 2
        err = capsys.readouterr().err
        assert str(notes) in err
        assert "not an SQLite file" in err
        assert "Traceback" not in err
    assert helpers.sha256_of(notes) == before


def test_a_missing_schema_file_exits_2_naming_it(workspace, capsys):
    missing = workspace["folder"] / "nowhere.toml"
    assert main(["--db", str(workspace["db"]), "--schema", str(missing), "stats"]) == 2
    assert str(missing) in capsys.readouterr().err


def test_unknown_command_line_options_exit_2(capsys):
    with pytest.raises(SystemExit) as done:
        main(["export"])  # the output file is missing
    assert done.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_the_shipped_default_schema_passes_its_own_check(capsys):
    assert main(["schema", "check", str(default_schema_path())]) == 0
    assert "valid schema" in capsys.readouterr().out


def test_a_fresh_import_under_the_default_schema_has_only_missing_field_problems(tmp_path, capsys):
    announcement = tmp_path / "alpha.txt"
    announcement.write_text(ANNOUNCEMENT, encoding="utf-8")
    db = tmp_path / "default.db"
    assert main(["--db", str(db), "import", str(announcement)]) == 0
    capsys.readouterr()
    main(["--db", str(db), "export", str(tmp_path / "out.json")])
    problems = [line for line in capsys.readouterr().err.splitlines() if line.startswith("  - ")]
    assert not [line for line in problems if "does not define" in line], problems


def _wal_is_empty(db: Path) -> bool:
    wal = db.with_name(db.name + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def test_after_import_the_database_file_alone_holds_the_corpus(workspace, tmp_path, schema):
    """Copying just the .db file after ``annotator import`` must carry everything imported:
    the command closes the database, which folds the write-ahead log into the file."""
    assert run(workspace, "import", workspace["txt"]) == 0
    assert _wal_is_empty(workspace["db"])
    elsewhere = tmp_path / "copy"
    elsewhere.mkdir()
    copy = elsewhere / "work.db"
    shutil.copyfile(workspace["db"], copy)
    store = open_store(copy, schema, actor="alice")
    try:
        (document_id,) = store.document_ids()
        assert "acquire Beta Ltd" in store.text_of(document_id)
    finally:
        store.close()


def test_the_database_is_closed_after_refusals_and_failures_too(workspace, capsys, monkeypatch):
    assert run(workspace, "import", workspace["txt"]) == 0
    assert run(workspace, "export", workspace["bundle"]) == 0
    assert run(workspace, "import-bundle", workspace["bundle"]) == 1  # refused: already there
    assert _wal_is_empty(workspace["db"])

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    assert run(workspace, "export", workspace["folder"] / "again.json") == 2  # failed
    assert _wal_is_empty(workspace["db"])
    assert "the disk is full" in capsys.readouterr().err

"""``annotator export --format`` and ``annotator import-annotations`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_app.cli import main
from desktop_app.core.store import Store


@pytest.fixture
def run(schema_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    def runner(database: Path, *args: object) -> int:
        return main(["--db", str(database), "--schema", str(schema_path), *map(str, args)])

    return runner


@pytest.mark.file_only  # the command line on a database path
def test_every_format_exports_and_imports_back_from_the_command_line(
    filled: Store, tmp_path: Path, run, capsys: pytest.CaptureFixture[str], corpus: SimpleNamespace
) -> None:  # type: ignore[no-untyped-def]
    source = filled.path
    filled.close()
    for name, out in [
        ("brat", tmp_path / "brat"),
        ("xmi", tmp_path / "xmi"),
        ("label-studio", tmp_path / "tasks.json"),
        ("doccano", tmp_path / "labels.jsonl"),
    ]:
        assert run(source, "export", out, "--format", name) == 0
        assert "wrote" in capsys.readouterr().out
        target = tmp_path / f"{name}.db"
        assert run(target, "import-annotations", out, "--format", name) == 0
        assert capsys.readouterr().out.strip().endswith("2 added, 0 replaced, 0 skipped")
        again = tmp_path / f"again-{name}{out.suffix}"
        assert run(target, "export", again, "--format", name) == 0
        assert list(corpus.tree_bytes(again).values()) == list(corpus.tree_bytes(out).values()), (
            name
        )
    assert run(source, "export", tmp_path / "train.jsonl", "--format", "spacy-jsonl") == 0
    assert "left out: 2 event(s)" in capsys.readouterr().err


@pytest.mark.file_only  # the command line on a database path
def test_the_default_export_is_still_the_bundle(
    filled: Store, tmp_path: Path, run, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    filled.close()
    out = tmp_path / "bundle.json"
    assert run(filled.path, "export", out) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "announcement-annotations"
    assert run(filled.path, "export", tmp_path / "x.jsonl", "--format", "doccano", "--strict") == 2
    assert "--strict: only for the bundle" in capsys.readouterr().err


def test_an_unmapped_import_exits_1_listing_the_names(
    tmp_path: Path, run, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "foreign.jsonl"
    source.write_text('{"text": "Alpha Ltd", "label": [[0, 9, "ORG"]]}\n', encoding="utf-8")
    database = tmp_path / "db.db"
    assert run(database, "import-annotations", source, "--format", "doccano") == 1
    err = capsys.readouterr().err
    assert "1 foreign name(s) have no counterpart" in err and "  - entity type ORG" in err
    mapping = tmp_path / "map.toml"
    mapping.write_text('[entity_types]\nORG = "company"\n', encoding="utf-8")
    assert (
        run(database, "import-annotations", source, "--format", "doccano", "--mapping", mapping)
        == 0
    )

"""An export that cannot be written — disk full, folder gone, permission denied, process killed —
says so naming the file and the problem, leaves the previous bundle at the target exactly as it
was, and leaves no partial file behind (a killed run's leftover is removed by the next export).

A full disk is simulated where it surfaces, at the write's flush to disk, by making ``os.fsync``
raise ``ENOSPC``: no root, loop devices or real full disks needed."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from desktop_app.cli import main
from desktop_app.core.bundle import export_bundle
from desktop_app.core.errors import KnownError

BOTH_ENGINES = True  # each store test runs on a database file and on a team database

PREVIOUS = b'{"format": "announcement-annotations", "note": "yesterday\'s bundle"}\n'


@pytest.fixture
def folder(tmp_path):
    """An export folder holding yesterday's bundle (the database lives elsewhere)."""
    out = tmp_path / "exports"
    out.mkdir()
    (out / "bundle.json").write_bytes(PREVIOUS)
    return out


@pytest.fixture
def filled(store, helpers):
    document_id = helpers.add_document(store, title="Acquisition of Beta")
    helpers.annotate_valid(store, document_id)
    return store


def _fail_fsync(number: int, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(descriptor: int) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", refuse)


def test_a_full_disk_is_named_and_the_previous_bundle_is_untouched(folder, filled, monkeypatch):
    _fail_fsync(errno.ENOSPC, monkeypatch)
    target = folder / "bundle.json"
    with pytest.raises(KnownError) as failed:
        export_bundle(filled, target)
    assert str(failed.value) == (
        f"{target}: not written, the disk is full; a previous file there is unchanged"
    )
    assert target.read_bytes() == PREVIOUS
    assert sorted(p.name for p in folder.iterdir()) == ["bundle.json"]  # no partial file


def test_a_full_disk_exits_2_on_the_command_line_without_a_traceback(
    folder, filled, store_path, schema_path, monkeypatch, capsys
):
    filled.close()
    _fail_fsync(errno.ENOSPC, monkeypatch)
    target = folder / "bundle.json"
    assert main(["--db", str(store_path), "--schema", str(schema_path), "export", str(target)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{target}: not written, the disk is full" in err
    assert target.read_bytes() == PREVIOUS
    assert sorted(p.name for p in folder.iterdir()) == ["bundle.json"]


def test_a_folder_removed_during_the_export_is_named(folder, filled, monkeypatch):
    real_fsync = os.fsync

    def vanish_then_sync(descriptor: int) -> None:
        shutil.rmtree(folder)  # someone deletes the folder while the bundle is being written
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", vanish_then_sync)
    target = folder / "bundle.json"
    with pytest.raises(KnownError) as failed:
        export_bundle(filled, target)
    assert f"{target}: not written, the folder {folder} does not exist" in str(failed.value)
    assert not folder.exists()  # nothing recreated it, nothing left anywhere


def test_a_folder_that_does_not_exist_is_named(tmp_path, filled):
    target = tmp_path / "nowhere" / "bundle.json"
    with pytest.raises(KnownError, match="does not exist"):
        export_bundle(filled, target)
    assert not target.parent.exists()


def test_permission_denied_on_the_target_is_named(folder, filled, monkeypatch):
    """As on Windows when the old bundle is open in another program: the rename is refused."""

    def refuse(source: object, destination: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(os, "replace", refuse)
    target = folder / "bundle.json"
    with pytest.raises(KnownError) as failed:
        export_bundle(filled, target)
    assert f"{target}: not written, permission denied" in str(failed.value)
    assert target.read_bytes() == PREVIOUS
    assert sorted(p.name for p in folder.iterdir()) == ["bundle.json"]


def test_a_killed_export_leaves_only_a_recognisable_leftover_that_the_next_removes(
    folder, filled, store_path, schema_path
):
    """The process is killed outright (SIGKILL: no cleanup can run) after writing everything
    but before the rename; the next export to the same file removes what it left."""
    filled.close()
    target = folder / "bundle.json"
    unrelated = folder / ".other.json.abcd1234.tmp"  # another target's: not ours to remove
    unrelated.write_text("someone else's", encoding="utf-8")
    child = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from desktop_app.core.bundle import export_bundle
        from desktop_app.core.schema import load_schema
        from desktop_app.core.store import open_store

        os.fsync = lambda descriptor: os.kill(os.getpid(), signal.SIGKILL)
        store = open_store(Path({str(store_path)!r}), load_schema(Path({str(schema_path)!r})), "x")
        export_bundle(store, Path({str(target)!r}))
        """
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".bundle.json.")]
    assert len(leftovers) == 1 and leftovers[0].endswith(".tmp")
    assert target.read_bytes() == PREVIOUS

    assert main(["--db", str(store_path), "--schema", str(schema_path), "export", str(target)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [unrelated.name, "bundle.json"]
    assert target.read_bytes() != PREVIOUS

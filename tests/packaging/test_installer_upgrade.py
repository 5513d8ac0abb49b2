"""The installer's manifest rules, run on real folders (the Wine-free half of the upgrade test)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

WINDOWS = Path(__file__).resolve().parents[2] / "packaging" / "windows"
sys.path.insert(0, str(WINDOWS))

import check_upgrade  # noqa: E402  (packaging/ is not a package on purpose)
import make_installer  # noqa: E402


def payload(root: Path, *files: str) -> Path:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")
    return root


def installer_manifest(folder: Path, name: str, dist: Path) -> Path:
    """Where make_installer.py puts the manifest of installer ``name``."""
    installer = folder / name
    make_installer.write_manifest(dist, folder / f"{installer.stem}.install-manifest.txt")
    return installer


def test_the_manifest_lists_files_then_folders_deepest_first(tmp_path: Path) -> None:
    dist = payload(tmp_path / "dist", "annotator.exe", "_internal/a/b/lib.dll", "_internal/x.pyd")

    lines = make_installer.manifest_lines(dist)

    assert lines == [
        "F _internal\\a\\b\\lib.dll",
        "F _internal\\x.pyd",
        "F annotator.exe",
        "D _internal\\a\\b",
        "D _internal\\a",
        "D _internal",
    ]


def test_an_upgrade_removes_what_the_previous_version_shipped_and_keeps_the_users(
    tmp_path: Path,
) -> None:
    new = payload(tmp_path / "new", "annotator.exe", "annotator-cli.exe", "_internal/core.dll")
    old = payload(tmp_path / "old", "annotator.exe", "helper.exe", "_internal/old/old.pyd")
    builds = tmp_path / "builds"
    builds.mkdir()
    installer = installer_manifest(builds, "new.exe", new)
    previous = installer_manifest(builds, "old.exe", old)

    check_upgrade.check_upgrade(new, old, installer, previous)  # raises SystemExit on failure


def test_a_previous_manifest_missing_a_file_fails_the_check(tmp_path: Path) -> None:
    new = payload(tmp_path / "new", "annotator.exe")
    old = payload(tmp_path / "old", "annotator.exe")
    builds = tmp_path / "builds"
    builds.mkdir()
    installer = installer_manifest(builds, "new.exe", new)
    previous = installer_manifest(builds, "old.exe", old)
    payload(old, "helper.exe")  # shipped, but not in the manifest it was built with

    with pytest.raises(SystemExit, match=r"survived the upgrade: \['helper\.exe'\]"):
        check_upgrade.check_upgrade(new, old, installer, previous)


def test_manifest_lines_outside_the_install_folder_are_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "Programs" / "App"
    folder.mkdir(parents=True)
    (folder / "annotator.exe").write_text("x", encoding="utf-8")
    victim = tmp_path / "Programs" / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (folder / "install-manifest.txt").write_text(
        "F ..\\victim.txt\r\nF \\victim.txt\r\nF C:\\victim.txt\r\nF annotator.exe\r\n",
        encoding="utf-8",
    )

    assert check_upgrade.remove_listed(folder)

    assert victim.exists()
    assert not (folder / "annotator.exe").exists()


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("0.1.0.0", "0.1.0.0", 0), ("0.10.0.0", "0.9.0.0", 1), ("0.0.1.0", "0.1.0.0", 2)],
)
def test_the_downgrade_guard_compares_versions_as_nsis_does(
    first: str, second: str, expected: int
) -> None:
    assert check_upgrade.version_compare(first, second) == expected

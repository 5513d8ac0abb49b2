"""The Wine-free half of the installer upgrade test: manifests, upgrade and uninstall on disk.

    python packaging/windows/check_upgrade.py --payload dist/annotator --installer NEW.exe \
        --previous-payload build/previous --previous-installer OLD.exe --previous-version 0.0.1

Run by packaging/build.sh on Linux after compiling the installer for DIST_DIR (the current
version) and a "previous release" fixture (the same payload plus files the current version no
longer ships, under a lower version). Without Windows it checks what can be checked:

1. each compiled installer carries exactly its payload plus ``install-manifest.txt`` and the
   uninstaller (listed with 7-Zip, which reads NSIS installers), and its embedded manifest
   names every payload file and folder, and nothing else;
2. the manifest rules the installer applies (``RemoveListed`` in installer.nsi: ``F`` deletes a
   file, ``D`` removes an empty folder, anything outside the install folder is ignored), run
   on a real folder: install the previous release, add a file of the user's, upgrade, and check
   the files the current version dropped are gone while the user's file stays; then uninstall
   and check only the user's file is left; a tampered manifest deletes nothing outside;
3. the downgrade guard's comparison (NSIS ``VersionCompare`` on the ``VersionQuad`` values):
   the fixture is older, so the upgrade proceeds and the fixture would be refused afterwards.

The same scenario runs for real on Windows in installer_smoke_test.sh (release workflow).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PureWindowsPath

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app_info  # packaging/app_info.py (packaging/ is not a package on purpose)
from make_installer import MANIFEST_NAME, NOT_IN_MANIFEST  # beside this script

NSI = Path(__file__).resolve().parent / "installer.nsi"
UNINSTALLER = "uninstall.exe"
USER_FILE = "my notes.txt"


def _fail(message: str) -> None:
    raise SystemExit(f"installer upgrade check FAILED: {message}")


def version_compare(first: str, second: str) -> int:
    """NSIS ``${VersionCompare}``: 0 equal, 1 the first is newer, 2 the second is newer."""
    a = [int(part) for part in first.split(".")]
    b = [int(part) for part in second.split(".")]
    length = max(len(a), len(b))
    a, b = a + [0] * (length - len(a)), b + [0] * (length - len(b))
    return 0 if a == b else (1 if a > b else 2)


def is_inside(relative: str) -> bool:
    """The installer's rule for a manifest path it may touch (see RemoveListed)."""
    return (
        bool(relative) and ".." not in relative and ":" not in relative and relative[0] not in "\\/"
    )


def remove_listed(install_dir: Path) -> bool:
    """What ``RemoveListed`` does, on a real folder; False when there is no manifest."""
    manifest = install_dir / MANIFEST_NAME
    if not manifest.exists():
        return False
    for line in manifest.read_text(encoding="utf-8").splitlines():
        kind, relative = line[:2], line[2:]
        if not is_inside(relative):
            continue
        target = install_dir.joinpath(*PureWindowsPath(relative).parts)
        if kind == "F " and (target.is_file() or target.is_symlink()):
            target.unlink()
        elif kind == "D " and target.is_dir() and not any(target.iterdir()):
            target.rmdir()
    return True


def install(payload: Path, manifest: Path, install_dir: Path) -> None:
    """``File /r`` of the payload, the manifest and the uninstaller, as the Install section."""
    shutil.copytree(payload, install_dir, symlinks=True, dirs_exist_ok=True)
    shutil.copyfile(manifest, install_dir / MANIFEST_NAME)
    (install_dir / UNINSTALLER).write_bytes(b"MZ stand-in uninstaller")


def uninstall(install_dir: Path) -> None:
    remove_listed(install_dir)
    for name in (MANIFEST_NAME, UNINSTALLER):
        (install_dir / name).unlink(missing_ok=True)
    if not any(install_dir.iterdir()):
        install_dir.rmdir()


def listed_files(manifest: Path) -> set[str]:
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return {line[2:].replace("\\", "/") for line in lines if line.startswith("F ")}


def payload_files(payload: Path) -> set[str]:
    return {
        path.relative_to(payload).as_posix()
        for path in payload.rglob("*")
        if not path.is_dir() or path.is_symlink()
    }


def installer_contents(installer: Path) -> set[str]:
    seven_zip = shutil.which("7z") or shutil.which("7zz")
    if seven_zip is None:
        _fail("7z is needed to list the installer (Debian package p7zip-full)")
    listing = subprocess.run(
        [seven_zip, "l", "-slt", "-ba", str(installer)], capture_output=True, text=True, check=True
    ).stdout
    return {line[len("Path = ") :] for line in listing.splitlines() if line.startswith("Path = ")}


def _manifest_of(installer: Path) -> Path:
    return installer.with_name(f"{installer.stem}.{MANIFEST_NAME}")


def check_installer(payload: Path, installer: Path) -> None:
    manifest = _manifest_of(installer)
    if not manifest.exists():
        _fail(f"{manifest} missing: build the installer with make_installer.py")
    expected = payload_files(payload) - NOT_IN_MANIFEST
    if listed_files(manifest) != expected:
        extra = sorted(listed_files(manifest) - expected)[:5]
        missing = sorted(expected - listed_files(manifest))[:5]
        _fail(f"{manifest.name} does not match {payload}: extra {extra}, missing {missing}")
    contents = installer_contents(installer)
    carried = {path for path in contents if not path.startswith("$")}  # $PLUGINSDIR etc.
    wanted = expected | {MANIFEST_NAME, UNINSTALLER}
    if not wanted <= carried:
        _fail(f"{installer.name} lacks {sorted(wanted - carried)[:5]}")
    if carried - wanted:
        _fail(
            f"{installer.name} carries files outside its manifest: {sorted(carried - wanted)[:5]}"
        )


def check_constants() -> None:
    """The names this script and make_installer.py assume are the ones installer.nsi uses."""
    text = NSI.read_text(encoding="utf-8")
    for name, value in (("MANIFEST_NAME", MANIFEST_NAME), ("UNINSTALLER", UNINSTALLER)):
        if not re.search(rf'^!define {name} "{re.escape(value)}"$', text, re.MULTILINE):
            _fail(f'installer.nsi does not define {name} "{value}"')
    for needed in ("/ALLOWDOWNGRADE", "/REMOVESETTINGS", "${RunningX64}", "${AtLeastBuild}"):
        if needed not in text:
            _fail(f"installer.nsi no longer has {needed}")


def check_upgrade(payload: Path, previous_payload: Path, installer: Path, previous: Path) -> None:
    dropped = payload_files(previous_payload) - payload_files(payload)
    if not dropped:
        _fail("the previous-release fixture ships no file the current version dropped")
    with tempfile.TemporaryDirectory(prefix="upgrade-check-") as scratch:
        root = Path(scratch)
        folder = root / "Programs" / app_info.APP_NAME
        outside = root / "Programs" / "outside.txt"
        outside.parent.mkdir()
        outside.write_text("not the installer's", encoding="utf-8")

        install(previous_payload, _manifest_of(previous), folder)
        (folder / USER_FILE).write_text("the user's", encoding="utf-8")
        for relative in dropped:
            if not (folder / relative).exists():
                _fail(f"the previous release did not install {relative}")

        # Upgrade: the previous version's files by its manifest, then the new payload.
        if not remove_listed(folder):
            _fail("the previous installation has no manifest")
        install(payload, _manifest_of(installer), folder)
        left = sorted(relative for relative in dropped if (folder / relative).exists())
        if left:
            _fail(f"files the current version no longer ships survived the upgrade: {left}")
        missing = sorted(r for r in payload_files(payload) if not (folder / r).exists())
        if missing:
            _fail(f"the upgrade did not install {missing[:5]}")
        if not (folder / USER_FILE).exists():
            _fail(f"the upgrade deleted {USER_FILE}, which it did not install")

        # A damaged or edited manifest must not reach outside the install folder.
        with (folder / MANIFEST_NAME).open("a", encoding="utf-8", newline="") as handle:
            handle.write("F ..\\outside.txt\r\nF \\outside.txt\r\nF C:\\outside.txt\r\n")
        uninstall(folder)
        if not outside.exists():
            _fail("a manifest line outside the install folder deleted a file")
        remaining = sorted(path.name for path in folder.iterdir()) if folder.exists() else []
        if remaining != [USER_FILE]:
            _fail(f"uninstalling left {remaining}, expected only {USER_FILE}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payload", type=Path, required=True, help="the current one-folder app")
    parser.add_argument("--installer", type=Path, required=True, help="its compiled installer")
    parser.add_argument("--previous-payload", type=Path, required=True)
    parser.add_argument("--previous-installer", type=Path, required=True)
    parser.add_argument("--previous-version", required=True, help="the fixture's version")
    args = parser.parse_args(argv)

    check_constants()
    check_installer(args.payload, args.installer)
    check_installer(args.previous_payload, args.previous_installer)
    check_upgrade(args.payload, args.previous_payload, args.installer, args.previous_installer)

    quad = ".".join(str(part) for part in app_info.version_tuple())
    previous_quad = ".".join(str(part) for part in app_info.version_tuple(args.previous_version))
    if version_compare(previous_quad, quad) != 2:
        _fail(f"the fixture {previous_quad} is not older than {quad}: it tests no upgrade")
    if version_compare(quad, previous_quad) != 1:
        _fail("the downgrade guard would let the fixture replace the current version")
    print(
        f"installer upgrade check ok: manifests match the payloads and {args.installer.name} and "
        f"{args.previous_installer.name} carry exactly them; upgrading from "
        f"{args.previous_version} removes the files it dropped and keeps the user's; "
        f"uninstalling removes everything listed and nothing outside; {quad} refuses "
        f"to be replaced by {previous_quad} without /ALLOWDOWNGRADE"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

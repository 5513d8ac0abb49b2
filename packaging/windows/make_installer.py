"""Compiles packaging/windows/installer.nsi with ``makensis -WX`` (warnings are errors).

    python packaging/windows/make_installer.py DIST_DIR [--out FILE] [--sign-command CMD]
        [--version X.Y.Z]

Name, version, publisher and executable names come from packaging/app_info.py, so the
installer, its Add/Remove Programs entry and the executables' version resources always agree.
DIST_DIR is the PyInstaller one-folder output (dist/annotator). Linux CI passes its Linux build
here as a stand-in payload only to compile and validate the script; see the .nsi header.

The install manifest (``install-manifest.txt``, every file and folder of DIST_DIR relative to
the install folder, folders deepest first) is written here and embedded, so the next version's
installer and the uninstaller remove exactly what this one installed. ``--version`` builds the
same payload under another version: the smoke test's "previous release" fixture. ``--quick``
stores the files uncompressed, for the Linux stand-ins that are only checked, never shipped.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app_info  # packaging/app_info.py (packaging/ is not a package on purpose)

SCRIPT = Path(__file__).resolve().parent / "installer.nsi"


def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found is None and sys.platform == "win32":  # Chocolatey and the NSIS installer's default
        for folder in (r"C:\Program Files (x86)\NSIS", r"C:\Program Files\NSIS"):
            candidate = Path(folder) / "makensis.exe"
            if candidate.is_file():
                return str(candidate)
    return found


MANIFEST_NAME = "install-manifest.txt"
# Written by the installer itself, next to the payload; removed by name, not by the manifest.
NOT_IN_MANIFEST = {MANIFEST_NAME, "uninstall.exe"}


def manifest_lines(dist_dir: Path) -> list[str]:
    """``F path`` for every file, then ``D path`` for every folder, deepest first (Windows
    separators, relative to the install folder)."""
    files, folders = [], []
    for path in sorted(dist_dir.rglob("*")):
        relative = path.relative_to(dist_dir).as_posix().replace("/", "\\")
        if path.is_dir() and not path.is_symlink():
            folders.append(relative)
        elif relative not in NOT_IN_MANIFEST:
            files.append(relative)
    folders.sort(key=lambda folder: (-folder.count("\\"), folder))
    return [f"F {name}" for name in files] + [f"D {name}" for name in folders]


def write_manifest(dist_dir: Path, path: Path) -> Path:
    # CRLF, as Windows tools expect; FileRead keeps the line ends, the installer trims them.
    path.write_bytes("".join(f"{line}\r\n" for line in manifest_lines(dist_dir)).encode())
    return path


def default_output() -> Path:
    name = app_info.APP_NAME.replace(" ", "")
    return app_info.REPO_ROOT / "dist" / f"{name}-{app_info.VERSION}-windows-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist_dir", type=Path, help="the PyInstaller one-folder output")
    parser.add_argument("--out", type=Path, default=default_output(), help="installer to write")
    parser.add_argument("--version", help="build as this version (a fixture), not the app's")
    parser.add_argument(
        "--quick", action="store_true", help="no compression (stand-ins that are not shipped)"
    )
    parser.add_argument(
        "--sign-command",
        help="command that signs the file given as its last argument (uninstaller, installer)",
    )
    args = parser.parse_args(argv)

    makensis = find_makensis()
    if makensis is None:
        print("makensis not found (Debian: apt-get install nsis; Windows: choco install nsis)")
        return 2
    dist_dir = args.dist_dir.resolve()
    if not dist_dir.is_dir():
        print(f"{dist_dir} is not a folder: build the one-folder app first")
        return 2
    out = args.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    manifest = write_manifest(dist_dir, out.with_name(f"{out.stem}.{MANIFEST_NAME}"))
    defines = app_info.nsis_defines(dist_dir)
    if args.version:
        quad = ".".join(str(part) for part in app_info.version_tuple(args.version))
        replaced = {"VERSION": args.version, "VERSION_QUAD": quad}
        defines = [
            f"-D{name}={replaced[name]}" if name in replaced else f"-D{name}={value}"
            for name, value in (define[2:].split("=", 1) for define in defines)
        ]
    # makensis on Windows understands "/" in paths, and on POSIX it turns "\" into "/".
    command = [
        makensis,
        "-WX",
        "-V3",
        "-INPUTCHARSET",
        "UTF8",
        *defines,
        f"-DMANIFEST={manifest}",
        *(["-DNO_COMPRESSION"] if args.quick else []),
        f"-DICON={app_info.REPO_ROOT / 'resources' / 'icons' / 'app.ico'}",
        f"-DOUT_FILE={out}",
    ]
    if args.sign_command:
        command.append(f"-DSIGN_COMMAND={args.sign_command}")
    command.append(str(SCRIPT))
    print("running:", " ".join(command), flush=True)
    completed = subprocess.run(command, check=False)
    if completed.returncode != 0:
        return completed.returncode
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB; manifest {manifest.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

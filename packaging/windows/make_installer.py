"""Compiles packaging/windows/installer.nsi with ``makensis -WX`` (warnings are errors).

    python packaging/windows/make_installer.py DIST_DIR [--out FILE] [--sign-command CMD]

Name, version, publisher and executable name come from packaging/app_info.py, so the installer,
its Add/Remove Programs entry and the executable's version resource always agree. DIST_DIR is
the PyInstaller one-folder output (dist/annotator). Linux CI passes its Linux build here as a
stand-in payload only to compile and validate the script; see the .nsi header.
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


def default_output() -> Path:
    name = app_info.APP_NAME.replace(" ", "")
    return app_info.REPO_ROOT / "dist" / f"{name}-{app_info.VERSION}-windows-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist_dir", type=Path, help="the PyInstaller one-folder output")
    parser.add_argument("--out", type=Path, default=default_output(), help="installer to write")
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
    # makensis on Windows understands "/" in paths, and on POSIX it turns "\" into "/".
    command = [
        makensis,
        "-WX",
        "-V3",
        "-INPUTCHARSET",
        "UTF8",
        *app_info.nsis_defines(dist_dir),
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
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

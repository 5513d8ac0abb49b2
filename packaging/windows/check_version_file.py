"""Checks, on any OS, that the Windows version resource the spec generates is one PyInstaller reads.

    uv run --with pefile python packaging/windows/check_version_file.py

The spec writes the file only on Windows (``version=`` in EXE); this parses it with PyInstaller's
own reader and serialises it to the binary resource, so a broken template fails on Linux CI too.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app_info  # packaging/app_info.py (packaging/ is not a package on purpose)
import PyInstaller.compat

if not hasattr(PyInstaller.compat, "win32api"):
    PyInstaller.compat.win32api = None  # the reader imports it; only Windows has it

from PyInstaller.utils.win32 import versioninfo  # after the stand-in above

EXECUTABLES = (
    (app_info.EXECUTABLE, app_info.APP_NAME),
    (app_info.CLI_EXECUTABLE, f"{app_info.APP_NAME} (command line)"),
)


def problems_of(executable: str, description: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = app_info.windows_version_file(
            Path(folder) / "version_info.txt", executable, description
        )
        info = versioninfo.load_version_info_from_text_file(str(path))
    raw = info.toRaw()
    text = str(info)
    expected = [
        f"filevers={app_info.version_tuple()!r}",
        f"StringStruct('ProductVersion', '{app_info.VERSION}')",
        f"StringStruct('ProductName', '{app_info.APP_NAME}')",
        f"StringStruct('FileDescription', '{description}')",
        f"StringStruct('OriginalFilename', '{executable}.exe')",
    ]
    missing = [f"{executable}.exe: {line}" for line in expected if line not in text]
    if len(raw) < 200:
        missing.append(f"{executable}.exe: the binary resource is only {len(raw)} bytes")
    return missing


def main() -> int:
    problems = [line for entry in EXECUTABLES for line in problems_of(*entry)]
    if problems:
        print("Windows version resource check FAILED:", *problems, sep="\n  - ")
        return 1
    names = ", ".join(f"{executable}.exe" for executable, _ in EXECUTABLES)
    print(f"Windows version resources ok: {names}, {app_info.APP_NAME} {app_info.VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

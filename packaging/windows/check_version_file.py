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


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = app_info.windows_version_file(Path(folder) / "version_info.txt")
        info = versioninfo.load_version_info_from_text_file(str(path))
    raw = info.toRaw()
    text = str(info)
    expected = [
        f"filevers={app_info.version_tuple()!r}",
        f"StringStruct('ProductVersion', '{app_info.VERSION}')",
        f"StringStruct('ProductName', '{app_info.APP_NAME}')",
        f"StringStruct('OriginalFilename', '{app_info.EXECUTABLE}.exe')",
    ]
    missing = [line for line in expected if line not in text]
    if missing or len(raw) < 200:
        print("Windows version resource check FAILED:", *missing, sep="\n  - ")
        return 1
    print(f"Windows version resource ok: {app_info.APP_NAME} {app_info.VERSION} ({len(raw)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

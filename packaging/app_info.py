"""The one place packaging reads the application's name, version and identifiers from.

The PyInstaller spec, the Windows version resource, the NSIS defines, the macOS Info.plist and
the Linux checks all import this module, so a release changes the version in exactly two places
the project already owns (``desktop_app/__init__.py`` and ``pyproject.toml``) and this module
refuses to build when they disagree. ``desktop_app`` is parsed, not imported, so reading the
metadata never starts the application or needs its dependencies.

Run as a script it prints one fact for shell scripts: ``python packaging/app_info.py version``.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

PACKAGING_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGING_DIR.parent

# Reverse-DNS identifier of the macOS bundle, final since the first release: macOS keys the
# app's privacy permissions, Gatekeeper/notarization record, saved window state and "open with"
# registrations on it, so a changed id is a different app to macOS. Never change it (see
# packaging/README.md, "Identifiers that must never change").
BUNDLE_IDENTIFIER = "org.announcement-annotator.desktop"
PUBLISHER = "Announcement Annotator Team"
EXECUTABLE = "annotator"  # the windowed executable (annotator.exe on Windows)
CLI_EXECUTABLE = "annotator-cli"  # its console twin, same code (annotator-cli.exe)
MACOS_MINIMUM = "15.0"  # measured: PySide6 6.11.3 bindings need 15.0 (macos/check_macos_minimum.py)
# Windows 10 1809, the oldest Windows Qt 6 supports; the installer refuses older and 32-bit ones.
MIN_WINDOWS_BUILD = 17763
COPYRIGHT = f"Copyright (C) {PUBLISHER}"


def _package_metadata() -> dict[str, str]:
    """``__version__``, ``APP_NAME`` and ``APP_ID`` from ``desktop_app/__init__.py``."""
    tree = ast.parse((REPO_ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    missing = {"__version__", "APP_NAME", "APP_ID"} - found.keys()
    if missing:
        raise SystemExit(f"desktop_app/__init__.py does not define {sorted(missing)}")
    return found


def _pyproject_version() -> str:
    with (REPO_ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


_META = _package_metadata()
VERSION = _META["__version__"]
APP_NAME = _META["APP_NAME"]
APP_ID = _META["APP_ID"]

if _pyproject_version() != VERSION:
    raise SystemExit(
        f"version mismatch: desktop_app/__init__.py says {VERSION}, "
        f"pyproject.toml says {_pyproject_version()}"
    )


def version_tuple(version: str = VERSION) -> tuple[int, int, int, int]:
    """Four integers for Windows' fixed version fields: ``1.2.3rc1`` -> ``(1, 2, 3, 0)``."""
    numbers = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def numeric_version(version: str = VERSION) -> str:
    """``MAJOR.MINOR.PATCH``, the only form CFBundleShortVersionString accepts."""
    return ".".join(str(part) for part in version_tuple(version)[:3])


def info_plist() -> dict[str, Any]:
    """Keys merged by PyInstaller's BUNDLE into the .app's Info.plist (and checked on Linux)."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_IDENTIFIER,
        "CFBundleExecutable": EXECUTABLE,
        "CFBundlePackageType": "APPL",
        "CFBundleInfoDictionaryVersion": "6.0",
        "CFBundleShortVersionString": numeric_version(),
        "CFBundleVersion": numeric_version(),
        "CFBundleIconFile": "app.icns",
        "CFBundleDevelopmentRegion": "en",
        "LSApplicationCategoryType": "public.app-category.business",
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow the system's dark mode
        "NSPrincipalClass": "NSApplication",
        "NSHumanReadableCopyright": COPYRIGHT,
    }


REQUIRED_PLIST_KEYS = (
    "CFBundleIdentifier",
    "CFBundleShortVersionString",
    "CFBundleVersion",
    "CFBundleExecutable",
    "NSHighResolutionCapable",
    "NSRequiresAquaSystemAppearance",
    "LSMinimumSystemVersion",
)


def windows_version_file(
    path: Path, executable: str = EXECUTABLE, description: str = APP_NAME
) -> Path:
    """Writes the text PyInstaller's ``version=`` option reads (a ``VSVersionInfo`` literal)."""
    numbers = version_tuple()
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": description,
        "FileVersion": VERSION,
        "InternalName": executable,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{executable}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": VERSION,
    }
    string_structs = ",\n            ".join(
        f"StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    path.write_text(
        f"""# Generated by packaging/app_info.py from desktop_app/__init__.py; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers!r},
    prodvers={numbers!r},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
            {string_structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
""",
        encoding="utf-8",
    )
    return path


def nsis_defines(dist_dir: Path) -> list[str]:
    """``makensis`` arguments that feed the installer the same facts as the executable."""
    return [
        f"-DAPP_NAME={APP_NAME}",
        f"-DAPP_ID={APP_ID}",
        f"-DVERSION={VERSION}",
        f"-DVERSION_QUAD={'.'.join(str(part) for part in version_tuple())}",
        f"-DPUBLISHER={PUBLISHER}",
        f"-DEXE_NAME={EXECUTABLE}.exe",
        f"-DCLI_EXE_NAME={CLI_EXECUTABLE}.exe",
        f"-DMIN_WINDOWS_BUILD={MIN_WINDOWS_BUILD}",
        f"-DDIST_DIR={dist_dir}",
    ]


_FACTS = {
    "version": lambda: VERSION,
    "name": lambda: APP_NAME,
    "app-id": lambda: APP_ID,
    "bundle-id": lambda: BUNDLE_IDENTIFIER,
    "executable": lambda: EXECUTABLE,
    "cli-executable": lambda: CLI_EXECUTABLE,
}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in _FACTS:
        raise SystemExit(f"usage: app_info.py {{{'|'.join(_FACTS)}}}")
    print(_FACTS[sys.argv[1]]())

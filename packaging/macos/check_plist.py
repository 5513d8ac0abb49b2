"""Checks the macOS Info.plist: generated on any OS, a given file, or a built .app's.

    python packaging/macos/check_plist.py --write build/Info.plist   # Linux CI: no .app to read
    python packaging/macos/check_plist.py --plist some/Info.plist
    python packaging/macos/check_plist.py --app "dist/Announcement Annotator.app"

``--write`` writes ``app_info.info_plist()`` (the dict the spec hands to PyInstaller's BUNDLE,
which sets every key BUNDLE writes by default) with plistlib and reads it back. Every mode then
checks the keys macOS and notarization rely on against facts that do not come from that dict:
the version in ``desktop_app/__init__.py``, the executable name, the final bundle id (never a
placeholder such as ``com.example.*``) and ``MACOS_MINIMUM``, the value
``check_macos_minimum.py`` measures from the wheels' Mach-O load commands. With ``--app`` the
bundle's own Info.plist must also agree with the dict key for key (BUNDLE wrote what we asked).
"""

from __future__ import annotations

import argparse
import plistlib
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app_info  # packaging/app_info.py (packaging/ is not a package on purpose)

_VERSION = re.compile(r"^\d+\.\d+\.\d+$")  # what CFBundleShortVersionString allows
_REVERSE_DNS = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
# Reverse-DNS prefixes reserved for examples or owned by others: an app shipped with one of
# these ids has to change it later, which macOS treats as a different application.
_PLACEHOLDER_IDS = (
    "com.example.",
    "org.example.",
    "net.example.",
    "com.yourcompany.",
    "com.apple.",
)


def problems_in(plist: dict[str, Any], icon_folder: Path) -> list[str]:
    found = [f"missing {key}" for key in app_info.REQUIRED_PLIST_KEYS if key not in plist]
    if found:
        return found
    expectations = [
        (
            _REVERSE_DNS.match(str(plist["CFBundleIdentifier"])),
            "CFBundleIdentifier not reverse-DNS",
        ),
        (plist["CFBundleIdentifier"] == app_info.BUNDLE_IDENTIFIER, "CFBundleIdentifier changed"),
        (
            not str(plist["CFBundleIdentifier"]).lower().startswith(_PLACEHOLDER_IDS),
            f"CFBundleIdentifier {plist['CFBundleIdentifier']!r} is a placeholder",
        ),
        (
            str(plist["LSMinimumSystemVersion"]) == app_info.MACOS_MINIMUM,
            f"LSMinimumSystemVersion {plist['LSMinimumSystemVersion']!r} is not the measured "
            f"minimum {app_info.MACOS_MINIMUM} (packaging/app_info.py MACOS_MINIMUM)",
        ),
        (plist["CFBundleExecutable"] == app_info.EXECUTABLE, "CFBundleExecutable is not the exe"),
        (plist.get("CFBundlePackageType") == "APPL", "CFBundlePackageType is not APPL"),
        (plist.get("CFBundleName") == app_info.APP_NAME, "CFBundleName is not the app name"),
        (plist["NSHighResolutionCapable"] is True, "NSHighResolutionCapable is not true"),
        (
            plist["NSRequiresAquaSystemAppearance"] is False,
            "NSRequiresAquaSystemAppearance is not false (dark mode would be off)",
        ),
        (
            re.match(r"^\d+(\.\d+){1,2}$", str(plist["LSMinimumSystemVersion"])),
            "LSMinimumSystemVersion is not a version",
        ),
        ((icon_folder / str(plist.get("CFBundleIconFile", ""))).is_file(), "icon file missing"),
    ]
    for key in ("CFBundleShortVersionString", "CFBundleVersion"):
        value = plist[key]
        expectations.append(
            (isinstance(value, str) and _VERSION.match(value), f"{key} {value!r} not X.Y.Z")
        )
        expectations.append(
            (value == app_info.numeric_version(), f"{key} {value!r} is not {app_info.VERSION}")
        )
    return [message for passed, message in expectations if not passed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--write", type=Path, help="write the plist here, then check it")
    where.add_argument("--plist", type=Path, help="check this Info.plist file")
    where.add_argument("--app", type=Path, help="check this built .app bundle")
    args = parser.parse_args(argv)

    expected = app_info.info_plist()
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        with args.write.open("wb") as handle:
            plistlib.dump(expected, handle)
        path, icon_folder = args.write, app_info.REPO_ROOT / "resources" / "icons"
    elif args.plist:
        path, icon_folder = args.plist, app_info.REPO_ROOT / "resources" / "icons"
    else:
        path = args.app / "Contents" / "Info.plist"
        icon_folder = args.app / "Contents" / "Resources"
    with path.open("rb") as handle:
        plist = plistlib.load(handle)

    problems = problems_in(plist, icon_folder)
    if args.app:
        problems += [
            f"{key} is {plist.get(key)!r}, the spec says {value!r}"
            for key, value in expected.items()
            if plist.get(key) != value
        ]
    if problems:
        print(f"{path}: Info.plist check FAILED", *problems, sep="\n  - ")
        return 1
    print(
        f"{path}: Info.plist ok ({plist['CFBundleIdentifier']} "
        f"{plist['CFBundleShortVersionString']}, {len(plist)} keys)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

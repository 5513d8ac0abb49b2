"""Locates the read-only files shipped with the application (schemas, samples, keymap).

Three layouts are supported: a source checkout (``<repo>/resources``), an installed wheel
(``desktop_app/_resources``) and a frozen PyInstaller build (``<bundle>/resources``, found via
``sys._MEIPASS``, never via the executable's location).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The directory holding ``schemas/``, ``samples/`` and the other shipped files."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    candidates += [_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"]
    for candidate in candidates:
        if (candidate / "schemas").is_dir():
            return candidate
    raise FileNotFoundError("the application's resources folder is missing: " + str(candidates))


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def default_schema_path() -> Path:
    return resource_path("schemas", "hk_announcements.toml")

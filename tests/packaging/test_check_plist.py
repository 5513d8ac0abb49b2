"""check_plist.py fails on an Info.plist that would ship a wrong minimum or a placeholder id."""

from __future__ import annotations

import plistlib
import subprocess
import sys
from pathlib import Path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
sys.path.insert(0, str(PACKAGING))

import app_info  # noqa: E402  (packaging/ is not a package on purpose)


def check(plist: Path) -> subprocess.CompletedProcess[str]:
    script = PACKAGING / "macos" / "check_plist.py"
    return subprocess.run(
        [sys.executable, str(script), "--plist", str(plist)], capture_output=True, text=True
    )


def test_the_generated_plist_passes(tmp_path: Path) -> None:
    script = PACKAGING / "macos" / "check_plist.py"
    written = tmp_path / "Info.plist"
    result = subprocess.run(
        [sys.executable, str(script), "--write", str(written)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert plistlib.loads(written.read_bytes())["LSMinimumSystemVersion"] == "15.0"


def test_a_lower_minimum_than_measured_fails(tmp_path: Path) -> None:
    plist = tmp_path / "Info.plist"
    plist.write_bytes(plistlib.dumps({**app_info.info_plist(), "LSMinimumSystemVersion": "11.0"}))

    result = check(plist)

    assert result.returncode == 1
    assert "LSMinimumSystemVersion '11.0' is not the measured minimum 15.0" in result.stdout


def test_a_placeholder_bundle_id_fails(tmp_path: Path) -> None:
    plist = tmp_path / "Info.plist"
    placeholder = {**app_info.info_plist(), "CFBundleIdentifier": "com.example.annotator"}
    plist.write_bytes(plistlib.dumps(placeholder))

    result = check(plist)

    assert result.returncode == 1
    assert "'com.example.annotator' is a placeholder" in result.stdout

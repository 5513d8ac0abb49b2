"""The macOS minimum check reads real Mach-O load commands and fails on a too-new binary."""

from __future__ import annotations

import plistlib
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("macholib")  # the packaging group (uv sync --group packaging)

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "macos" / "check_macos_minimum.py"
ARM64, X86_64 = 0x0100000C, 0x01000007
LC_BUILD_VERSION, LC_VERSION_MIN_MACOSX, PLATFORM_MACOS = 0x32, 0x24, 1


def _packed(major: int, minor: int) -> int:
    return (major << 16) | (minor << 8)


def mach_o(cputype: int, major: int, minor: int, *, old_style: bool = False) -> bytes:
    """A minimal 64-bit little-endian Mach-O bundle carrying one version load command."""
    if old_style:  # LC_VERSION_MIN_MACOSX: cmd, cmdsize, version, sdk
        command = struct.pack("<IIII", LC_VERSION_MIN_MACOSX, 16, _packed(major, minor), 0)
    else:  # LC_BUILD_VERSION: cmd, cmdsize, platform, minos, sdk, ntools
        command = struct.pack(
            "<IIIIII", LC_BUILD_VERSION, 24, PLATFORM_MACOS, _packed(major, minor), 0, 0
        )
    header = struct.pack("<IiiIIIII", 0xFEEDFACF, cputype, 0, 8, 1, len(command), 0, 0)
    return header + command + b"\0" * 64


def wheel(folder: Path, name: str, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(folder / name, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
        archive.writestr("pkg/__init__.py", "")


def check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True
    )


def test_a_binary_needing_a_newer_macos_than_declared_fails(tmp_path: Path) -> None:
    wheel(tmp_path, "a-1-py3-none-macosx_11_0_arm64.whl", {"a/_a.so": mach_o(ARM64, 11, 0)})
    wheel(tmp_path, "b-1-py3-none-macosx_13_0_arm64.whl", {"b/libb.dylib": mach_o(ARM64, 15, 0)})

    result = check("--wheels", tmp_path, "--arch", "arm64", "--declared", "13.0")

    assert result.returncode == 1
    assert "b/libb.dylib needs macOS 15.0, newer than 13.0" in result.stdout
    assert "highest minimum macOS 15.0" in result.stdout
    assert check("--wheels", tmp_path, "--arch", "arm64", "--declared", "15.0").returncode == 0


def test_exact_refuses_a_declared_minimum_no_binary_needs(tmp_path: Path) -> None:
    wheel(tmp_path, "a-1-py3-none-any.whl", {"a/_a.so": mach_o(ARM64, 12, 0, old_style=True)})

    assert check("--wheels", tmp_path, "--arch", "arm64", "--declared", "14.0").returncode == 0
    result = check("--wheels", tmp_path, "--arch", "arm64", "--declared", "14.0", "--exact")

    assert result.returncode == 1
    assert "higher than any binary needs (12.0)" in result.stdout


def test_a_binary_without_the_target_architecture_is_a_problem(tmp_path: Path) -> None:
    wheel(tmp_path, "a-1-py3-none-macosx_11_0_arm64.whl", {"a/_a.so": mach_o(ARM64, 11, 0)})

    result = check("--wheels", tmp_path, "--arch", "x86_64", "--declared", "15.0")

    assert result.returncode == 1
    assert "a/_a.so: has no x86_64 code (only ARM64)" in result.stdout


def test_an_info_plist_declaring_another_minimum_fails(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel(wheels, "a-1-py3-none-any.whl", {"a/_a.so": mach_o(X86_64, 15, 0)})
    plist = tmp_path / "Info.plist"
    plist.write_bytes(plistlib.dumps({"LSMinimumSystemVersion": "11.0"}))

    result = check("--wheels", wheels, "--arch", "x86_64", "--declared", "15.0", "--plist", plist)

    assert result.returncode == 1
    assert "declares LSMinimumSystemVersion '11.0'" in result.stdout


def test_an_app_folder_is_walked_and_its_binaries_read(tmp_path: Path) -> None:
    app = tmp_path / "Demo.app" / "Contents"
    (app / "MacOS").mkdir(parents=True)
    (app / "MacOS" / "demo").write_bytes(mach_o(ARM64, 14, 0))
    (app / "Resources").mkdir()
    (app / "Resources" / "notes.txt").write_text("not a binary " * 20)

    result = check("--app", tmp_path / "Demo.app", "--arch", "arm64", "--declared", "13.0")

    assert result.returncode == 1
    assert "MacOS/demo needs macOS 14.0" in result.stdout

"""Fails when any Mach-O binary needs a newer macOS than the app declares it runs on.

    python packaging/macos/check_macos_minimum.py --arch arm64 --wheels build/macos-wheels/arm64
    python packaging/macos/check_macos_minimum.py --arch x86_64 --app "dist/<name>.app"
    python packaging/macos/check_macos_minimum.py ... --exact --plist build/Info.plist

Every library, Python extension and executable records the oldest macOS it loads on in its
``LC_BUILD_VERSION`` load command (``LC_VERSION_MIN_MACOSX`` in older toolchains). macOS refuses
to load a library whose minimum is newer than the running system, so the app's real minimum is
the highest of them, and ``LSMinimumSystemVersion`` (``MACOS_MINIMUM`` in packaging/app_info.py)
must not be lower: otherwise the Finder opens an app that dies on start.

``--wheels`` reads the binaries inside the wheels of the locked dependencies downloaded for
that macOS architecture (this runs on Linux CI, where no .app can be built); ``--app`` walks a
built bundle. Only the slice of ``--arch`` is read from universal binaries, and a binary that
has no such slice is a problem (the app would not load it). ``--exact`` also fails when the
declared minimum is *higher* than the binaries need, so the declared value is the measured one.
``--plist`` checks an Info.plist file says the same minimum. Reads with ``macholib``.
"""

from __future__ import annotations

import argparse
import plistlib
import struct
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from macholib import mach_o
from macholib.MachO import MachO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app_info  # packaging/app_info.py (packaging/ is not a package on purpose)

_THIN_MAGICS = {0xFEEDFACE, 0xFEEDFACF, 0xCEFAEDFE, 0xCFFAEDFE}
_FAT_MAGICS = {0xCAFEBABE, 0xCAFEBABF}
_ARCH_NAMES = {"arm64": "ARM64", "x86_64": "x86_64"}  # ours -> macholib's CPU_TYPE_NAMES


@dataclass(frozen=True)
class BinaryMinimum:
    """The macOS minimum one binary declares for one architecture (None: declares none)."""

    name: str
    minimum: tuple[int, int, int] | None
    problem: str = ""


def version_text(version: tuple[int, ...]) -> str:
    major, minor, patch = (*version, 0, 0, 0)[:3]
    return f"{major}.{minor}" + (f".{patch}" if patch else "")


def parse_version(text: str) -> tuple[int, int, int]:
    parts = [int(part) for part in text.split(".")]
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"not a macOS version: {text!r}")
    parts += [0] * (3 - len(parts))
    return (parts[0], parts[1], parts[2])


def _unpack(packed: int) -> tuple[int, int, int]:
    """Mach-O versions are packed as xxxx.yy.zz in one 32-bit number."""
    return (packed >> 16, (packed >> 8) & 0xFF, packed & 0xFF)


def is_mach_o(head: bytes) -> bool:
    if len(head) < 8:
        return False
    magic = struct.unpack(">I", head[:4])[0]
    if magic in _THIN_MAGICS:
        return True
    # 0xCAFEBABE is also a Java class file; there the next word (its version) is at least 45,
    # while a fat Mach-O header counts a handful of architectures.
    return magic in _FAT_MAGICS and 0 < struct.unpack(">I", head[4:8])[0] < 20


def minimum_of(path: Path, name: str, arch: str) -> BinaryMinimum:
    try:
        headers = MachO(str(path)).headers
    except Exception as error:  # a damaged file is a finding, not a crash of the check
        return BinaryMinimum(name, None, f"unreadable Mach-O ({error})")
    wanted = _ARCH_NAMES[arch]
    slices = {
        mach_o.CPU_TYPE_NAMES.get(h.header.cputype, str(h.header.cputype)): h for h in headers
    }
    header = slices.get(wanted)
    if header is None:
        return BinaryMinimum(name, None, f"has no {arch} code (only {', '.join(sorted(slices))})")
    for load_command, command, _ in header.commands:
        if load_command.cmd == mach_o.LC_BUILD_VERSION:
            if command.platform != mach_o.PLATFORM_MACOS:
                platform = command.platform
                return BinaryMinimum(name, None, f"built for platform {platform}, not macOS")
            return BinaryMinimum(name, _unpack(command.minos))
        if load_command.cmd == mach_o.LC_VERSION_MIN_MACOSX:
            return BinaryMinimum(name, _unpack(command.version))
    return BinaryMinimum(name, None)


def _is_static_archive(name: str) -> bool:
    """A (universal) ``.a`` is linked into other binaries at build time, never loaded."""
    return name.endswith(".a")


def binaries_in_wheels(folder: Path, scratch: Path) -> Iterator[tuple[Path, str]]:
    wheels = sorted(folder.glob("*.whl"))
    if not wheels:
        raise SystemExit(f"no wheels in {folder}: download them first (see ci_checks.sh)")
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.infolist():
                if member.is_dir() or member.file_size < 64 or _is_static_archive(member.filename):
                    continue
                with archive.open(member) as handle:
                    if not is_mach_o(handle.read(8)):
                        continue
                target = scratch / wheel.name / member.filename
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
                yield target, f"{wheel.name}:{member.filename}"


def binaries_in_app(app: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(app.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.stat().st_size < 64:
            continue
        if _is_static_archive(path.name):
            continue
        with path.open("rb") as handle:
            if is_mach_o(handle.read(8)):
                yield path, str(path.relative_to(app))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--wheels", type=Path, help="folder of wheels downloaded for macOS")
    source.add_argument("--app", type=Path, help="a built .app bundle")
    parser.add_argument("--arch", choices=sorted(_ARCH_NAMES), required=True)
    parser.add_argument(
        "--declared", default=app_info.MACOS_MINIMUM, help="default: app_info.MACOS_MINIMUM"
    )
    parser.add_argument("--exact", action="store_true", help="the declared minimum must be needed")
    parser.add_argument("--plist", type=Path, help="an Info.plist that must declare the same")
    args = parser.parse_args(argv)

    declared = parse_version(args.declared)
    problems: list[str] = []
    found: list[BinaryMinimum] = []
    with tempfile.TemporaryDirectory(prefix="macho-") as scratch:
        if args.wheels:
            binaries = binaries_in_wheels(args.wheels, Path(scratch))
        else:
            binaries = binaries_in_app(args.app)
        for path, name in binaries:
            found.append(minimum_of(path, name, args.arch))
    if not found:
        problems.append("no Mach-O binaries found: nothing was checked")
    problems += [f"{entry.name}: {entry.problem}" for entry in found if entry.problem]
    problems += [
        f"{entry.name} needs macOS {version_text(entry.minimum)}, newer than {args.declared}"
        for entry in found
        if entry.minimum is not None and entry.minimum > declared
    ]
    measured = max((entry.minimum for entry in found if entry.minimum), default=None)
    if args.exact and measured is not None and measured < declared:
        problems.append(
            f"the declared minimum {args.declared} is higher than any binary needs "
            f"({version_text(measured)}): declare the measured value"
        )
    if args.plist:
        with args.plist.open("rb") as handle:
            in_plist = str(plistlib.load(handle).get("LSMinimumSystemVersion", ""))
        if not in_plist or parse_version(in_plist) != declared:
            problems.append(f"{args.plist} declares LSMinimumSystemVersion {in_plist!r}")

    where = args.wheels or args.app
    if measured is not None:
        highest = [e.name for e in found if e.minimum == measured]
        print(
            f"{where} ({args.arch}): {len(found)} Mach-O binaries, highest minimum "
            f"macOS {version_text(measured)} ({len(highest)} binaries, e.g. {highest[0]})"
        )
    if problems:
        print(f"macOS minimum check FAILED (declared {args.declared}):", *problems, sep="\n  - ")
        return 1
    print(f"macOS minimum ok: nothing needs more than the declared {args.declared}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

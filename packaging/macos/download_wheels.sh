#!/usr/bin/env bash
# Downloads the macOS wheels of exactly the locked runtime dependencies, for one architecture,
# so the Mach-O minimum check can read them on any OS (Linux CI has no macOS to build on).
#
#   bash packaging/macos/download_wheels.sh arm64 build/macos-wheels/arm64
#
# pip picks, for each package, the wheel a Mac of that architecture running the newest macOS
# would install (--platform macosx_<newest>_<arch> also accepts older and universal2 tags); the
# Python is the one the release builds with (3.11, CPython).
set -euo pipefail
cd "$(dirname "$0")/../.."

[ "$#" -eq 2 ] || { echo "usage: $0 arm64|x86_64 DEST" >&2; exit 2; }
arch=$1 dest=$2
case "$arch" in arm64 | x86_64) ;; *) echo "unknown architecture $arch" >&2; exit 2 ;; esac
newest_macos=26_0

rm -rf "$dest"
mkdir -p "$dest"
uv export --frozen --no-dev --no-emit-project --no-hashes --format requirements-txt \
  --output-file "$dest/all.txt" >/dev/null
# pip evaluates markers for the machine it runs on, not for the Mac: leave out what only Linux
# or Windows installs (the keyring's Secret Service and Windows back ends, and their own needs).
grep -v -E "sys_platform == '(linux|win32)'" "$dest/all.txt" > "$dest/requirements.txt"
uv run --no-sync python -m pip download --quiet --disable-pip-version-check \
  --only-binary=:all: --no-deps --implementation cp --python-version 3.11 \
  --platform "macosx_${newest_macos}_${arch}" --dest "$dest" --requirement "$dest/requirements.txt"
echo "downloaded $(find "$dest" -name '*.whl' | wc -l) wheels for macOS $arch into $dest"

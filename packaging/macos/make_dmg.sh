#!/usr/bin/env bash
# Packs a built .app into a compressed, read-only disk image with an /Applications link.
#
#   bash packaging/macos/make_dmg.sh "dist/Announcement Annotator.app" dist/Annotator.dmg
#
# macOS only (hdiutil). The .app is copied with ditto, which keeps the symlinks inside the Qt
# frameworks and the code signature intact; `cp -R` without -P would break both.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 APP_BUNDLE OUTPUT_DMG" >&2
  exit 2
fi
app=${1%/}
dmg=$2
[ -d "$app/Contents/MacOS" ] || { echo "$app is not an .app bundle" >&2; exit 2; }
command -v hdiutil >/dev/null || { echo "hdiutil not found: make_dmg.sh runs on macOS" >&2; exit 2; }

volume=$(basename "$app" .app)
staging=$(mktemp -d "${TMPDIR:-/tmp}/annotator-dmg.XXXXXX")
trap 'rm -rf "$staging"' EXIT

ditto "$app" "$staging/$(basename "$app")"
ln -s /Applications "$staging/Applications"
mkdir -p "$(dirname "$dmg")"
rm -f "$dmg"
# UDZO: zlib-compressed, read-only; HFS+ mounts on every macOS version we support.
hdiutil create -volname "$volume" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
hdiutil verify "$dmg"
echo "wrote $dmg ($(du -h "$dmg" | cut -f1))"

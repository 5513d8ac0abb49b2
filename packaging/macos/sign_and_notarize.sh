#!/usr/bin/env bash
# Signs a built .app with the hardened runtime, notarizes and staples it, then builds, signs,
# notarizes and staples the .dmg around it. Used by .github/workflows/release.yml only when the
# signing secrets are present; needs macOS with Xcode's command-line tools.
#
#   bash packaging/macos/sign_and_notarize.sh "dist/Announcement Annotator.app" OUTPUT.dmg
#
# Environment (see packaging/README.md):
#   MACOS_SIGNING_IDENTITY       "Developer ID Application: Name (TEAMID)", in an unlocked keychain
#   APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID   for notarytool
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 APP_BUNDLE OUTPUT_DMG" >&2
  exit 2
fi
app=${1%/}
dmg=$2
here=$(cd "$(dirname "$0")" && pwd)
entitlements="$here/entitlements.plist"
: "${MACOS_SIGNING_IDENTITY:?set MACOS_SIGNING_IDENTITY}"
: "${APPLE_ID:?set APPLE_ID}"
: "${APPLE_APP_SPECIFIC_PASSWORD:?set APPLE_APP_SPECIFIC_PASSWORD}"
: "${APPLE_TEAM_ID:?set APPLE_TEAM_ID}"

sign() {
  codesign --force --timestamp --options runtime --sign "$MACOS_SIGNING_IDENTITY" "$@"
}
notarize() {
  xcrun notarytool submit "$1" --apple-id "$APPLE_ID" --password "$APPLE_APP_SPECIFIC_PASSWORD" \
    --team-id "$APPLE_TEAM_ID" --wait --timeout 30m
}

echo "== signing nested code (inside out)"
# Every Mach-O file first (libraries, Python extensions, Qt plugins and frameworks' binaries),
# then the bundle itself, so each seal covers already-signed contents.
while IFS= read -r -d '' file; do
  if file -b "$file" | grep -q "Mach-O"; then
    sign "$file"
  fi
done < <(find "$app/Contents" -type f ! -path "*/Contents/MacOS/*" -print0)
# The entitlements belong to the main executable, which is signed with the bundle.
sign --entitlements "$entitlements" "$app"
codesign --verify --deep --strict --verbose=2 "$app"

echo "== self-test of the signed app (the hardened runtime must not stop it)"
"$app/Contents/MacOS/annotator" --self-test

echo "== notarizing the app"
work=$(mktemp -d "${TMPDIR:-/tmp}/annotator-notary.XXXXXX")
trap 'rm -rf "$work"' EXIT
# ditto keeps the frameworks' symlinks (zip without -y would replace them with copies).
ditto -c -k --sequesterRsrc --keepParent "$app" "$work/app.zip"
notarize "$work/app.zip"
xcrun stapler staple "$app"
xcrun stapler validate "$app"
spctl --assess --type execute --verbose "$app"

echo "== disk image"
bash "$here/make_dmg.sh" "$app" "$dmg"
codesign --force --timestamp --sign "$MACOS_SIGNING_IDENTITY" "$dmg"
notarize "$dmg"
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
echo "signed, notarized and stapled: $dmg"

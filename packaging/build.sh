#!/usr/bin/env bash
# Builds the installable application for the OS this runs on, then smoke-tests what it built.
#
#   bash packaging/build.sh
#
#   Linux    one-folder app (dist/annotator), frozen --self-test offscreen and on an X display,
#            and the NSIS script compiled with the Linux build as a stand-in payload (makensis
#            cannot make a working Windows installer from Linux binaries: this only validates
#            the script; the real installer is built on Windows).
#   macOS    dist/Announcement Annotator.app, frozen --self-test, Info.plist check, .dmg.
#            With MACOS_SIGNING_IDENTITY (and the notary variables) set: signed, notarized and
#            stapled .app and .dmg (packaging/macos/sign_and_notarize.sh).
#   Windows  (Git Bash) one-folder app, frozen --self-test, NSIS installer. With
#            WINDOWS_CERTIFICATE_PFX set: annotator.exe, the uninstaller and the installer
#            are signed (packaging/windows/sign.ps1).
#
# Output: dist/ (app, installers); intermediates in build/pyinstaller. Environment:
#   ANNOTATOR_TARGET_ARCH   macOS: arm64 or x86_64 (default: this machine's)
#   ANNOTATOR_SKIP_SYNC=1   use the current environment instead of `uv sync --group packaging`
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*"; }
fail() { echo "build.sh: $*" >&2; exit 1; }
timings=()
timed() {  # timed LABEL COMMAND...: runs the command and remembers how long it took
  local label=$1 start=$SECONDS
  shift
  "$@"
  timings+=("$(printf '%5ss  %s' $((SECONDS - start)) "$label")")
}

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) fail "unsupported OS $(uname -s)" ;;
esac

if [ "${ANNOTATOR_SKIP_SYNC:-0}" != 1 ]; then
  step "uv sync (with the packaging group)"
  timed "uv sync" uv sync --locked --group packaging
fi
run() { uv run --no-sync "$@"; }

# tr: Python on Windows ends its lines with \r\n, and $(...) only drops the \n.
version=$(run python packaging/app_info.py version | tr -d '\r')
app_name=$(run python packaging/app_info.py name | tr -d '\r')
artifact="$(echo "$app_name" | tr -d ' ')-$version"
dist=dist
mkdir -p "$dist" build

step "PyInstaller one-folder build of $app_name $version ($os)"
if [ "$os" = macos ]; then
  export ANNOTATOR_TARGET_ARCH=${ANNOTATOR_TARGET_ARCH:-$(uname -m)}
  echo "target architecture: $ANNOTATOR_TARGET_ARCH"
fi
timed "pyinstaller" run pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath build/pyinstaller packaging/annotator.spec

case "$os" in
  linux) bundle="$dist/annotator" exe="$dist/annotator/annotator" internal="$dist/annotator/_internal" ;;
  windows) bundle="$dist/annotator" exe="$dist/annotator/annotator.exe" internal="$dist/annotator/_internal" ;;
  macos)
    bundle="$dist/$app_name.app"
    exe="$bundle/Contents/MacOS/annotator"
    internal="$bundle/Contents/Frameworks"
    ;;
esac
[ -x "$exe" ] || fail "the build produced no executable at $exe"

step "bundle contents"
# resources/ must sit beside the Python code (sys._MEIPASS/resources); on macOS PyInstaller
# keeps data in Contents/Resources and links it from Contents/Frameworks.
for wanted in resources/schemas/hk_announcements.toml resources/keymap.toml \
  resources/samples/samples.toml resources/icons/app.png resources/bundle.schema.json; do
  [ -e "$internal/$wanted" ] || fail "missing from the bundle: $wanted"
done
# Nothing the app does not use: developer tools, unused Qt modules, Qt translations.
unwanted=$(find "$internal" \( -name 'mypy' -o -name 'pytest' -o -name 'hypothesis' \
  -o -name '*Qt6Network*' -o -name 'QtNetwork*' -o -name '*Qt6Qml*' -o -name 'QtQml*' \
  -o -name '*Qt6Quick*' -o -name 'QtQuick*' -o -name '*.qm' -o -name 'opengl32sw.dll' \) \
  -print | head -5)
[ -z "$unwanted" ] || fail "the bundle contains what the spec excludes: $unwanted"
size=$(du -sh "$bundle" | cut -f1)
echo "resources present, excluded modules absent; $bundle is $size"

launcher=()  # a command to run the executable under (xvfb-run), if any
isolated_self_test() {  # isolated_self_test LABEL [ENV OPTIONS/VAR=value...]: own HOME and TMP
  local label=$1 home tmp native_tmp leftovers exe_path="$PWD/$exe"
  shift
  home=$(mktemp -d "${TMPDIR:-/tmp}/annotator-home.XXXXXX")
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/annotator-tmp.XXXXXX")
  native_tmp=$tmp
  if [ "$os" = windows ]; then native_tmp=$(cygpath -w "$tmp"); fi
  echo "-- self-test ($label)"
  # env: every -u must come before the first assignment.
  if ! (cd "$tmp" && env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME \
    -u XDG_STATE_HOME "$@" HOME="$home" TMPDIR="$native_tmp" TMP="$native_tmp" \
    TEMP="$native_tmp" ${launcher[@]+"${launcher[@]}"} "$exe_path" --self-test); then
    fail "frozen self-test failed ($label)"
  fi
  # The self-test promises to write nothing outside its own temporary folder.
  leftovers=$(find "$home" "$tmp" -mindepth 1 -print | head -5)
  if [ -n "$leftovers" ]; then
    if [ "$os" = linux ]; then fail "the self-test left files behind: $leftovers"; fi
    echo "warning: files left behind by the self-test ($label): $leftovers" >&2
  fi
  rm -rf "$home" "$tmp"
}

step "frozen self-test"
case "$os" in
  linux)
    timed "self-test offscreen" isolated_self_test offscreen \
      -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen
    # QT_QPA_PLATFORM=xcb makes Qt abort if the frozen xcb plugin or its libraries can't load.
    if [ -n "${DISPLAY:-}" ]; then
      timed "self-test xcb (DISPLAY=$DISPLAY)" isolated_self_test "xcb on $DISPLAY" \
        DISPLAY="$DISPLAY" QT_QPA_PLATFORM=xcb
    elif command -v xvfb-run >/dev/null 2>&1; then
      launcher=(xvfb-run -a -s "-screen 0 1280x1024x24")
      timed "self-test xcb (xvfb-run)" isolated_self_test "xcb under xvfb-run" \
        -u DISPLAY QT_QPA_PLATFORM=xcb
      launcher=()
    else
      echo "no X display and no xvfb-run: the xcb self-test is skipped (offscreen passed)"
    fi
    ;;
  macos | windows)
    timed "self-test" isolated_self_test "native window" -u QT_QPA_PLATFORM
    ;;
esac

case "$os" in
  linux)
    step "NSIS installer script, compiled with the Linux build as a stand-in payload"
    command -v makensis >/dev/null 2>&1 || fail "makensis missing (apt-get install nsis)"
    timed "makensis -WX (stand-in)" run python packaging/windows/make_installer.py "$bundle" \
      --out "build/nsis-standin/$artifact-STANDIN-not-for-windows.exe"
    ;;
  windows)
    sign_command=()
    if [ -n "${WINDOWS_CERTIFICATE_PFX:-}" ]; then
      step "signing annotator.exe"
      sign_script=$(cygpath -w "$PWD/packaging/windows/sign.ps1")
      powershell -NoProfile -ExecutionPolicy Bypass -File "$sign_script" "$(cygpath -w "$exe")"
      sign_command=(--sign-command "powershell -NoProfile -ExecutionPolicy Bypass -File \"$sign_script\"")
    fi
    step "NSIS installer"
    timed "makensis -WX" run python packaging/windows/make_installer.py "$bundle" \
      --out "$dist/$artifact-windows-setup.exe" ${sign_command[@]+"${sign_command[@]}"}
    ;;
  macos)
    step "Info.plist"
    run python packaging/macos/check_plist.py --app "$bundle"
    dmg="$dist/$artifact-macos-$ANNOTATOR_TARGET_ARCH.dmg"
    if [ -n "${MACOS_SIGNING_IDENTITY:-}" ]; then
      step "sign, notarize, staple; disk image"
      timed "sign + notarize" bash packaging/macos/sign_and_notarize.sh "$bundle" "$dmg"
    else
      step "disk image (unsigned: MACOS_SIGNING_IDENTITY is not set)"
      timed "dmg" bash packaging/macos/make_dmg.sh "$bundle" "$dmg"
    fi
    ;;
esac

step "done: $app_name $version for $os, bundle $size"
printf '%s\n' "${timings[@]}"

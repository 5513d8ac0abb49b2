#!/usr/bin/env bash
# Builds the installable application for the OS this runs on, then smoke-tests what it built.
#
#   bash packaging/build.sh
#
# Every OS: the one-folder app with its two executables (annotator, windowed; annotator-cli, its
# console twin), then the smoke tests: the frozen --self-test opens the window on the sample
# corpus, tags and exports, then imports a real PDF (packaging/smoke_pdf.py: ../shared/realdata
# when present, else a generated one) in the window, exports and validates the bundle; the
# console twin prints its version, imports the PDF, exports, validates and writes its log file.
# Each run must exit 0 *and* print nothing unexpected on stderr.
#
#   Linux    self-tests offscreen and on an X display; the NSIS script compiled, with the Linux
#            build as a stand-in payload, for this version and for a previous-release fixture,
#            and the upgrade logic checked without Windows (windows/check_upgrade.py). makensis
#            cannot make a working Windows installer from Linux binaries.
#   macOS    dist/Announcement Annotator.app for one architecture, Info.plist check, the Mach-O
#            minimum of every binary against MACOS_MINIMUM, .dmg. With MACOS_SIGNING_IDENTITY
#            (and the notary variables) set: signed, notarized and stapled .app and .dmg.
#   Windows  (Git Bash) the NSIS installer, and a previous-release fixture installer for
#            windows/installer_smoke_test.sh. With WINDOWS_SIGNING set (azure or certificate,
#            see packaging/windows/sign.ps1): both executables, the uninstaller and the
#            installer are signed.
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
  linux)
    bundle="$dist/annotator" internal="$dist/annotator/_internal"
    exe="$bundle/annotator" cli_exe="$bundle/annotator-cli"
    ;;
  windows)
    bundle="$dist/annotator" internal="$dist/annotator/_internal"
    exe="$bundle/annotator.exe" cli_exe="$bundle/annotator-cli.exe"
    ;;
  macos)
    bundle="$dist/$app_name.app"
    exe="$bundle/Contents/MacOS/annotator" cli_exe="$bundle/Contents/MacOS/annotator-cli"
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

[ -x "$cli_exe" ] || fail "the build produced no console twin at $cli_exe"

# --- smoke tests -------------------------------------------------------------------------------
# Every run of the frozen app gets its own empty HOME, temporary folder and (Linux) runtime
# folder, and must print nothing on stderr except the lines listed in allowed_stderr: a Qt
# warning, a Python warning or a traceback that an exit code of 0 would hide fails the build.
smoke_pdf=$(run python packaging/smoke_pdf.py build/smoke | tr -d '\r')
echo "PDF for the import checks: $smoke_pdf"
launcher=()        # a command to run the executable under (xvfb-run), if any
allowed_stderr=()  # extended regexes of stderr lines a run may print
run_home=""        # the HOME of the last isolated run (kept until the next one)
isolated() {  # isolated LABEL EXE [ENV VAR=value / -u VAR...] -- ARGS...: exit 0, clean stderr
  local label=$1 exe_path=$2 home tmp runtime native_tmp out err env_args=() pattern line
  shift 2
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do env_args+=("$1"); shift; done
  shift
  [ -z "$run_home" ] || rm -rf "$run_home"
  home=$(mktemp -d "${TMPDIR:-/tmp}/annotator-home.XXXXXX")
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/annotator-tmp.XXXXXX")
  runtime=$(mktemp -d "${TMPDIR:-/tmp}/annotator-runtime.XXXXXX")  # mktemp -d: mode 0700
  run_home=$home
  out="build/smoke/$label.stdout" err="build/smoke/$label.stderr"
  native_tmp=$tmp
  if [ "$os" = windows ]; then native_tmp=$(cygpath -w "$tmp"); fi
  echo "-- $label"
  # env: every -u must come before the first assignment.
  if ! (cd "$tmp" && env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME \
    -u XDG_STATE_HOME ${env_args[@]+"${env_args[@]}"} HOME="$home" TMPDIR="$native_tmp" \
    TMP="$native_tmp" TEMP="$native_tmp" XDG_RUNTIME_DIR="$runtime" \
    ${launcher[@]+"${launcher[@]}"} "$exe_path" "$@") >"$out" 2>"$err"; then
    cat "$out" "$err" >&2
    fail "$label failed (exit code above)"
  fi
  sed 's/^/   | /' "$out"
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [ -n "$line" ] || continue
    for pattern in ${allowed_stderr[@]+"${allowed_stderr[@]}"}; do
      if [[ "$line" =~ $pattern ]]; then continue 2; fi
    done
    cat "$err" >&2
    fail "$label printed unexpected output on stderr: $line"
  done <"$err"
  [ -s "$err" ] && echo "   (stderr: only allowed lines, see $err)"
  rm -rf "$tmp" "$runtime"
}
# What a run left in its HOME and temporary folder (the self-test promises: nothing).
left_behind() { find "$run_home" -mindepth 1 -print | head -5; }

mkdir -p build/smoke
step "frozen self-test: the window on the sample corpus, tag, export; import a PDF, export, validate"
self_test_args=(--self-test --self-test-import "$smoke_pdf")
case "$os" in
  linux)
    # Qt's offscreen platform cannot resize windows to their size hints and says so.
    allowed_stderr=('^This plugin does not support propagateSizeHints\(\)$')
    timed "self-test offscreen" isolated self-test-offscreen "$PWD/$exe" \
      -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen -- "${self_test_args[@]}"
    allowed_stderr=()
    leftovers=$(left_behind)
    [ -z "$leftovers" ] || fail "the self-test left files behind: $leftovers"
    # QT_QPA_PLATFORM=xcb makes Qt abort if the frozen xcb plugin or its libraries can't load.
    if [ -n "${DISPLAY:-}" ]; then
      timed "self-test xcb (DISPLAY=$DISPLAY)" isolated self-test-xcb "$PWD/$exe" \
        DISPLAY="$DISPLAY" QT_QPA_PLATFORM=xcb -- "${self_test_args[@]}"
    elif command -v xvfb-run >/dev/null 2>&1; then
      launcher=(xvfb-run -a -s "-screen 0 1280x1024x24")
      timed "self-test xcb (xvfb-run)" isolated self-test-xcb "$PWD/$exe" \
        -u DISPLAY QT_QPA_PLATFORM=xcb -- "${self_test_args[@]}"
      launcher=()
    else
      echo "no X display and no xvfb-run: the xcb self-test is skipped (offscreen passed)"
    fi
    leftovers=$(left_behind)
    [ -z "$leftovers" ] || fail "the self-test left files behind: $leftovers"
    ;;
  macos | windows)
    timed "self-test" isolated self-test "$PWD/$exe" -u QT_QPA_PLATFORM -- "${self_test_args[@]}"
    leftovers=$(left_behind)
    [ -z "$leftovers" ] || echo "warning: files left behind by the self-test: $leftovers" >&2
    ;;
esac

step "console twin ($(basename "$cli_exe")): version, import a PDF, export, validate, log file"
work=$(mktemp -d "${TMPDIR:-/tmp}/annotator-cli.XXXXXX")
native() { if [ "$os" = windows ]; then cygpath -w "$1"; else echo "$1"; fi; }
db=$(native "$work/annotations.db") bundle_file=$(native "$work/bundle.json")
cli() { isolated "cli-$1" "$PWD/$cli_exe" QT_QPA_PLATFORM=offscreen -- "${@:2}"; }
cli version --version
[ "$(tr -d '\r' <build/smoke/cli-version.stdout)" = "annotator $version" ] \
  || fail "annotator-cli --version printed $(cat build/smoke/cli-version.stdout)"
cli import --db "$db" import "$smoke_pdf"
grep -q "^1 added, 0 already present, 0 failed" build/smoke/cli-import.stdout \
  || fail "annotator-cli import did not add the PDF"
case "$os" in  # the log folder platformdirs gives the frozen app (Windows ignores HOME)
  linux) log_dir="$run_home/.local/state/$(run python packaging/app_info.py app-id)/log" ;;
  macos) log_dir="$run_home/Library/Logs/$(run python packaging/app_info.py app-id)" ;;
  windows) log_dir="" ;;
esac
if [ -n "$log_dir" ]; then
  grep -q " started: Python " "$log_dir/annotator.log" \
    || fail "the frozen CLI wrote no log file in $log_dir"
  [ -z "$(find "$log_dir" -name 'fatal-*')" ] || fail "a normal run left a fatal-error file"
  echo "   log file written: $log_dir/annotator.log"
fi
cli export --db "$db" export "$bundle_file"
grep -q "^wrote .*: 1 document" build/smoke/cli-export.stdout || fail "annotator-cli export"
cli validate validate "$bundle_file"
grep -q ": valid (1 document" build/smoke/cli-validate.stdout || fail "the bundle is not valid"
rm -rf "$work" "$run_home"
run_home=""

case "$os" in
  linux)
    step "NSIS installers (current and a previous-release fixture), Linux build as stand-in payload"
    command -v makensis >/dev/null 2>&1 || fail "makensis missing (apt-get install nsis)"
    standin=build/nsis-standin
    previous_version=0.0.1
    rm -rf "$standin" && mkdir -p "$standin"
    timed "makensis -WX (stand-in)" run python packaging/windows/make_installer.py "$bundle" \
      --out "$standin/$artifact-STANDIN-not-for-windows.exe" --quick
    # The previous release as the upgrade test's fixture: this payload plus files this version
    # no longer ships (at the top level, where stale files used to survive upgrades).
    cp -a "$bundle" "$standin/previous-payload"
    echo "dropped in $version" >"$standin/previous-payload/annotator-helper.exe"
    echo "dropped in $version" >"$standin/previous-payload/_internal/old_module.pyd"
    timed "makensis -WX (previous-release fixture)" run python \
      packaging/windows/make_installer.py "$standin/previous-payload" --version "$previous_version" \
      --out "$standin/previous-$previous_version-STANDIN.exe" --quick
    step "installer upgrade logic without Windows (manifests, upgrade, uninstall, downgrade guard)"
    run python packaging/windows/check_upgrade.py --payload "$bundle" \
      --installer "$standin/$artifact-STANDIN-not-for-windows.exe" \
      --previous-payload "$standin/previous-payload" \
      --previous-installer "$standin/previous-$previous_version-STANDIN.exe" \
      --previous-version "$previous_version"
    ;;
  windows)
    sign_command=()
    if [ -n "${WINDOWS_SIGNING:-}" ]; then
      step "signing annotator.exe and annotator-cli.exe ($WINDOWS_SIGNING)"
      sign_script=$(cygpath -w "$PWD/packaging/windows/sign.ps1")
      for signed in "$exe" "$cli_exe"; do
        powershell -NoProfile -ExecutionPolicy Bypass -File "$sign_script" "$(cygpath -w "$signed")"
      done
      sign_command=(--sign-command "powershell -NoProfile -ExecutionPolicy Bypass -File \"$sign_script\"")
    fi
    step "NSIS installer"
    timed "makensis -WX" run python packaging/windows/make_installer.py "$bundle" \
      --out "$dist/$artifact-windows-setup.exe" ${sign_command[@]+"${sign_command[@]}"}
    step "previous-release fixture installer (for installer_smoke_test.sh)"
    rm -rf build/previous-payload
    cp -a "$bundle" build/previous-payload
    echo "dropped in $version" >build/previous-payload/annotator-helper.exe
    echo "dropped in $version" >build/previous-payload/_internal/old_module.pyd
    timed "makensis -WX (fixture)" run python packaging/windows/make_installer.py \
      build/previous-payload --version 0.0.1 --out build/previous-0.0.1-windows-setup.exe
    ;;
  macos)
    step "Info.plist"
    run python packaging/macos/check_plist.py --app "$bundle"
    step "macOS minimum of every binary in the app ($ANNOTATOR_TARGET_ARCH)"
    run python packaging/macos/check_macos_minimum.py --app "$bundle" \
      --arch "$ANNOTATOR_TARGET_ARCH" --plist "$bundle/Contents/Info.plist"
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

#!/usr/bin/env bash
# Installs, upgrades in place and uninstalls a built Windows installer, checking each promise:
# per-user folder and uninstall key, the installed app's --self-test, an upgrade reusing the
# same folder, and an uninstall that removes the program but keeps the user's data folder.
#
#   bash packaging/windows/installer_smoke_test.sh dist/AnnouncementAnnotator-X.Y.Z-windows-setup.exe
#
# Windows only (Git Bash), used by .github/workflows/release.yml. It uninstalls what it
# installed; on a developer's machine it would replace an existing per-user installation.
set -euo pipefail
export MSYS_NO_PATHCONV=1  # keep /S, /D= and reg's /v as they are, not as MSYS paths

[ "$#" -eq 1 ] || { echo "usage: $0 INSTALLER.exe" >&2; exit 2; }
installer=$(cygpath -w "$(realpath "$1")")
here=$(cd "$(dirname "$0")/.." && pwd)
fact() { python "$here/app_info.py" "$1" | tr -d '\r'; }  # Windows programs end lines in \r\n
app_id=$(fact app-id)
app_name=$(fact name)
version=$(fact version)
key="HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$app_id"
target=$(cygpath -u "${RUNNER_TEMP:-$TEMP}")/annotator-install-test
default_dir=$(cygpath -u "$LOCALAPPDATA")/Programs/$app_name
data_dir=$(cygpath -u "$LOCALAPPDATA")/$app_id
sentinel="$data_dir/installer-smoke-test-$$.db"

fail() { echo "installer smoke test: $*" >&2; exit 1; }
reg_value() {  # the data of one value under the uninstall key, or nothing
  reg query "$key" /v "$1" 2>/dev/null | tr -d '\r' \
    | awk -v name="$1" '$1 == name { $1 = ""; $2 = ""; sub(/^ +/, ""); print }'
}

[ ! -e "$target" ] || rm -rf "$target"
mkdir -p "$data_dir"
echo "a user's database" >"$sentinel"
trap 'rm -f "$sentinel"' EXIT
had_default_dir=no
[ -e "$default_dir" ] && had_default_dir=yes

echo "== install into $target"
"$1" /S "/D=$(cygpath -w "$target")"
[ -f "$target/annotator.exe" ] || fail "annotator.exe not installed"
[ -f "$target/uninstall.exe" ] || fail "no uninstaller"
[ "$(reg_value DisplayVersion)" = "$version" ] || fail "DisplayVersion is not $version"
[ -n "$(reg_value Publisher)" ] || fail "no Publisher"
case "$(reg_value DisplayIcon)" in *annotator.exe*) ;; *) fail "DisplayIcon missing" ;; esac
[ -f "$(cygpath -u "$APPDATA")/Microsoft/Windows/Start Menu/Programs/$app_name.lnk" ] \
  || fail "no Start menu shortcut"

echo "== installed app self-test"
"$target/annotator.exe" --self-test || fail "the installed app's self-test failed"

echo "== upgrade in place (no /D: the previous folder must be reused)"
"$1" /S
[ -f "$target/annotator.exe" ] || fail "upgrade lost annotator.exe"
[ "$(reg_value InstallLocation)" = "$(cygpath -w "$target")" ] || fail "InstallLocation moved"
if [ "$had_default_dir" = no ] && [ -e "$default_dir" ]; then
  fail "the upgrade installed into $default_dir instead of reusing $target"
fi
"$target/annotator.exe" --self-test || fail "the upgraded app's self-test failed"

echo "== uninstall"
# _?= runs the uninstaller in place and waits for it (it leaves only itself behind).
"$target/uninstall.exe" /S "_?=$(cygpath -w "$target")"
[ ! -e "$target/annotator.exe" ] || fail "annotator.exe still installed"
[ ! -e "$target/_internal" ] || fail "_internal still installed"
reg query "$key" >/dev/null 2>&1 && fail "the uninstall key is still there"
[ -f "$sentinel" ] || fail "uninstalling deleted the user's data in $data_dir"
rm -rf "$target"
echo "installer smoke test passed ($installer)"

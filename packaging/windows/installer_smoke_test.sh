#!/usr/bin/env bash
# Installs the previous release, upgrades it to this one, refuses a downgrade, uninstalls, and
# checks each promise on a real Windows: per-user folder and uninstall key; the installed
# windowed app's --self-test and the console twin's output; an upgrade reusing the folder and
# removing the files the previous version shipped and this one does not; a downgrade refused
# without /ALLOWDOWNGRADE and done with it; an uninstall that removes exactly the program (a
# file of the user's in the folder stays), keeps the settings unless /REMOVESETTINGS, and
# always keeps the user's data folder.
#
#   bash packaging/windows/installer_smoke_test.sh NEW-setup.exe PREVIOUS-setup.exe PREVIOUS_VERSION
#
# PREVIOUS-setup.exe is the previous release's installer, or the fixture build.sh makes on
# Windows (this payload plus files this version dropped, as version 0.0.1). Windows only (Git
# Bash), used by .github/workflows/release.yml. It uninstalls what it installed; on a
# developer's machine it would replace an existing per-user installation.
set -euo pipefail
export MSYS_NO_PATHCONV=1  # keep /S, /D= and reg's /v as they are, not as MSYS paths

[ "$#" -eq 3 ] || { echo "usage: $0 NEW-setup.exe PREVIOUS-setup.exe PREVIOUS_VERSION" >&2; exit 2; }
new=$1 previous=$2 previous_version=$3
here=$(cd "$(dirname "$0")/.." && pwd)
fact() { python "$here/app_info.py" "$1" | tr -d '\r'; }  # Windows programs end lines in \r\n
app_id=$(fact app-id)
app_name=$(fact name)
version=$(fact version)
key="HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$app_id"
settings_key="HKCU\\Software\\$app_id\\$app_id"  # QSettings' native store
target=$(cygpath -u "${RUNNER_TEMP:-$TEMP}")/annotator-install-test
default_dir=$(cygpath -u "$LOCALAPPDATA")/Programs/$app_name
data_dir=$(cygpath -u "$LOCALAPPDATA")/$app_id
sentinel="$data_dir/installer-smoke-test-$$.db"
user_file="$target/my notes.txt"
stale_files=(annotator-helper.exe _internal/old_module.pyd)  # shipped by the fixture only

fail() { echo "installer smoke test: $*" >&2; exit 1; }
reg_value() {  # the data of one value under the uninstall key, or nothing
  reg query "$key" /v "$1" 2>/dev/null | tr -d '\r' \
    | awk -v name="$1" '$1 == name { $1 = ""; $2 = ""; sub(/^ +/, ""); print }'
}
setup() {  # setup INSTALLER [ARGS...]: runs it silently, returns its exit code
  local code=0
  "$@" || code=$?
  return "$code"
}
installed_version() { reg_value DisplayVersion; }
check_app() {
  "$target/annotator.exe" --self-test || fail "the installed app's self-test failed ($1)"
  [ "$("$target/annotator-cli.exe" --version | tr -d '\r')" = "annotator $2" ] \
    || fail "annotator-cli.exe --version does not print $2 ($1)"
}

[ ! -e "$target" ] || rm -rf "$target"
mkdir -p "$data_dir"
echo "a user's database" >"$sentinel"
trap 'rm -f "$sentinel"' EXIT
had_default_dir=no
[ -e "$default_dir" ] && had_default_dir=yes

echo "== install the previous release ($previous_version) into $target"
setup "$previous" /S "/D=$(cygpath -w "$target")" || fail "the previous installer failed"
[ "$(installed_version)" = "$previous_version" ] || fail "DisplayVersion is not $previous_version"
for stale in "${stale_files[@]}"; do
  [ -f "$target/$stale" ] || fail "the fixture did not install $stale"
done
[ -f "$target/install-manifest.txt" ] || fail "no install manifest"
check_app "previous release" "$version"  # the fixture carries this build's payload
echo "the user's own file" >"$user_file"
reg add "$settings_key" /v smoke_test /d kept /f >/dev/null

echo "== upgrade to $version in place (no /D: the previous folder must be reused)"
setup "$new" /S || fail "the upgrade failed"
[ "$(installed_version)" = "$version" ] || fail "DisplayVersion is not $version after the upgrade"
[ "$(reg_value InstallLocation)" = "$(cygpath -w "$target")" ] || fail "InstallLocation moved"
if [ "$had_default_dir" = no ] && [ -e "$default_dir" ]; then
  fail "the upgrade installed into $default_dir instead of reusing $target"
fi
for stale in "${stale_files[@]}"; do
  [ ! -e "$target/$stale" ] || fail "$stale, dropped in $version, survived the upgrade"
done
[ -f "$user_file" ] || fail "the upgrade deleted a file it did not install"
[ -f "$(cygpath -u "$APPDATA")/Microsoft/Windows/Start Menu/Programs/$app_name.lnk" ] \
  || fail "no Start menu shortcut"
[ -n "$(reg_value Publisher)" ] || fail "no Publisher"
case "$(reg_value DisplayIcon)" in *annotator.exe*) ;; *) fail "DisplayIcon missing" ;; esac
check_app "upgraded" "$version"

echo "== a downgrade is refused, and done with /ALLOWDOWNGRADE"
code=0
setup "$previous" /S || code=$?
[ "$code" -eq 2 ] || fail "the downgrade was not refused (exit code $code, expected 2)"
[ "$(installed_version)" = "$version" ] || fail "a refused downgrade changed the installation"
setup "$previous" /S /ALLOWDOWNGRADE || fail "/ALLOWDOWNGRADE did not downgrade"
[ "$(installed_version)" = "$previous_version" ] || fail "the downgrade did not happen"
setup "$new" /S || fail "upgrading again failed"
[ "$(installed_version)" = "$version" ] || fail "upgrading again did not happen"

echo "== uninstall (settings kept)"
# _?= runs the uninstaller in place and waits for it (it leaves only itself behind).
"$target/uninstall.exe" /S "_?=$(cygpath -w "$target")"
rm -f "$target/uninstall.exe"
for gone in annotator.exe annotator-cli.exe _internal install-manifest.txt; do
  [ ! -e "$target/$gone" ] || fail "$gone still installed"
done
[ -f "$user_file" ] || fail "uninstalling deleted a file it did not install"
reg query "$key" >/dev/null 2>&1 && fail "the uninstall key is still there"
reg query "$settings_key" /v smoke_test >/dev/null 2>&1 || fail "a silent uninstall removed the settings"
[ -f "$sentinel" ] || fail "uninstalling deleted the user's data in $data_dir"

echo "== install again, uninstall with /REMOVESETTINGS"
setup "$new" /S "/D=$(cygpath -w "$target")" || fail "installing again failed"
"$target/uninstall.exe" /S /REMOVESETTINGS "_?=$(cygpath -w "$target")"
rm -f "$target/uninstall.exe"
reg query "$settings_key" >/dev/null 2>&1 && fail "/REMOVESETTINGS kept the settings"
[ -f "$sentinel" ] || fail "/REMOVESETTINGS deleted the user's data in $data_dir"
rm -rf "$target"
echo "installer smoke test passed ($new, upgrading from $previous_version)"

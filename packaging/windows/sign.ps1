# Signs one file with signtool (Authenticode, SHA-256, RFC 3161 timestamp).
#
#   powershell -NoProfile -ExecutionPolicy Bypass -File packaging\windows\sign.ps1 FILE
#
# Used by .github/workflows/release.yml only when the signing secrets are present: for
# annotator.exe before the installer is built, and by makensis (!finalize / !uninstfinalize,
# via make_installer.py --sign-command) for the uninstaller and the installer.
# Environment:
#   WINDOWS_CERTIFICATE_PFX        path to the code-signing certificate (.pfx)
#   WINDOWS_CERTIFICATE_PASSWORD   its password
#   WINDOWS_TIMESTAMP_URL          optional; default http://timestamp.digicert.com
param([Parameter(Mandatory = $true)][string]$File)
$ErrorActionPreference = "Stop"

if (-not $env:WINDOWS_CERTIFICATE_PFX) { throw "WINDOWS_CERTIFICATE_PFX is not set" }
$timestamp = if ($env:WINDOWS_TIMESTAMP_URL) { $env:WINDOWS_TIMESTAMP_URL } else { "http://timestamp.digicert.com" }

$signtool = Get-Command signtool.exe -ErrorAction SilentlyContinue | Select-Object -ExpandProperty Source
if (-not $signtool) {
  $signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
    Sort-Object FullName | Select-Object -Last 1 -ExpandProperty FullName
}
if (-not $signtool) { throw "signtool.exe not found (install the Windows SDK)" }

& $signtool sign /f $env:WINDOWS_CERTIFICATE_PFX /p $env:WINDOWS_CERTIFICATE_PASSWORD `
  /fd SHA256 /tr $timestamp /td SHA256 $File
if ($LASTEXITCODE -ne 0) { throw "signtool failed on $File" }
& $signtool verify /pa /v $File | Out-Null
if ($LASTEXITCODE -ne 0) { throw "signature of $File does not verify" }
Write-Host "signed $File"

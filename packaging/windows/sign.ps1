# Signs one file with signtool (Authenticode, SHA-256, RFC 3161 timestamp), with a key that
# never leaves its hardware: Azure Trusted Signing (a cloud HSM) or a certificate whose private
# key lives on a hardware token or HSM. Since June 2023 code-signing keys must be kept that way,
# so there is no .pfx path.
#
#   powershell -NoProfile -ExecutionPolicy Bypass -File packaging\windows\sign.ps1 FILE
#
# Called by packaging/build.sh when WINDOWS_SIGNING is set: for annotator.exe and
# annotator-cli.exe before the installer is built, and by makensis (!uninstfinalize /
# !finalize, via make_installer.py --sign-command) for the uninstaller and the installer.
# Environment (see "Signing secrets" in packaging/README.md):
#   WINDOWS_SIGNING=azure         Azure Trusted Signing, through signtool's /dlib client:
#     AZURE_SIGNING_DLIB            Azure.CodeSigning.Dlib.dll (NuGet Microsoft.Trusted.Signing.Client)
#     AZURE_SIGNING_ENDPOINT        e.g. https://weu.codesigning.azure.net
#     AZURE_SIGNING_ACCOUNT         the Trusted Signing account name
#     AZURE_SIGNING_PROFILE         its certificate profile name
#     AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET   the app registration that may sign
#   WINDOWS_SIGNING=certificate   a certificate in the user's store whose key is on a token/HSM:
#     WINDOWS_CERTIFICATE_SHA1      its thumbprint (the token's driver must be installed)
#   WINDOWS_TIMESTAMP_URL           optional; default: Microsoft's for azure, DigiCert's otherwise
param([Parameter(Mandatory = $true)][string]$File)
$ErrorActionPreference = "Stop"

function Require([string]$Name) {
  $value = [Environment]::GetEnvironmentVariable($Name)
  if (-not $value) { throw "$Name is not set (WINDOWS_SIGNING=$env:WINDOWS_SIGNING)" }
  return $value
}

$signtool = Get-Command signtool.exe -ErrorAction SilentlyContinue | Select-Object -ExpandProperty Source
if (-not $signtool) {
  # Trusted Signing needs signtool 10.0.22621 or later: take the newest SDK's.
  $signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
    Sort-Object { [version]($_.Directory.Parent.Name) } | Select-Object -Last 1 -ExpandProperty FullName
}
if (-not $signtool) { throw "signtool.exe not found (install the Windows SDK)" }

switch ($env:WINDOWS_SIGNING) {
  "azure" {
    $dlib = Require "AZURE_SIGNING_DLIB"
    foreach ($name in "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET") { Require $name | Out-Null }
    $metadata = Join-Path ([IO.Path]::GetTempPath()) "trusted-signing-$PID.json"
    @{
      Endpoint               = Require "AZURE_SIGNING_ENDPOINT"
      CodeSigningAccountName = Require "AZURE_SIGNING_ACCOUNT"
      CertificateProfileName = Require "AZURE_SIGNING_PROFILE"
      # Only the app registration's secret (the environment variables above): no Azure CLI,
      # managed identity or browser login is tried on a build machine.
      ExcludeCredentials     = @("ManagedIdentityCredential", "WorkloadIdentityCredential",
        "SharedTokenCacheCredential", "VisualStudioCredential", "VisualStudioCodeCredential",
        "AzureCliCredential", "AzurePowerShellCredential", "AzureDeveloperCliCredential",
        "InteractiveBrowserCredential")
    } | ConvertTo-Json | Set-Content -Path $metadata -Encoding utf8
    $timestamp = if ($env:WINDOWS_TIMESTAMP_URL) { $env:WINDOWS_TIMESTAMP_URL } else { "http://timestamp.acs.microsoft.com" }
    try {
      & $signtool sign /v /fd SHA256 /tr $timestamp /td SHA256 /dlib $dlib /dmdf $metadata $File
      if ($LASTEXITCODE -ne 0) { throw "signtool (Azure Trusted Signing) failed on $File" }
    } finally {
      Remove-Item -Force $metadata -ErrorAction SilentlyContinue
    }
  }
  "certificate" {
    $thumbprint = Require "WINDOWS_CERTIFICATE_SHA1"
    $timestamp = if ($env:WINDOWS_TIMESTAMP_URL) { $env:WINDOWS_TIMESTAMP_URL } else { "http://timestamp.digicert.com" }
    & $signtool sign /v /sha1 $thumbprint /fd SHA256 /tr $timestamp /td SHA256 $File
    if ($LASTEXITCODE -ne 0) { throw "signtool (certificate $thumbprint) failed on $File" }
  }
  default { throw "WINDOWS_SIGNING must be azure or certificate, not '$env:WINDOWS_SIGNING'" }
}

& $signtool verify /pa /v $File | Out-Null
if ($LASTEXITCODE -ne 0) { throw "signature of $File does not verify" }
Write-Host "signed $File"

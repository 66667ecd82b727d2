# Signs one file for the Windows bundles (Tauri's bundle.windows.signCommand runs this once for
# every binary and installer it makes, with the file's path as the only argument).
#
# The certificate is the trust's or publisher's code-signing certificate in the Windows
# certificate store, named by its SHA-1 thumbprint; the signature is timestamped so that it stays
# valid after the certificate expires. Set in the release job (DEPLOYMENT.md, "Code signing"):
#   REFLECT_SIGN_THUMBPRINT   the certificate's SHA-1 thumbprint (required to sign)
#   REFLECT_SIGN_TIMESTAMP    an RFC 3161 timestamp server (default: DigiCert's)
#   REFLECT_REQUIRE_SIGNING   "1" makes a missing certificate an error (set for releases)
param([Parameter(Mandatory = $true)][string]$Path)
$ErrorActionPreference = "Stop"

$thumbprint = $env:REFLECT_SIGN_THUMBPRINT
if ([string]::IsNullOrWhiteSpace($thumbprint)) {
    if ($env:REFLECT_REQUIRE_SIGNING -eq "1") {
        Write-Error "REFLECT_SIGN_THUMBPRINT is not set: $Path cannot be signed, and this build requires signing."
        exit 1
    }
    Write-Warning "REFLECT_SIGN_THUMBPRINT is not set: $Path is left unsigned (a development build)."
    exit 0
}
$timestamp = if ($env:REFLECT_SIGN_TIMESTAMP) { $env:REFLECT_SIGN_TIMESTAMP } else { "http://timestamp.digicert.com" }

# signtool from the newest Windows SDK on the machine.
$signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" -ErrorAction SilentlyContinue |
    Sort-Object FullName -Descending | Select-Object -First 1
if (-not $signtool) {
    Write-Error "signtool.exe was not found: install the Windows SDK's signing tools."
    exit 1
}
& $signtool.FullName sign /fd sha256 /sha1 $thumbprint /tr $timestamp /td sha256 /d "Reflect" $Path
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& $signtool.FullName verify /pa $Path
exit $LASTEXITCODE

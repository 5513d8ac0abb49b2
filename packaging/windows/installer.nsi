; Windows installer for Announcement Annotator (NSIS 3).
;
; Build it through packaging/windows/make_installer.py, which passes the facts below from
; packaging/app_info.py (the single source of name, version and publisher):
;
;   makensis -WX -DDIST_DIR=dist\annotator -DVERSION=0.1.0 -DVERSION_QUAD=0.1.0.0
;            -DAPP_NAME="Announcement Annotator" -DAPP_ID=announcement-annotator
;            -DPUBLISHER="..." -DEXE_NAME=annotator.exe -DICON=resources\icons\app.ico
;            -DOUT_FILE=dist\AnnouncementAnnotator-0.1.0-setup.exe
;            [-DSIGN_COMMAND="..."]  packaging\windows\installer.nsi
;
; DIST_DIR is the PyInstaller one-folder output. On Linux CI there is no Windows executable, so
; the checks feed it the Linux one-folder build as a stand-in payload: that compiles and
; validates this script (with warnings as errors) but does not produce a working installer.
;
; What it does:
; - installs per user, without administrator rights, to %LOCALAPPDATA%\Programs\<APP_NAME>;
; - upgrades in place: a previous installation is found through its uninstall key in HKCU and
;   its folder reused (old program files are replaced, nothing else is touched);
; - adds a Start menu shortcut and an "Apps & features" / "Add or Remove Programs" entry with
;   version, publisher and icon;
; - the uninstaller removes only the files this installer put there. The user's databases live
;   in %LOCALAPPDATA%\<APP_ID> (platformdirs' user_data_dir), a different folder, and are
;   never deleted, neither by an upgrade nor by uninstalling.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!macro REQUIRE NAME
  !ifndef ${NAME}
    !error "define ${NAME} on the makensis command line (see packaging/windows/make_installer.py)"
  !endif
!macroend
!insertmacro REQUIRE DIST_DIR
!insertmacro REQUIRE VERSION
!insertmacro REQUIRE VERSION_QUAD
!insertmacro REQUIRE APP_NAME
!insertmacro REQUIRE APP_ID
!insertmacro REQUIRE PUBLISHER
!insertmacro REQUIRE EXE_NAME
!insertmacro REQUIRE ICON
!insertmacro REQUIRE OUT_FILE

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define UNINSTALLER "uninstall.exe"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
; Upgrade in place: a previous per-user installation's folder wins over the default.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

; Signing (release workflow only, when the signing secrets are present): the uninstaller is
; signed as it is generated, the installer once it is written.
!ifdef SIGN_COMMAND
  !uninstfinalize '${SIGN_COMMAND} "%1"'
  !finalize '${SIGN_COMMAND} "%1"'
!endif

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=1033 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "Copyright (C) ${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP_NAME} ${VERSION} Setup"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP_NAME}"

Var PreviousVersion

!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipDirectoryOnUpgrade
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

; A running copy keeps its files locked: ask the user to close it instead of failing halfway.
!macro WAIT_UNTIL_CLOSED UN
Function ${UN}WaitUntilClosed
  ${Do}
    ${IfNot} ${FileExists} "$INSTDIR\${EXE_NAME}"
      ${Break}
    ${EndIf}
    ClearErrors
    FileOpen $0 "$INSTDIR\${EXE_NAME}" a  ; fails while Windows has the program loaded
    ${IfNot} ${Errors}
      FileClose $0
      ${Break}
    ${EndIf}
    ${IfNot} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME} is running. Close it, then choose Retry." /SD IDCANCEL IDRETRY`
      Abort
    ${EndIf}
  ${Loop}
FunctionEnd
!macroend
!insertmacro WAIT_UNTIL_CLOSED ""
!insertmacro WAIT_UNTIL_CLOSED "un."

Function .onInit
  ReadRegStr $PreviousVersion HKCU "${UNINSTALL_KEY}" "DisplayVersion"
FunctionEnd

Function SkipDirectoryOnUpgrade
  ${If} $PreviousVersion != ""
    Abort  ; upgrading: keep the folder the previous version was installed to
  ${EndIf}
FunctionEnd

Section "Install"
  SetShellVarContext current
  Call WaitUntilClosed
  ${If} $PreviousVersion != ""
    DetailPrint "Upgrading ${APP_NAME} $PreviousVersion to ${VERSION} in $INSTDIR"
    ; Only the previous version's program files; the user's data is in another folder.
    RMDir /r "$INSTDIR\_internal"
  ${EndIf}

  SetOutPath "$INSTDIR"
  File /r "${DIST_DIR}\*.*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${EXE_NAME}" "" \
    "$INSTDIR\${EXE_NAME}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Call un.WaitUntilClosed
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  ; Remove what the installer wrote, by name: never a recursive delete of $INSTDIR itself, so
  ; nothing else that happens to be in the folder (and never the user's data) is lost.
  ${If} ${FileExists} "$INSTDIR\${EXE_NAME}"
    RMDir /r "$INSTDIR\_internal"
    Delete "$INSTDIR\${EXE_NAME}"
  ${EndIf}
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"  ; only if now empty
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DetailPrint "Your annotation databases in $LOCALAPPDATA\${APP_ID} are kept."
SectionEnd

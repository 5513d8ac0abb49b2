; Windows installer for Announcement Annotator (NSIS 3).
;
; Build it through packaging/windows/make_installer.py, which passes the facts below from
; packaging/app_info.py (the single source of name, version and publisher) and writes the
; install manifest of the payload:
;
;   makensis -WX -DDIST_DIR=dist\annotator -DVERSION=0.1.0 -DVERSION_QUAD=0.1.0.0
;            -DAPP_NAME="Announcement Annotator" -DAPP_ID=announcement-annotator
;            -DPUBLISHER="..." -DEXE_NAME=annotator.exe -DCLI_EXE_NAME=annotator-cli.exe
;            -DMIN_WINDOWS_BUILD=17763 -DMANIFEST=build\nsis\install-manifest.txt
;            -DICON=resources\icons\app.ico -DOUT_FILE=dist\AnnouncementAnnotator-0.1.0-setup.exe
;            [-DSIGN_COMMAND="..."]  packaging\windows\installer.nsi
;
; DIST_DIR is the PyInstaller one-folder output. On Linux CI there is no Windows executable, so
; the checks feed it the Linux one-folder build as a stand-in payload: that compiles and
; validates this script (with warnings as errors) but does not produce a working installer.
;
; What it does:
; - refuses to run on 32-bit Windows or on Windows older than build MIN_WINDOWS_BUILD
;   (Windows 10 1809, the oldest Qt 6 supports);
; - installs per user, without administrator rights, to %LOCALAPPDATA%\Programs\<APP_NAME>:
;   annotator.exe (windowed) and annotator-cli.exe (its console twin) with their _internal;
; - upgrades in place: a previous installation is found through its uninstall key in HKCU and
;   its folder reused. The files the previous version installed are removed first, by the list
;   it wrote (install-manifest.txt), so files a newer version no longer ships do not linger and
;   later block the uninstaller. Installations made before the manifest existed lose their
;   program files and _internal, as before;
; - refuses to replace a newer installed version (a downgrade) unless run with /ALLOWDOWNGRADE;
; - adds a Start menu shortcut and an "Apps & features" entry with version, publisher and icon;
; - the uninstaller removes exactly the files in the manifest, never the folder recursively,
;   and offers to remove the settings (registry key, key bindings, logs); silently it keeps
;   them unless given /REMOVESETTINGS. The annotation databases in %LOCALAPPDATA%\<APP_ID>
;   (platformdirs' user_data_dir) are never deleted, neither by an upgrade nor by uninstalling.
;
; Exit codes (silent use): 0 installed; 1 cancelled; 2 refused (downgrade, 32-bit or too old
; Windows, the program still running).

Unicode true
ManifestDPIAware true
!ifdef NO_COMPRESSION  ; make_installer.py --quick: Linux stand-ins, checked and never shipped
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

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
!insertmacro REQUIRE CLI_EXE_NAME
!insertmacro REQUIRE MIN_WINDOWS_BUILD
!insertmacro REQUIRE MANIFEST
!insertmacro REQUIRE ICON
!insertmacro REQUIRE OUT_FILE

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define UNINSTALLER "uninstall.exe"
!define MANIFEST_NAME "install-manifest.txt"
; QSettings' native store on Windows: HKCU\Software\<organization>\<application>.
!define SETTINGS_KEY "Software\${APP_ID}"
!define USER_FOLDER "$LOCALAPPDATA\${APP_ID}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "TextFunc.nsh"
!include "WinVer.nsh"
!include "WordFunc.nsh"
!include "x64.nsh"

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
Var PreviousQuad

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
      SetErrorLevel 2
      Quit
    ${EndIf}
  ${Loop}
FunctionEnd
!macroend
!insertmacro WAIT_UNTIL_CLOSED ""
!insertmacro WAIT_UNTIL_CLOSED "un."

; Removes what an installation's manifest lists, relative to $INSTDIR: "F path" deletes a file,
; "D path" removes a folder if it is empty (the manifest lists folders deepest first). Lines
; naming anything outside $INSTDIR (absolute, "..") are ignored, so a damaged or edited
; manifest cannot delete elsewhere. Returns (on the stack) 1 if a manifest was read, else 0.
!macro REMOVE_LISTED UN
Function ${UN}RemoveListed
  Push $0  ; file handle
  Push $1  ; line
  Push $2  ; kind
  Push $3  ; path
  Push $4  ; read any
  StrCpy $4 0
  ClearErrors
  FileOpen $0 "$INSTDIR\${MANIFEST_NAME}" r
  ${IfNot} ${Errors}
    StrCpy $4 1
    ${Do}
      ClearErrors
      FileRead $0 $1
      ${If} ${Errors}
        ${Break}
      ${EndIf}
      ${${UN}TrimNewLines} $1 $1
      StrCpy $2 $1 2
      StrCpy $3 $1 "" 2
      ${${UN}WordFind} "$3" ".." "E#" $R9
      ${IfNot} ${Errors}  ; contains "..": not ours to touch
        ${Continue}
      ${EndIf}
      ${${UN}WordFind} "$3" ":" "E#" $R9
      ${IfNot} ${Errors}  ; a drive or stream: not a relative path
        ${Continue}
      ${EndIf}
      StrCpy $R9 $3 1
      ${If} $3 == ""
      ${OrIf} $R9 == "\"
      ${OrIf} $R9 == "/"
        ${Continue}
      ${EndIf}
      ${If} $2 == "F "
        Delete "$INSTDIR\$3"
      ${ElseIf} $2 == "D "
        RMDir "$INSTDIR\$3"
      ${EndIf}
    ${Loop}
    FileClose $0
  ${EndIf}
  StrCpy $R9 $4
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
  Push $R9
FunctionEnd
!macroend
!insertmacro REMOVE_LISTED ""
!insertmacro REMOVE_LISTED "un."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} needs 64-bit Windows 10 or later." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  ${IfNot} ${AtLeastBuild} ${MIN_WINDOWS_BUILD}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} needs Windows 10 version 1809 (build ${MIN_WINDOWS_BUILD}) or later." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}

  ReadRegStr $PreviousVersion HKCU "${UNINSTALL_KEY}" "DisplayVersion"
  ReadRegStr $PreviousQuad HKCU "${UNINSTALL_KEY}" "VersionQuad"
  ${If} $PreviousQuad == ""
    StrCpy $PreviousQuad $PreviousVersion  ; written by versions before the guard existed
  ${EndIf}
  ${If} $PreviousQuad != ""
    ${VersionCompare} "$PreviousQuad" "${VERSION_QUAD}" $0  ; 1: the installed one is newer
    ${If} $0 == 1
      ${GetParameters} $1
      ClearErrors
      ${GetOptions} $1 "/ALLOWDOWNGRADE" $2
      ${If} ${Errors}
        MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} $PreviousVersion is installed, which is newer than ${VERSION}.$\n$\nTo replace it with this older version anyway, run this installer with /ALLOWDOWNGRADE." /SD IDOK
        SetErrorLevel 2
        Quit
      ${EndIf}
    ${EndIf}
  ${EndIf}
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
    Call RemoveListed
    Pop $0
    ${If} $0 == 0  ; installed before the manifest existed
      RMDir /r "$INSTDIR\_internal"
      Delete "$INSTDIR\${EXE_NAME}"
      Delete "$INSTDIR\${CLI_EXE_NAME}"
    ${EndIf}
  ${EndIf}

  SetOutPath "$INSTDIR"
  File /r "${DIST_DIR}\*.*"
  File "/oname=${MANIFEST_NAME}" "${MANIFEST}"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${EXE_NAME}" "" \
    "$INSTDIR\${EXE_NAME}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "VersionQuad" "${VERSION_QUAD}"
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
  Call un.RemoveListed
  Pop $0
  ${If} $0 == 0  ; installed before the manifest existed
  ${AndIf} ${FileExists} "$INSTDIR\${EXE_NAME}"
    RMDir /r "$INSTDIR\_internal"
    Delete "$INSTDIR\${EXE_NAME}"
    Delete "$INSTDIR\${CLI_EXE_NAME}"
  ${EndIf}
  Delete "$INSTDIR\${MANIFEST_NAME}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"  ; only if now empty
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ; Settings are the user's: removed only when asked (silently: with /REMOVESETTINGS).
  ${un.GetParameters} $1
  ClearErrors
  ${un.GetOptions} $1 "/REMOVESETTINGS" $2
  ${If} ${Errors}
    StrCpy $3 0
    ${IfNot} ${Silent}
      MessageBox MB_YESNO|MB_ICONQUESTION "Also remove your ${APP_NAME} settings (window layout, reviewer name, key bindings) and logs?$\n$\nYour annotation databases are kept either way." /SD IDNO IDNO keep_settings
      StrCpy $3 1
      keep_settings:
    ${EndIf}
  ${Else}
    StrCpy $3 1
  ${EndIf}
  ${If} $3 == 1
    DeleteRegKey HKCU "${SETTINGS_KEY}"
    Delete "${USER_FOLDER}\keymap.toml"
    RMDir /r "${USER_FOLDER}\Logs"
    DetailPrint "Settings, key bindings and logs removed."
  ${EndIf}
  DetailPrint "Your annotation databases in ${USER_FOLDER} are kept."
SectionEnd

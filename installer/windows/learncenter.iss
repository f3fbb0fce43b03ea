; Inno Setup script for the Windows installer. Build the bundle first (installer\build.ps1), then:
;   iscc installer\windows\learncenter.iss
; Per-machine install under Program Files; data stays in each user's %LOCALAPPDATA%\learncenter
; (never removed by the uninstaller: it holds the encrypted records).
; build.ps1 passes the package's version (/DAppVersion=...); this default is for a hand-run iscc.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{7B3E1C52-5E0B-4C1B-9D54-2F4E1A6C9B11}
AppName=learncenter
AppVersion={#AppVersion}
AppPublisher=learncenter
DefaultDirName={autopf}\learncenter
DefaultGroupName=learncenter
OutputDir=..\..\dist
OutputBaseFilename=learncenter-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
; Qt 6.11 (PySide6) runs on 64-bit Windows 10 version 1809 (build 17763) or later, and Windows 11
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
VersionInfoVersion={#AppVersion}
SetupIconFile=..\..\resources\icons\learncenter.ico
UninstallDisplayIcon={app}\learncenterw.exe
VersionInfoProductName=learncenter
VersionInfoDescription=learncenter setup
PrivilegesRequired=admin
ShowLanguageDialog=auto

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\learncenter\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\learncenter"; Filename: "{app}\learncenterw.exe"
Name: "{commondesktop}\learncenter"; Filename: "{app}\learncenterw.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\learncenterw.exe"; Description: "{cm:LaunchProgram,learncenter}"; Flags: nowait postinstall skipifsilent

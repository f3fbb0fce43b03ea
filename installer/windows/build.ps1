# Build the Windows bundle (dist\learncenter\) on a Windows machine with Python 3.11+, then the
# installer with Inno Setup 6 if iscc is on PATH.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
if (-not (Test-Path .venv)) { py -3 -m venv .venv }
.venv\Scripts\python -m pip install --quiet -e ".[dev]" "pyinstaller==6.22.3"
.venv\Scripts\python scripts\build_assets.py
.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\learncenter.spec
dist\learncenter\learncenter.exe --lang en check-id 11010519491231002X
if (Get-Command iscc -ErrorAction SilentlyContinue) { iscc installer\windows\learncenter.iss }

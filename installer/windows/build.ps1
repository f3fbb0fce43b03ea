# Build the Windows bundle (dist\learncenter\) on a Windows machine with Python 3.11+, then the
# installer with Inno Setup 6 if iscc is on PATH. Every step must succeed: PowerShell's "Stop" does
# not stop on a program's exit code, so each program's is checked and the first failure ends the build.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Step {
    param([string]$Program, [Parameter(ValueFromRemainingArguments = $true)][string[]]$Arguments)
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): $Program $($Arguments -join ' ')" }
}

if (-not (Test-Path .venv)) { Step py -3 -m venv .venv }
Step .venv\Scripts\python -m pip install --quiet -e ".[dev]" "pyinstaller==6.22.3"
Step .venv\Scripts\python scripts\build_assets.py
if (Test-Path build\third-party-licenses) { Remove-Item -Recurse -Force build\third-party-licenses }
Step .venv\Scripts\python scripts\third_party_notices.py --texts build\third-party-licenses
Step .venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\learncenter.spec
Step dist\learncenter\learncenter.exe --lang en check-id 11010519491231002X
$Version = (& .venv\Scripts\python -c "import learncenter; print(learncenter.__version__)").Trim()
if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): reading learncenter.__version__" }
if (Get-Command iscc -ErrorAction SilentlyContinue) { Step iscc "/DAppVersion=$Version" installer\windows\learncenter.iss }

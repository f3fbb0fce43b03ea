# Build the Windows bundles (dist\learncenter\, the workstation, and dist\learncenter-registry\) on a
# Windows machine with Python 3.11+, then the workstation's installer with Inno Setup 6 if iscc is on PATH. Every step must succeed: PowerShell's "Stop" does
# not stop on a program's exit code, so each program's is checked and the first failure ends the build.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Step {
    param([string]$Program, [Parameter(ValueFromRemainingArguments = $true)][string[]]$Arguments)
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): $Program $($Arguments -join ' ')" }
}

if (-not (Test-Path .venv)) { Step py -3 -m venv .venv }
Step .venv\Scripts\python -m pip install --quiet --require-hashes -r requirements.lock
Step .venv\Scripts\python -m pip install --quiet --no-deps -e .
Step .venv\Scripts\python -m pip install --quiet "pyinstaller==6.22.3"
Step .venv\Scripts\python scripts\build_assets.py
if (Test-Path build\third-party-licenses) { Remove-Item -Recurse -Force build\third-party-licenses }
Step .venv\Scripts\python scripts\third_party_notices.py --texts build\third-party-licenses
Step .venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\learncenter.spec
Step dist\learncenter\learncenter.exe --lang en check-id 11010519491231002X
$Scratch = Join-Path ([System.IO.Path]::GetTempPath()) ("learncenter-build-" + [guid]::NewGuid())
Step dist\learncenter\learncenter.exe --lang en --data-dir "$Scratch\demo" demo --candidates 20 --confirmed 5 --seed 1
Step dist\learncenter-registry\learncenter-registry.exe init --data-dir "$Scratch\registry" --lang en
Step dist\learncenter-registry\learncenter-registry.exe stats --data-dir "$Scratch\registry" --lang en
Remove-Item -Recurse -Force $Scratch
$Version = (& .venv\Scripts\python -c "import learncenter; print(learncenter.__version__)").Trim()
if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): reading learncenter.__version__" }
if (Get-Command iscc -ErrorAction SilentlyContinue) { Step iscc "/DAppVersion=$Version" installer\windows\learncenter.iss }

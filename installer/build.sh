#!/usr/bin/env bash
# Build the one-folder bundle (dist/learncenter/) and a tar.gz of it, then check that the bundled
# programs start: learncenter check-id, a demo database, and the registry's help.
set -euo pipefail
cd "$(dirname "$0")/.."
PYINSTALLER_VERSION=6.22.3
./dev setup
.venv/bin/python -m pip install --quiet "pyinstaller==$PYINSTALLER_VERSION"
.venv/bin/python scripts/build_assets.py
rm -rf build/third-party-licenses
.venv/bin/python scripts/third_party_notices.py --texts build/third-party-licenses
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller installer/learncenter.spec
bundle=dist/learncenter
"$bundle/learncenter" --lang en check-id 11010519491231002X
scratch=$(mktemp -d)
"$bundle/learncenter" --lang en --data-dir "$scratch/demo" demo --candidates 20 --confirmed 5 --seed 1
"$bundle/learncenter-registry" --help >/dev/null
rm -rf "$scratch"
tar -C dist -czf "dist/learncenter-$(uname -m)-linux.tar.gz" learncenter
cp installer/linux/learncenter.desktop dist/
echo "built dist/learncenter and dist/learncenter-$(uname -m)-linux.tar.gz"
echo "it runs on $(uname -m) Linux with glibc $(ldd --version | head -1 | grep -o '[0-9.]*$') or newer (the build machine's)"

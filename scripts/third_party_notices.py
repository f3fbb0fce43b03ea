"""Write THIRD-PARTY-NOTICES.md: every package the workstation and the registry run with, its
version, licence and home, read from the installed packages' own metadata (run from .venv after
`./dev setup`; the bundle's build runs it again in its own environment).

    .venv/bin/python scripts/third_party_notices.py                 # the repository's file
    .venv/bin/python scripts/third_party_notices.py --texts DIR     # also every licence text, for a bundle

The set is the closure of the runtime dependencies in pyproject.toml, with the workstation, registry
and postgres extras (the ``dev`` extra is not
shipped). A package whose metadata names no licence gets it from KNOWN below, checked by hand.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "THIRD-PARTY-NOTICES.md"
KNOWN = {  # metadata without a licence field (or one naming none), read off the project's own LICENSE file
    "sqlcipher3": "Zlib (the binding); SQLCipher Community Edition: BSD-3-Clause",
    "pypdfium2": "BSD-3-Clause OR Apache-2.0 (the binding); PDFium: BSD-3-Clause, Apache-2.0 and others",
    "python-dateutil": "Apache-2.0 AND BSD-3-Clause (its metadata says \"Dual License\"; code before 2017-12 is BSD)",
}
LGPL_NOTE = """\
## Qt, Qt for Python, python-stdnum and psycopg (LGPL)

The workstation's windows are made with Qt 6 through Qt for Python (PySide6, shiboken6), used under
the GNU Lesser General Public License version 3. They are shipped as the unmodified shared libraries
of the PySide6 wheels, loaded at run time from the bundle's `PySide6` folder: you may replace them
with another build of the same Qt version. Their source code is at https://code.qt.io and
https://download.qt.io/official_releases/QtForPython/. python-stdnum (LGPL-2.1 or later) is shipped
as its unmodified Python source, which you may replace likewise. The registry's PostgreSQL driver,
psycopg and psycopg-binary (LGPL-3.0), is shipped as the unmodified wheels' code and libraries in the
registry's bundle, likewise replaceable; its source is at https://github.com/psycopg/psycopg. The
licence texts are at
https://www.gnu.org/licenses/lgpl-3.0.html and https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html.
"""


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


RUNTIME_EXTRAS = ("workstation", "registry", "postgres")  # the programs' stacks; "dev" is not shipped


def runtime_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [r for r in project["dependencies"] + [r for extra in RUNTIME_EXTRAS for r in extras[extra]]]


def closure(requirements: list[str]) -> dict[str, metadata.Distribution]:
    """Every installed distribution the given requirements need on this platform (the bundle is
    built on the platform it ships for), with the extras they name, by normalised name."""
    found: dict[str, metadata.Distribution] = {}
    seen: set[tuple[str, str]] = set()
    waiting = [Requirement(text) for text in requirements]
    while waiting:
        wanted = waiting.pop()
        extras = sorted(wanted.extras) or [""]
        if all((_key(wanted.name), extra) in seen for extra in extras):
            continue
        seen.update((_key(wanted.name), extra) for extra in extras)
        try:
            dist = metadata.distribution(wanted.name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency for another platform
        found[_key(wanted.name)] = dist
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or any(requirement.marker.evaluate({"extra": extra}) for extra in extras):
                waiting.append(requirement)  # this platform's, and the named extras'
    return found


def licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    name = _key(meta["Name"])
    if name in KNOWN:
        return KNOWN[name]
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and len(text) < 80 and "\n" not in text:
        return text
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return ", ".join(classifiers) or (text.splitlines()[0][:80] if text else "see the package")


def home(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "source code"):
            return url.strip()
    return (meta.get("Home-page") or f"https://pypi.org/project/{meta['Name']}/").strip()


def write(out: Path) -> list[str]:
    dists = closure(runtime_requirements())
    rows = sorted(dists.values(), key=lambda d: _key(d.metadata["Name"]))
    lines = [
        "# Third-party notices",
        "",
        "learncenter runs with the packages below (the runtime dependencies of `pyproject.toml` and",
        "what they need), each under its own licence. The bundle carries their licence texts in",
        "`third-party-licenses/`. Generated by `scripts/third_party_notices.py`; do not edit by hand.",
        "",
        LGPL_NOTE,
        "## Packages",
        "",
        "| package | version | licence | home |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {d.metadata['Name']} | {d.version} | {licence(d)} | {home(d)} |" for d in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [d.metadata["Name"] for d in rows]


def copy_texts(folder: Path) -> int:
    """Every licence file the installed packages carry, as <package>-<file> in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    copied = 0
    for dist in closure(runtime_requirements()).values():
        for file in dist.files or []:
            if re.search(r"(LICEN[CS]E|COPYING|NOTICE)", file.name, re.IGNORECASE) and ".dist-info" in str(file):
                source = Path(str(dist.locate_file(file)))
                if source.is_file():
                    shutil.copyfile(source, folder / f"{dist.metadata['Name']}-{file.name}")
                    copied += 1
    return copied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, help="also copy every licence text into this folder")
    args = parser.parse_args()
    names = write(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(names)} packages")
    if args.texts:
        print(f"{args.texts}: {copy_texts(args.texts)} licence files")


if __name__ == "__main__":
    main()

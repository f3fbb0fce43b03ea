"""Fill resources/translations/learncenter_zh_CN.ts from scripts/zh_CN/*.json and list what is missing.

The .ts (refreshed with pyside6-lupdate) stays the file translators and Qt Linguist work on;
this keeps the reviewed Chinese in small reviewable tables and fails when a source text has none.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "learncenter_zh_CN.ts"
TABLES = ROOT / "scripts" / "zh_CN"  # one reviewed table per page or dialog


def main() -> int:
    table: dict[str, str] = {}
    for path in sorted(TABLES.glob("*.json")):
        table.update(json.loads(path.read_text(encoding="utf-8")))
    tree = ET.parse(TS)
    missing: list[str] = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        text = table.get(source)
        if text is None:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            translation.text = None
            for child in list(translation):
                translation.remove(child)
            ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = text
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"untranslated: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

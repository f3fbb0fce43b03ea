"""Where the shipped resources are: ``resources/`` of the source tree, or the folder named by
LEARNCENTER_RESOURCES (the installer places resources beside the program and sets it).

A module of its own, with no imports beyond the standard library, because every layer needs it
(profiles, fonts, translations) and the GUI needs it before anything heavy is loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES_ENV = "LEARNCENTER_RESOURCES"


def resource_dir() -> Path:
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "resources"

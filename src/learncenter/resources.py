"""Where the shipped resources are: the folder named by LEARNCENTER_RESOURCES, ``resources/``
inside a bundle made by the installer (PyInstaller), ``learncenter/_resources/`` of an installed
wheel (setup.py puts them there), or ``resources/`` of the source tree.

A module of its own, with no imports beyond the standard library, because every layer needs it
(profiles, fonts, translations) and the GUI needs it before anything heavy is loaded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES_ENV = "LEARNCENTER_RESOURCES"


def resource_dir() -> Path:
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)  # set by a PyInstaller bundle (installer/)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    here = Path(__file__).resolve().parent
    installed = here / "_resources"
    return installed if installed.is_dir() else here.parents[1] / "resources"


def manual_dir() -> Path:
    """The user manual (``docs/manual/`` of the source tree; ``manual/`` among the resources of
    an installed wheel or a bundle)."""
    shipped = resource_dir() / "manual"
    return shipped if shipped.is_dir() else Path(__file__).resolve().parents[2] / "docs" / "manual"

"""Demo data for ``learncenter demo``: candidate rows and standard-photo-like portraits.

Generated locally and deterministically from a seed, so a demo database can be rebuilt
exactly and nothing about real people is shipped or downloaded.
"""

from __future__ import annotations

from learncenter.services.demo.people import generate_rows
from learncenter.services.demo.portraits import portrait_pool, render_portrait

__all__ = ["generate_rows", "portrait_pool", "render_portrait"]

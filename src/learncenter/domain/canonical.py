"""Canonical JSON, the one encoding that is hashed or signed (``docs/protocol.md`` §2).

Pure, so that the audit log, the sync client, the registry and the admission notice's QR code
all hash the same bytes for the same value: sorted keys, no whitespace, UTF-8 written as itself,
dates as ISO text, and no NaN or Infinity (which JSON cannot carry between languages).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8; dates as ISO text; NaN refused."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
        default=_iso,
    ).encode("utf-8")


def _iso(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    raise TypeError(f"not canonical: {type(value).__name__}")


def digest(value: Any) -> str:
    """Lowercase hex SHA-256 of :func:`canonical` ``(value)``."""
    return hashlib.sha256(canonical(value)).hexdigest()

"""JSON from the other side of the protocol, read within bounds and refused as ``malformed``.

Both ends parse each other's bytes: the registry its request bodies and batch headers, the
center its receipts, enrollment answers and down-sync pages. They all go through
:func:`peer_json`, so a hostile or broken peer gets the protocol's refusal (§7 ``malformed``,
with the limit that was exceeded in ``details.reason``) and never an exception from deep
inside ``json``.
"""

from __future__ import annotations

from typing import Any

from learncenter.domain.bounded_json import DEFAULT_LIMITS, JsonLimits, JsonRefused, load_json
from learncenter.protocol.errors import MALFORMED, SyncError

HEADER_LIMITS = JsonLimits(max_bytes=4 << 20)  # an envelope header: 2,000 records take ~70 KB
RECEIPT_LIMITS = JsonLimits(max_bytes=16 << 20)  # 2,000 results with their reasons: ~2 MB


def peer_json(data: bytes, limits: JsonLimits = DEFAULT_LIMITS) -> Any:
    """``data`` parsed, or :class:`SyncError` ``malformed`` naming the bound it broke."""
    try:
        return load_json(data, limits)
    except JsonRefused as refused:
        raise SyncError(MALFORMED, reason=refused.reason) from None


def peer_object(data: bytes, limits: JsonLimits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Like :func:`peer_json`, for the many places where only a JSON object will do."""
    value = peer_json(data, limits)
    if not isinstance(value, dict):
        raise SyncError(MALFORMED)
    return value

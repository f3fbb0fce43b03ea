"""Where a batch's pack stands (protocol §5): the pack is the batch's small blobs' streams one
after another; the registry keeps what it received per blob, so the pack's offset is derived.
"""

from __future__ import annotations

import json
from functools import lru_cache
from collections.abc import Mapping, Sequence
from typing import Any

from learncenter.registry.store import Batch
from learncenter.protocol.errors import UNKNOWN_BATCH, SyncError
from learncenter.protocol.wire import stream_size


def blob_entry(batch: Batch, sha256: str) -> dict[str, Any]:
    for entry in json.loads(batch.blobs):
        if entry["sha256"] == sha256:
            result: dict[str, Any] = entry
            return result
    raise SyncError(UNKNOWN_BATCH, sha256=sha256)


def pack_layout(batch: Batch) -> list[tuple[str, int]]:
    """(sha256, stream length) of the blobs of the batch's pack, in pack order (§5)."""
    return list(_layout(batch.blobs))


@lru_cache(maxsize=64)
def _layout(blobs: str) -> tuple[tuple[str, int], ...]:
    """The layout of a batch's blob list (fixed at announce), read once rather than for each of its
    pieces: a pack of 500 photos comes in some 30 pieces, and its list is 60 KB of JSON."""
    return tuple((entry["sha256"], stream_size(entry["size"])) for entry in json.loads(blobs)
                 if entry.get("packed"))


def held_prefix(layout: Sequence[tuple[str, int]], received: Mapping[str, int]) -> int:
    """The longest prefix of the pack the registry holds: whole streams, then the first
    incomplete one's received bytes."""
    offset = 0
    for sha256, length in layout:
        got = min(received.get(sha256, 0), length)
        offset += got
        if got < length:
            break
    return offset


def stream_missing(batch: Batch, held: set[str], received: Mapping[str, int]) -> list[dict[str, Any]]:
    """The blobs of the batch not held whose streams are not all here: each with its place in the
    manifest, the registry's offset and the stream's length (the announce answer's ``missing``)."""
    missing = []
    for index, entry in enumerate(json.loads(batch.blobs)):
        if entry["sha256"] in held:
            continue
        total = stream_size(entry["size"])
        offset = received.get(entry["sha256"], 0)
        if offset < total:
            missing.append({"sha256": entry["sha256"], "index": index, "offset": offset, "total": total})
    return missing

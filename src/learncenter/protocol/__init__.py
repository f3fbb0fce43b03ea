"""The sync protocol both ends speak (``docs/protocol.md``): canonical encoding, keys, signing,
the encrypted envelope of a batch, the HTTP wire format, receipts, batch files on removable media,
audit heads, update manifests and the error codes.

It imports only :mod:`learncenter.domain` and the cryptography library — no database, network,
keyring or GUI (the import contracts in pyproject.toml say so) — so the center's ``sync`` package
and the registry build on the same functions and neither can drift from the other.
"""

PROTOCOL_VERSION = 2
"""The protocol this program speaks, sent by the center on every request (``Learncenter-Protocol``)
and answered by the registry on every response; each side refuses the other's when it differs
(docs/protocol.md §0). Version 1 was the draft with a hand-made batch key wrap; version 2 wraps
it with HPKE (RFC 9180) and is the one that ships."""

PROTOCOL_HEADER = "Learncenter-Protocol"


def protocol_spoken(said: str | None) -> bool:
    """Whether a peer's ``Learncenter-Protocol`` header names this program's protocol."""
    return said is not None and said.strip() == str(PROTOCOL_VERSION)

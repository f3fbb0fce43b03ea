"""Sync with the central registry: the wire format and its cryptography.

A batch of sealed records leaves a learning center signed with the center's device key and
encrypted to the registry, so that neither a network path nor a lost USB stick can read or alter
it (``docs/protocol.md``, ARCHITECTURE "Sync guarantees"). This package starts with the pure
core: keys, the envelope, the removable-media file and the receipt. No network, database or
keyring is touched here; those layers build on these functions and are tested against them.
"""

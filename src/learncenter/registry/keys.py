"""The registry's own keys, kept as files in its data directory (protocol §1).

The signing key (Ed25519) signs enrollment answers, receipts and down-sync pages; the encryption
key (X25519) is the one every batch is encrypted to; the data key (``registry.vault``) seals the
personal data the registry stores. All are raw 32-byte secrets in files created with mode 0600
by ``learncenter-registry init``, never in the database: a database dump handed to someone for
statistics must not let them read batch files, forge receipts or read a name. The data key may
live elsewhere (another volume, a secrets mount): ``LEARNCENTER_REGISTRY_DATA_KEY`` names its
file, for ``init`` (which creates it there) and every later command alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from learncenter.registry.vault import DataKey
from learncenter.protocol.keys import EncryptionKeyPair, SigningKeyPair

SIGNING_FILE = "registry-signing.key"
ENCRYPTION_FILE = "registry-encryption.key"
DATA_FILE = "registry-data.key"
DATA_KEY_ENV = "LEARNCENTER_REGISTRY_DATA_KEY"


@dataclass(frozen=True)
class RegistryKeys:
    signing: SigningKeyPair
    encryption: EncryptionKeyPair
    data: DataKey


def data_key_path(data_dir: Path) -> Path:
    """Where the data key is: ``$LEARNCENTER_REGISTRY_DATA_KEY``, else beside the other keys."""
    named = os.environ.get(DATA_KEY_ENV)
    return Path(named).expanduser() if named else data_dir / DATA_FILE


def create_keys(data_dir: Path) -> RegistryKeys:
    """Generate both key pairs into ``data_dir``; an existing key is kept, never overwritten."""
    data_dir.mkdir(parents=True, exist_ok=True)
    signing_path, encryption_path = data_dir / SIGNING_FILE, data_dir / ENCRYPTION_FILE
    if not signing_path.exists():
        _write_private(signing_path, _raw(Ed25519PrivateKey.generate()))
    if not encryption_path.exists():
        _write_private(encryption_path, _raw(X25519PrivateKey.generate()))
    data_path = data_key_path(data_dir)
    if not data_path.exists():
        data_path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(data_path, DataKey.generate_secret())
    return load_keys(data_dir)


def load_keys(data_dir: Path) -> RegistryKeys:
    """Read the keys; a missing file raises ``FileNotFoundError`` (run ``init`` first: it keeps
    the keys there are and makes the missing ones)."""
    signing = Ed25519PrivateKey.from_private_bytes((data_dir / SIGNING_FILE).read_bytes())
    encryption = X25519PrivateKey.from_private_bytes((data_dir / ENCRYPTION_FILE).read_bytes())
    data = DataKey(data_key_path(data_dir).read_bytes())
    return RegistryKeys(SigningKeyPair(signing), EncryptionKeyPair(encryption), data)


def _raw(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def _write_private(path: Path, data: bytes) -> None:
    """Create the file 0600 from the start (no window in which it is world-readable)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())

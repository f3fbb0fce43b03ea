"""What a registry's database holds, read raw (not through the registry's code): the SQLite
files byte for byte (write-ahead log included), or every row of every PostgreSQL table; and what
its object store holds, files or S3 objects."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sqlalchemy import create_engine

from learncenter.registry.store import Base


def raw_bytes(db_url: str) -> bytes:
    if db_url.startswith("sqlite:///"):
        path = Path(db_url.removeprefix("sqlite:///"))
        return b"".join(candidate.read_bytes() for candidate in
                        (path, path.with_name(path.name + "-wal")) if candidate.exists())
    engine = create_engine(db_url)
    parts: list[bytes] = []
    try:
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                for row in conn.execute(table.select()):
                    for value in row:
                        parts.append(value if isinstance(value, bytes)
                                     else str(value).encode("utf-8"))
    finally:
        engine.dispose()
    return b"\x00".join(parts)


def blob_rows(db_url: str) -> list[bytes]:
    """The stored bytes of every photo and scan the database itself holds (a registry without an
    object store, or rows written before it had one)."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [bytes(row[0]) for row in conn.execute(Base.metadata.tables["blobs"].select()
                                                          .with_only_columns(
                                                              Base.metadata.tables["blobs"].c.data))
                    if row[0] is not None]
    finally:
        engine.dispose()


def object_files(data_dir: Path) -> list[bytes]:
    """Every object of the data folder's object store, read as files."""
    return [path.read_bytes() for path in sorted((data_dir / "objects").rglob("*")) if path.is_file()]


def packed_photos(db_url: str, objects: list[bytes]) -> list[bytes]:
    """Each photo's sealed bytes cut out of the packs among ``objects`` (a pack is named by the
    SHA-256 of its bytes) where the database's rows say they are."""
    packs = {hashlib.sha256(data).hexdigest(): data for data in objects}
    table = Base.metadata.tables["blobs"]
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            places = list(conn.execute(table.select().with_only_columns(table.c.pack, table.c.pack_offset,
                                                                        table.c.pack_length)
                                       .where(table.c.pack.is_not(None))))
    finally:
        engine.dispose()
    return [packs[pack][offset:offset + length] for pack, offset, length in places]


def stored_objects(data_dir: Path) -> list[bytes]:
    """Every object of the store the registry of ``data_dir`` was initialised with: the files of its
    objects/, or the objects under the S3 prefix in registry.json (read with the key of the
    environment, as the registry reads them), the health check's probe left out."""
    from learncenter.registry.object_s3 import HEALTH_PROBE

    location = json.loads((data_dir / "registry.json").read_text(encoding="utf-8")).get("objects")
    if not location:
        return object_files(data_dir)
    from registry.seaweedfs import BUCKET, S3Service

    scheme, rest = location.split("://", 1)
    host, bucket, prefix = rest.split("/", 2)
    assert scheme.startswith("s3+") and bucket == BUCKET, location
    service = S3Service(f"{scheme.removeprefix('s3+')}://{host}", os.environ["AWS_ACCESS_KEY_ID"],
                        os.environ["AWS_SECRET_ACCESS_KEY"])
    return [data for name, data in sorted(service.objects(prefix.rstrip("/") + "/").items()) if name != HEALTH_PROBE]


def exposed(raw: bytes, secrets: dict[str, bytes]) -> list[str]:
    """The names of the secrets found in ``raw``."""
    return [name for name, value in secrets.items() if value in raw]

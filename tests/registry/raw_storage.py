"""What a registry's database holds, read raw (not through the registry's code): the SQLite
files byte for byte (write-ahead log included), or every row of every PostgreSQL table."""

from __future__ import annotations

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


def exposed(raw: bytes, secrets: dict[str, bytes]) -> list[str]:
    """The names of the secrets found in ``raw``."""
    return [name for name, value in secrets.items() if value in raw]

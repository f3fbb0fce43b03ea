"""The removable-media batch file (protocol §9): faithful, unreadable, and refused when cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from unit.sync.sync_material import ID_NUMBER, NAME, World

from learncenter.protocol.batch_file import MAGIC, read_batch_file, write_batch_file
from learncenter.protocol.envelope import open_batch
from learncenter.protocol.errors import SyncError


def test_file_round_trip_opens_to_the_same_batch(world: World, tmp_path: Path) -> None:
    sealed = world.seal()
    path = tmp_path / "batch.lcb"
    write_batch_file(path, sealed)

    read = read_batch_file(path)

    assert path.read_bytes().startswith(MAGIC)
    assert read == sealed
    opened = open_batch(read, registry_private=world.registry.private,
                        center_public=world.center.public)
    assert opened.records == world.plain.records and opened.blobs == world.plain.blobs
    assert opened.manifest_hash == sealed.manifest_hash
    assert [p.name for p in tmp_path.iterdir()] == ["batch.lcb"]  # no temporary left behind


def test_file_reveals_no_name_id_number_or_photo(world: World, photo: bytes,
                                                  tmp_path: Path) -> None:
    path = tmp_path / "batch.lcb"
    write_batch_file(path, world.seal())
    content = path.read_bytes()

    for text in (NAME, ID_NUMBER, "李四"):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "gb18030"):
            encoded = text.encode(encoding)
            if len(encoded) >= 6:  # 4 bytes (a 2-character name in UTF-16) occur by chance in MBs of ciphertext
                assert encoded not in content, (text, encoding)
    assert b"JFIF" not in content and b"Exif" not in content
    for start in range(0, len(photo) - 16, max(1, len(photo) // 64)):
        assert photo[start:start + 16] not in content
    large = next(data for data in world.plain.blobs.values() if len(data) > 1 << 20)
    assert large[1000:1032] not in content


def test_every_truncation_is_refused_as_malformed(world: World, tmp_path: Path) -> None:
    path = tmp_path / "batch.lcb"
    write_batch_file(path, world.seal())
    whole = path.read_bytes()
    cut_points = sorted({*range(0, 400, 7), *range(0, len(whole), len(whole) // 97),
                         len(whole) - 1})
    for cut in cut_points:
        path.write_bytes(whole[:cut])
        with pytest.raises(SyncError) as caught:
            # a cut exactly between two blobs frames correctly; opening then finds one missing
            open_batch(read_batch_file(path), registry_private=world.registry.private,
                       center_public=world.center.public)
        assert caught.value.code == "malformed", cut


def test_a_foreign_file_is_malformed(tmp_path: Path) -> None:
    for content in (b"", b"PK\x03\x04 a zip file", b"LCBATCH1\n\x00\x00\x00\x02{}",
                    MAGIC + b"\x00\x00\x00\x04[1]\n"):
        path = tmp_path / "foreign.lcb"
        path.write_bytes(content)
        with pytest.raises(SyncError) as caught:
            read_batch_file(path)
        assert caught.value.code == "malformed"


def test_trailing_garbage_is_refused(world: World, tmp_path: Path) -> None:
    path = tmp_path / "batch.lcb"
    write_batch_file(path, world.seal())
    path.write_bytes(path.read_bytes() + b"\x00\x00")
    with pytest.raises(SyncError) as caught:
        read_batch_file(path)
    assert caught.value.code == "malformed"


def test_a_failed_write_keeps_the_old_file(world: World, tmp_path: Path) -> None:
    path = tmp_path / "batch.lcb"
    path.write_bytes(b"previous")
    sealed = world.seal()
    broken = type(sealed)(sealed.header, sealed.manifest, (None,), sealed.blobs)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        write_batch_file(path, broken)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["batch.lcb"]

"""Photos and scans live in the object store (``objects/`` of the data folder), the database keeps
their hashes and sizes; rows written before a store keep their bytes and stay readable."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import httpx
import pytest
from registry.conftest import enroll
from registry.material import CenterSide, record
from registry.server import Server
from registry.test_registry_http import enrolled, link
from registry.test_registry_service import caller, send, statuses
from sqlalchemy import select

from learncenter.protocol.wire import announce_body
from learncenter.registry.objects import OBJECTS_FOLDER, DirectoryStore, blob_name
from learncenter.registry.service import Registry
from learncenter.registry.store import Blob, Material
from learncenter.registry.vault import blob_place


def test_the_directory_store_writes_each_object_once_and_whole(tmp_path: Path) -> None:
    store = DirectoryStore(tmp_path / "objects")
    name = blob_name("ab" + "0" * 62)
    store.put(name, b"sealed bytes")
    store.put(name, b"other bytes")  # content addressed: the name already holds its object
    assert store.get(name) == b"sealed bytes"
    path = store.path(name)
    assert path == tmp_path / "objects" / "blobs" / "ab" / ("ab" + "0" * 62)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    with pytest.raises(KeyError):
        store.get(blob_name("cd" + "0" * 62))
    for bad in ("blobs/../../etc/passwd", "records/" + "0" * 64, "blobs/ABC"):
        with pytest.raises(ValueError):
            store.put(bad, b"x")
    assert store.healthy()
    (tmp_path / "file").write_text("not a folder")
    assert not DirectoryStore(tmp_path / "file" / "objects").healthy()


def test_a_batchs_photos_go_to_the_store_and_the_rows_keep_hash_and_size(registry: Registry) -> None:
    center = enroll(registry, "11001")
    items = [record(n) for n in range(3)]
    receipt = send(registry, center, center.seal(items, registry.keys.encryption.public))
    assert statuses(receipt) == ["accepted"] * 3
    assert registry.objects is not None
    with registry._session() as session:
        rows = list(session.scalars(select(Blob)))
    photos = {hashlib.sha256(item.photo).hexdigest(): item.photo for item in items}
    assert len(rows) == len(photos) > 1 and all(row.data is None for row in rows)
    for row in rows:
        sealed = registry.objects.get(blob_name(row.sha256))
        assert row.size == len(photos[row.sha256]) and photos[row.sha256] not in sealed  # sealed at rest
        assert registry.keys.data.open(sealed, blob_place(row.sha256)) == photos[row.sha256]


def test_rows_written_before_the_store_stay_readable(registry: Registry) -> None:
    store, registry.objects = registry.objects, None  # a registry as it was: bytes in the database
    center = enroll(registry, "11001")
    photo = record(1).photo
    send(registry, center, center.seal([record(1)], registry.keys.encryption.public))
    registry.objects = store
    with registry._session() as session:
        (row,) = session.scalars(select(Blob))
        assert row.data is not None
    # a later batch with the same photo finds it held (read from the row), not asked again
    sealed = center.seal([record(2, photo=photo)], registry.keys.encryption.public)
    state, _new = registry.announce(caller(center), announce_body(sealed))
    assert state["missing"] == []
    assert statuses(registry.commit(caller(center), sealed.header["batch_id"])) == ["accepted"]


def test_submitted_materials_go_to_the_store_too(registry: Registry) -> None:
    assert registry.store_materials([("11001", hashlib.sha256(b"scan").hexdigest(), b"scan")]) == 1
    center = enroll(registry, "11001")
    with registry._session() as session:
        (row,) = session.scalars(select(Material))
    assert row.data is None and row.size == 4
    assert registry.material(caller(center), row.sha256) == b"scan"


def test_health_says_unavailable_when_the_store_takes_no_write(tmp_path: Path) -> None:
    data_dir = tmp_path / "registry-data"
    server = Server(data_dir, f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    subprocess.run(server.command("init"), check=True, capture_output=True)
    server.start()
    try:
        assert httpx.get(f"{server.url}/v1/health", timeout=10).status_code == 200
        objects = data_dir / OBJECTS_FOLDER
        if objects.exists():
            objects.rmdir()
        objects.write_text("a file where the folder should be")  # a disk gone read-only, a lost mount
        answer = httpx.get(f"{server.url}/v1/health", timeout=10)
        assert answer.status_code == 503 and answer.json()["code"] == "unavailable"
    finally:
        server.stop()


def test_a_center_side_upload_fills_the_store(server: Server, registry: Registry) -> None:
    """Through the real server: what it files is in the data folder's objects/, not the database."""
    center: CenterSide = enrolled(server, registry, "11001")
    with link(server, center) as registry_link:
        registry_link.filed(registry_link.upload(center.seal([record(n) for n in range(2)], registry.keys.encryption.public)))
    files = [p for p in (server.data_dir / OBJECTS_FOLDER / "blobs").rglob("*") if p.is_file()]
    with registry._session() as session:
        assert len(files) == len(list(session.scalars(select(Blob.sha256)))) > 0
    with registry._session() as session:
        assert all(row.data is None for row in session.scalars(select(Blob)))

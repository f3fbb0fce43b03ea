"""Photos and scans live in the object store (``objects/`` of the data folder, or an S3 bucket of a
SeaweedFS on 127.0.0.1), the database keeps their hashes and sizes; rows written before a store
keep their bytes and stay readable."""

from __future__ import annotations

import hashlib
import itertools
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from registry.conftest import enroll
from registry.material import CenterSide, filed, held_photo, id_number, jpeg, record
from registry.raw_storage import exposed, raw_bytes
from registry.seaweedfs import BUCKET, S3Service, SeaweedFS
from registry.server import Server
from registry.test_registry_http import enrolled, link
from registry.test_registry_service import caller, send, statuses
from sqlalchemy import select

from learncenter.protocol.wire import announce_body
from learncenter.registry.object_s3 import HEALTH_PROBE, S3Store
from learncenter.registry.objects import (
    OBJECTS_FOLDER, DirectoryStore, ObjectStoreUnavailable, blob_name, material_name, open_store, pack_name,
)
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
    pack = pack_name("ef" + "0" * 62)
    store.put(pack, b"first|second|third")
    assert store.get_range(pack, 6, 6) == b"second" and store.get_range(pack, 13, 99) == b"third"
    assert store.path(pack) == tmp_path / "objects" / "packs" / "ef" / ("ef" + "0" * 62)
    with pytest.raises(KeyError):
        store.get_range(pack_name("cd" + "0" * 62), 0, 1)
    for bad in ("blobs/../../etc/passwd", "records/" + "0" * 64, "blobs/ABC", "packs/x"):
        with pytest.raises(ValueError):
            store.put(bad, b"x")
    assert store.healthy()
    (tmp_path / "file").write_text("not a folder")
    assert not DirectoryStore(tmp_path / "file" / "objects").healthy()


BOTH = pytest.mark.parametrize("object_store", ["directory", "s3"], indirect=True)


def test_the_s3_store_writes_each_object_once_under_its_prefix(s3_service: S3Service,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, value in s3_service.environment().items():
        monkeypatch.setenv(variable, value)
    store = open_store(s3_service.location("unit/one"), Path("/nonexistent"))
    assert isinstance(store, S3Store) and store.prefix == "unit/one/"
    name = blob_name("ab" + "0" * 62)
    store.put(name, b"sealed bytes")
    store.put(name, b"other bytes")  # content addressed: the name already holds its object
    assert store.get(name) == b"sealed bytes"
    with pytest.raises(KeyError):
        store.get(material_name("cd" + "0" * 62))
    for bad in ("blobs/../../etc/passwd", "records/" + "0" * 64, "blobs/ABC"):
        with pytest.raises(ValueError):
            store.put(bad, b"x")
    pack = pack_name("ef" + "0" * 62)
    store.put(pack, b"first|second|third")
    assert store.get_range(pack, 6, 6) == b"second" and store.get_range(pack, 13, 99) == b"third"
    assert store.get_range(pack, 99, 5) == b""  # past its end: nothing, as a file would give
    with pytest.raises(KeyError):
        store.get_range(pack_name("cd" + "0" * 62), 0, 1)
    assert store.healthy()
    assert s3_service.objects("unit/one/") == {name: b"sealed bytes", pack: b"first|second|third",
                                               HEALTH_PROBE: b"ok"}
    # another prefix of the same bucket is another store
    with pytest.raises(KeyError):
        open_store(s3_service.location("unit/two"), Path("/nonexistent")).get(name)


def test_the_s3_store_names_what_is_wrong_when_it_cannot_be_used(
        s3_service: S3Service, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3_service.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not the secret")
    store = open_store(s3_service.location("unit/three"), Path("/nonexistent"))
    assert not store.healthy()
    with pytest.raises(ObjectStoreUnavailable) as refused:
        store.put(blob_name("ab" + "0" * 62), b"x")
    assert refused.value.where == f"s3://{BUCKET}/unit/three/ ({s3_service.endpoint})"
    assert "403" in refused.value.reason and "not the secret" not in str(refused.value)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_service.secret_key)
    no_bucket = open_store(s3_service.location("x").replace(BUCKET, "no-such-bucket"), Path("/nonexistent"))
    assert not no_bucket.healthy()
    with pytest.raises(ObjectStoreUnavailable):  # not KeyError: a missing bucket is not a missing photo
        no_bucket.get(blob_name("ab" + "0" * 62))
    for bad in ("s3+http://127.0.0.1:1", "s3://Bad_Bucket/x", "relative/folder", "http://127.0.0.1/bucket"):
        with pytest.raises(ValueError):
            open_store(bad, Path("/nonexistent"))


def test_the_s3_store_fails_quickly_and_clearly_when_the_service_stops(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seaweedfs = SeaweedFS(tmp_path / "seaweedfs")
    service = seaweedfs.start()
    try:
        for variable, value in service.environment().items():
            monkeypatch.setenv(variable, value)
        store = open_store(service.location("gone"), tmp_path)
        name = blob_name("ab" + "0" * 62)
        store.put(name, b"sealed bytes")
        assert store.healthy()
    finally:
        seaweedfs.stop()
    started = time.monotonic()
    assert not store.healthy()
    with pytest.raises(ObjectStoreUnavailable):
        store.get(name)
    with pytest.raises(ObjectStoreUnavailable):
        store.put(blob_name("cd" + "0" * 62), b"x")
    assert time.monotonic() - started < 15  # refused connections, retried a little, not hung


@BOTH
def test_a_batchs_photos_go_to_the_store_as_one_pack_and_the_rows_say_where(registry: Registry) -> None:
    center = enroll(registry, "11001")
    items = [record(n) for n in range(3)]
    receipt = send(registry, center, center.seal(items, registry.keys.encryption.public))
    assert statuses(receipt) == ["accepted"] * 3
    assert registry.objects is not None
    with registry._session() as session:
        rows = sorted(session.scalars(select(Blob)), key=lambda row: row.pack_offset or 0)
    photos = {hashlib.sha256(item.photo).hexdigest(): item.photo for item in items}
    assert len(rows) == len(photos) > 1 and all(row.data is None for row in rows)
    (digest,) = {row.pack for row in rows}  # one write for the batch
    pack = registry.objects.get(pack_name(str(digest)))
    assert hashlib.sha256(pack).hexdigest() == digest  # content addressed
    assert [row.pack_offset for row in rows] == [0, *itertools.accumulate(row.pack_length or 0 for row in rows[:-1])]
    assert sum(row.pack_length or 0 for row in rows) == len(pack)
    for row in rows:
        sealed = pack[row.pack_offset:(row.pack_offset or 0) + (row.pack_length or 0)]
        assert row.size == len(photos[row.sha256]) and photos[row.sha256] not in sealed  # sealed at rest
        assert registry.keys.data.open(sealed, blob_place(row.sha256)) == photos[row.sha256]
        with pytest.raises(KeyError):
            registry.objects.get(blob_name(row.sha256))  # no object of its own


@BOTH
def test_a_photo_in_a_pack_is_read_back_when_a_later_batch_holds_it(registry: Registry) -> None:
    center = enroll(registry, "11001")
    photo = record(1).photo
    send(registry, center, center.seal([record(0), record(1), record(3)], registry.keys.encryption.public))
    assert held_photo(registry, hashlib.sha256(photo).hexdigest()) == photo  # a ranged read of the pack
    sealed = center.seal([record(2, photo=photo)], registry.keys.encryption.public)
    state, _new = registry.announce(caller(center), announce_body(sealed))
    assert state["missing"] == []  # held: not asked for again
    assert statuses(registry.commit(caller(center), sealed.header["batch_id"])) == ["accepted"]


@BOTH
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


@BOTH
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


@pytest.mark.parametrize("object_store", ["directory"], indirect=True)
def test_a_center_side_upload_fills_the_store(server: Server, registry: Registry) -> None:
    """Through the real server: what it files is in the data folder's objects/, not the database."""
    center: CenterSide = enrolled(server, registry, "11001")
    with link(server, center) as registry_link:
        filed(registry_link, registry_link.upload(center.seal([record(n) for n in range(2)], registry.keys.encryption.public)))
    files = [p for p in (server.data_dir / OBJECTS_FOLDER).rglob("*") if p.is_file()]
    with registry._session() as session:
        rows = list(session.scalars(select(Blob)))
    assert rows and all(row.data is None for row in rows)
    (pack,) = {str(row.pack) for row in rows}
    assert [file.relative_to(server.data_dir / OBJECTS_FOLDER) for file in files] == [Path("packs", pack[:2], pack)]


@pytest.mark.parametrize("object_store", ["s3"], indirect=True)
def test_a_center_side_upload_fills_the_bucket_sealed(server: Server, registry: Registry, db_url: str,
                                                     object_store: str, s3_service: S3Service) -> None:
    """Through the real server configured with the S3 store (init recorded it): what it files is in
    the bucket under the store's prefix, sealed, and neither in the database nor in objects/."""
    center: CenterSide = enrolled(server, registry, "11001")
    items = [record(n) for n in (7, 8)]
    with link(server, center) as registry_link:
        receipt = filed(registry_link, registry_link.upload(center.seal(items, registry.keys.encryption.public)))
    assert [result["status"] for result in receipt["results"]] == ["accepted"] * 2
    prefix = object_store.split(f"/{BUCKET}/", 1)[1] + "/"
    stored = {name: data for name, data in s3_service.objects(prefix).items() if name != HEALTH_PROBE}
    with registry._session() as session:
        rows = list(session.scalars(select(Blob)))
    assert len(rows) == 2 and sorted(stored) == [pack_name(str(rows[0].pack))] and rows[0].pack == rows[1].pack
    assert all(row.data is None for row in rows) and not (server.data_dir / OBJECTS_FOLDER).exists()
    secrets = {f"photo {n}": jpeg(n)[-200:] for n in (7, 8)} | {f"id {n}": id_number(n).encode() for n in (7, 8)}
    assert exposed(b"\x00".join(stored.values()) + raw_bytes(db_url), secrets) == []
    (pack,) = stored.values()
    opened = set()
    for row in rows:
        sealed = pack[row.pack_offset:(row.pack_offset or 0) + (row.pack_length or 0)]
        assert sealed.startswith(b"LCV1")
        opened.add(registry.keys.data.open(sealed, blob_place(row.sha256)))
    assert opened == {item.photo for item in items}


def test_health_says_unavailable_when_seaweedfs_stops(tmp_path: Path) -> None:
    """A registry serving with two workers on a SeaweedFS it was told of at init: health answers 200,
    then 503 from each worker once SeaweedFS stops."""
    seaweedfs = SeaweedFS(tmp_path / "seaweedfs")
    service = seaweedfs.start()
    data_dir = tmp_path / "registry-data"
    server = Server(data_dir, f"sqlite:///{tmp_path / 'registry.sqlite3'}", env=service.environment())
    try:
        subprocess.run(server.command("init", "--objects", service.location("health")), check=True,
                       capture_output=True, env=server.env)
        server.start(workers=2)
        assert httpx.get(f"{server.url}/v1/health", timeout=10).status_code == 200
        seaweedfs.stop()
        answers = [httpx.get(f"{server.url}/v1/health", timeout=10) for _ in range(4)]  # both workers
        assert {(answer.status_code, answer.json()["code"]) for answer in answers} == {(503, "unavailable")}
    finally:
        server.stop()
        seaweedfs.stop()


def test_init_refuses_a_store_it_cannot_use(tmp_path: Path, s3_service: S3Service) -> None:
    server = Server(tmp_path / "registry-data", f"sqlite:///{tmp_path / 'registry.sqlite3'}",
                    env={**s3_service.environment(), "AWS_SECRET_ACCESS_KEY": "wrong"})
    done = subprocess.run(server.command("init", "--objects", s3_service.location("refused")),
                          capture_output=True, text=True, env=server.env)
    assert done.returncode == 2 and "does not take a test object" in done.stderr, done.stderr
    assert not (tmp_path / "registry-data" / "registry.json").exists()
    done = subprocess.run(server.command("init", "--objects", "objects-here"), capture_output=True, text=True)
    assert done.returncode == 2 and "is not an object store" in done.stderr, done.stderr


def test_a_command_names_the_store_it_cannot_use_and_publishes_once_it_can(
        tmp_path: Path, s3_service: S3Service) -> None:
    """``publish --materials`` with the wrong key: exit 2 and a message naming the store and the
    service's answer, nothing published; with the right key, the scan is in the bucket."""
    server = Server(tmp_path / "registry-data", f"sqlite:///{tmp_path / 'registry.sqlite3'}",
                    env=s3_service.environment())
    subprocess.run(server.command("init", "--objects", s3_service.location("cli")), check=True,
                   capture_output=True, env=server.env)
    number = id_number(4242)
    sheet, materials = tmp_path / "pre.csv", tmp_path / "materials"
    sheet.write_text("id_number,name,term,level,major_code,major_name,center_id\n"
                     f"{number},诸葛晴川,2026秋,gqz,530302,大数据与会计,11001\n", encoding="utf-8")
    (materials / number).mkdir(parents=True)
    (materials / number / "photo.jpg").write_bytes(jpeg(4242))
    publish = server.command("publish", str(sheet), "--materials", str(materials))
    refused = subprocess.run(publish, capture_output=True, text=True,
                             env={**server.env, "AWS_SECRET_ACCESS_KEY": "wrong"})
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert f"The object store s3://{BUCKET}/cli/ ({s3_service.endpoint}) cannot be used (" in refused.stderr
    assert "403" in refused.stderr and "Traceback" not in refused.stderr
    assert s3_service.objects("cli/materials/") == {}
    done = subprocess.run(publish, capture_output=True, text=True, env=server.env)
    assert done.returncode == 0, done.stdout + done.stderr
    sha256 = hashlib.sha256(jpeg(4242)).hexdigest()
    assert list(s3_service.objects("cli/materials/")) == [sha256]

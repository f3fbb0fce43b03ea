"""After a real sync of a demo center's records to a registry on loopback (SQLite, and PostgreSQL
when LEARNCENTER_TEST_PG_URL is set; its photos in the data folder's objects/, or in SeaweedFS's S3
bucket), the registry's database and object store read raw hold none of the names, ID numbers and
phone numbers, nor the photos' bytes; its stored photos carry no JPEG signature; and the center got
every answer it gets from a registry that stores them plainly."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from registry.material import id_number
from registry.raw_storage import blob_rows, exposed, packed_photos, raw_bytes, stored_objects
from registry.server import Server, enroll_code
from sqlalchemy import select

from cli_run import DEMO_ADMIN, run_as
from learncenter.registry.store import create_schema, drop_schema, make_engine
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import OutboxItem, Record

PG_ENV = "LEARNCENTER_TEST_PG_URL"


@pytest.fixture(params=["sqlite", "postgresql", "sqlite+s3", "postgresql+s3"])
def server(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    database, _, objects = request.param.partition("+")
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    else:
        url = os.environ.get(PG_ENV, "")
        if not url:
            pytest.skip(f"{PG_ENV} is not set (scripts/start_postgres.sh)")
        engine = make_engine(url)
        drop_schema(engine)
        create_schema(engine)
        engine.dispose()
    running = Server(tmp_path / "registry-data", url)
    init = ["init"]
    if objects == "s3":
        service = request.getfixturevalue("s3_service")
        for name, value in service.environment().items():  # the key, as an operator gives it
            monkeypatch.setenv(name, value)
        init += ["--objects", service.location(f"at-rest-{uuid.uuid4().hex[:12]}")]
    subprocess.run(running.command(*init), check=True, capture_output=True)
    running.start()
    try:
        yield running
    finally:
        running.stop()


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """A command run by the center's administrator (the demo's), signed in as a script does."""
    capsys.readouterr()
    code, out, _err = run_as(capsys, DEMO_ADMIN, "--lang", "en", *args)
    return code, out


def test_a_synced_registry_holds_no_personal_data_in_the_clear(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "center"
    assert _cli(capsys, "--data-dir", str(folder), "demo", "--candidates", "20", "--confirmed", "6",
                "--seed", "7")[0] == 0
    assert _cli(capsys, "--data-dir", str(folder), "sync", "enroll", server.url,
                enroll_code(server, "11001", "北京学习中心"))[0] == 0
    code, out = _cli(capsys, "--data-dir", str(folder), "sync", "run")
    assert code == 0 and "6 records accepted" in out, out

    secrets: dict[str, bytes] = {}
    db = open_database(DataDir(folder))
    with db.session() as session:
        sent = session.scalars(select(Record).join(OutboxItem, OutboxItem.record_id == Record.id)
                               .where(OutboxItem.state == "accepted")).all()
        assert len(sent) == 6
        for record in sent:
            secrets[f"name of {record.id}"] = record.name.encode()
            secrets[f"ID number of {record.id}"] = record.id_number.encode()
            secrets[f"phone of {record.id}"] = record.phone.encode()
            assert record.photo_sha256 is not None
            photo = db.blobs.get(record.photo_sha256)
            assert photo.startswith(b"\xff\xd8\xff")
            for start in range(0, len(photo) - 64, len(photo) // 4):
                secrets[f"photo of {record.id} at {start}"] = photo[start:start + 64]
    db.close()

    # A pre-registration published at the registry reaches the center and is stored sealed too.
    sheet, number = tmp_path / "pre.csv", id_number(4242)
    sheet.write_text("id_number,name,term,level,major_code,major_name,center_id\n"
                     f"{number},诸葛晴川,2026秋,gqz,530302,大数据与会计,11001\n", encoding="utf-8")
    published = subprocess.run(server.command("publish", str(sheet)), capture_output=True, text=True)
    assert published.returncode == 0, published.stderr
    secrets["published name"], secrets["published ID number"] = "诸葛晴川".encode(), number.encode()
    code, out = _cli(capsys, "--data-dir", str(folder), "sync", "run")
    assert code == 0 and "1 updates received" in out, out

    server.stop()  # the files as they stay on disk
    objects = stored_objects(server.data_dir)  # the photos: the object store's, not rows
    assert exposed(raw_bytes(server.db_url) + b"\x00".join(objects), secrets) == []
    photos = packed_photos(server.db_url, objects)
    assert blob_rows(server.db_url) == []
    # sealed: the vault's format, no JPEG start; the three bytes of a JPEG's start turn up inside
    # a megabyte of ciphertext by chance about one run in twenty, so only the start is looked at
    # (the photos' own bytes were looked for everywhere above)
    assert len(photos) >= 6 and all(data.startswith(b"LCV1") and b"JFIF" not in data for data in photos)
    assert all(data.startswith(b"LCV1") for data in objects)

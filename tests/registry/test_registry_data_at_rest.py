"""The registry's personal data at rest: sealed with its data key (kept outside the database),
a database written in the clear by an older registry sealed by ``encrypt-data``, and the wrong
key refused, while everything the registry answers stays the same."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from registry.conftest import enroll
from registry.material import candidate, id_number, jpeg, record
from registry.raw_storage import blob_rows, exposed, raw_bytes
from registry.test_registry_service import caller, send, statuses
from sqlalchemy import delete, select, update

from learncenter.domain.canonical import canonical
from learncenter.registry.base import RegistryBase
from learncenter.registry.cli import main
from learncenter.registry.filing import payload_place
from learncenter.registry.keys import DATA_FILE, DATA_KEY_ENV, load_keys
from learncenter.registry.service import Registry
from learncenter.registry.store import (
    Blob,
    Change,
    Person,
    Receipt,
    RegistryMeta,
    RegistryRecord,
    make_engine,
    session_factory,
)
from learncenter.registry.vault import blob_place, receipt_place

NAMES = ("欧阳明月", "司马长风", "上官飞燕")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_as_an_older_registry(registry: RegistryBase) -> None:
    """Turn what this registry stored into what registries before the data key stored: payloads,
    photos, changes and receipts in the clear, persons as plain SHA-256 of term and ID number."""
    vault = registry.keys.data
    with session_factory(registry.engine)() as session, session.begin():
        plain: dict[str, str] = {}
        for row in session.scalars(select(RegistryRecord)):
            row.payload = vault.open_text(row.payload, payload_place(row.record_id, row.version))
            if row.person is not None:
                data = json.loads(row.payload)["candidate"]
                plain[row.person] = row.person = hashlib.sha256(
                    f"{data['term']}\n{data['id_number']}".encode()).hexdigest()
        for keyed, digest in plain.items():
            session.execute(update(Person).where(Person.person == keyed).values(person=digest))
        for blob in session.scalars(select(Blob)):
            blob.data = vault.open(blob.data, blob_place(blob.sha256))
        for change in session.scalars(select(Change)):
            key, data = registry._change_content(change)
            change.key, change.data = key, canonical(data).decode()
        for receipt in session.scalars(select(Receipt)):
            receipt.body = vault.open_text(receipt.body, receipt_place(receipt.batch_id))
        session.execute(delete(RegistryMeta))


def secrets() -> dict[str, bytes]:
    found = {name: name.encode() for name in NAMES}
    found |= {f"id {n}": id_number(n).encode() for n in (7, 8, 9)}
    found |= {f"photo {n}": jpeg(n)[-200:] for n in (7, 8)}
    return found


def test_a_database_written_in_the_clear_is_sealed_by_encrypt_data(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--data-dir", str(tmp_path / "reg"), "--db", db_url, "--lang", "en"]
    assert run(capsys, "init", *common)[0] == 0
    assert stat.S_IMODE((tmp_path / "reg" / DATA_FILE).stat().st_mode) == 0o600
    registry = Registry(make_engine(db_url), load_keys(tmp_path / "reg"))
    north, south = enroll(registry, "11001"), enroll(registry, "11002")
    enc = registry.keys.encryption.public
    first = north.seal([record(7, name=NAMES[0]), record(8, name=NAMES[1])], enc)
    receipt = send(registry, north, first)
    assert statuses(receipt) == ["accepted", "accepted"]
    registry.publish([(None, "pre_registration", f"2026秋/{id_number(9)}",
                       candidate(9, name=NAMES[2]))])
    page: dict[str, Any] = registry.changes(caller(north), None)
    assert exposed(raw_bytes(db_url), secrets()) == []  # this registry seals from the start

    write_as_an_older_registry(registry)
    registry.engine.dispose()
    assert set(exposed(raw_bytes(db_url), secrets())) == set(secrets())
    code, _, err = run(capsys, "stats", *common)
    assert code == 2 and "encrypt-data" in err  # not served half sealed

    code, out, err = run(capsys, "encrypt-data", *common)
    assert code == 0 and "2 records, 2 person index entries, 2 photos and scans" in out, err
    assert exposed(raw_bytes(db_url), secrets()) == []
    assert not any(data.startswith(b"\xff\xd8\xff") for data in blob_rows(db_url))
    assert run(capsys, "encrypt-data", *common)[1].startswith("The database is already sealed")

    # Its answers are those of before, and the duplicate check still meets the old persons.
    sealed = Registry(make_engine(db_url), load_keys(tmp_path / "reg"))
    assert sealed.receipt(caller(north), first.header["batch_id"]) == receipt
    assert sealed.changes(caller(north), None)["changes"] == page["changes"]
    again = send(sealed, south, south.seal([record(7, name=NAMES[0])], enc))
    assert statuses(again) == ["duplicate_person"]
    sealed.engine.dispose()
    code, out, _ = run(capsys, "stats", "--json", *common)
    assert code == 0 and json.loads(out)["records"] == 2


def test_the_wrong_data_key_is_refused_by_name(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    common = ["--data-dir", str(tmp_path / "reg"), "--db", db_url, "--lang", "en"]
    assert run(capsys, "init", *common)[0] == 0
    right = load_keys(tmp_path / "reg").data.key_id
    elsewhere = tmp_path / "secrets" / "registry-data.key"
    monkeypatch.setenv(DATA_KEY_ENV, str(elsewhere))  # another key file (made by init there)
    assert run(capsys, "init", *common)[0] == 2
    code, _, err = run(capsys, "stats", *common)
    assert code == 2 and right in err and load_keys(tmp_path / "reg").data.key_id in err
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o600
    monkeypatch.delenv(DATA_KEY_ENV)
    assert run(capsys, "stats", *common)[0] == 0

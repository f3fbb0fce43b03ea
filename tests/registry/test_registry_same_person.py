"""One person, two documents: the registry files a travel permit and the residence permit that
replaced it as one person when its administrator says so, and the one-application-per-term rule
holds across both (issue 13). On SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from registry.conftest import enroll
from registry.material import CenterSide, record

from learncenter.registry.cli import main
from learncenter.registry.service import Caller, Registry
from learncenter.protocol.wire import announce_body, blob_stream, content_range

PERMIT = "hk_macao_permit:H12345678"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def residence_permit() -> str:
    body = "81000019900102001"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


RESIDENCE = residence_permit()
CHAN_BY_PERMIT = dict(id_number=PERMIT, document_type="hk_macao_permit", nationality="CHN", name="陈大文",
                      gender="1", birth_date="1990-01-02")
CHAN_BY_RESIDENCE = dict(id_number=RESIDENCE, name="陈大文", gender="1", birth_date="1990-01-02")


def _send(registry: Registry, center: CenterSide, *records: object) -> list[str]:
    sealed = center.seal(list(records), registry.keys.encryption.public)  # type: ignore[arg-type]
    who = Caller(center.center_id, center.key.key_id, center.key.public)
    state, _new = registry.announce(who, announce_body(sealed))
    for missing in state["missing"]:
        stream = blob_stream(sealed.blobs[missing["index"]])
        registry.put_blob(who, sealed.header["batch_id"], missing["sha256"],
                          content_range(missing["offset"], len(stream), len(stream)), stream[missing["offset"]:])
    receipt = registry.commit(who, sealed.header["batch_id"])
    return [result.get("code", result["status"]) for result in receipt["results"]]


def test_two_documents_are_two_people_until_the_registry_says_otherwise(registry: Registry) -> None:
    north, south = enroll(registry, "11001"), enroll(registry, "11002")
    assert _send(registry, north, record(1, **CHAN_BY_PERMIT)) == ["accepted"]
    assert registry.same_person("2026秋", PERMIT, RESIDENCE)
    assert not registry.same_person("2026秋", PERMIT, RESIDENCE)  # known already
    assert _send(registry, south, record(2, **CHAN_BY_RESIDENCE)) == ["duplicate_person"]
    # another term is another application
    assert _send(registry, south, record(3, term="2027春", **CHAN_BY_RESIDENCE)) == ["accepted"]


def test_without_the_link_the_new_document_is_a_new_person(registry: Registry) -> None:
    north, south = enroll(registry, "11001"), enroll(registry, "11002")
    assert _send(registry, north, record(1, **CHAN_BY_PERMIT)) == ["accepted"]
    assert _send(registry, south, record(2, **CHAN_BY_RESIDENCE)) == ["accepted"]


def test_the_administrator_links_them_from_the_command_line(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--data-dir", str(tmp_path / "reg"), "--db", db_url, "--lang", "en"]
    assert main(["init", *common]) == 0
    capsys.readouterr()
    assert main(["same-person", "2026秋", "H 1234 5678", RESIDENCE, *common]) == 0
    out = capsys.readouterr().out
    assert f"{RESIDENCE} is the same person as {PERMIT}" in out
    assert main(["same-person", "2026秋", "H12345678", RESIDENCE, *common]) == 0
    assert "already known" in capsys.readouterr().out
    assert main(["same-person", "2026秋", "H1234", RESIDENCE, *common]) == 2
    assert "\"H1234\" is not a valid document number" in capsys.readouterr().err

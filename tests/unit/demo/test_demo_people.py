"""Demo candidate rows: valid by independent checks, varied, unique and reproducible."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from stdnum.cn import ric

from learncenter.domain.candidate import CANDIDATE_FIELDS
from learncenter.domain.validation import validate_candidate
from learncenter.services.demo import generate_rows
from learncenter.services.demo.reference_data import (
    BACHELOR_MAJORS,
    JUNIOR_COLLEGE_MAJORS,
    REGIONS,
    UNIVERSITIES,
    VOCATIONAL_COLLEGES,
)

TODAY = date(2026, 5, 20)
LEAP_DAY = date(2028, 2, 29)  # ages and "before today" around 29 February
CERT_RE = re.compile(r"^\d{5}[1567]\d{4}0[1-6]\d{5,6}$")
PERMIT_CODES = {"810000", "820000", "830000"}
ETHNICITY_CODES = {f"{i:02d}" for i in range(1, 57)} | {"97", "98"}
POLITICAL_CODES = {f"{i:02d}" for i in range(1, 14)}
DATE_FIELDS = {"birth_date", "prior_graduation_date"}


def independent_check(first17: str) -> str:
    """GB 11643 check character written out separately from the generator's."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, ...
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return {0: "1", 1: "0", 2: "X"}.get(total % 11, str(12 - total % 11))


def upgrade(id_number: str) -> str:
    """A legacy 15-digit number in its 18-character form."""
    if len(id_number) == 18:
        return id_number
    first17 = id_number[:6] + "19" + id_number[6:]
    return first17 + independent_check(first17)


def age_on(day: date, birth: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, object]]:
    return list(generate_rows(10_000, seed=20260520, today=TODAY))


@pytest.fixture(scope="module")
def rows_2000() -> list[dict[str, object]]:
    return list(generate_rows(2000, seed=7, today=TODAY))


def test_independent_check_matches_the_spec_examples() -> None:
    for valid in ("11010519491231002X", "440524188001010014", "360426199101010071",
                  "120103198806018241", "44011320141005001X"):
        assert independent_check(valid[:17]) == valid[17]
    assert upgrade("110105491231002") == "11010519491231002X"


def test_same_seed_and_day_give_the_same_rows() -> None:
    first = list(generate_rows(500, seed=3, today=TODAY))
    assert first == list(generate_rows(500, seed=3, today=TODAY))
    assert first != list(generate_rows(500, seed=4, today=TODAY))


def test_rows_have_the_candidate_shape(rows: list[dict[str, object]]) -> None:
    for row in rows:
        assert set(row) == set(CANDIDATE_FIELDS)
        for key, value in row.items():
            assert isinstance(value, date if key in DATE_FIELDS else str), (key, value)


def test_id_and_registration_numbers_are_unique(rows: list[dict[str, object]]) -> None:
    ids = [upgrade(str(r["id_number"])) if not r["document_type"] else f"{r['document_type']}:{r['id_number']}"
           for r in rows]
    assert len(set(ids)) == len(ids)
    registration = [r["registration_no"] for r in rows]
    assert len(set(registration)) == len(registration)
    for row in rows:
        number = str(row["registration_no"])
        assert re.fullmatch(r"\d{14}", number) and number[:2] == str(row["term"])[2:4]


def test_id_numbers_are_valid_and_agree_with_the_row(rows: list[dict[str, object]]) -> None:
    for row in rows:
        if row["document_type"]:
            continue  # a travel permit: see below
        raw = str(row["id_number"])
        assert len(raw) in (15, 18) and raw[:-1].isdigit()
        full = upgrade(raw)
        assert full[17] == independent_check(full[:17])
        assert ric.calc_check_digit(full) == full[17]  # a third implementation
        assert full[6:14] == row["birth_date"].strftime("%Y%m%d")  # type: ignore[attr-defined]
        assert (int(full[16]) % 2 == 1) == (row["gender"] == "男")
        if full[:6] not in PERMIT_CODES:
            # Checksum, date, and an address code that existed in the birth year.
            ric.validate(full)


def test_some_present_a_travel_permit_that_validates(rows: list[dict[str, object]]) -> None:
    permits = [r for r in rows if r["document_type"]]
    assert {r["document_type"] for r in permits} == {"回乡证", "台胞证"}
    assert 0.01 < len(permits) / len(rows) < 0.03
    for row in permits:
        checked = validate_candidate(row, today=TODAY)
        assert checked.candidate is not None, checked.problems
        assert checked.candidate.document_type in ("hk_macao_permit", "taiwan_permit")
        assert checked.candidate.id_number.endswith(str(row["id_number"]))


def test_variety_of_id_numbers(rows: list[dict[str, object]]) -> None:
    raw = [str(r["id_number"]) for r in rows if not r["document_type"]]
    legacy = [r for r in rows if len(str(r["id_number"])) == 15]
    assert legacy and all(r["birth_date"].year < 1982 for r in legacy)  # type: ignore[attr-defined]
    assert sum(n.endswith("X") for n in raw) > len(raw) * 0.05
    assert {n[:6] for n in raw} & PERMIT_CODES == PERMIT_CODES
    assert len({n[:2] for n in raw}) >= 25  # provinces


def test_everybody_is_an_adult_under_56_with_a_past_diploma() -> None:
    for today in (TODAY, LEAP_DAY, date(2026, 1, 1), date(2026, 12, 31)):
        for row in generate_rows(3000, seed=11, today=today):
            assert 18 <= age_on(today, row["birth_date"]) <= 55  # type: ignore[arg-type]
            assert row["prior_graduation_date"] < today  # type: ignore[operator]


def test_every_level_is_well_represented(rows: list[dict[str, object]]) -> None:
    levels = Counter(r["level"] for r in rows)
    assert set(levels) == {"高起专", "高起本", "专升本"}
    assert min(levels.values()) > len(rows) * 0.12
    assert Counter(r["gender"] for r in rows).keys() == {"男", "女"}


def test_names_include_rare_and_dotted_ones(rows_2000: list[dict[str, object]]) -> None:
    names = [str(r["name"]) for r in rows_2000]
    assert any(any(ord(c) > 0xFFFF for c in n) for n in names)
    dotted = [r for r in rows_2000 if "\u00b7" in str(r["name"])]
    assert dotted and {r["ethnicity"] for r in dotted} <= {"05", "04", "02"}
    lengths = Counter(len(n) for n in names if "\u00b7" not in n)
    assert 0.2 < lengths[2] / len(names) < 0.4 and lengths[3] > lengths[2]
    assert any(n.startswith(("欧阳", "司马", "诸葛", "上官", "皇甫", "令狐", "慕容", "东方"))
               for n in names)


def test_codes_are_from_the_tables(rows: list[dict[str, object]]) -> None:
    ethnicities = Counter(r["ethnicity"] for r in rows)
    assert set(ethnicities) <= ETHNICITY_CODES
    assert 0.8 < ethnicities["01"] / len(rows) < 0.95 and len(ethnicities) >= 10
    politics = Counter(r["political_status"] for r in rows)
    assert set(politics) <= POLITICAL_CODES and {"13", "03", "01"} <= set(politics)
    assert politics.most_common(1)[0][0] == "13"
    junior = {c[:6]: n for c, n, _ in JUNIOR_COLLEGE_MAJORS}
    bachelor = {c[:6]: n for c, n, _ in BACHELOR_MAJORS}
    for row in rows:
        majors = junior if row["level"] == "高起专" else bachelor
        assert majors.get(str(row["major_code"])) == row["major_name"]
        assert re.fullmatch(r"\d{4}[春秋]", str(row["term"]))
        assert re.fullmatch(r"1[3-9]\d{9}", str(row["phone"]))
        assert row["learning_form"] == "网络教育" and row["address"]


def test_secondary_school_leavers(rows: list[dict[str, object]]) -> None:
    for row in rows:
        if row["level"] == "专升本":
            continue
        assert row["prior_education"] in ("普通高中", "中专", "职业高中")
        graduated = row["prior_graduation_date"]
        assert isinstance(graduated, date) and graduated < TODAY
        assert age_on(graduated, row["birth_date"]) >= 15  # type: ignore[arg-type]
        assert row["prior_school"]
        assert row["prior_certificate_no"] == row["chsi_code"] == row["cert_report_no"] == ""


def test_prior_certificates_agree_with_the_diploma(rows: list[dict[str, object]]) -> None:
    upgraders = [r for r in rows if r["level"] == "专升本"]
    reports = 0
    for row in upgraders:
        number = str(row["prior_certificate_no"])
        graduated = row["prior_graduation_date"]
        assert isinstance(graduated, date) and graduated < TODAY
        assert age_on(graduated, row["birth_date"]) >= 20  # type: ignore[arg-type]
        assert CERT_RE.match(number), number
        assert int(number[6:10]) == graduated.year
        assert number[10:12] == {"专科": "06", "本科": "05"}[str(row["prior_education"])]
        if len(number) == 17:
            assert 2000 <= graduated.year <= 2002
        chsi, report = str(row["chsi_code"]), str(row["cert_report_no"])
        assert bool(chsi) != bool(report)
        if report:
            reports += 1
            assert re.fullmatch(r"\d{7}", report)
        else:
            assert re.fullmatch(r"[A-Z0-9]{16}", chsi)
    assert 0.02 < reports / len(upgraders) < 0.10
    assert any(len(str(r["prior_certificate_no"])) == 17 for r in upgraders)
    assert {r["prior_education"] for r in upgraders} == {"专科", "本科"}


def test_reference_tables_are_consistent() -> None:
    codes = [r.code for r in REGIONS]
    assert len(set(codes)) == len(codes) >= 40
    schools = [c for c, _ in UNIVERSITIES + VOCATIONAL_COLLEGES]
    assert len(set(schools)) == len(schools) and all(re.fullmatch(r"\d{5}", c) for c in schools)
    for code, _, _ in BACHELOR_MAJORS + JUNIOR_COLLEGE_MAJORS:
        assert re.fullmatch(r"\d{6}[KT]?", code)


def test_arguments() -> None:
    assert list(generate_rows(0, seed=1, today=TODAY)) == []
    with pytest.raises(ValueError):
        list(generate_rows(-1, seed=1, today=TODAY))
    with pytest.raises(ValueError):
        list(generate_rows(1, seed=1, today=TODAY, center_code="12AB"))
    rows = list(generate_rows(3, seed=1, today=TODAY, center_code="441900"))
    assert [str(r["registration_no"])[2:] for r in rows] == [
        "441900000001", "441900000002", "441900000003"]

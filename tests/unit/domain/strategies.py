"""Hypothesis strategies and builders shared by the domain tests.

The check character is computed here from the formula in DOMAIN.md, independently of the code
under test, so the tests check the implementation against the standard rather than itself.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
KNOWN_REGIONS = ["110105", "440524", "360426", "120103", "440113", "310101", "510104", "650102", "632822"]


def spec_check_character(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


@st.composite
def valid_id_numbers(draw: st.DrawFn, first: date = date(1900, 1, 1), last: date = date(2020, 12, 31)) -> str:
    region = draw(st.sampled_from(KNOWN_REGIONS))
    birth = draw(st.dates(first, last))
    sequence = draw(st.integers(0, 999))
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + spec_check_character(first17)


@st.composite
def legacy_id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(KNOWN_REGIONS))
    birth = draw(st.dates(date(1900, 1, 1), date(1999, 12, 31)))
    sequence = draw(st.integers(0, 999))
    return f"{region}{birth:%y%m%d}{sequence:03d}"


@st.composite
def certificate_numbers(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A number in the national layout and the parts it was built from."""
    school = draw(st.from_regex(r"[0-9]{5}", fullmatch=True))
    kind = draw(st.sampled_from("1567"))
    short = draw(st.booleans())
    year = draw(st.integers(2000, 2002) if short else st.integers(2003, 2035))
    level = draw(st.sampled_from(["01", "02", "03", "04", "05", "06"]))
    serial = draw(st.from_regex(r"[0-9]{5}" if short else r"[0-9]{6}", fullmatch=True))
    parts = {"school_code": school, "education_type": kind, "year": year, "level_code": level, "serial": serial}
    return f"{school}{kind}{year}{level}{serial}", parts


PR_PROVINCES = ["11", "31", "32", "44", "51", "65"]
PR_NATIONALITIES = {"840": "USA", "682": "SAU", "410": "KOR", "276": "DEU", "704": "VNM"}


@st.composite
def permanent_resident_numbers(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A 2023 permanent resident card number (9, province, numeric nationality, birth date,
    sequence, MOD 11-2 check) and the parts it was built from."""
    province = draw(st.sampled_from(PR_PROVINCES))
    numeric = draw(st.sampled_from(sorted(PR_NATIONALITIES)))
    birth = draw(st.dates(date(1920, 1, 1), date(2020, 12, 31)))
    sequence = draw(st.integers(0, 999))
    first17 = f"9{province}{numeric}{birth:%Y%m%d}{sequence:03d}"
    parts = {"province": province, "nationality": PR_NATIONALITIES[numeric], "birth_date": birth,
             "male": sequence % 2 == 1}
    return first17 + spec_check_character(first17), parts

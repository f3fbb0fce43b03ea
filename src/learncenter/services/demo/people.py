"""Candidate rows for the demo: valid, varied and reproducible.

The rows have the shape of an imported spreadsheet row (strings and dates, codes as the
clerks type them), so the demo goes through the same validator as real data. Variety is the
point: every level, both genders, ages 18–55, many provinces, permits of Hong Kong, Macao and
Taiwan residents, legacy 15-digit ID numbers, ID numbers ending in X, rare and non-BMP
characters, minority names with the middle dot, old certificates in the 17-digit form and
certification reports instead of CHSI codes. A seed and a date fix the output, so a bug seen
in a demo database can be reproduced.
"""

from __future__ import annotations

import itertools
import random
import string
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Generic, TypeVar

from learncenter.domain.idnumber import check_character
from learncenter.services.demo import reference_data as ref
from learncenter.services.demo.reference_data import Region

__all__ = ["generate_rows"]

T = TypeVar("T")

LEVEL_WEIGHTS: tuple[tuple[str, float], ...] = (("高起专", 30), ("高起本", 18), ("专升本", 52))
FEMALE_SHARE = 0.53  # online education enrols slightly more women than men
DOTTED_NAME_SHARE = 0.04
PERMIT_SHARE = 0.006
LEGACY_ID_SHARE = 0.05  # of candidates born before 1982
RARE_CHAR_SHARE = 0.02
SINGLE_GIVEN_SHARE = 0.30  # two-character names (surname + one character)
PRIOR_BACHELOR_SHARE = 0.06  # 专升本 candidates who already hold a bachelor's degree
SHORT_CERT_SHARE = 0.7  # certificates of 2000-2002 in the 17-digit form
REPORT_SHARE_OLD = 0.8  # graduates before 2002 mostly need a certification report
REPORT_SHARE_RECENT = 0.03
NEXT_TERM_SHARE = 0.15  # early applicants for the term after the coming one

# Age at application, weighted the way learning centers see it: a bulge in the twenties.
_AGE_WEIGHTS: tuple[tuple[int, float], ...] = tuple(
    (age, w)
    for lo, hi, w in ((18, 19, 6), (20, 24, 10), (25, 30, 11), (31, 35, 8), (36, 40, 5),
                      (41, 45, 3), (46, 50, 1.8), (51, 55, 1))
    for age in range(lo, hi + 1)
)
_MIN_AGE_ZSB = 21  # a junior college diploma is rarely held before 20

_SECONDARY_WEIGHTS: tuple[tuple[str, float], ...] = (("普通高中", 55), ("中专", 30), ("职业高中", 15))
_POLITICAL_YOUNG: tuple[tuple[str, float], ...] = (
    ("13", 55), ("03", 36), ("01", 6), ("02", 1.5), ("12", 0.5), ("05", 0.5), ("07", 0.5))
_POLITICAL_OLDER: tuple[tuple[str, float], ...] = (
    ("13", 80), ("01", 14), ("03", 2), ("02", 1), ("05", 1), ("06", 0.5), ("07", 0.5),
    ("08", 0.3), ("10", 0.3), ("04", 0.2), ("09", 0.1), ("11", 0.1))
_LEAGUE_AGE_LIMIT = 28  # members of the Communist Youth League leave at 28
_PHONE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 159 "
    "166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199"
).split()
_CHSI_ALPHABET = string.ascii_uppercase + string.digits


class _Weighted(Generic[T]):
    """A weighted choice with the cumulative weights computed once (the loop is hot)."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum = list(itertools.accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.values, cum_weights=self.cum)[0]


def _years_before(day: date, years: int) -> date:
    """``day`` moved back by whole years; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _terms(today: date) -> tuple[str, str]:
    """The coming enrolment round and the one after it (spring and autumn intakes)."""
    if today.month <= 2:
        return f"{today.year}春", f"{today.year}秋"
    if today.month <= 8:
        return f"{today.year}秋", f"{today.year + 1}春"
    return f"{today.year + 1}春", f"{today.year + 1}秋"


def generate_rows(
    count: int, *, seed: int, today: date, center_code: str | None = None
) -> Iterator[dict[str, object]]:
    """Yield ``count`` raw candidate rows, the same for the same ``seed`` and ``today``.

    ``center_code`` (six digits) goes into the registration numbers; by default one is drawn
    from the seed. Raw rows use the spellings a spreadsheet holds ("男", "专升本", "网络教育");
    every row has every key, with "" for values that do not apply.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if count > 999_999:
        raise ValueError("registration numbers hold a six-digit serial: at most 999999 rows")
    if center_code is not None and not (len(center_code) == 6 and center_code.isdigit()):
        raise ValueError("center_code must be six digits")
    generator = _RowGenerator(random.Random(seed), today, center_code)
    for serial in range(1, count + 1):
        yield generator.row(serial)


class _RowGenerator:
    """Holds the random source and what has been handed out, so ID numbers stay unique."""

    def __init__(self, rng: random.Random, today: date, center_code: str | None) -> None:
        self.rng = rng
        self.today = today
        province = rng.choice(("11", "31", "37", "41", "44", "51"))
        self.center = center_code or f"{province}{rng.randrange(10_000):04d}"
        self.terms = _terms(today)
        self.ids: set[str] = set()
        self.certificates: set[str] = set()
        self.levels = _Weighted(LEVEL_WEIGHTS)
        self.ages = _Weighted(_AGE_WEIGHTS)
        self.ages_zsb = _Weighted([(a, w) for a, w in _AGE_WEIGHTS if a >= _MIN_AGE_ZSB])
        self.ethnicities = _Weighted(ref.ETHNICITY_WEIGHTS)
        self.dotted_ethnicities = _Weighted(ref.DOTTED_ETHNICITY_WEIGHTS)
        self.surnames = _Weighted(ref.SURNAMES)
        self.secondary = _Weighted(_SECONDARY_WEIGHTS)
        self.political_young = _Weighted(_POLITICAL_YOUNG)
        self.political_older = _Weighted(_POLITICAL_OLDER)
        self.bachelor_majors = _Weighted([((c, n), w) for c, n, w in ref.BACHELOR_MAJORS])
        self.junior_majors = _Weighted([((c, n), w) for c, n, w in ref.JUNIOR_COLLEGE_MAJORS])
        self.by_code = {r.code: r for r in ref.REGIONS}
        self._regions_by_year: dict[int, _Weighted[Region]] = {}

    # -- one row --------------------------------------------------------------------------

    def row(self, serial: int) -> dict[str, object]:
        rng = self.rng
        level = self.levels.pick(rng)
        female = rng.random() < FEMALE_SHARE
        dotted = rng.random() < DOTTED_NAME_SHARE
        ethnicity = self.dotted_ethnicities.pick(rng) if dotted else self.ethnicities.pick(rng)
        name = self._dotted_name(ethnicity, female) if dotted else self._han_name(female)
        birth = self._birth_date(level)
        permit = not dotted and rng.random() < PERMIT_SHARE
        if permit:
            ethnicity = "01"
        home = self._home_region(ethnicity, birth.year)
        region = rng.choice(ref.PERMIT_REGIONS) if permit else home
        id_number = self._id_number(region.code, birth, female, legacy_ok=not permit)
        age = self._age(birth)
        term = self.terms[1] if rng.random() < NEXT_TERM_SHARE else self.terms[0]
        if level == "专升本":
            major_code, major_name = self.bachelor_majors.pick(rng)
            prior = self._prior_college(birth, age)
        else:
            majors = self.junior_majors if level == "高起专" else self.bachelor_majors
            major_code, major_name = majors.pick(rng)
            prior = self._prior_secondary(birth, home)
        politics = self.political_young if age <= _LEAGUE_AGE_LIMIT else self.political_older
        political = politics.pick(rng)
        return {
            "term": term,
            "name": name,
            "gender": "女" if female else "男",
            "birth_date": birth,
            "id_number": id_number,
            "ethnicity": ethnicity,
            "political_status": political,
            "level": level,
            # The catalogue marks some bachelor majors with K/T; the record keeps six characters.
            "major_code": major_code[:6],
            "major_name": major_name,
            "learning_form": "网络教育",
            "registration_no": f"{term[2:4]}{self.center}{serial:06d}",
            "phone": rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(100_000_000):08d}",
            "address": self._address(home),
            **prior,
            # The payment columns are there but empty (payment not recorded), so the demo's lists
            # keep the shape of every field and any demo candidate can still be confirmed.
            "payment_state": "",
            "payment_date": "",
            # A few claim an exemption or a special admission type; chosen by serial, not drawn, so
            # every other value of the demo stays as it was.
            "admission_type": "定向培养" if serial % 53 == 7 else "",
            "exemptions": (f"大学英语：大学英语四级：{serial * 7919 % 10**15:015d}"
                           if level == "专升本" and serial % 17 == 3 else ""),
            "document_type": "",
            "nationality": "",
            "prior_study_form": "",
            **self._travel_permit(serial),
        }

    @staticmethod
    def _travel_permit(serial: int) -> dict[str, str]:
        """A few candidates of Hong Kong, Macao or Taiwan who present their travel permit instead of
        an ID card (chosen by serial, not drawn, so every other value stays as it was)."""
        if serial % 97 == 11:
            return {"document_type": "回乡证", "id_number": f"{'HM'[serial % 2]}{serial * 7919 % 10**8:08d}"}
        if serial % 97 == 41:
            return {"document_type": "台胞证", "id_number": f"{serial * 104729 % 10**8:08d}"}
        return {}

    # -- people ---------------------------------------------------------------------------

    def _han_name(self, female: bool) -> str:
        rng = self.rng
        surname = self.surnames.pick(rng)
        pool = ref.GIVEN_FEMALE if female else ref.GIVEN_MALE
        if rng.random() < SINGLE_GIVEN_SHARE:
            given = [rng.choice(pool)]
        else:
            first = rng.choice(ref.GIVEN_NEUTRAL if rng.random() < 0.4 else pool)
            given = [first, rng.choice(pool)]
        if rng.random() < RARE_CHAR_SHARE:
            rare = ref.NON_BMP_GIVEN if rng.random() < ref.NON_BMP_SHARE else ref.RARE_GIVEN
            given[rng.randrange(len(given))] = rng.choice(rare)
        return surname + "".join(given)

    def _dotted_name(self, ethnicity: str, female: bool) -> str:
        male_given, female_given, fathers = ref.DOTTED_NAMES[ethnicity]
        own = self.rng.choice(female_given if female else male_given)
        return f"{own}\u00b7{self.rng.choice(fathers)}"

    def _birth_date(self, level: str) -> date:
        age = (self.ages_zsb if level == "专升本" else self.ages).pick(self.rng)
        latest = _years_before(self.today, age)  # turns `age` today
        earliest = _years_before(self.today, age + 1) + timedelta(days=1)
        return date.fromordinal(self.rng.randint(earliest.toordinal(), latest.toordinal()))

    def _age(self, birth: date) -> int:
        t = self.today
        return t.year - birth.year - ((t.month, t.day) < (birth.month, birth.day))

    def _home_region(self, ethnicity: str, birth_year: int) -> Region:
        """A region whose code existed in the birth year, near the ethnic group's home."""
        valid = self._regions_by_year.get(birth_year)
        if valid is None:
            valid = _Weighted([(r, r.weight) for r in ref.REGIONS if r.since <= birth_year])
            self._regions_by_year[birth_year] = valid
        home_codes = ref.HOME_REGIONS.get(ethnicity)
        if home_codes:
            homes = [self.by_code[c] for c in home_codes if self.by_code[c].since <= birth_year]
            if homes and self.rng.random() < 0.85:
                return self.rng.choice(homes)
        return valid.pick(self.rng)

    def _id_number(self, region: str, birth: date, female: bool, *, legacy_ok: bool) -> str:
        """A unique ID number; sometimes the 15-digit form an old card still carries."""
        rng = self.rng
        legacy = legacy_ok and birth.year < 1982 and rng.random() < LEGACY_ID_SHARE
        ymd = birth.strftime("%Y%m%d")
        while True:
            sequence = f"{rng.randrange(100):02d}{rng.randrange(5) * 2 + (0 if female else 1)}"
            first17 = f"{region}{ymd}{sequence}"
            full = first17 + check_character(first17)
            if full not in self.ids:
                self.ids.add(full)
                return f"{region}{ymd[2:]}{sequence}" if legacy else full

    def _address(self, region: Region) -> str:
        rng = self.rng
        street = f"{rng.choice(ref.STREETS)}{rng.randint(1, 399)}号"
        place = f"{region.province}{region.city}{region.county}"
        if rng.random() < 0.7:
            estate = rng.choice(ref.ESTATES)
            building, unit = rng.randint(1, 30), rng.randint(1, 4)
            flat = f"{rng.randint(1, 28)}{rng.randint(1, 4):02d}"
            return f"{place}{street}{estate}{building}栋{unit}单元{flat}室"
        return place + street

    # -- prior education ------------------------------------------------------------------

    def _last_graduation_year(self, month: int, day: int) -> int:
        """The last year in which (month, day) falls strictly before today."""
        today = self.today
        return today.year if (month, day) < (today.month, today.day) else today.year - 1

    def _prior_secondary(self, birth: date, home: Region) -> dict[str, object]:
        rng = self.rng
        kind = self.secondary.pick(rng)
        month, day = rng.choice(((6, 30), (7, 1), (7, 10)))
        year = birth.year + rng.choice((17, 18, 18, 18, 19, 20))
        year = min(year, self._last_graduation_year(month, day))
        year = max(year, birth.year + 16)
        city = home.city or home.province
        school = f"{city}{rng.choice(ref.SECONDARY_SCHOOL_FORMS[kind])}"
        return {
            "prior_education": kind,
            "prior_school": school,
            "prior_graduation_date": date(year, month, day),
            "prior_certificate_no": "",
            "chsi_code": "",
            "cert_report_no": "",
        }

    def _prior_college(self, birth: date, age: int) -> dict[str, object]:
        """A diploma of 专科 or 本科 whose certificate number agrees with it (DOMAIN §4).

        It was awarded on or after the holder's 20th (22nd for 本科) birthday and before
        today; at 21 (23) or older such a date exists for every graduation day of the year.
        """
        rng = self.rng
        bachelor = age >= _MIN_AGE_ZSB + 2 and rng.random() < PRIOR_BACHELOR_SHARE
        roll = rng.random()
        if bachelor:
            kind = "1" if roll < 0.5 else ("5" if roll < 0.75 else "7")
        else:
            kind = "1" if roll < 0.55 else ("5" if roll < 0.77 else ("7" if roll < 0.95 else "6"))
        if kind == "1" and not bachelor:
            school_code, school = rng.choice(ref.VOCATIONAL_COLLEGES)
        else:
            school_code, school = rng.choice(ref.UNIVERSITIES)
        month, day = {
            "1": ((6, 30), (7, 1)),
            "5": ((1, 10), (7, 10)),
            "6": ((6, 30), (12, 31)),
            "7": ((1, 15), (7, 15)),
        }[kind][rng.randrange(2)]
        study_age = 22 if bachelor else 20
        earliest = birth.year + study_age + ((month, day) < (birth.month, birth.day))
        latest = self._last_graduation_year(month, day)
        if rng.random() < 0.6:  # straight from school: graduated within a few years
            year = min(latest, earliest + rng.randrange(4))
        else:
            year = rng.randint(earliest, latest)
        level = "05" if bachelor else "06"
        short_form = 2000 <= year <= 2002 and rng.random() < SHORT_CERT_SHARE
        while True:
            digits = 5 if short_form else 6
            serial = f"{rng.randrange(1, 10**digits):0{digits}d}"
            certificate = f"{school_code}{kind}{year}{level}{serial}"
            if certificate not in self.certificates:
                self.certificates.add(certificate)
                break
        report = rng.random() < (REPORT_SHARE_OLD if year < 2002 else REPORT_SHARE_RECENT)
        return {
            "prior_education": "本科" if bachelor else "专科",
            "prior_school": school,
            "prior_graduation_date": date(year, month, day),
            "prior_certificate_no": certificate,
            "chsi_code": "" if report else "".join(rng.choices(_CHSI_ALPHABET, k=16)),
            "cert_report_no": f"{rng.randrange(1_000_000, 10_000_000)}" if report else "",
        }

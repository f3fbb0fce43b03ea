"""Admission results from a sheet (录取名单): one admitted candidate per row.

The registry sends admissions down with the sync; an admissions office's list (CSV in any Chinese
encoding, or XLSX) can be read instead. Besides the candidate columns the import knows (身份证号,
姓名, 层次, 专业代码, 专业名称, 批次 …), a row names the programme length (学制) and the
enrolment date (入学日期); a row that cannot be read is refused with its row number and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from learncenter.domain.codes import field_label, parse_gender, parse_level
from learncenter.domain.idnumber import parse_id_number
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.student_rules import parse_programme_length
from learncenter.domain.validation import parse_date
from learncenter.services.sheets.headers import header_key
from learncenter.services.students import Admission

define(
    "admissions.missing",
    zh="第 {row} 行缺少“{column}”：请补上后重新导入。",
    en="Row {row} lacks \"{column}\": fill it in and import again.",
)
define(
    "admissions.row",
    zh="第 {row} 行：{reason}",
    en="Row {row}: {reason}",
)
define(
    "admissions.no_column",
    zh="录取名单缺少“{column}”列：请加上该列后重新导入。",
    en="The admission list has no \"{column}\" column: add it and import again.",
)

_EXTRA_COLUMNS = {
    "programme_length": ("学制", "学习年限", "programme length", "program length", "length"),
    "enrolment_date": ("入学日期", "入学时间", "注册日期", "enrolment date", "enrollment date"),
    "candidate_no": ("考生号", "考生编号", "candidate number", "candidate no"),
}
_EXTRA_WORDS = {"programme_length": ("学制", "programme length"), "enrolment_date": ("入学日期", "enrolment date"),
                "candidate_no": ("考生号", "candidate number")}
REQUIRED = ("term", "id_number", "level", "major_code", "major_name")


@dataclass
class AdmissionSheet:
    admissions: list[tuple[int, Admission]] = field(default_factory=list)
    refused: list[tuple[int, Problem]] = field(default_factory=list)
    rows: int = 0


def read_admissions(path: Path, *, today: date, encoding: str | None = None, lang: str = "zh") -> AdmissionSheet:
    from learncenter.services.sheets.reader import open_sheet

    result = AdmissionSheet()
    with open_sheet(path, encoding=encoding) as sheet:
        extra = {name: index for index, heading in enumerate(sheet.headers)
                 for name, aliases in _EXTRA_COLUMNS.items()
                 if header_key(heading) in {header_key(a) for a in aliases}}
        for name in ("programme_length", "enrolment_date"):
            if name not in extra:
                raise DomainError(Problem("admissions.no_column", name, {"column": _EXTRA_WORDS[name][lang == "en"]}))
        for needed in REQUIRED:
            if needed not in sheet.mapping.values():
                raise DomainError(Problem("admissions.no_column", needed, {"column": field_label(needed, lang)}))
        for row in sheet.rows():
            result.rows += 1
            values = dict(row.values)
            values.update({name: row.raw[i] if i < len(row.raw) else None for name, i in extra.items()})
            try:
                result.admissions.append((row.number, _admission(values, row.number, today, lang)))
            except DomainError as exc:
                result.refused.append((row.number, Problem("admissions.row", exc.problems[0].field,
                                                           {"row": row.number, "reason": exc.text(lang)})))
    return result


def _text(values: dict[str, object], name: str, row: int, lang: str) -> str:
    value = values.get(name)
    text = "" if value is None else str(value).strip()
    if not text:
        words = _EXTRA_WORDS[name][lang == "en"] if name in _EXTRA_WORDS else field_label(name, lang)
        raise DomainError(Problem("admissions.missing", name, {"row": row, "column": words}))
    return text


def _admission(values: dict[str, object], row: int, today: date, lang: str) -> Admission:
    id_number = parse_id_number(_text(values, "id_number", row, lang), today=today).value
    enrolment = values.get("enrolment_date")
    birth = values.get("birth_date")
    gender = values.get("gender")
    return Admission(
        term=_text(values, "term", row, lang), id_number=id_number,
        level=parse_level(_text(values, "level", row, lang)),
        major_code=_text(values, "major_code", row, lang), major_name=_text(values, "major_name", row, lang),
        programme_length=str(parse_programme_length(_text(values, "programme_length", row, lang))),
        enrolment_date=enrolment if isinstance(enrolment, date) else parse_date(
            _text(values, "enrolment_date", row, lang), "enrolment_date"),
        candidate_no=str(values.get("candidate_no") or "").strip(),
        name=str(values.get("name") or "").strip(),
        gender=parse_gender(gender).value if gender not in (None, "") else "",
        birth_date=birth if isinstance(birth, date) else (parse_date(birth, "birth_date") if birth else None),
    )

"""Match the column headings people actually type to candidate fields.

Lists arrive from admissions offices, partner schools and the clerks' own templates, so the
same column is called 身份证号, 身份证号码, 证件号码 or "ID number", often with a ``*``
marking it required, a note in full-width parentheses ("性别（男/女）") or stray spaces.
Matching is done on a normalised key so that none of that matters, while the alias table
itself stays readable and is checked for collisions when the module loads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from learncenter.domain.candidate import CANDIDATE_FIELDS
from learncenter.domain.messages import Problem, define

NO_HEADER = define(
    "sheet.no_header",
    zh="第一行应是表头（列名），但没有找到“姓名”或“身份证号”列；第一行的内容是：{found}。"
    "请在第一行填写列名，例如“姓名”“身份证号”“性别”，然后重新导入。",
    en="The first row must be the header row (column names), but no 'name' or 'ID number' "
    "column was found; the first row contains: {found}. Put the column names, such as "
    "'name' and 'ID number', in the first row and import again.",
)

#: A header row must name at least one of these, or rows could not be matched to anybody.
KEY_FIELDS: tuple[str, ...] = ("name", "id_number")

#: Headings accepted for each field, besides the field name itself. Written as people write
#: them; :func:`header_key` makes the comparison tolerant of case, spaces and punctuation.
HEADER_ALIASES: Mapping[str, tuple[str, ...]] = {
    "term": ("招生批次", "批次", "入学批次", "报名批次", "招生季", "term", "enrolment term",
             "enrollment term", "intake", "batch"),
    "name": ("姓名", "考生姓名", "学生姓名", "学员姓名", "name", "full name", "student name",
             "candidate name"),
    "gender": ("性别", "gender", "sex"),
    "birth_date": ("出生日期", "出生年月日", "出生年月", "生日", "birth date", "date of birth",
                   "dob", "birthday"),
    "id_number": ("身份证号", "身份证号码", "身份证", "证件号码", "证件号", "公民身份号码",
                  "ID number", "ID no", "ID card number", "ID card no", "identity card number",
                  "national ID number"),
    "level": ("层次", "报考层次", "培养层次", "学历层次", "level", "programme level",
              "program level"),
    "major_code": ("专业代码", "报考专业代码", "major code", "programme code", "program code"),
    "major_name": ("专业名称", "专业", "报考专业", "major", "major name", "programme", "program"),
    "ethnicity": ("民族", "ethnicity", "ethnic group"),
    "political_status": ("政治面貌", "political status"),
    "learning_form": ("学习形式", "learning form", "study mode", "mode of study"),
    "registration_no": ("报名号", "registration number", "registration no"),
    "phone": ("联系电话", "手机", "手机号", "手机号码", "电话", "电话号码", "phone", "phone number",
              "mobile", "mobile number", "telephone"),
    "address": ("通讯地址", "地址", "联系地址", "通信地址", "邮寄地址", "address",
                "postal address", "mailing address"),
    "prior_education": ("前置学历", "原学历", "入学前学历", "prior education",
                        "previous education"),
    "prior_school": ("毕业院校", "原毕业学校", "原毕业院校", "毕业学校", "prior school",
                     "previous school"),
    "prior_certificate_no": ("毕业证书编号", "证书编号", "毕业证书号", "毕业证号", "毕业证编号",
                             "prior certificate number", "prior certificate no",
                             "certificate number", "certificate no", "diploma number"),
    "prior_graduation_date": ("毕业日期", "毕业时间", "graduation date",
                              "prior graduation date"),
    "chsi_code": ("学信网在线验证码", "在线验证码", "学信网验证码", "验证码", "CHSI code",
                  "CHSI verification code", "online verification code"),
    "cert_report_no": ("认证报告编号", "学历认证报告编号", "certification report number",
                       "certification report no", "cert report number", "cert report no"),
    "payment_state": ("缴费状态", "缴费情况", "是否缴费", "交费状态", "是否交费", "缴费", "payment", "payment state",
                      "payment status", "paid"),
    "payment_date": ("缴费日期", "缴费时间", "交费日期", "退费日期", "payment date", "date paid", "paid on",
                     "refund date"),
    "admission_type": ("招生类型", "录取类型", "特殊招生类型", "招生计划类型", "admission type", "special admission type"),
    "document_type": ("证件类型", "身份证件类型", "证件种类", "document type", "identity document", "id type"),
    "prior_study_form": ("前置学历类别", "学历类别", "毕业证书类别", "原学历类别", "prior study form",
                         "diploma type", "education type"),
    "nationality": ("国籍", "国家/地区", "国籍/地区", "nationality", "country"),
    "exemptions": ("免考科目", "免考", "免试", "免考情况", "免试科目", "免考科目及依据", "exemptions", "exemption",
                   "exempt subjects"),
}

# Notes in brackets are dropped before matching: "性别（男/女）", "出生日期[yyyy-mm-dd]".
_ANNOTATION = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>|《[^》]*》")
# Spaces, required markers and the separators people put between words of a heading.
_NOISE = re.compile(r"[\s*_\-.:/\\'\"“”‘’、]+")


def header_key(text: str) -> str:
    """Reduce a heading to the part that identifies it.

    NFKC turns full-width letters, parentheses, colons and ``＊`` into their ASCII forms, so
    one set of rules covers text typed with a Chinese input method on or off.
    """
    key = unicodedata.normalize("NFKC", text).casefold()
    key = _ANNOTATION.sub("", key)
    return _NOISE.sub("", key)


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field_name in CANDIDATE_FIELDS:
        for alias in (field_name, *HEADER_ALIASES.get(field_name, ())):
            key = header_key(alias)
            previous = index.setdefault(key, field_name)
            if previous != field_name:
                raise ValueError(f"heading {alias!r} would match both {previous} and {field_name}")
    unknown = set(HEADER_ALIASES) - set(CANDIDATE_FIELDS)
    if unknown:
        raise ValueError(f"aliases given for fields that do not exist: {sorted(unknown)}")
    return index


_INDEX = _build_index()


def field_for_header(text: object) -> str | None:
    """The candidate field a heading names, or None if it is not one we import."""
    if text is None:
        return None
    key = header_key(str(text))
    return _INDEX.get(key) if key else None


def describe_row(cells: Sequence[object], *, limit: int = 8, width: int = 20) -> str:
    """A short quotation of a row for an error message, so the user recognises it."""
    shown = []
    for cell in cells:
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        shown.append(text if len(text) <= width else text[: width - 1] + "…")
        if len(shown) == limit:
            shown.append("…")
            break
    return " | ".join(shown) if shown else "—"


def map_headers(headers: Sequence[str]) -> tuple[dict[int, str], list[str]]:
    """Map column positions to candidate fields; list the headings that were not used.

    When two columns name the same field (say 手机 and 联系电话) the first one wins and the
    second is reported as unmapped, so the caller can tell the user it was ignored rather
    than silently mixing two sources. Raises :class:`SheetError` if neither the name nor the
    ID number column is present: then the first row is almost certainly not a header row.
    """
    mapping: dict[int, str] = {}
    unmapped: list[str] = []
    taken: set[str] = set()
    for index, heading in enumerate(headers):
        field_name = field_for_header(heading)
        if field_name is not None and field_name not in taken:
            mapping[index] = field_name
            taken.add(field_name)
        elif heading is not None and str(heading).strip():
            unmapped.append(str(heading))
    if not taken.intersection(KEY_FIELDS):
        # Imported here: reader.py imports this module, and SheetError lives there.
        from learncenter.services.sheets.reader import SheetError

        raise SheetError(Problem(NO_HEADER, params={"found": describe_row(headers)}))
    return mapping, unmapped

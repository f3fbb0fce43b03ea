"""Code tables of the student-status record, with Chinese and English labels, and the parsers
the importer uses to turn what offices actually type into those codes.

Records store codes (GB 3304 ethnicity, GB/T 4762 political status, ...) because the registry and
CHSI exchange codes; people read labels, and spreadsheets hold either ("01", "1", "汉", "汉族").
Each table knows its aliases so that one lookup serves every way of writing a value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from learncenter.domain.candidate import Gender, Level, PriorEducation
from learncenter.domain.messages import DomainError, Problem, define


class Label(NamedTuple):
    """A label in both shipped languages."""

    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def label_params(name: str, label: Label) -> dict[str, str]:
    """Message params carrying a label in both languages (``{name}_zh`` / ``{name}_en``).

    A :class:`Problem` is rendered later in the user's language, so a label that goes into the
    sentence must travel in both; the zh template uses ``{x_zh}``, the en template ``{x_en}``.
    """
    return {f"{name}_zh": label.zh, f"{name}_en": label.en}


_FOLDED = re.compile(r"[\s_\-]+")


def normalise_key(raw: object) -> str:
    """The form used to match a typed value against codes and aliases.

    Full-width characters, case, surrounding and repeated spaces, hyphens and underscores do
    not distinguish values anywhere in these tables, so they are folded away.
    """
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = unicodedata.normalize("NFKC", str(raw)).casefold().strip()
    return _FOLDED.sub(" ", text)


_SEEN_LIMIT = 4096


@dataclass(frozen=True)
class CodeTable:
    """Codes with labels, plus the other spellings that mean each code."""

    name: str
    labels: Mapping[str, Label]
    aliases: Mapping[str, str] = field(default_factory=dict)
    code_width: int = 0  # numeric codes are zero-padded to this width ("1" -> "01")
    _index: dict[str, str] = field(init=False, repr=False, compare=False, default_factory=dict)
    # Typed spellings already looked up: an import meets the same few thousands of times.
    _seen: dict[str, str | None] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for code, label in self.labels.items():
            for spelling in (code, label.zh, label.en):
                index[normalise_key(spelling)] = code
        for alias, code in self.aliases.items():
            if code not in self.labels:
                raise ValueError(f"alias {alias!r} of table {self.name} points to unknown code {code!r}")
            index[normalise_key(alias)] = code
        object.__setattr__(self, "_index", index)

    def label(self, code: str, lang: str = "zh") -> str | None:
        entry = self.labels.get(code)
        return entry.text(lang) if entry else None

    def lookup(self, raw: object) -> str | None:
        """The code ``raw`` stands for, or None when it is not recognised."""
        if type(raw) is not str:
            return self._lookup(raw)
        if raw in self._seen:
            return self._seen[raw]
        found = self._lookup(raw)
        if len(self._seen) < _SEEN_LIMIT:  # odd spellings do not grow it without end
            self._seen[raw] = found
        return found

    def _lookup(self, raw: object) -> str | None:
        if raw is None or isinstance(raw, bool):
            return None
        key = normalise_key(raw)
        if not key:
            return None
        if self.code_width and key.isdigit() and len(key) < self.code_width:
            key = key.zfill(self.code_width)
        return self._index.get(key)

    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)


def _table(name: str, rows: Iterable[tuple[str, str, str]], aliases: Mapping[str, str] | None = None,
           code_width: int = 0) -> CodeTable:
    return CodeTable(name, {code: Label(zh, en) for code, zh, en in rows}, dict(aliases or {}), code_width)


# --- GB 3304 ethnicities --------------------------------------------------------------------

_ETHNICITY_ROWS = [
    ("01", "汉族", "Han"), ("02", "蒙古族", "Mongol"), ("03", "回族", "Hui"), ("04", "藏族", "Tibetan"),
    ("05", "维吾尔族", "Uyghur"), ("06", "苗族", "Miao"), ("07", "彝族", "Yi"), ("08", "壮族", "Zhuang"),
    ("09", "布依族", "Bouyei"), ("10", "朝鲜族", "Korean"), ("11", "满族", "Manchu"), ("12", "侗族", "Dong"),
    ("13", "瑶族", "Yao"), ("14", "白族", "Bai"), ("15", "土家族", "Tujia"), ("16", "哈尼族", "Hani"),
    ("17", "哈萨克族", "Kazakh"), ("18", "傣族", "Dai"), ("19", "黎族", "Li"), ("20", "傈僳族", "Lisu"),
    ("21", "佤族", "Va"), ("22", "畲族", "She"), ("23", "高山族", "Gaoshan"), ("24", "拉祜族", "Lahu"),
    ("25", "水族", "Shui"), ("26", "东乡族", "Dongxiang"), ("27", "纳西族", "Naxi"), ("28", "景颇族", "Jingpo"),
    ("29", "柯尔克孜族", "Kyrgyz"), ("30", "土族", "Tu"), ("31", "达斡尔族", "Daur"), ("32", "仫佬族", "Mulao"),
    ("33", "羌族", "Qiang"), ("34", "布朗族", "Blang"), ("35", "撒拉族", "Salar"), ("36", "毛南族", "Maonan"),
    ("37", "仡佬族", "Gelao"), ("38", "锡伯族", "Xibe"), ("39", "阿昌族", "Achang"), ("40", "普米族", "Pumi"),
    ("41", "塔吉克族", "Tajik"), ("42", "怒族", "Nu"), ("43", "乌孜别克族", "Uzbek"), ("44", "俄罗斯族", "Russian"),
    ("45", "鄂温克族", "Evenki"), ("46", "德昂族", "De'ang"), ("47", "保安族", "Bonan"), ("48", "裕固族", "Yugur"),
    ("49", "京族", "Gin"), ("50", "塔塔尔族", "Tatar"), ("51", "独龙族", "Derung"), ("52", "鄂伦春族", "Oroqen"),
    ("53", "赫哲族", "Hezhen"), ("54", "门巴族", "Monba"), ("55", "珞巴族", "Lhoba"), ("56", "基诺族", "Jino"),
    ("97", "其他", "Other"), ("98", "外国血统中国籍人士", "Chinese citizen of foreign origin"),
]
_ETHNICITY_ALIASES = {
    # the name without 族, and the GB 3304 romanisations that differ from the English labels
    **{zh.removesuffix("族"): code for code, zh, _ in _ETHNICITY_ROWS if zh.endswith("族")},
    "Zang": "04", "Uygur": "05", "Uighur": "05", "Buyei": "09", "Chosen": "10", "Man": "11",
    "Kazak": "17", "Sui": "25", "Kirgiz": "29", "Russ": "44", "Ewenki": "45", "Deang": "46", "Jing": "49",
    "其他民族": "97", "外国血统": "98",
    "57": "97", "58": "98",  # some systems number 其他 and 外国血统 right after 56
}
ETHNICITIES = _table("ethnicity", _ETHNICITY_ROWS, _ETHNICITY_ALIASES, code_width=2)

# --- GB/T 4762 political status -------------------------------------------------------------

POLITICAL_STATUS = _table(
    "political_status",
    [
        ("01", "中共党员", "Member of the Communist Party of China"),
        ("02", "中共预备党员", "Probationary member of the Communist Party of China"),
        ("03", "共青团员", "Member of the Communist Youth League"),
        ("04", "民革党员", "Member of the Revolutionary Committee of the Chinese Kuomintang"),
        ("05", "民盟盟员", "Member of the China Democratic League"),
        ("06", "民建会员", "Member of the China National Democratic Construction Association"),
        ("07", "民进会员", "Member of the China Association for Promoting Democracy"),
        ("08", "农工党党员", "Member of the Chinese Peasants' and Workers' Democratic Party"),
        ("09", "致公党党员", "Member of the China Zhi Gong Party"),
        ("10", "九三学社社员", "Member of the Jiusan Society"),
        ("11", "台盟盟员", "Member of the Taiwan Democratic Self-Government League"),
        ("12", "无党派民主人士", "Non-party democrat"),
        ("13", "群众", "No political affiliation"),
    ],
    {
        "党员": "01", "共产党员": "01", "中国共产党党员": "01", "CPC member": "01", "party member": "01",
        "预备党员": "02", "中国共产党预备党员": "02", "probationary CPC member": "02",
        "团员": "03", "共青团": "03", "中国共产主义青年团团员": "03", "CYL member": "03", "league member": "03",
        "民革": "04", "民盟": "05", "民建": "06", "民进": "07", "农工党": "08", "致公党": "09",
        "九三学社": "10", "台盟": "11",
        "无党派": "12", "无党派人士": "12", "non-party": "12",
        "普通公民": "13", "无": "13", "masses": "13", "none": "13",
    },
    code_width=2,
)

# --- status changes (学籍异动) ------------------------------------------------------------------

STATUS_CHANGES = _table(
    "status_change",
    [
        ("01", "公派留学", "Government-sponsored study abroad"), ("02", "留级", "Repeat a year"),
        ("03", "降级", "Move down a year"), ("04", "跳级", "Skip a year"), ("05", "试读", "Probationary study"),
        ("06", "延长年限", "Extension of study period"), ("07", "试读通过", "Probation passed"),
        ("08", "回国复学", "Resumption after study abroad"), ("11", "休学", "Suspension of study"),
        ("12", "复学", "Resumption of study"), ("13", "停学", "Study stopped"),
        ("14", "保留入学资格", "Admission deferred"), ("15", "恢复入学资格", "Admission restored"),
        ("16", "取消入学资格", "Admission cancelled"), ("17", "恢复学籍", "Student status restored"),
        ("18", "取消学籍", "Student status cancelled"), ("19", "保留学籍", "Student status retained"),
        ("21", "转学(转出)", "Transfer out"), ("22", "转学(转入)", "Transfer in"),
        ("23", "转专业", "Change of major"), ("24", "专升本", "Junior college to bachelor"),
        ("25", "本转专", "Bachelor to junior college"), ("26", "转系", "Change of department"),
        ("27", "硕转博", "Master to doctorate"), ("28", "博转硕", "Doctorate to master"),
        ("29", "转班级", "Change of class"), ("31", "退学", "Withdrawal"), ("42", "开除学籍", "Expulsion"),
        ("51", "死亡", "Death"), ("61", "提前毕业", "Early graduation"),
        ("62", "结业", "Completion without graduation"), ("63", "肄业", "Incomplete study"), ("99", "其他", "Other"),
    ],
    {"转出": "21", "转入": "22"},
    code_width=2,
)

# --- learning forms -----------------------------------------------------------------------

LEARNING_FORMS = _table(
    "learning_form",
    [
        ("full_time", "全日制", "Full-time"),
        ("correspondence", "函授", "Correspondence"),
        ("part_time", "业余", "Part-time"),
        ("online", "网络教育", "Online education"),
        ("open", "开放教育", "Open education"),
    ],
    {
        "脱产": "full_time", "全脱产": "full_time",
        "夜大": "part_time", "业余学习": "part_time", "spare time": "part_time",
        "网络": "online", "网教": "online", "远程教育": "online", "现代远程教育": "online",
        "网络远程教育": "online", "distance": "online", "distance education": "online",
        "开放": "open", "开放大学": "open",
    },
)

# --- labels of the enums of candidate.py ------------------------------------------------------

LEVELS = _table(
    "level",
    [
        (Level.HIGH_TO_JUNIOR_COLLEGE.value, "高起专", "High school to junior college"),
        (Level.HIGH_TO_BACHELOR.value, "高起本", "High school to bachelor"),
        (Level.JUNIOR_COLLEGE_TO_BACHELOR.value, "专升本", "Junior college to bachelor"),
    ],
    {
        "高中起点专科": "gqz", "高中起点升专科": "gqz", "高升专": "gqz", "high to junior college": "gqz",
        "高中起点本科": "gqb", "高中起点升本科": "gqb", "高升本": "gqb", "high to bachelor": "gqb",
        "专科起点本科": "zsb", "专科起点升本科": "zsb", "专起本": "zsb",
        "junior college to bachelor's": "zsb",
    },
)

PRIOR_EDUCATION = _table(
    "prior_education",
    [
        (PriorEducation.HIGH_SCHOOL.value, "普通高中", "High school"),
        (PriorEducation.VOCATIONAL_HIGH_SCHOOL.value, "职业高中", "Vocational high school"),
        (PriorEducation.TECHNICAL_SECONDARY.value, "中专/技校", "Technical secondary school"),
        (PriorEducation.JUNIOR_COLLEGE.value, "专科", "Junior college"),
        (PriorEducation.BACHELOR.value, "本科", "Bachelor"),
        (PriorEducation.MASTER.value, "硕士研究生", "Master"),
        (PriorEducation.DOCTORATE.value, "博士研究生", "Doctorate"),
    ],
    {
        "高中": "high_school", "普高": "high_school", "senior high school": "high_school",
        "职高": "vocational_high_school",
        "中专": "technical_secondary", "技校": "technical_secondary", "中等专业学校": "technical_secondary",
        "技工学校": "technical_secondary", "中技": "technical_secondary", "中职": "technical_secondary",
        "secondary specialized school": "technical_secondary",
        "大专": "junior_college", "高职": "junior_college", "高职高专": "junior_college", "高专": "junior_college",
        "专科(高职)": "junior_college", "associate": "junior_college", "associate degree": "junior_college",
        "大学本科": "bachelor", "学士": "bachelor", "第二学士": "bachelor", "undergraduate": "bachelor",
        "bachelor's": "bachelor",
        "硕士": "master", "研究生": "master", "master's": "master",
        "博士": "doctorate", "phd": "doctorate", "doctor": "doctorate",
    },
)

GENDERS = _table(
    "gender",
    [(Gender.MALE.value, "男", "Male"), (Gender.FEMALE.value, "女", "Female")],
    {"男性": "1", "m": "1", "女性": "2", "f": "2"},
)

FIELD_LABELS: Mapping[str, Label] = {
    "term": Label("报名批次", "enrolment round"),
    "name": Label("姓名", "name"),
    "gender": Label("性别", "gender"),
    "birth_date": Label("出生日期", "date of birth"),
    "id_number": Label("身份证号", "ID number"),
    "level": Label("报考层次", "level"),
    "major_code": Label("专业代码", "major code"),
    "major_name": Label("专业名称", "major name"),
    "ethnicity": Label("民族", "ethnicity"),
    "political_status": Label("政治面貌", "political status"),
    "learning_form": Label("学习形式", "learning form"),
    "registration_no": Label("报名号", "registration number"),
    "phone": Label("联系电话", "phone number"),
    "address": Label("通讯地址", "address"),
    "prior_education": Label("前置学历", "prior education"),
    "prior_school": Label("毕业学校", "prior school"),
    "prior_certificate_no": Label("毕业证书编号", "certificate number"),
    "prior_graduation_date": Label("毕业日期", "graduation date"),
    "chsi_code": Label("学信网在线验证码", "CHSI online verification code"),
    "cert_report_no": Label("学历认证报告编号", "certification report number"),
    "payment_state": Label("缴费状态", "payment state"),
    "payment_date": Label("缴费日期", "payment date"),
    "admission_type": Label("招生类型", "admission type"),
    "exemptions": Label("免考科目", "exemptions"),
    "document_type": Label("证件类型", "identity document"),
    "nationality": Label("国籍", "nationality"),
    "prior_study_form": Label("前置学历类别", "prior study form"),
}


# --- labels -------------------------------------------------------------------------------

def ethnicity_label(code: str, lang: str = "zh") -> str | None:
    return ETHNICITIES.label(code, lang)


def political_status_label(code: str, lang: str = "zh") -> str | None:
    return POLITICAL_STATUS.label(code, lang)


def status_change_label(code: str, lang: str = "zh") -> str | None:
    return STATUS_CHANGES.label(code, lang)


def learning_form_label(code: str, lang: str = "zh") -> str | None:
    return LEARNING_FORMS.label(code, lang)


def level_label(level: Level | str, lang: str = "zh") -> str | None:
    return LEVELS.label(str(level), lang)


def prior_education_label(prior: PriorEducation | str, lang: str = "zh") -> str | None:
    return PRIOR_EDUCATION.label(str(prior), lang)


def gender_label(gender: Gender | str, lang: str = "zh") -> str | None:
    return GENDERS.label(str(gender), lang)


def field_label(field_name: str, lang: str = "zh") -> str:
    entry = FIELD_LABELS.get(field_name)
    return entry.text(lang) if entry else field_name


# --- parsers used by the importer ---------------------------------------------------------

define(
    "codes.ethnicity_unknown",
    zh="民族“{value}”无法识别：请填写民族名称（如“汉族”“蒙古族”）或 GB 3304 两位代码（如“01”）。",
    en="Ethnicity \"{value}\" is not recognised: enter the name (e.g. \"Han\") or the two-digit GB 3304 code (e.g. \"01\").",
)
define(
    "codes.political_status_unknown",
    zh="政治面貌“{value}”无法识别：请填写如“中共党员”“共青团员”“群众”，或 GB/T 4762 两位代码（如“13”）。",
    en="Political status \"{value}\" is not recognised: enter e.g. \"CPC member\", \"CYL member\", \"masses\", "
    "or the two-digit GB/T 4762 code (e.g. \"13\").",
)
define(
    "codes.gender_unknown",
    zh="性别“{value}”无法识别：请填写“男”或“女”。",
    en="Gender \"{value}\" is not recognised: enter \"male\" or \"female\".",
)
define(
    "codes.level_unknown",
    zh="报考层次“{value}”无法识别：请填写“高起专”“高起本”或“专升本”。",
    en="Level \"{value}\" is not recognised: enter \"high school to junior college\", "
    "\"high school to bachelor\" or \"junior college to bachelor\".",
)
define(
    "codes.prior_education_unknown",
    zh="前置学历“{value}”无法识别：请填写如“普通高中”“中专”“专科”“本科”。",
    en="Prior education \"{value}\" is not recognised: enter e.g. \"high school\", \"technical secondary\", "
    "\"junior college\" or \"bachelor\".",
)
define(
    "codes.learning_form_unknown",
    zh="学习形式“{value}”无法识别：请填写“全日制”“函授”“业余”“网络教育”或“开放教育”。",
    en="Learning form \"{value}\" is not recognised: enter full-time, correspondence, part-time, online or open education.",
)


def _parse(table: CodeTable, raw: object, code: str, field_name: str) -> str:
    found = table.lookup(raw)
    if found is None:
        raise DomainError(Problem(code, field_name, {"value": _shown(raw)}))
    return found


def _shown(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def parse_ethnicity(raw: object) -> str:
    """GB 3304 code for ``raw`` ("01", "1", "汉", "汉族", "Han"; 57/58 become 97/98)."""
    return _parse(ETHNICITIES, raw, "codes.ethnicity_unknown", "ethnicity")


def parse_political_status(raw: object) -> str:
    """GB/T 4762 code for ``raw`` ("13", "群众", "团员", ...)."""
    return _parse(POLITICAL_STATUS, raw, "codes.political_status_unknown", "political_status")


def parse_gender(raw: object) -> Gender:
    """Gender for "男"/"女", "M"/"F", "1"/"2", "male"/"female"."""
    return Gender(_parse(GENDERS, raw, "codes.gender_unknown", "gender"))


def parse_level(raw: object) -> Level:
    """Level for "高起专"/"高中起点专科"/"gqz"/"high school to junior college" and the like."""
    return Level(_parse(LEVELS, raw, "codes.level_unknown", "level"))


def parse_prior_education(raw: object) -> PriorEducation:
    return PriorEducation(_parse(PRIOR_EDUCATION, raw, "codes.prior_education_unknown", "prior_education"))


def parse_learning_form(raw: object) -> str:
    """Code of :data:`LEARNING_FORMS` ("online", ...) for a code or a label in either language."""
    return _parse(LEARNING_FORMS, raw, "codes.learning_form_unknown", "learning_form")

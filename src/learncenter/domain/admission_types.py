"""Special admission types (the second seed: "students admitted according to special policies
should indicate their admission types").

A candidate admitted the ordinary way has none (the empty code); the others come from the
registry's pre-registration or the application sheet, are sealed with the record and travel
with it to the registry, which files them with the student status later on.
"""

from __future__ import annotations

from learncenter.domain.codes import CodeTable, Label
from learncenter.domain.messages import DomainError, Problem, define

ADMISSION_TYPES = CodeTable(
    "admission_type",
    {
        "targeted": Label("定向培养", "targeted training"),
        "special_plan": Label("专项计划", "targeted enrolment special programme"),
        "free_teacher": Label("公费师范生", "tuition-free teacher student"),
        "free_medical": Label("农村订单定向医学生", "rural-order tuition-free medical student"),
        "defence": Label("国防生", "national defence student"),
        "police": Label("政法干警招录培养体制改革试点", "political and legal police officer pilot"),
        "army_tibet": Label("强军计划、援藏计划", "army-strengthening or Tibet-aid programme"),
        "minority_backbone": Label("少数民族高层次骨干人才计划", "minority backbone programme"),
    },
    {
        "定向": "targeted", "定向生": "targeted", "定向培养生": "targeted",
        "专项": "special_plan", "扶贫专项": "special_plan", "国家专项计划": "special_plan",
        "免费师范生": "free_teacher", "公费师范": "free_teacher",
        "免费医学生": "free_medical", "订单定向医学生": "free_medical",
        "政法干警": "police", "强军计划": "army_tibet", "援藏计划": "army_tibet",
        "少数民族骨干": "minority_backbone", "少数民族骨干计划": "minority_backbone",
    },
)
ORDINARY = Label("普通", "ordinary")
_ORDINARY_SPELLINGS = frozenset({"普通", "无", "普通录取", "ordinary", "none", "-", "—"})

UNKNOWN_TYPE = define(
    "admission_type.unknown",
    zh="招生类型“{value}”无法识别：请填写“普通”，或定向培养、专项计划、公费师范生、农村订单定向医学生、国防生、"
       "政法干警招录培养体制改革试点、强军计划、援藏计划、少数民族高层次骨干人才计划之一。",
    en="Admission type \"{value}\" is not recognised: enter \"ordinary\", or one of targeted training, special "
       "programme, tuition-free teacher or medical student, national defence student, police officer pilot, "
       "army-strengthening or Tibet-aid programme, minority backbone programme.",
)


def parse_admission_type(raw: object) -> str:
    """The code for ``raw``; "" for an ordinary admission ("普通", "无", "ordinary")."""
    text = "" if raw is None else str(raw).strip()
    if not text or text.lower() in _ORDINARY_SPELLINGS:
        return ""
    found = ADMISSION_TYPES.lookup(text)
    if found is None:
        raise DomainError(Problem(UNKNOWN_TYPE, "admission_type", {"value": text}))
    return found


def admission_type_label(code: str | None, lang: str = "zh") -> str:
    if not code:
        return ORDINARY.text(lang)
    return ADMISSION_TYPES.label(code, lang) or code

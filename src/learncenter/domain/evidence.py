"""What must be at hand before a record is sealed (DOMAIN §1, §4, §6), decided by the level's rules.

Every level needs the resident ID card compared with the person (the clerk's tick), both sides of
the card kept as scans and the standard photo kept (passed by the checks or approved by a
supervisor). A level whose profile requires CHSI evidence (专升本 by default) also needs the prior
diploma's scan, the CHSI online verification code or the certification report number, and the
scan of the CHSI registration record form or of the certification report.

The photo and the clerk's tick are never waived. The scans and the CHSI evidence may be missing
for a reason a supervisor accepts (the scanner broke, the form comes tomorrow); only a
supervisor's override, recorded with their name, replaces them — never the clerk's own
"reviewed" tick.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from learncenter.domain.eligibility import LevelRules
from learncenter.domain.messages import Problem, define, render


class Evidence(enum.StrEnum):
    ID_CARD_CHECKED = "id_card_checked"
    PHOTO = "photo"
    ID_FRONT = "id_front"
    ID_BACK = "id_back"
    PASSPORT_PAGE = "passport_photo_page"  # a passport is kept by its photo page, not two card sides
    DIPLOMA = "diploma"
    CHSI_NUMBER = "chsi_number"  # the online verification code or the certification report number
    CHSI_SCAN = "chsi_scan"  # the CHSI record form or the certification report, scanned


NEVER_WAIVED = frozenset({Evidence.ID_CARD_CHECKED, Evidence.PHOTO})
CHSI_SCAN_KINDS = frozenset({"chsi_form", "cert_report"})
# The registry's signed answer that it registered the prior certificate, for this person, at the
# declared level and date: it stands for both the CHSI number and the CHSI form (issue 14).
REGISTRY_CHECK = "registry_check"

for _item, _zh, _en in (
    (Evidence.ID_CARD_CHECKED, "核对身份证件与本人一致并勾选", "the identity document compared with the person and ticked"),
    (Evidence.PHOTO, "标准照片（通过检测或经主管批准）", "the standard photo (passed, or approved by a supervisor)"),
    (Evidence.ID_FRONT, "身份证件正面扫描件", "a scan of the card's front"),
    (Evidence.ID_BACK, "身份证件背面扫描件", "a scan of the card's back"),
    (Evidence.PASSPORT_PAGE, "护照资料页扫描件", "a scan of the passport's photo page"),
    (Evidence.DIPLOMA, "前置学历毕业证书扫描件", "a scan of the prior diploma"),
    (Evidence.CHSI_NUMBER, "学信网在线验证码或学历认证报告编号", "the CHSI verification code or the certification report number"),
    (Evidence.CHSI_SCAN, "《学历证书电子注册备案表》或《学历认证报告》扫描件",
     "a scan of the CHSI record form or of the certification report"),
):
    define(f"evidence.{_item.value}", zh=_zh, en=_en)

EVIDENCE_MISSING = define(
    "evidence.missing",
    zh="{name} 的材料不全，不能封存：缺少{missing_zh}。请补齐后再确认；确有原因无法补齐的，须由主管签字放行。",
    en="The evidence for {name} is incomplete, so the record cannot be sealed: missing {missing_en}. "
       "Add it and confirm again; if it truly cannot be had, a supervisor must sign the override.",
)


@dataclass(frozen=True)
class AtHand:
    """What the record holds now."""

    id_card_checked: bool
    photo: bool
    documents: frozenset[str]  # kinds of scans kept
    chsi_code: str = ""
    cert_report_no: str = ""


def required(rules: LevelRules, document_type: str = "") -> tuple[Evidence, ...]:
    """What the level needs before sealing, in the order the clerk gathers it; the identity
    document's scans are those its type needs (both sides of a card, or a passport's photo page)."""
    needed = [Evidence.ID_CARD_CHECKED, *_document_scans(document_type), Evidence.PHOTO]
    if rules.chsi_evidence_required:
        needed += [Evidence.DIPLOMA, Evidence.CHSI_NUMBER, Evidence.CHSI_SCAN]
    return tuple(needed)


def _present(item: Evidence, at_hand: AtHand) -> bool:
    if item is Evidence.ID_CARD_CHECKED:
        return at_hand.id_card_checked
    if item is Evidence.PHOTO:
        return at_hand.photo
    if item is Evidence.CHSI_NUMBER:
        return bool(at_hand.chsi_code or at_hand.cert_report_no) or REGISTRY_CHECK in at_hand.documents
    if item is Evidence.CHSI_SCAN:
        return bool(at_hand.documents & (CHSI_SCAN_KINDS | {REGISTRY_CHECK}))
    return item.value in at_hand.documents


def missing(rules: LevelRules, at_hand: AtHand, document_type: str = "") -> tuple[Evidence, ...]:
    return tuple(item for item in required(rules, document_type) if not _present(item, at_hand))


def _document_scans(document_type: str) -> tuple[Evidence, ...]:
    if not document_type:  # the resident ID card or a residence permit
        return (Evidence.ID_FRONT, Evidence.ID_BACK)
    from learncenter.domain.document_types import DocumentType, required_scans

    return tuple(Evidence(scan.value) for scan in required_scans(DocumentType(document_type)))


def listed(items: tuple[Evidence, ...] | list[Evidence]) -> dict[str, str]:
    """The items named in both languages, for a message's ``missing_zh`` and ``missing_en``."""
    return {"missing_zh": "、".join(render(f"evidence.{i.value}", lang="zh") for i in items),
            "missing_en": "; ".join(render(f"evidence.{i.value}", lang="en") for i in items)}


def missing_problem(name: str, items: tuple[Evidence, ...]) -> Problem:
    """Why a record with ``items`` (none of them ``NEVER_WAIVED``) missing cannot be sealed
    without a supervisor."""
    return Problem(EVIDENCE_MISSING, items[0].value, {"name": name, **listed(items)})

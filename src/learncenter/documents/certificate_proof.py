"""The proof of qualification (学历证明书) for a lost certificate, with the registry's signed QR.

When the registry marks a certificate lost it signs a short proof (Ed25519, its signing key the
center pinned at enrollment). The proof page prints what was registered and, in the QR, one line::

    LCP1|<certificate number>|<verification code>|<name>|<date marked lost>|<key id>|<signature>

The signature covers the canonical JSON (protocol §2) of ``{"format", "number", "code", "name",
"lost", "key_id"}``, so a verifier rebuilds the signed bytes from the visible fields. Anyone can
also check the number or code online on the registry's verification page, which shows the lost
mark. ``%`` and ``|`` in a field are written ``%25`` and ``%7C``.
"""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from learncenter.documents.fonts import DocumentError, FontSet, cjk_fonts
from learncenter.documents.layout import CONTENT, MM, PAGE_HEIGHT, Box, draw_cell, draw_line, fit_text, new_canvas
from learncenter.documents.notice import draw_qr
from learncenter.domain.canonical import canonical
from learncenter.domain.messages import Problem, define

PREFIX = "LCP1"
FIELDS = ("number", "code", "name", "lost")
VALID, FORGED, UNREADABLE = "valid", "forged", "unreadable"

define("documents.proof_missing",
       zh="登记机构尚未签发该证书的遗失证明：请先申请证书遗失，待总部办理并同步后再打印。",
       en="The registry has not issued a proof for this certificate: request it as lost, sync after the registry "
          "marks it, then print.")
define("documents.proof_unreadable", zh="文件 {path} 中没有找到学历证明书的二维码。",
       en="No proof-of-qualification QR code was found in {path}.")
define("documents.proof_valid",
       zh="学历证明书真实有效：证书编号 {number}，{name}，{lost} 登记遗失（登记机构密钥 {key_id}）。",
       en="The proof is genuine: certificate {number}, {name}, reported lost on {lost} (registry key {key_id}).")
define("documents.proof_forged",
       zh="学历证明书的二维码签名无效：内容被改动或为伪造。请到登记机构的查询页面核对证书编号。",
       en="The proof's QR signature is not valid: it was changed or forged. Check the certificate number on the "
          "registry's verification page.")


def _escape(value: str) -> str:
    return value.replace("%", "%25").replace("|", "%7C")


def _unescape(value: str) -> str:
    return value.replace("%7C", "|").replace("%25", "%")


def proof_text(proof: Mapping[str, Any]) -> str:
    """The QR line of a proof as the registry signed it."""
    return "|".join([PREFIX, *(_escape(str(proof[name])) for name in FIELDS),
                     str(proof["key_id"]), str(proof["signature"])])


@dataclass(frozen=True)
class ProofVerdict:
    verdict: str
    fields: dict[str, str]

    def problem(self) -> Problem:
        if self.verdict == VALID:
            return Problem("documents.proof_valid", None, self.fields)
        return Problem("documents.proof_forged", None, {})


def verify_proof_text(text: str, registry: Ed25519PublicKey) -> ProofVerdict:
    parts = text.split("|")
    if len(parts) != len(FIELDS) + 3 or parts[0] != PREFIX:
        return ProofVerdict(FORGED, {})
    values = {name: _unescape(value) for name, value in zip(FIELDS, parts[1:-2], strict=True)}
    body = {"format": PREFIX, **values, "key_id": parts[-2]}
    try:
        signature = base64.urlsafe_b64decode(parts[-1] + "=" * (-len(parts[-1]) % 4))
        registry.verify(signature, canonical(body))
    except (binascii.Error, ValueError, InvalidSignature):
        return ProofVerdict(FORGED, values)
    return ProofVerdict(VALID, {**values, "key_id": parts[-2]})


def read_proof_file(path: Path) -> list[str]:
    """The proof QR texts in a PDF (each page rendered) or an image."""
    import pypdfium2
    import zxingcpp
    from PIL import Image

    images: list[Any] = []
    if path.suffix.lower() == ".pdf":
        try:
            document = pypdfium2.PdfDocument(str(path))
        except pypdfium2.PdfiumError as exc:
            raise DocumentError(Problem("documents.proof_unreadable", None, {"path": str(path)})) from exc
        try:
            for page in document:
                images.append(page.render(scale=200 / 72, grayscale=True).to_pil())
                page.close()
        finally:
            document.close()
    else:
        try:
            images.append(Image.open(path).convert("RGB"))
        except OSError as exc:
            raise DocumentError(Problem("documents.proof_unreadable", None, {"path": str(path)})) from exc
    texts = []
    for image in images:
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
            text = bytes(result.bytes).decode("utf-8", errors="replace")
            if text.startswith(PREFIX + "|"):
                texts.append(text)
    if not texts:
        raise DocumentError(Problem("documents.proof_unreadable", None, {"path": str(path)}))
    return texts


@dataclass(frozen=True)
class ProofData:
    """What the proof shows, in words."""

    school: str
    name: str
    gender: str
    birth_date: str
    enrolment_date: str
    graduation_date: str
    major: str
    level: str
    programme_length: str
    certificate_type: str
    number: str
    verification_code: str
    lost: str
    center: str


_ROWS = (("姓名", "name"), ("性别", "gender"), ("出生日期", "birth_date"), ("学校名称", "school"),
         ("专业", "major"), ("层次", "level"), ("学制", "programme_length"), ("入学日期", "enrolment_date"),
         ("毕业日期", "graduation_date"), ("证书类别", "certificate_type"), ("证书编号", "number"),
         ("在线验证码", "verification_code"))


def render_proof(data: ProofData, qr: str, *, printed_at: datetime | None = None,
                 fonts: FontSet | None = None) -> bytes:
    """One A4 page: the title, the registered fields, the statement, the QR and the printing date."""
    fonts = fonts or cjk_fonts()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, title="学历证明书", subject=data.number)
    top = PAGE_HEIGHT - CONTENT.y
    draw_line(canvas, fonts, "学历证明书", CONTENT.x + CONTENT.width / 2, top - 14 * MM, 24, align="center", bold=True)
    row_h, label_w = 10 * MM, 35 * MM
    y = top - 30 * MM
    for label, name in _ROWS:
        y -= row_h
        draw_cell(canvas, fonts, Box(CONTENT.x, y, label_w, row_h), label, size=11, label=True)
        draw_cell(canvas, fonts, Box(CONTENT.x + label_w, y, CONTENT.width - label_w, row_h),
                  str(getattr(data, name)), size=11)
    statement = (f"兹证明 {data.name} 于 {data.enrolment_date} 至 {data.graduation_date} 在{data.school}"
                 f"{data.major}专业（{data.level}）学习，{data.certificate_type}，学历证书编号 {data.number}。"
                 f"该证书已于 {data.lost} 登记遗失，本证明书与原证书具有同等效力。"
                 "可扫描二维码或在登记机构的学历证书查询页面输入证书编号或在线验证码核验。")
    fit_text(canvas, fonts, statement, Box(CONTENT.x, y - 34 * MM, CONTENT.width - 48 * MM, 30 * MM), size=11)
    draw_qr(canvas, qr, Box(CONTENT.right - 45 * MM, y - 48 * MM, 45 * MM, 45 * MM))
    printed = (printed_at or datetime.now()).strftime("%Y-%m-%d")
    draw_line(canvas, fonts, f"打印：{data.center}　{printed}", CONTENT.x, CONTENT.y + 2 * MM, 9)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def proof_data(fields: Mapping[str, Any], *, number: str, code: str, lost: date | str, center: str,
               words: Mapping[str, str]) -> ProofData:
    """``words``: the gender, level and certificate type already in words."""
    return ProofData(
        school=str(fields.get("school_name_zh") or ""), name=str(fields.get("name", "")), gender=words["gender"],
        birth_date=str(fields.get("birth_date", "")), enrolment_date=str(fields.get("enrolment_date", "")),
        graduation_date=str(fields.get("graduation_date", "")),
        major=str(fields.get("major_name", "")), level=words["level"],
        programme_length=f"{fields.get('programme_length', '')} 年", certificate_type=words["certificate_type"],
        number=number, verification_code=code, lost=str(lost), center=center)


def verify_proof_file(path: Path, registry: Ed25519PublicKey) -> Sequence[ProofVerdict]:
    return [verify_proof_text(text, registry) for text in read_proof_file(path)]

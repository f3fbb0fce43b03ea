"""The admission notice's QR code: a compact payload signed with the center's device key.

An exam site checks a notice on the spot, offline, with only the centers' public keys (the keys
file below). The QR text (``docs/protocol.md`` §12) is one line of fields separated by ``|``::

    LCN1|<notice number>|<id digest>|<name>|<session code>|<room>|<seat>|<key id>|<signature>

- ``LCN1``: the format and its version; a text without this prefix is not one of our notices.
- ``id digest``: the first 16 hex characters of SHA-256 of the ID number (upper-case X). The
  ID number itself is not printed in the code, so a photo of the code does not leak it; the
  invigilator compares the digest by checking the card against the printed ID number.
- ``key id``: the signer's key id (protocol §1), which names the key to check.
- ``signature``: base64url (no padding) Ed25519 signature over the canonical JSON (§2) of
  ``{"format": "LCN1", "notice", "id", "name", "session", "room", "seat", "key_id"}``, so the
  key id is signed too and a verifier rebuilds exactly the signed bytes from the visible fields.
- ``%`` and ``|`` inside a field are written ``%25`` and ``%7C``; nothing else is escaped, so
  Chinese names stay readable to any QR app (the code holds the UTF-8 bytes).

A typical notice gives 170-200 bytes, a QR of version 9-11 at error correction level M (15 %
of the code may be smudged or folded away), about 30 mm wide on the page.

Verdicts: ``valid`` (the signature verifies with a trusted key, and where the page's printed text
can be read it agrees with the code), ``forged`` (the signature does not verify, the payload is
malformed, or it is signed by a key that is not in the keys file — the ``unknown_key`` case is
folded into ``forged`` with its own message, since a site cannot tell an unknown center from a
forger), ``altered`` (a genuine code beside printed text that disagrees with it; decided by
:mod:`notice_verify`), ``unreadable`` (no notice code found).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from learncenter.documents.fonts import DocumentError
from learncenter.documents.notice_data import NoticeData
from learncenter.domain.canonical import canonical
from learncenter.domain.messages import Problem, define

PREFIX = "LCN1"
SEPARATOR = "|"
FIELDS = ("notice", "id", "name", "session", "room", "seat")
KEYS_FORMAT = "learncenter-notice-keys/1"

VALID, FORGED, ALTERED, UNREADABLE = "valid", "forged", "altered", "unreadable"
UNKNOWN_KEY = "unknown_key"  # kept for the interface; this module reports it as FORGED

NOTICE_FORGED = define(
    "documents.notice_forged",
    zh="准考证二维码的签名无效：二维码内容被改动或为伪造（准考证号 {notice}）。请勿放行，核对考生身份证并联系学习中心。",
    en="The admission notice's QR signature is not valid: the code was changed or forged (notice {notice}). "
    "Do not admit on this notice; check the candidate's ID card and contact the learning center.",
)
NOTICE_MALFORMED = define(
    "documents.notice_malformed",
    zh="二维码看似准考证二维码，但格式不完整或已损坏，无法验证，按伪造处理。请核对考生身份证并联系学习中心。",
    en="The QR code looks like an admission notice code but is incomplete or damaged, so it cannot be verified "
    "and counts as forged. Check the candidate's ID card and contact the learning center.",
)
NOTICE_UNKNOWN_KEY = define(
    "documents.notice_unknown_key",
    zh="准考证二维码由未知密钥 {key_id} 签名，不在本考点的密钥文件中，按伪造处理。如确属某学习中心，请向考务管理员索取最新的密钥文件后重新验证。",
    en="The admission notice's QR code is signed by key {key_id}, which is not in this exam site's keys file, so "
    "it counts as forged. If it truly comes from a learning center, get the current keys file from the exam "
    "administrator and verify again.",
)
NOTICE_ALTERED = {
    field: define(
        f"documents.notice_altered.{field}",
        zh=f"准考证二维码真实有效，但打印的{zh}“{{printed}}”与二维码中的“{{signed}}”不一致，准考证被改动过。"
        "请以二维码为准核对考生身份并联系学习中心。",
        en=f"The admission notice's QR code is genuine, but the printed {en} \"{{printed}}\" differs from "
        "\"{signed}\" in the code: the notice was altered. Go by the code, check the candidate and contact the "
        "learning center.",
    )
    for field, zh, en in (("notice", "准考证号", "notice number"), ("name", "姓名", "name"), ("room", "考场", "room"),
                          ("seat", "座位号", "seat"))
}
NOTICE_UNREADABLE = define(
    "documents.notice_unreadable",
    zh="在 {source} 中没有找到准考证二维码。请拍摄或扫描整张准考证，二维码清晰、完整、无反光，然后重试。",
    en="No admission notice QR code was found in {source}. Photograph or scan the whole notice with the QR code "
    "sharp, complete and without glare, then try again.",
)
KEYS_FILE_INVALID = define(
    "documents.notice_keys_invalid",
    zh="密钥文件无法读取或已损坏（{reason}）。请向考务管理员重新索取密钥文件。",
    en="The keys file cannot be read or is damaged ({reason}). Ask the exam administrator for the keys file again.",
)
FIELD_REFUSED = define(
    "documents.notice_field_refused",
    zh="准考证字段“{field}”为空，无法生成二维码。请补全后再打印。",
    en="The admission notice field \"{field}\" is empty, so no QR code can be made. Fill it in, then print.",
)


@dataclass(frozen=True)
class TrustedKey:
    """A center's public device key as an exam site trusts it."""

    key_id: str
    public_raw: bytes
    center_id: str
    center_name: str


@dataclass(frozen=True)
class NoticeVerdict:
    status: str  # "valid" | "forged" | "altered" | "unknown_key" | "unreadable"
    key_id: str | None
    center_name: str | None
    fields: Mapping[str, str] = field(default_factory=dict)  # what the signed payload says
    problem: Problem | None = None


def key_id_of(public_raw: bytes) -> str:
    """First 16 hex characters of SHA-256 of the raw public key (protocol §1)."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def id_digest(id_number: str) -> str:
    """What the code carries instead of the ID number: 16 hex of SHA-256 of its upper-case form."""
    return hashlib.sha256(id_number.strip().upper().encode("utf-8")).hexdigest()[:16]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _from_b64url(text: str) -> bytes | None:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if _b64url(raw) == text else None  # one spelling only: a changed character never passes


def _escape(value: str) -> str:
    return value.replace("%", "%25").replace(SEPARATOR, "%7C")


def _unescape(value: str) -> str:
    return value.replace("%7C", SEPARATOR).replace("%25", "%")


def notice_fields(notice: NoticeData) -> dict[str, str]:
    """The signed fields of ``notice``, in payload order."""
    return {"notice": notice.notice_number, "id": id_digest(notice.id_number), "name": notice.name,
            "session": notice.session_code, "room": notice.room, "seat": notice.seat}


def _signed_bytes(fields: Mapping[str, str], key_id: str) -> bytes:
    return canonical({"format": PREFIX, **{name: fields[name] for name in FIELDS}, "key_id": key_id})


def sign_fields(fields: Mapping[str, str], key: Ed25519PrivateKey) -> str:
    """The QR text for already extracted ``fields`` (see :func:`notice_fields`)."""
    for name in FIELDS:
        if not fields[name].strip():
            raise DocumentError(Problem(FIELD_REFUSED, name, {"field": name}))
    kid = key_id_of(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    signature = key.sign(_signed_bytes(fields, kid))
    return SEPARATOR.join([PREFIX, *(_escape(fields[name]) for name in FIELDS), kid, _b64url(signature)])


def sign_notice(notice: NoticeData, key: Ed25519PrivateKey) -> str:
    """The text put in the notice's QR code."""
    return sign_fields(notice_fields(notice), key)


def is_notice_text(text: str) -> bool:
    """Whether a decoded QR text claims to be one of our notice codes."""
    return text.startswith(PREFIX + SEPARATOR)


def unreadable(source: str) -> NoticeVerdict:
    return NoticeVerdict(UNREADABLE, None, None, {}, Problem(NOTICE_UNREADABLE, None, {"source": source}))


def verify_notice_text(text: str, keys: Sequence[TrustedKey]) -> NoticeVerdict:
    """Check a decoded QR text against the trusted keys (valid or forged; see the module doc)."""
    if not is_notice_text(text):
        return unreadable("QR")
    parts = text.split(SEPARATOR)
    if len(parts) != 2 + len(FIELDS) + 1:
        return NoticeVerdict(FORGED, None, None, {}, Problem(NOTICE_MALFORMED))
    fields = {name: _unescape(value) for name, value in zip(FIELDS, parts[1:1 + len(FIELDS)])}
    kid, signature_text = parts[-2], parts[-1]
    signature = _from_b64url(signature_text)
    if signature is None or len(signature) != 64:
        return NoticeVerdict(FORGED, kid, None, fields, Problem(NOTICE_MALFORMED))
    trusted = next((k for k in keys if k.key_id == kid), None)
    if trusted is None:
        return NoticeVerdict(FORGED, kid, None, fields, Problem(NOTICE_UNKNOWN_KEY, None, {"key_id": kid}))
    try:
        Ed25519PublicKey.from_public_bytes(trusted.public_raw).verify(signature, _signed_bytes(fields, kid))
    except (InvalidSignature, ValueError):
        return NoticeVerdict(FORGED, kid, trusted.center_name, fields,
                             Problem(NOTICE_FORGED, None, {"notice": fields["notice"]}))
    return NoticeVerdict(VALID, kid, trusted.center_name, fields, None)


def trusted_key(private: Ed25519PrivateKey, center_id: str, center_name: str) -> TrustedKey:
    """The entry of the keys file for a center's own device key."""
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return TrustedKey(key_id_of(raw), raw, center_id, center_name)


def keys_file_bytes(keys: Sequence[TrustedKey]) -> bytes:
    """The file an exam site is given: canonical JSON of the centers' public keys, sorted."""
    entries = [{"key_id": k.key_id, "public_key": _b64url(k.public_raw), "center_id": k.center_id,
                "center_name": k.center_name} for k in sorted(keys, key=lambda k: (k.center_id, k.key_id))]
    return canonical({"format": KEYS_FORMAT, "keys": entries})


def _keys_invalid(reason: str) -> DocumentError:
    return DocumentError(Problem(KEYS_FILE_INVALID, None, {"reason": reason}))


def read_keys_file(data: bytes) -> list[TrustedKey]:
    """The keys of a keys file; a key whose id does not match its bytes spoils the whole file."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _keys_invalid("not JSON") from exc
    if not isinstance(document, dict) or document.get("format") != KEYS_FORMAT:
        raise _keys_invalid(f"format is not {KEYS_FORMAT}")
    entries = document.get("keys")
    if not isinstance(entries, list):
        raise _keys_invalid("no key list")
    keys: list[TrustedKey] = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(name), str) for name in
                                                  ("key_id", "public_key", "center_id", "center_name")):
            raise _keys_invalid(f"key {index} is incomplete")
        raw = _from_b64url(entry["public_key"])
        if raw is None or len(raw) != 32 or key_id_of(raw) != entry["key_id"]:
            raise _keys_invalid(f"key {index} ({entry['key_id']}) does not match its id")
        keys.append(TrustedKey(entry["key_id"], raw, entry["center_id"], entry["center_name"]))
    return keys

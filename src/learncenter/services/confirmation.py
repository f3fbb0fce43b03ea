"""The clerk's minute, as plain operations the confirmation page calls.

Finding the candidate, re-checking the ID number against the record, the photo pipeline, the
verdict, sealing and the receipt live here so that the page only shows and forwards; every step
can be tested without Qt.
"""

from __future__ import annotations

import weakref
from functools import partial
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.documents import in_helper as documents_in_helper
from learncenter.documents.receipt_data import ReceiptData
from learncenter.domain import codes, evidence, exemptions, identity_documents, payment
from learncenter.domain.admission_types import admission_type_label
from learncenter.domain.candidate import Gender, Level, PaymentState
from learncenter.domain.card_text import CardReading, back_fields_read, compare, front_fields_read, read_lines
from learncenter.domain.codes import Label
from learncenter.domain.eligibility import Verdict
from learncenter.domain.evidence import Evidence
from learncenter.domain.idnumber import check_against_record, normalise_id_query, parse_id_number
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.photo_profile import PhotoProfile
from learncenter.domain.roles import SignedIn
from learncenter.media import in_helper as media_in_helper
from learncenter.media.photo_result import PhotoResult
from learncenter.services import helper_process
from learncenter.services.authorization import require
from learncenter.services.records import DOCUMENT_KINDS, RecordService, Sealed
from learncenter.store import settings
from learncenter.store.blobs import media_type_of
from learncenter.store.database import Database
from learncenter.store.models import Record
from learncenter.store.search import SearchHit, document_key, search
from learncenter.store.sync_models import SubmittedMaterial

@dataclass(frozen=True)
class Candidate:
    """What the page shows about one record, read in one go."""

    record_id: str
    name: str
    id_number: str
    gender: Gender
    birth_date: date
    level: Level
    major_name: str
    term: str
    registration_no: str
    state: str
    sealed: bool
    id_problems: tuple[Problem, ...]  # the ID number against the record: empty means consistent
    id_card_checked: bool
    photo: bytes | None
    photo_attempts: int
    documents: tuple[str, ...]  # kinds of scans kept
    verdict: Verdict
    prior_certificate_no: str
    chsi_code: str
    cert_report_no: str
    required: tuple[Evidence, ...]  # what this level needs before sealing
    missing: tuple[Evidence, ...]  # of that, what the record does not hold yet
    photo_accepted_by: str | None = None
    refused: bool = False  # refused on site (a receipt is only for a confirmation)
    payment_state: PaymentState | None = None  # None: no payment information
    payment_date: date | None = None
    payment_problem: Problem | None = None  # why the payment stops sealing under the profile, if it does
    admission_type: str = ""  # code; "" for an ordinary admission
    exemptions: str = ""  # domain.exemptions' canonical text; "" when the candidate sits every subject
    document_type: str = ""  # domain.document_types code; "" for the resident ID card or a residence permit
    submitted: tuple[str, ...] = ()  # kinds of material the candidate submitted online, fetched and at hand


@dataclass(frozen=True)
class CardCheck:
    """The card's scans as read, and what differs from the record or could not be read."""

    reading: CardReading
    problems: tuple[Problem, ...]
    sides: tuple[str, ...]  # the scans read: id_front, id_back


def _submitted(session: Session, record: Record) -> dict[str, str]:
    """Kind -> SHA-256 of the material submitted online for the record's application, fetched."""
    return {kind: sha256 for kind, sha256 in session.execute(
        select(SubmittedMaterial.kind, SubmittedMaterial.sha256).where(
            SubmittedMaterial.term == record.term, SubmittedMaterial.id_number == record.id_number,
            SubmittedMaterial.fetched_at.is_not(None)))}


_NO_EXEMPTION = Label("无（参加全部科目考试）", "none (sits every subject)")

PHOTO_NOT_CHECKED = define(
    "desk.photo_not_checked",
    zh="这张照片没有经过本机的照片检查，不能保存；请重新拍摄或选择照片。",
    en="This photo has not been through this workstation's photo checks and cannot be kept; take or choose it again.",
)


@dataclass(frozen=True)
class ReceiptPdf:
    """A receipt made in memory: it holds a photo, a name and an ID number, so it never lies in a
    temporary folder; it is printed from here, or saved where the clerk chooses."""

    file_name: str  # what a saved copy is called
    data: bytes


@dataclass(frozen=True)
class Found:
    """A search from the find box: ``record_id`` is set when exactly one ID number matched."""

    record_id: str | None
    hits: tuple[SearchHit, ...]
    id_problems: tuple[Problem, ...] = ()  # the text looked like an ID number but is not a valid one


class ConfirmationDesk:
    def __init__(self, db: Database, records: RecordService, photo_profile: PhotoProfile, *,
                 today: Callable[[], date] = date.today) -> None:
        self._db, self._records, self._photo_profile = db, records, photo_profile
        self._today = today
        self._processed: weakref.WeakValueDictionary[int, PhotoResult] = weakref.WeakValueDictionary()
        self._counted: weakref.WeakValueDictionary[int, PhotoResult] = weakref.WeakValueDictionary()  # as attempts

    @property
    def db(self) -> Database:
        return self._db

    @property
    def records(self) -> RecordService:
        return self._records

    def find(self, text: str, *, actor: SignedIn) -> Found:
        with self._db.session() as session:
            require(session, actor, Permission.SEARCH)
        with self._db.read() as conn:
            hits = tuple(search(conn, text, limit=50))
        by_id = normalise_id_query(text) or document_key(text.strip())
        exact = [h for h in hits if by_id and h.id_number == by_id]
        return Found(exact[0].record_id if len(exact) == 1 else None, hits,
                     () if by_id or hits else self._id_number_problems(text))

    def _id_number_problems(self, text: str) -> tuple[Problem, ...]:
        """What is wrong with a search text that has the shape of an ID number (15 or 18 characters,
        digits with a final X at most): a wrong check digit must not read as "nobody matches"."""
        cleaned = "".join(text.split()).upper()
        if len(cleaned) not in (15, 18) or not cleaned[:-1].isdigit() or not (cleaned[-1].isdigit() or cleaned[-1] == "X"):
            return ()
        try:
            parse_id_number(cleaned, today=self._today())
        except DomainError as exc:
            return exc.problems
        return ()

    def candidate(self, record_id: str, *, actor: SignedIn) -> Candidate:
        with self._db.session() as session:
            require(session, actor, Permission.SEARCH)
            record = session.get(Record, record_id)
            if record is None:
                raise KeyError(record_id)
            photo = self._db.blobs.get(record.photo_sha256) if record.photo_sha256 else None
            kinds = tuple(kind for kind, _sha in self._records.documents(record_id))
            rules = self._records.level_rules(Level(record.level))
            return Candidate(
                record.id, record.name, record.id_number, Gender(record.gender), record.birth_date,
                Level(record.level), record.major_name, record.term, record.registration_no, record.state,
                record.sealed_at is not None, self._id_problems(record), record.id_card_checked_by is not None,
                photo, record.photo_attempts, kinds, self._records.assess(record_id),
                record.prior_certificate_no, record.chsi_code, record.cert_report_no,
                evidence.required(rules, record.document_type or ""), self._records.missing_for(record, kinds),
                record.photo_accepted_by,
                bool(record.refusal_reason), PaymentState(record.payment_state) if record.payment_state else None,
                record.payment_date, self._records.payment_problem(record), record.admission_type or "",
                record.exemptions or "", record.document_type or "",
                tuple(sorted(_submitted(session, record))),
            )

    def _id_problems(self, record: Record) -> tuple[Problem, ...]:
        if record.document_type:  # another identity document: its own rules
            try:
                doc = identity_documents.from_key(record.id_number, today=self._today())
            except DomainError as exc:
                return exc.problems
            return tuple(identity_documents.check_against_record(
                doc, birth_date=record.birth_date, gender=Gender(record.gender), nationality=record.nationality))
        try:
            idn = parse_id_number(record.id_number_entered or record.id_number, today=self._today())
        except DomainError as exc:
            return exc.problems
        return tuple(check_against_record(idn, birth_date=record.birth_date, gender=Gender(record.gender)))

    def process_photo(self, data: bytes) -> PhotoResult:
        """The photo through the pipeline, in the helper process (OpenCV and numpy live there)."""
        result = helper_process.helper.run(media_in_helper.process_photo, data, self._photo_profile, field="photo")
        self._processed[id(result)] = result
        return result

    def keep_photo(self, record_id: str, result: PhotoResult, *, actor: SignedIn, supervisor: str | None = None,
                   supervisor_password: str = "") -> bool:
        """Keep a photo this desk processed: the verdict of the checks is the desk's own, never the
        caller's (a result made anywhere else is refused). Each capture counts as one attempt: a
        supervisor accepting a failed capture already counted does not count it again."""
        if self._processed.get(id(result)) is not result:
            raise DomainError(Problem(PHOTO_NOT_CHECKED, "photo"))
        failed = [check.name for check in result.checks if not check.passed]
        attempt = self._records.record_photo_attempt(
            record_id, result.jpeg, actor=actor, failed_checks=failed, supervisor=supervisor,
            supervisor_password=supervisor_password, capture=self._counted.get(id(result)) is not result)
        self._counted[id(result)] = result
        return attempt.kept

    def attach_document(self, record_id: str, kind: str, data: bytes, *, actor: SignedIn, media_type: str) -> str:
        return self._records.attach_document(record_id, kind, data, actor=actor, media_type=media_type)

    def submitted(self, record_id: str, kind: str, *, actor: SignedIn) -> bytes:
        """The photo or scan of ``kind`` the candidate submitted online (fetched by the sync)."""
        with self._db.session() as session:
            require(session, actor, Permission.SEARCH)
            record = session.get(Record, record_id)
            if record is None:
                raise KeyError(record_id)
            sha256 = _submitted(session, record).get(kind)
        if sha256 is None:
            raise KeyError(kind)
        return self._db.blobs.get(sha256)

    def keep_submitted_scans(self, record_id: str, *, actor: SignedIn) -> int:
        """Keep the scans the candidate submitted online with the record, as if scanned at the
        desk, where the record has none of that kind yet; the number kept. The photo is not among
        them: it goes through the photo checks like any other (``process_photo``)."""
        with self._db.session() as session:
            require(session, actor, Permission.CONFIRM)
            record = session.get(Record, record_id)
            if record is None:
                raise KeyError(record_id)
            named = _submitted(session, record)
        kept = {kind for kind, _sha in self._records.documents(record_id)}
        scans = [(kind, data, media_type_of(data)) for kind, sha256 in sorted(named.items())
                 if kind != "photo" and kind not in kept and kind in DOCUMENT_KINDS
                 for data in [self._db.blobs.get(sha256)]]
        if scans:
            self._records.attach_documents(record_id, scans, actor=actor)
        return len(scans)

    def check_card(self, record_id: str, *, actor: SignedIn) -> CardCheck | None:
        """Read the scans of the resident ID card kept with the record (offline OCR) and compare
        what they say with the record, field by field; None when the record is not about a
        resident ID card or no side of it was scanned. Nothing read is stored or logged."""
        with self._db.session() as session:
            require(session, actor, Permission.SEARCH)
            record = session.get(Record, record_id)
            if record is None:
                raise KeyError(record_id)
            if record.document_type:
                return None
            facts = (record.name, record.id_number, record.birth_date, Gender(record.gender))
        latest = dict(self._records.documents(record_id))  # the last scan of each side
        sides = tuple(kind for kind in ("id_front", "id_back") if kind in latest)
        if not sides:
            return None
        today = self._today()
        reading = CardReading()
        for kind in sides:
            data = self._db.blobs.get(latest[kind])
            counted, wanted = (front_fields_read, 4) if kind == "id_front" else (back_fields_read, 1)
            try:
                fields_read = partial(counted, today=today)
                lines = helper_process.helper.run(media_in_helper.read_card, data, fields_read, wanted)
            except ValueError:  # not an image (a PDF scan), or the helper lost (HelperLost, logged)
                lines = []  # nothing read: the clerk compares by eye
            reading = reading.merged(read_lines(lines, today=today))
        name, id_number, birth_date, gender = facts
        return CardCheck(reading, compare(reading, name=name, id_number=id_number, birth_date=birth_date,
                                          gender=gender, today=today, front_scanned="id_front" in sides), sides)

    def mark_id_card_checked(self, record_id: str, *, actor: SignedIn) -> None:
        self._records.mark_id_card_checked(record_id, actor=actor)

    def record_chsi_evidence(self, record_id: str, *, chsi_code: str, cert_report_no: str, actor: SignedIn) -> None:
        self._records.record_chsi_evidence(record_id, chsi_code=chsi_code, cert_report_no=cert_report_no, actor=actor)

    def seal(self, record_id: str, *, actor: SignedIn, acknowledge_review: bool = False,
             supervisor: str | None = None, supervisor_password: str = "") -> Sealed:
        return self._records.confirm(record_id, actor=actor, acknowledge_review=acknowledge_review,
                                     supervisor=supervisor, supervisor_password=supervisor_password)

    def refuse(self, record_id: str, *, actor: SignedIn, reason: str) -> Sealed:
        return self._records.refuse(record_id, actor=actor, reason=reason)

    def receipt(self, record_id: str, *, actor: SignedIn, lang: str = "zh") -> ReceiptPdf:
        """The receipt PDF of a sealed record, in memory for printing (it can always be made again
        from the record, so no copy with personal data is left on disk)."""
        with self._db.session() as session:
            require(session, actor, Permission.CONFIRM)
            record = session.get(Record, record_id)
            if record is None or record.sealed_at is None or record.refusal_reason:
                raise KeyError(record_id)  # only a sealed confirmation has a receipt
            center = settings.get(session, settings.CENTER_NAME)
            photo = self._db.blobs.get(record.photo_sha256) if record.photo_sha256 else None
            data = ReceiptData(
                registration_no=record.registration_no, term=record.term, name=record.name,
                gender=codes.gender_label(record.gender, lang) or record.gender, birth_date=record.birth_date,
                id_number=identity_documents.document_words(record.id_number, lang),
                other_document=bool(record.document_type), ethnicity=codes.ethnicity_label(record.ethnicity, lang) or "",
                level=codes.level_label(record.level, lang) or record.level, major_code=record.major_code,
                major_name=record.major_name,
                learning_form=codes.learning_form_label(record.learning_form, lang) or record.learning_form,
                prior_school=record.prior_school, prior_certificate_no=record.prior_certificate_no,
                photo_jpeg=photo, center_name=center, confirmed_at=record.sealed_at.replace(tzinfo=UTC),
                clerk=record.sealed_by or "", record_id=record.id, version=record.version, lang=lang,
                payment=payment.receipt_words(record.payment_state, record.payment_date, lang),
                admission_type=admission_type_label(record.admission_type, lang),
                exemptions=exemptions.describe(record.exemptions, lang) or _NO_EXEMPTION.text(lang),
            )
        pdf = helper_process.helper.run(documents_in_helper.render_receipt, data, field="receipt")  # reportlab: there
        return ReceiptPdf(f"{record.registration_no or record.id}-v{record.version}.pdf", pdf)

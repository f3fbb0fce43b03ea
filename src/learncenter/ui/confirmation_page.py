"""On-site confirmation, one candidate at a time: find, ID check, photo, diploma, verdict, seal.

Keyboard first: the cursor starts in the find box, where an ID-card reader in keyboard-wedge mode
types the number and Enter; Ctrl+Enter seals; Esc goes back to the find box. All reading and
writing runs through ``Tasks``; the page only shows what the desk returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QWidget

from learncenter.domain.roles import SignedIn
from learncenter.domain import codes, exemptions, payment
from learncenter.domain.admission_types import admission_type_label
from learncenter.domain.evidence import REGISTRY_CHECK, Evidence
from learncenter.domain.eligibility import Outcome, RuleResult
from learncenter.domain.document_types import DocumentType, HolderField, record_must_carry
from learncenter.domain.identity_documents import document_words
from learncenter.domain.masking import mask_id_number
from learncenter.domain.messages import DomainError
from learncenter.services.confirmation import Candidate, ConfirmationDesk, Found, ReceiptPdf
from learncenter.services.records import Sealed
from learncenter.ui import palette_colors, prompts
from learncenter.ui.camera_dialog import capture_image
from learncenter.ui.candidate_form import fill_in
from learncenter.ui.forms.ui_confirmation_page import Ui_ConfirmationPage
from learncenter.ui.printing import PrintOutcome, print_receipt
from learncenter.ui.card_reading_label import CardReadingLabel
from learncenter.ui.photo_step import AskImage, PhotoStep
from learncenter.ui.prior_check_button import PriorCheckButton
from learncenter.ui.seal_summary import SealAnswer, SealSummaryDialog, evidence_line
from learncenter.ui.submitted_material import SubmittedMaterial
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
_RESULT_MARK = {RuleResult.PASSED: "✓", RuleResult.FAILED: "✗", RuleResult.REVIEW: "？", RuleResult.NOT_APPLICABLE: "–"}


@dataclass
class Prompts:
    """Where the page meets hardware (the camera, the printer); tests put frames and a printer here.

    Everything a person answers (a refusal's reason, a supervisor's approval) is a real dialog of
    ``ui.prompts``, opened by the page and answered through its widgets, in tests too."""

    #: camera, or a file: open the dialog over the page and hand the picture to the callable, if one is taken
    image: AskImage = capture_image
    receipt: Callable[[bytes], PrintOutcome | None] = print_receipt  # the printer chosen in settings, or its preview


class ConfirmationPage(QWidget):
    changed = Signal()  # a record was sealed or refused: counts elsewhere need refreshing
    correct_record = Signal(str)  # a supervised correction of the sealed record on screen was asked for
    reprint_record = Signal(str)  # its receipt is wanted again

    def __init__(self, desk: ConfirmationDesk, tasks: Tasks, *, actor: SignedIn, lang: str,
                 ask: Prompts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk, self._tasks, self._actor, self._lang = desk, tasks, actor, lang
        self._ask = ask or Prompts()
        self._candidate: Candidate | None = None
        self.ui = Ui_ConfirmationPage()
        self.ui.setupUi(self)
        self._build()
        QShortcut(QKeySequence("Ctrl+Return"), self, self.confirm)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.confirm)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back_to_find)
        self.back_to_find()

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        """Name the form's widgets as the rest of the app and the tests know them, and wire them."""
        ui = self.ui
        self.find_edit: QLineEdit = ui.findEdit
        self.hits: QListWidget = ui.hits
        self.status: QLabel = ui.status
        self.header: QLabel = ui.header
        self.id_status: QLabel = ui.idStatus
        self.card_front: QPushButton = ui.cardFront
        self.card_back: QPushButton = ui.cardBack
        self.card_matches: QCheckBox = ui.cardMatches
        self.photo_view: QLabel = ui.photoView
        self.photo_button: QPushButton = ui.photoButton
        self.photo_checks: QListWidget = ui.photoChecks
        self.accept_photo: QPushButton = ui.acceptPhoto
        self.attempts: QLabel = ui.attempts
        self.diploma: QLabel = ui.diploma
        self.diploma_scan: QPushButton = ui.diplomaScan
        self.chsi_scan: QPushButton = ui.chsiScan
        self.report_scan: QPushButton = ui.reportScan
        self.chsi_code: QLineEdit = ui.chsiCodeEdit
        self.report_no: QLineEdit = ui.reportNoEdit
        self.save_numbers: QPushButton = ui.saveNumbers
        self.evidence: QLabel = ui.evidence
        self.diploma_box: QGroupBox = ui.diplomaBox
        self.outcome: QLabel = ui.outcome
        self.rules: QListWidget = ui.rules
        self.reviewed: QCheckBox = ui.reviewed
        self.confirm_button: QPushButton = ui.confirmButton
        self.refuse_button: QPushButton = ui.refuseButton
        self.detail: QWidget = ui.detail
        self.rules.setWordWrap(True)  # a rule's sentence is read whole, not scrolled sideways
        self.rules.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.photo = PhotoStep(self, self._desk, self._tasks, actor=self._actor, lang=self._lang,
                               ask_image=self._ask.image, view=self.photo_view, checks=self.photo_checks,
                               accept=self.accept_photo, attempts=self.attempts,
                               on_screen=lambda: self._candidate.record_id if self._candidate else None,
                               changed=self._reload, failed=self._failed)
        ui.numbersRow.setStretchFactor(self.chsi_code, 3)  # 16 characters stay visible
        ui.numbersRow.setStretchFactor(self.report_no, 1)
        self.prior_check = PriorCheckButton(self._desk, self._tasks, actor=self._actor, lang=self._lang,
                                            say=self.status.setText)
        self.prior_check.checked_online.connect(self._reload)
        ui.diplomaRow.addWidget(self.prior_check)
        self.correct_button = QPushButton(self.tr("C&orrect this sealed record…"))
        self.correct_button.setToolTip(self.tr("A correction is a new version approved by a supervisor"))
        self.reprint_button = QPushButton(self.tr("Print the receipt a&gain"))
        sealed_row = QHBoxLayout()
        sealed_row.addWidget(self.correct_button)
        sealed_row.addWidget(self.reprint_button)
        sealed_row.addStretch(1)
        ui.pageLayout.insertLayout(ui.pageLayout.indexOf(self.header) + 1, sealed_row)
        self.payment = QLabel()  # paid or not, and why that stops sealing when it does
        self.payment.setWordWrap(True)
        self.payment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ui.pageLayout.insertWidget(ui.pageLayout.indexOf(self.header) + 2, self.payment)
        # what the candidate submitted online, fetched by the sync, and the card's scans as read
        self.submitted = SubmittedMaterial(
            self._desk, self._tasks, actor=self._actor, lang=self._lang, photo_row=ui.photoLayout, card_box=ui.idLayout,
            after=self.id_status, use_photo=self.photo.taken,
            scans_kept=lambda record_id: self._attached(record_id, "id_front", None), failed=self._failed,
            parent=self)
        self.submitted_photo, self.use_submitted_photo = self.submitted.photo, self.submitted.use_photo
        self.submitted_note, self.keep_submitted_scans = self.submitted.note, self.submitted.keep_scans
        self.card_reading = CardReadingLabel(self._desk, self._tasks, actor=self._actor, lang=self._lang)
        ui.idLayout.insertWidget(ui.idLayout.indexOf(self.id_status) + 1, self.card_reading)
        self.admission = QLabel()  # a special admission type and the subjects the candidate is exempt from
        self.admission.setWordWrap(True)
        self.admission.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.admission.setVisible(False)
        ui.pageLayout.insertWidget(ui.pageLayout.indexOf(self.payment) + 1, self.admission)
        self.correct_button.clicked.connect(
            lambda: self.correct_record.emit(self._candidate.record_id) if self._candidate else None)
        self.reprint_button.clicked.connect(
            lambda: self.reprint_record.emit(self._candidate.record_id) if self._candidate else None)

        self.find_edit.returnPressed.connect(self.search)
        self.hits.itemActivated.connect(lambda item: self.open_record(item.data(Qt.ItemDataRole.UserRole)))
        self.card_front.clicked.connect(self._scan_front)
        self.card_back.clicked.connect(lambda: self._scan("id_back", self.tr("ID card back")))
        self.diploma_scan.clicked.connect(lambda: self._scan("diploma", self.tr("Diploma")))
        self.chsi_scan.clicked.connect(lambda: self._scan("chsi_form", self.tr("CHSI record form")))
        self.report_scan.clicked.connect(lambda: self._scan("cert_report", self.tr("Certification report")))
        self.save_numbers.clicked.connect(self.save_chsi_numbers)
        self.chsi_code.returnPressed.connect(self.save_chsi_numbers)
        self.report_no.returnPressed.connect(self.save_chsi_numbers)
        self.card_matches.clicked.connect(self._card_checked)
        self.photo_button.clicked.connect(self.photo.take)
        self.confirm_button.clicked.connect(self.confirm)
        self.refuse_button.clicked.connect(self.refuse)

    # -- finding --------------------------------------------------------------------------------

    def back_to_find(self) -> None:
        """Forget the candidate on screen entirely, ready for the next one."""
        self._candidate = None
        self.detail.setEnabled(False)
        self._clear_candidate()
        self.hits.clear()
        self.hits.hide()
        self.find_edit.clear()
        self.find_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_candidate(self) -> None:
        """Nothing of the previous person stays: photo, checks, documents, numbers, verdict."""
        self.header.clear()
        self.payment.clear()
        self.card_reading.forget()
        self.admission.clear()
        self.admission.setVisible(False)
        self.submitted.forget()
        self.prior_check.show_for(None, certificate="", verified=False)
        self.correct_button.hide()
        self.reprint_button.hide()
        self.id_status.clear()
        self.card_matches.setChecked(False)
        self.card_front.setText(self.tr("ID card &front…"))
        self.card_back.setText(self.tr("ID card &back…"))
        self.card_back.setVisible(True)
        self.photo.forget()
        self.diploma.clear()
        self.chsi_code.clear()
        self.report_no.clear()
        self.evidence.clear()
        self.outcome.clear()
        self.rules.clear()
        self.reviewed.setChecked(False)

    def search(self) -> None:
        text = self.find_edit.text().strip()
        if text:
            desk, actor = self._desk, self._actor
            self._tasks.work(lambda: desk.find(text, actor=actor), self._found, self._failed)

    def _found(self, found: object) -> None:
        assert isinstance(found, Found)
        if found.record_id:
            self.open_record(found.record_id)
            return
        self.hits.clear()
        for hit in found.hits:
            label = f"{hit.name}  {mask_id_number(hit.id_number)}  {codes.level_label(hit.level, self._lang) or ''}  {hit.term}"
            self.hits.addItem(label)
            self.hits.item(self.hits.count() - 1).setData(Qt.ItemDataRole.UserRole, hit.record_id)
        self.hits.setVisible(bool(found.hits))
        self.hits.setMinimumHeight(min(self.hits.count(), 6) * self.hits.sizeHintForRow(0) + 6 if found.hits else 0)
        if found.id_problems:
            self.status.setStyleSheet(f"color: {palette_colors.error(self)};")
            self.status.setText(self.tr("This is not a valid ID number: %1").replace(
                "%1", "；".join(p.text(self._lang) for p in found.id_problems)))
        else:
            self.status.setStyleSheet("")
            self.status.setText("" if found.hits else self.tr("Nobody matches; check the number or search by name."))
        if found.hits:
            self.hits.setCurrentRow(0)
            self.hits.setFocus()

    def open_record(self, record_id: str) -> None:
        desk, actor = self._desk, self._actor
        self._tasks.work(lambda: desk.candidate(record_id, actor=actor), self._show, self._failed)

    # -- showing --------------------------------------------------------------------------------

    def _show(self, candidate: object) -> None:
        assert isinstance(candidate, Candidate)
        if self._candidate is None or self._candidate.record_id != candidate.record_id:
            self._clear_candidate()  # another person: nothing of the one before may show (nor their photo)
        self._candidate = c = candidate
        self.hits.hide()
        self.detail.setEnabled(not c.sealed)
        self.correct_button.setVisible(c.sealed and c.state != "withdrawn")
        self.reprint_button.setVisible(c.sealed and not c.refused and c.state != "withdrawn")
        level = codes.level_label(c.level, self._lang) or c.level.value
        self.header.setText(f"{c.name}　{document_words(c.id_number, self._lang)}　{level}·{c.major_name}　{c.term}")
        self.status.setText(self.tr("This record is sealed; a correction needs a supervisor.") if c.sealed else "")
        self._show_payment(c)
        self._show_admission(c)
        self.submitted.show(c)
        if c.id_problems:
            self.id_status.setText("✗ " + "；".join(p.text(self._lang) for p in c.id_problems))
            self.id_status.setStyleSheet(f"color: {palette_colors.error(self)};")
        else:
            self.id_status.setText("✓ " + self._agreement(c))
            self.id_status.setStyleSheet(f"color: {palette_colors.success(self)};")
        self.card_matches.setEnabled(not c.id_problems and not c.id_card_checked)
        self.card_matches.setChecked(c.id_card_checked)
        kept = set(c.documents)
        if Evidence.PASSPORT_PAGE in c.required:  # a passport: its photo page, no card sides
            self.card_front.setText(self.tr("Passport photo page (&F)…")
                                    + (" ✓" if "passport_photo_page" in kept else ""))
        elif c.document_type:  # a travel permit or a permanent resident card: a card, not the ID card
            self.card_front.setText(self.tr("Card &front…") + (" ✓" if "id_front" in kept else ""))
        else:
            self.card_front.setText(self.tr("ID card &front…") + (" ✓" if "id_front" in kept else ""))
        back = self.tr("Card &back…") if c.document_type else self.tr("ID card &back…")
        self.card_back.setText(back + (" ✓" if "id_back" in kept else ""))
        self.card_back.setVisible(Evidence.ID_BACK in c.required)
        self.photo.show(c.photo, c.photo_attempts)
        self.diploma_box.setVisible(Evidence.DIPLOMA in c.required or bool(c.prior_certificate_no))
        for kind, button in (("diploma", self.diploma_scan), ("chsi_form", self.chsi_scan),
                             ("cert_report", self.report_scan)):
            button.setText(button.text().removesuffix(" ✓") + (" ✓" if kind in kept else ""))
        self.chsi_code.setText(c.chsi_code)
        self.report_no.setText(c.cert_report_no)
        self.prior_check.show_for(None if c.sealed else c.record_id, certificate=c.prior_certificate_no,
                                  verified=REGISTRY_CHECK in kept)
        self.diploma.setText(self.tr("Certificate: %1\nCHSI code: %2\nReport: %3")
                             .replace("%1", c.prior_certificate_no or "—").replace("%2", c.chsi_code or "—")
                             .replace("%3", c.cert_report_no or "—")
                             + ("\n✓ " + self.tr("Confirmed by the registry, which registered it") if REGISTRY_CHECK in kept
                                else ""))
        self._show_verdict(c)

    def _show_payment(self, c: Candidate) -> None:
        state = payment.state_label(c.payment_state).text(self._lang)
        text = (fill_in(self.tr("Payment: %1 on %2"), state, c.payment_date.isoformat()) if c.payment_date
                else fill_in(self.tr("Payment: %1"), state))
        if c.payment_problem is not None and not c.sealed:
            text += "\n" + c.payment_problem.text(self._lang)
        self.payment.setText(text)
        blocked = c.payment_problem is not None and not c.sealed
        self.payment.setStyleSheet(f"color: {palette_colors.error(self)};" if blocked else "")

    def _agreement(self, c: Candidate) -> str:
        """What the check of the number against the record found, for a record without problems."""
        if not c.document_type:
            return self.tr("The ID number agrees with the record's birth date and gender.")
        if set(record_must_carry(DocumentType(c.document_type))) & {HolderField.BIRTH_DATE, HolderField.GENDER}:
            return self.tr("The document number is valid. It does not carry the birth date or gender: compare "
                           "those on the record with the document itself.")
        return self.tr("The document number agrees with the record's birth date and gender.")

    def _show_admission(self, c: Candidate) -> None:
        lines = []
        if c.admission_type:
            lines.append(fill_in(self.tr("Admission type: %1"), admission_type_label(c.admission_type, self._lang)))
        if c.exemptions:
            lines.append(fill_in(self.tr("Exempt from: %1. Check the original of each certificate or document "
                                         "named here."), exemptions.describe(c.exemptions, self._lang)))
        self.admission.setText("\n".join(lines))
        self.admission.setVisible(bool(lines))

    def _show_verdict(self, c: Candidate) -> None:
        outcome = {Outcome.ELIGIBLE: self.tr("Eligible"), Outcome.NOT_ELIGIBLE: self.tr("Not eligible"),
                   Outcome.NEEDS_REVIEW: self.tr("Needs review")}[c.verdict.outcome]
        self.outcome.setText(outcome)
        self.evidence.setText(self.tr("Before sealing: %1").replace("%1", evidence_line(c, self._lang)))
        self.rules.clear()
        for rule in c.verdict.rules:
            self.rules.addItem(f"{_RESULT_MARK[rule.result]} {rule.problem.text(self._lang)}")
        self.reviewed.setVisible(c.verdict.outcome is Outcome.NEEDS_REVIEW)
        self.reviewed.setChecked(False)
        self.confirm_button.setEnabled(c.verdict.outcome is not Outcome.NOT_ELIGIBLE and c.payment_problem is None)

    def _reload(self, _result: object = None) -> None:
        if self._candidate is not None:
            self.open_record(self._candidate.record_id)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            self._failed_text(exc.text(self._lang))
        else:
            log.error("a step of the confirmation failed", exc_info=exc)
            self._failed_text(self.tr("Something went wrong; nothing already saved was lost. Try again."))

    def _failed_text(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {palette_colors.error(self)};")

    # -- steps ----------------------------------------------------------------------------------

    def _scan_front(self) -> None:
        c = self._candidate
        if c is not None and Evidence.PASSPORT_PAGE in c.required:
            self._scan("passport_photo_page", self.tr("Passport photo page"))
        else:
            self._scan("id_front", self.tr("ID card front"))

    def _scan(self, kind: str, title: str) -> None:
        c = self._candidate
        if c is not None:
            self._ask.image(self, title, lambda data: self._scanned(c.record_id, kind, data))

    def _scanned(self, record_id: str, kind: str, data: bytes) -> None:
        if self._candidate is None or self._candidate.record_id != record_id:
            return  # the page moved on to someone else while the picture was taken
        actor = self._actor
        media_type = "application/pdf" if data[:4] == b"%PDF" else "image/jpeg"
        self._tasks.write(lambda: self._desk.attach_document(record_id, kind, data, actor=actor, media_type=media_type),
                          lambda result: self._attached(record_id, kind, result), self._failed)

    def _attached(self, record_id: str, kind: str, result: object) -> None:
        self._reload(result)
        if kind in ("id_front", "id_back"):
            self.read_card(record_id)

    def read_card(self, record_id: str) -> None:
        """Read the card's scans (offline OCR, off the GUI thread) and show what differs from the record."""
        self.card_reading.read(record_id)

    def save_chsi_numbers(self) -> None:
        c = self._candidate
        if c is None or c.sealed:
            return
        record_id, actor = c.record_id, self._actor
        code, report = self.chsi_code.text(), self.report_no.text()
        self._tasks.write(lambda: self._desk.record_chsi_evidence(record_id, chsi_code=code, cert_report_no=report,
                                                                   actor=actor),
                          self._numbers_saved, self._failed)

    def _numbers_saved(self, _result: object) -> None:
        self.status.setStyleSheet(f"color: {palette_colors.success(self)};")
        self.status.setText(self.tr("The CHSI code and report number are kept with the record."))
        self._reload()

    def _card_checked(self, checked: bool) -> None:
        c = self._candidate
        if c is None or not checked:
            return
        record_id, actor = c.record_id, self._actor
        self._tasks.write(lambda: self._desk.mark_id_card_checked(record_id, actor=actor), self._reload, self._failed)

    def confirm(self) -> None:
        """Show what will be sealed; Enter in that summary seals it."""
        c = self._candidate
        if c is None or c.sealed or not self.confirm_button.isEnabled():
            return
        if c.verdict.outcome is Outcome.NEEDS_REVIEW and not self.reviewed.isChecked() and not c.missing:
            self._failed_text(self.tr("Review the findings under Eligibility and tick that you did, then confirm."))
            self.reviewed.setFocus()
            return
        dialog = SealSummaryDialog(self, c, outcome=self.outcome.text(), lang=self._lang,
                                   reviewed=self.reviewed.isChecked())
        dialog.answered.connect(lambda answer: self._seal(c.record_id, answer))
        dialog.open()

    def _seal(self, record_id: str, answer: object) -> None:
        assert isinstance(answer, SealAnswer)
        actor, reviewed = self._actor, self.reviewed.isChecked()
        self._tasks.write(lambda: self._desk.seal(record_id, actor=actor, acknowledge_review=reviewed,
                                                  supervisor=answer.supervisor,
                                                  supervisor_password=answer.password),
                          self._sealed, self._failed)

    def refuse(self) -> None:
        c = self._candidate
        if c is None or c.sealed:
            return
        dialog = prompts.RefusalDialog(self, name=c.name, lang=self._lang)
        dialog.answered.connect(lambda reason: self._refuse_with(c.record_id, str(reason)))
        dialog.open()

    def _refuse_with(self, record_id: str, reason: str) -> None:
        actor = self._actor
        self._tasks.write(lambda: self._desk.refuse(record_id, actor=actor, reason=reason), self._refused, self._failed)

    def _sealed(self, sealed: object) -> None:
        assert isinstance(sealed, Sealed)
        name = self._candidate.name if self._candidate else ""
        self.changed.emit()
        self.back_to_find()
        self.status.setStyleSheet(f"color: {palette_colors.success(self)};")
        self.status.setText(self.tr("%1 is confirmed and sealed. Preparing the receipt…").replace("%1", name))
        lang, record_id, desk, actor = self._lang, sealed.record_id, self._desk, self._actor
        self._tasks.work(lambda: desk.receipt(record_id, actor=actor, lang=lang), self._receipt_ready,
                         self._receipt_failed)

    def _receipt_ready(self, receipt: object) -> None:
        assert isinstance(receipt, ReceiptPdf)
        outcome = self._ask.receipt(receipt.data)
        said = outcome.text if outcome is not None else self.tr("The receipt was handed to the printer.")
        self.status.setText(self.status.text().replace(self.tr("Preparing the receipt…"), said))

    def _receipt_failed(self, exc: Exception) -> None:
        """The seal stands whatever happens to the printout."""
        if not isinstance(exc, DomainError):
            log.error("a receipt could not be made", exc_info=exc)
        detail = exc.text(self._lang) if isinstance(exc, DomainError) else self.tr("an unexpected error (see the log)")
        self.status.setStyleSheet(f"color: {palette_colors.error(self)};")
        self.status.setText(self.tr("Sealed, but the receipt could not be made: %1. Print it again from the queue.")
                            .replace("%1", detail))

    def _refused(self, sealed: object) -> None:
        name = self._candidate.name if self._candidate else ""
        self.changed.emit()
        self.back_to_find()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("%1 was refused; the reason is kept with the record.").replace("%1", name))

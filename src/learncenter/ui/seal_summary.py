"""The one screen a clerk reads before a record is sealed: who, the photo, the documents, the verdict.

Enter seals (the Seal button is the default). Where evidence the level requires is missing the
screen says what, and sealing then takes a supervisor's own name and password in the same
dialog — the clerk alone cannot seal it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from learncenter.domain import codes
from learncenter.domain.identity_documents import document_words
from learncenter.domain.messages import render
from learncenter.services.confirmation import Candidate
from learncenter.ui.prompts import AskDialog

_DOCUMENT_NAMES = {
    "id_front": QT_TRANSLATE_NOOP("SealSummary", "ID card front"),
    "id_back": QT_TRANSLATE_NOOP("SealSummary", "ID card back"),
    "passport_photo_page": QT_TRANSLATE_NOOP("SealSummary", "Passport photo page"),
    "diploma": QT_TRANSLATE_NOOP("SealSummary", "Diploma"),
    "chsi_form": QT_TRANSLATE_NOOP("SealSummary", "CHSI record form"),
    "cert_report": QT_TRANSLATE_NOOP("SealSummary", "Certification report"),
    "other": QT_TRANSLATE_NOOP("SealSummary", "Other"),
}


@dataclass(frozen=True)
class SealAnswer:
    supervisor: str | None = None
    password: str = ""


def document_name(kind: str) -> str:
    return QCoreApplication.translate("SealSummary", str(_DOCUMENT_NAMES.get(kind, _DOCUMENT_NAMES["other"])))


class SealSummaryDialog(AskDialog):
    def __init__(self, parent: QWidget, candidate: Candidate, *, outcome: str, lang: str,
                 reviewed: bool) -> None:
        super().__init__(parent, self.tr("Seal this record?"))
        c = candidate
        self.missing = c.missing
        grid = QGridLayout()
        picture = QLabel()
        if c.photo:
            pixmap = QPixmap()
            pixmap.loadFromData(c.photo)
            picture.setPixmap(pixmap.scaled(120, 160, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation))
        grid.addWidget(picture, 0, 0, 4, 1)
        level = codes.level_label(c.level, lang) or c.level.value
        facts = [
            (self.tr("Name"), c.name), (self.tr("ID number"), document_words(c.id_number, lang)),
            (self.tr("Level and major"), f"{level} · {c.major_name}"), (self.tr("Term"), c.term),
        ]
        for row, (label, value) in enumerate(facts):
            grid.addWidget(QLabel(label), row, 1)
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(shown, row, 2)
        self.form.addRow(grid)
        documents = "、".join(document_name(kind) for kind in dict.fromkeys(c.documents)) or self.tr("none")
        self.documents = QLabel(documents)
        self.documents.setWordWrap(True)
        self.form.addRow(self.tr("Documents"), self.documents)
        verdict = outcome + (" · " + self.tr("findings reviewed by the clerk") if reviewed else "")
        self.verdict = QLabel(verdict)
        self.form.addRow(self.tr("Verdict"), self.verdict)
        self.supervisor: QLineEdit | None = None
        self.password: QLineEdit | None = None
        if self.missing:
            items = "\n".join("✗ " + render(f"evidence.{item.value}", lang=lang) for item in self.missing)
            gap = QLabel(self.tr("Missing:") + "\n" + items + "\n" + self.tr(
                "Only a supervisor can seal without it; their name is kept with the record."))
            gap.setWordWrap(True)
            gap.setObjectName("missingEvidence")
            self.form.addRow(gap)
            self.supervisor, self.password = QLineEdit(), QLineEdit()
            self.password.setEchoMode(QLineEdit.EchoMode.Password)
            self.form.addRow(self.tr("&Supervisor"), self.supervisor)
            self.form.addRow(self.tr("&Password"), self.password)
        self.finish_form()
        self.ok_button.setText(self.tr("Seal with the supervisor's approval") if self.missing else self.tr("Seal"))
        self.ok_button.setDefault(True)
        if self.supervisor is not None:
            self.supervisor.setFocus()
        else:
            self.ok_button.setFocus()

    def answer(self) -> SealAnswer | None:
        if self.supervisor is None or self.password is None:
            return SealAnswer()
        name = self.supervisor.text().strip()
        if not name or not self.password.text():
            self.message.setText(self.tr("The supervisor enters their own name and password."))
            (self.password if name else self.supervisor).setFocus()
            return None
        return SealAnswer(name, self.password.text())


def evidence_line(candidate: Candidate, lang: str) -> str:
    """What the level requires, each marked as held (✓) or missing (✗), on one line."""
    missing = set(candidate.missing)
    return "　".join(("✗ " if item in missing else "✓ ") + render(f"evidence.{item.value}", lang=lang)
                    for item in candidate.required)


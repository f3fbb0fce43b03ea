"""The small dialogs a page asks a person through: a refusal's reason, a supervisor's approval,
enrolling with the registry (file dialogs are in ``ui.file_dialogs``).

Each is a window-modal ``QDialog`` opened with ``open()`` (never a nested ``exec()`` loop) that
keeps its own fields: the answer is read from them while the dialog still exists and is handed
on by the ``answered`` signal. OK only closes the dialog once the answer is complete; until then
the dialog says what is missing. Tests find the open dialog as a child of the page and answer it
through these same widgets.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from learncenter.domain import refusal_reasons
from learncenter.domain.messages import DEFAULT_LANGUAGE
from learncenter.domain.refusal_reasons import Refusal
from learncenter.ui import palette_colors


class AskDialog(QDialog):
    """A form with OK and Cancel whose answer is checked before the dialog closes."""

    answered = Signal(object)

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = QFormLayout(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {palette_colors.error(self)};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_form(self) -> None:
        """Add the message line and the buttons below the fields a subclass added."""
        self.form.addRow(self.message)
        self.form.addRow(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def answer(self) -> object | None:
        """The complete answer, or None after saying in ``message`` what is missing."""
        raise NotImplementedError

    def accept(self) -> None:
        value = self.answer()
        if value is None:
            return
        super().accept()
        self.answered.emit(value)


class RefusalDialog(AskDialog):
    """Why a candidate is refused: a reason from the list with what to tell the candidate beneath it,
    details required for "Other". The record keeps the reason in Chinese (``Refusal.record_text``)."""

    def __init__(self, parent: QWidget, *, name: str = "", lang: str = DEFAULT_LANGUAGE) -> None:
        super().__init__(parent, QCoreApplication.translate("Prompts", "Refuse"))
        self._lang = lang
        if name:
            self.form.addRow(QLabel(QCoreApplication.translate("Prompts", "Refuse %1 on site?").replace("%1", name)))
        self.reasons = QComboBox()
        for reason in refusal_reasons.reasons():
            self.reasons.addItem(refusal_reasons.label(reason, lang), reason)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("refusalExplanation")
        self.explanation.setMinimumWidth(440)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLineEdit()
        self.detail.setPlaceholderText(QCoreApplication.translate("Prompts", "What the candidate should know"))
        self.form.addRow(QCoreApplication.translate("Prompts", "&Reason"), self.reasons)
        self.form.addRow(QCoreApplication.translate("Prompts", "Tell the candidate"), self.explanation)
        self.form.addRow(QCoreApplication.translate("Prompts", "&Details"), self.detail)
        self.finish_form()
        self.ok_button.setText(QCoreApplication.translate("Prompts", "Refuse"))
        self.reasons.currentIndexChanged.connect(self._explain)
        self._explain()
        self.reasons.setFocus()

    def chosen(self) -> Refusal:
        return Refusal(self._reason(), self.detail.text())

    def _reason(self) -> refusal_reasons.RefusalReason:
        return refusal_reasons.RefusalReason(self.reasons.currentData())  # Qt hands the enum back as str

    def _explain(self) -> None:
        self.explanation.setText(refusal_reasons.explanation(self._reason(), self._lang)
                                 or QCoreApplication.translate("Prompts", "Write the reason in Details."))
        self.adjustSize()  # a longer explanation needs more lines: the dialog grows to show it all

    def answer(self) -> str | None:
        refusal = self.chosen()
        if not refusal.complete():
            self.message.setText(QCoreApplication.translate("Prompts", "Write the reason in Details."))
            self.detail.setFocus()
            return None
        return refusal.record_text()


class ReasonDialog(AskDialog):
    """A reason in words, required (withdrawing a returned record, for instance)."""

    def __init__(self, parent: QWidget, *, title: str, question: str, ok_text: str) -> None:
        super().__init__(parent, title)
        intro = QLabel(question)
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.reason = QLineEdit()
        self.form.addRow(QCoreApplication.translate("Prompts", "&Reason"), self.reason)
        self.finish_form()
        self.ok_button.setText(ok_text)
        self.reason.setFocus()

    def answer(self) -> str | None:
        if not self.reason.text().strip():
            self.message.setText(QCoreApplication.translate("Prompts", "Please give a reason."))
            return None
        return self.reason.text().strip()


class SupervisorDialog(AskDialog):
    """A supervisor looks at what is to be approved and signs with their own name and password."""

    def __init__(self, parent: QWidget, *, title: str, photo: bytes | None = None,
                 problems: tuple[str, ...] = ()) -> None:
        super().__init__(parent, title)
        if photo:
            picture = QLabel()
            pixmap = QPixmap()
            pixmap.loadFromData(photo)
            picture.setPixmap(pixmap.scaled(180, 240, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation))
            self.form.addRow(picture)
        if problems:
            listed = QLabel("\n".join("✗ " + p for p in problems))
            listed.setWordWrap(True)
            listed.setMaximumWidth(420)
            self.form.addRow(QCoreApplication.translate("Prompts", "Failed checks"), listed)
        self.name, self.password = QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(QCoreApplication.translate("Prompts", "&Supervisor"), self.name)
        self.form.addRow(QCoreApplication.translate("Prompts", "&Password"), self.password)
        self.finish_form()
        self.ok_button.setText(QCoreApplication.translate("Prompts", "Approve"))
        self.name.setFocus()

    def answer(self) -> tuple[str, str] | None:
        name = self.name.text().strip()
        if not name or not self.password.text():
            self.message.setText(QCoreApplication.translate("Prompts", "The supervisor enters their own name and password."))
            (self.password if name else self.name).setFocus()
            return None
        return name, self.password.text()


class EnrollDialog(AskDialog):
    """The registry's address and the one-time code its administrator gave."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, QCoreApplication.translate("Prompts", "Enroll with the registry"))
        self.url, self.code = QLineEdit(), QLineEdit()
        self.url.setPlaceholderText("https://registry.example.edu.cn")
        self.form.addRow(QCoreApplication.translate("Prompts", "Registry &address"), self.url)
        self.form.addRow(QCoreApplication.translate("Prompts", "One-time &code"), self.code)
        self.finish_form()
        self.url.setFocus()

    def answer(self) -> tuple[str, str] | None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url.startswith(("http://", "https://")):
            self.message.setText(QCoreApplication.translate(
                "Prompts", "Enter the registry's address as its administrator wrote it, starting with https://."))
            self.url.setFocus()
            return None
        if not code:
            self.message.setText(QCoreApplication.translate("Prompts", "Enter the one-time code."))
            self.code.setFocus()
            return None
        return url, code


def tell(parent: QWidget, title: str, text: str) -> QMessageBox:
    """A message the person reads and closes; it does not stop the window behind it."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def ask_yes_no(parent: QWidget, title: str, text: str, on_yes: Callable[[], None]) -> QMessageBox:
    """A question with Yes and No (No is the default); ``on_yes`` runs only on Yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.finished.connect(lambda result: on_yes() if result == QMessageBox.StandardButton.Yes else None)
    box.open()
    return box

"""Small dialogs the confirmation flow asks through. Pages receive these as parameters, so tests
answer them directly instead of clicking through modal dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLineEdit, QWidget



def refusal_reasons() -> list[str]:
    return [
        QCoreApplication.translate("Prompts", "The ID card does not match the person"),
        QCoreApplication.translate("Prompts", "The prior diploma does not qualify for this level"),
        QCoreApplication.translate("Prompts", "No CHSI record form or certification report"),
        QCoreApplication.translate("Prompts", "Does not meet the age requirement"),
        QCoreApplication.translate("Prompts", "The candidate did not appear in person"),
        QCoreApplication.translate("Prompts", "Other"),
    ]


def choose_image_file(parent: QWidget, title: str) -> bytes | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, title, "", QCoreApplication.translate("Prompts", "Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)"))
    return Path(path).read_bytes() if path else None


def ask_form(parent: QWidget, title: str, rows: list[tuple[str, QWidget]]) -> bool:
    """A small modal form with OK and Cancel; True when the person pressed OK."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    for label, field in rows:
        form.addRow(label, field)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_supervisor(parent: QWidget) -> tuple[str, str] | None:
    """A supervisor signs the override with their own name and password."""
    name, password = QLineEdit(), QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    rows: list[tuple[str, QWidget]] = [(QCoreApplication.translate("Prompts", "Supervisor"), name),
                                       (QCoreApplication.translate("Prompts", "Password"), password)]
    if not ask_form(parent, QCoreApplication.translate("Prompts", "Supervisor approval"), rows) or not name.text().strip():
        return None
    return name.text().strip(), password.text()


def ask_refusal_reason(parent: QWidget) -> str | None:
    reasons = QComboBox()
    reasons.addItems(refusal_reasons())
    detail = QLineEdit()
    rows: list[tuple[str, QWidget]] = [(QCoreApplication.translate("Prompts", "Reason"), reasons),
                                       (QCoreApplication.translate("Prompts", "Details"), detail)]
    if not ask_form(parent, QCoreApplication.translate("Prompts", "Refuse"), rows):
        return None
    return reasons.currentText() + (f"：{detail.text().strip()}" if detail.text().strip() else "")

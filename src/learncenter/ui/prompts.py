"""Small dialogs the confirmation flow asks through. Pages receive these as parameters, so tests
answer them directly instead of clicking through modal dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
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


def ask_supervisor(parent: QWidget) -> tuple[str, str] | None:
    """A supervisor signs the override with their own name and password."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("Prompts", "Supervisor approval"))
    name, password = QLineEdit(), QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    form = QFormLayout(dialog)
    form.addRow(QCoreApplication.translate("Prompts", "Supervisor"), name)
    form.addRow(QCoreApplication.translate("Prompts", "Password"), password)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted or not name.text().strip():
        return None
    return name.text().strip(), password.text()


def ask_refusal_reason(parent: QWidget) -> str | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("Prompts", "Refuse"))
    reasons = QComboBox()
    reasons.addItems(refusal_reasons())
    detail = QLineEdit()
    form = QFormLayout(dialog)
    form.addRow(QCoreApplication.translate("Prompts", "Reason"), reasons)
    form.addRow(QCoreApplication.translate("Prompts", "Details"), detail)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    text = reasons.currentText() + (f"：{detail.text().strip()}" if detail.text().strip() else "")
    return text


def open_receipt(path: Path) -> None:
    """Hand the receipt to the system's PDF viewer, from which it is printed."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

"""Loading the interface language: Chinese by default, English ships too.

Source strings in the code are English (Qt's convention); the Chinese comes from
resources/translations/learncenter_zh_CN.qm, compiled from the .ts that translators edit.
Messages of the domain and the store carry both languages themselves and are rendered with the
same language code.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from learncenter.domain.messages import DEFAULT_LANGUAGE, LANGUAGES
from learncenter.resources import resource_dir

SETTINGS_KEY = "ui/language"
_QT_LOCALES = {"zh": "zh_CN", "en": "en"}


def saved_language(settings: QSettings) -> str:
    value = str(settings.value(SETTINGS_KEY, DEFAULT_LANGUAGE))
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Install the translators for ``lang``; keep the returned list alive as long as the app."""
    installed: list[QTranslator] = []
    if lang == "en":
        return installed
    locale = _QT_LOCALES[lang]
    QLocale.setDefault(QLocale(locale))
    candidates = [
        (f"learncenter_{locale}", str(resource_dir() / "translations")),
        (f"qtbase_{locale}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ]
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed

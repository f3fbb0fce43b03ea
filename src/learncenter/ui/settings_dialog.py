"""Settings of this workstation: language, receipt printer, camera, idle lock.

They live in QSettings (per computer and Windows user), not in the database: they describe the
desk's hardware and habits, which differ between two desks sharing one center's data. A device
that was chosen but is not connected right now stays chosen, so unplugging a printer for a day
and pressing OK here does not silently forget it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSettings, Signal
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from learncenter.ui.camera_dialog import CAMERA_KEY, device_id, saved_camera
from learncenter.ui.forms.ui_settings_dialog import Ui_SettingsDialog
from learncenter.ui.i18n import SETTINGS_KEY as LANGUAGE_KEY
from learncenter.ui.i18n import saved_language
from learncenter.ui.printing import PREVIEW_KEY, PRINTER_KEY, preview_wanted, saved_printer

IDLE_LOCK_KEY = "ui/idle_lock_minutes"
IDLE_LOCK_DEFAULT, IDLE_LOCK_MIN, IDLE_LOCK_MAX = 5, 1, 60
LANGUAGE_NAMES = (("zh", "中文"), ("en", "English"))  # each in its own language: never translated

PrinterNames = Callable[[], Sequence[str]]
Cameras = Callable[[], Sequence[tuple[str, str]]]  # (device id, description)


def installed_printers() -> list[str]:
    return [p.printerName() for p in QPrinterInfo.availablePrinters()]


def connected_cameras() -> list[tuple[str, str]]:
    return [(device_id(d), d.description()) for d in QMediaDevices.videoInputs()]


def idle_lock_minutes(settings: QSettings) -> int:
    """The saved idle-lock delay, kept within 1–60 whatever a hand-edited file says."""
    try:
        minutes = int(str(settings.value(IDLE_LOCK_KEY, IDLE_LOCK_DEFAULT)))
    except ValueError:
        return IDLE_LOCK_DEFAULT
    return max(IDLE_LOCK_MIN, min(IDLE_LOCK_MAX, minutes))


def _select(combo: QComboBox, data: object) -> bool:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


class SettingsDialog(QDialog):
    """Shows the saved values and writes them all back on OK; Cancel changes nothing.

    The idle-lock delay applies at once: OK announces it (``idle_lock_minutes_chosen``) to the
    window's idle lock. The language applies at the next start.
    """

    idle_lock_minutes_chosen = Signal(int)

    def __init__(self, settings: QSettings | None = None, *, printers: PrinterNames = installed_printers,
                 cameras: Cameras = connected_cameras, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self._settings = settings if settings is not None else QSettings()
        self._fill_language()
        self._fill_printers(printers())
        self._fill_cameras(cameras())
        self.ui.previewCheck.setChecked(preview_wanted(self._settings))
        self.ui.idleSpin.setRange(IDLE_LOCK_MIN, IDLE_LOCK_MAX)
        self.ui.idleSpin.setValue(idle_lock_minutes(self._settings))
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)

    def _fill_language(self) -> None:
        combo = self.ui.languageCombo
        for code, name in LANGUAGE_NAMES:
            combo.addItem(name, code)
        _select(combo, saved_language(self._settings))

    def _fill_printers(self, names: Sequence[str]) -> None:
        combo = self.ui.printerCombo
        combo.addItem(self.tr("System default printer"), "")
        for name in names:
            combo.addItem(name, name)
        saved = saved_printer(self._settings)
        if saved and not _select(combo, saved):
            combo.addItem(self.tr("%1 (not connected now)").replace("%1", saved), saved)
            combo.setCurrentIndex(combo.count() - 1)

    def _fill_cameras(self, cameras: Sequence[tuple[str, str]]) -> None:
        """Automatic (nothing saved): the camera dialog opens the system default. None: this desk
        has no camera, so taking a picture goes straight to the file dialog."""
        combo = self.ui.cameraCombo
        combo.addItem(self.tr("Automatic (the system's default camera)"), None)
        for ident, description in cameras:
            combo.addItem(description, ident)
        combo.addItem(self.tr("None: take pictures from image files"), "")
        saved = saved_camera(self._settings)
        if saved is not None and not _select(combo, saved):
            combo.addItem(self.tr("The camera chosen before (not connected now)"), saved)
            combo.setCurrentIndex(combo.count() - 1)

    def save(self) -> None:
        s = self._settings
        s.setValue(LANGUAGE_KEY, self.ui.languageCombo.currentData())
        s.setValue(PRINTER_KEY, self.ui.printerCombo.currentData() or "")
        s.setValue(PREVIEW_KEY, self.ui.previewCheck.isChecked())
        camera = self.ui.cameraCombo.currentData()
        if camera is None:
            s.remove(CAMERA_KEY)
        else:
            s.setValue(CAMERA_KEY, str(camera))
        s.setValue(IDLE_LOCK_KEY, self.ui.idleSpin.value())
        s.sync()

    def accept(self) -> None:
        self.save()
        super().accept()
        self.idle_lock_minutes_chosen.emit(self.ui.idleSpin.value())

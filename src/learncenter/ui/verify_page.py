"""The exam door: is this admission notice genuine? Held up to the camera, or opened as a PDF,
a photo or a scan.

The camera's picture is shown live; a few times a second the current frame is copied as grey
pixels on the GUI thread (cheap) and decoded and verified on the general pool (zxing and the
signature check), one frame at a time, so a slow decode drops frames rather than queueing them.
A notice held in front of the camera is verified once and then only re-verified every few
seconds: the verdict stays put instead of flickering, and taking the notice away and showing it
again after a pause counts as a new check in the list.

The keys are this center's own by default (every key it has used, as ``notice-keys export``
writes them); an exam site loads the keys file the administrators gave it, and the page
remembers that file per workstation (QSettings "verify/keys_file"). The camera is the one the
workstation settings chose (as for photos), and it runs only while the page is shown, so the
camera light is off and the device free on every other page.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QHideEvent, QImage, QShowEvent
from PySide6.QtMultimedia import QCamera, QCameraDevice, QMediaCaptureSession, QMediaDevices
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.services import exam_notices
from learncenter.ui import file_dialogs, palette_colors
from learncenter.ui.camera_dialog import CAMERA_KEY, device_id, saved_camera
from learncenter.ui.tables import read_only_table
from learncenter.ui.tasks import Tasks

if TYPE_CHECKING:
    from learncenter.documents.notice_qr import NoticeVerdict, TrustedKey

KEYS_FILE_KEY = "verify/keys_file"  # the keys file an exam site loaded; absent: this center's own keys
FRAME_INTERVAL_MS = 300  # a few decodes per second: a notice is read before the hand holding it tires
REPEAT_SECONDS = 4.0  # the same code is verified and listed again only after this pause
HISTORY_ROWS = 200
COLOURS = {"valid": "#1b7f3b", "forged": "#c62828", "altered": "#d98200", "unreadable": "#6b6b6b"}

CameraList = Callable[[], Sequence[QCameraDevice]]
Clock = Callable[[], float]


def grey_pixels(image: QImage) -> tuple[bytes, tuple[int, int], int]:
    """A frame as 8-bit grey bytes, its size and row stride: what the decoder takes without
    any encoding, and all a QR reader needs."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return bytes(grey.constBits()), (grey.width(), grey.height()), grey.bytesPerLine()


def _documents(module: str) -> object:
    """``learncenter.documents.<module>``, loaded on first use (the QR reader, reportlab)."""
    return importlib.import_module(f"learncenter.documents.{module}")


class VerifyPage(QWidget):
    def __init__(self, ctx: AppContext, tasks: Tasks, *, settings: QSettings | None = None,
                 cameras: CameraList = QMediaDevices.videoInputs, clock: Clock = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._tasks, self._cameras, self._clock = ctx, tasks, cameras, clock
        self._settings = settings if settings is not None else QSettings()
        self._keys: list[TrustedKey] | None = None
        self._keys_source: Path | None = None
        self._keys_error = ""
        self._loading_keys = False
        self._waiting: list[Callable[[list[TrustedKey]], None]] = []
        self._inputs: list[QCameraDevice] = []
        self._camera: QCamera | None = None
        self._frame_busy = False
        self._seen: dict[str, tuple[float, NoticeVerdict]] = {}  # code text -> last verified, verdict
        self._shown: str | None = None  # the code whose verdict the panel shows (camera only)
        self._shown_seen = 0.0
        self.verdicts: list[NoticeVerdict] = []  # what the panel shows, for tests and screenshots

        self.camera_combo = QComboBox()
        self.open_button = QPushButton(self.tr("&Open file…"))
        self.keys_button = QPushButton(self.tr("Load &keys file…"))
        self.own_keys_button = QPushButton(self.tr("This &center's keys"))
        top = QHBoxLayout()
        top.addWidget(self.camera_combo, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.keys_button)
        top.addWidget(self.own_keys_button)
        top.addStretch(1)
        self.keys_label = QLabel()
        self.keys_label.setWordWrap(True)

        self.preview = QVideoWidget()
        self.preview.setMinimumSize(400, 300)
        self.camera_message = QLabel()
        self.camera_message.setWordWrap(True)
        camera_box = QGroupBox(self.tr("Camera"))
        camera_layout = QVBoxLayout(camera_box)
        camera_layout.addWidget(self.preview, 1)
        camera_layout.addWidget(self.camera_message)

        self.verdict_label = QLabel()
        self.verdict_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict_label.setMinimumHeight(90)
        big = QFont(self.verdict_label.font())
        big.setPointSize(30)
        big.setBold(True)
        self.verdict_label.setFont(big)
        self.source_label = QLabel()
        self.source_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field_labels = {name: QLabel() for name in ("notice", "name", "session", "room", "seat", "center")}
        form = QFormLayout()
        titles = {"notice": self.tr("Notice number:"), "name": self.tr("Name:"), "session": self.tr("Exam session:"),
                  "room": self.tr("Room:"), "seat": self.tr("Seat:"), "center": self.tr("Signed by:")}
        value_font = QFont(self.font())
        value_font.setPointSize(value_font.pointSize() + 3)
        for name, label in self.field_labels.items():
            label.setFont(value_font)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            form.addRow(titles[name], label)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        verdict_box = QGroupBox(self.tr("Verdict"))
        verdict_layout = QVBoxLayout(verdict_box)
        verdict_layout.addWidget(self.verdict_label)
        verdict_layout.addWidget(self.source_label)
        verdict_layout.addLayout(form)
        verdict_layout.addWidget(self.problem_label)
        verdict_layout.addStretch(1)

        self.history = read_only_table([self.tr("Time"), self.tr("Verdict"), self.tr("Notice number"),
                                        self.tr("Name"), self.tr("Room and seat"), self.tr("From")])

        middle = QHBoxLayout()
        middle.addWidget(camera_box, 3)
        middle.addWidget(verdict_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.keys_label)
        layout.addLayout(middle, 3)
        layout.addWidget(self.history, 2)

        self._capture = QMediaCaptureSession(self)
        self._capture.setVideoOutput(self.preview)
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self._refresh_cameras)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_INTERVAL_MS)
        self._timer.timeout.connect(self._grab_frame)
        self.camera_combo.currentIndexChanged.connect(self._camera_chosen)
        self.camera_combo.activated.connect(self._remember_camera)
        self.open_button.clicked.connect(self._choose_file)
        self.keys_button.clicked.connect(self._choose_keys_file)
        self.own_keys_button.clicked.connect(self.use_own_keys)
        self._show_waiting()
        self._refresh_cameras()

    # -- keys -----------------------------------------------------------------------------

    def _with_keys(self, then: Callable[[list[TrustedKey]], None]) -> None:
        """Run ``then`` with the trusted keys, loading them first (once) if need be."""
        if self._keys is not None:
            then(self._keys)
            return
        self._waiting.append(then)
        if not self._loading_keys:
            remembered = str(self._settings.value(KEYS_FILE_KEY, "") or "")
            self._load_keys(Path(remembered) if remembered else None)

    def load_keys_file(self, path: Path) -> None:
        """Trust the keys of an exam site's keys file from now on (remembered on this workstation)."""
        self._keys_error = ""
        self._load_keys(path)

    def use_own_keys(self) -> None:
        self._settings.remove(KEYS_FILE_KEY)
        self._keys_error = ""
        self._load_keys(None)

    def _load_keys(self, path: Path | None) -> None:
        self._loading_keys = True
        db = self._ctx.db

        def load() -> tuple[Path | None, list[TrustedKey]]:
            qr = _documents("notice_qr")
            if path is not None:
                return path, list(qr.read_keys_file(path.read_bytes()))  # type: ignore[attr-defined]
            return None, exam_notices.exam_site_keys(db)

        # This center's keys: the first look creates the device key (a write), as the first notice would.
        submit = self._tasks.work if path is not None else self._tasks.write
        submit(load, self._keys_loaded, lambda exc: self._keys_failed(path, exc))

    def _keys_loaded(self, result: object) -> None:
        path, keys = cast(tuple[Path | None, list["TrustedKey"]], result)
        self._loading_keys = False
        self._keys, self._keys_source = keys, path
        self._seen.clear()  # a verdict depends on the keys
        if path is not None:
            self._settings.setValue(KEYS_FILE_KEY, str(path))
            self._settings.sync()
        centers = "、".join(dict.fromkeys(k.center_name or k.center_id for k in keys))
        if path is None:
            text = self.tr("Keys: this center's own (%n key(s)).", "", len(keys))
        else:
            text = self.tr("Keys: %n key(s) from %1, centers: %2.", "", len(keys)).replace("%1", path.name) \
                .replace("%2", centers or "—")
        self.keys_label.setStyleSheet(f"color: {palette_colors.error(self)};" if self._keys_error else "")
        self.keys_label.setText(" ".join(t for t in (self._keys_error, text) if t))
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then(keys)

    def _keys_failed(self, path: Path | None, exc: Exception) -> None:
        self._loading_keys = False
        if path is not None:
            self._settings.remove(KEYS_FILE_KEY)
            self._keys_error = self.tr("The keys file %1 cannot be used: %2").replace("%1", str(path)) \
                .replace("%2", self._error_text(exc))
            self._load_keys(None)  # verify with this center's own keys meanwhile, and say so
            return
        self.keys_label.setStyleSheet(f"color: {palette_colors.error(self)};")
        self.keys_label.setText(self._error_text(exc))
        self._waiting.clear()
        self._frame_busy = False  # a frame waiting for the keys is dropped; the next one tries again

    def _choose_keys_file(self) -> QFileDialog:
        return file_dialogs.open_file(self, self.tr("Keys file of the learning centers"),
                                      [self.tr("Keys files (*.json)")], self.load_keys_file)

    # -- files ----------------------------------------------------------------------------

    def _choose_file(self) -> QFileDialog:
        return file_dialogs.open_file(
            self, self.tr("Open an admission notice"),
            [self.tr("Notices: PDF, photos, scans (*.pdf *.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)")],
            self.open_file)

    def open_file(self, path: Path) -> None:
        """Verify every notice code in a PDF, photo or scan; the verdicts replace what is shown."""
        def verify(keys: list[TrustedKey]) -> None:
            self.camera_message.setText(self.tr("Reading %1…").replace("%1", path.name))
            self._tasks.work(
                lambda: _documents("notice_verify").verify_notice_file(path, keys),  # type: ignore[attr-defined]
                lambda verdicts: self._show_file(path, cast(list["NoticeVerdict"], verdicts)),
                self._file_failed)

        self._with_keys(verify)

    def _show_file(self, path: Path, verdicts: list[NoticeVerdict]) -> None:
        self._camera_hint()
        self._shown = None
        self._show(verdicts, path.name, picture=not path.name.lower().endswith(".pdf"))
        for verdict in verdicts:
            self._add_history(verdict, path.name)

    def _file_failed(self, exc: Exception) -> None:
        self._camera_hint()
        self._shown = None
        self.verdicts = []
        self._paint("unreadable", self.tr("UNREADABLE"), "")
        for label in self.field_labels.values():
            label.clear()
        self.problem_label.setText(self._error_text(exc))

    # -- camera frames --------------------------------------------------------------------

    def verify_frame(self, image: QImage) -> None:
        """A camera frame: decoded and verified on the pool unless the previous one is still busy."""
        if self._frame_busy or image.isNull():
            return
        self._frame_busy = True
        pixels, size, stride = grey_pixels(image)  # on the GUI thread: the QImage stays here
        source = self.tr("camera")

        def verify(keys: list[TrustedKey]) -> None:
            now = self._clock()
            recent = {text: verdict for text, (seen, verdict) in self._seen.items() if now - seen < REPEAT_SECONDS}

            def job() -> list[tuple[str, NoticeVerdict]]:
                reading = _documents("notice_verify")
                texts = reading.decode_notice_image(pixels, size=size, stride=stride,  # type: ignore[attr-defined]
                                                    source=source, quick=True)
                qr = _documents("notice_qr")
                return [(text, recent.get(text) or qr.verify_notice_text(text, keys))  # type: ignore[attr-defined]
                        for text in texts]

            self._tasks.work(job, self._frame_done, self._frame_failed)

        self._with_keys(verify)
        if self._keys is None and not self._loading_keys:
            self._frame_busy = False  # the keys could not be loaded; the next frame tries again

    def _frame_done(self, result: object) -> None:
        self._frame_busy = False
        found = cast(list[tuple[str, "NoticeVerdict"]], result)
        now = self._clock()
        if not found:
            self.camera_message.setStyleSheet("")
            self.camera_message.setText(self.tr("No notice code in view: hold the notice's QR code flat in front of "
                                                "the camera."))
            return
        self.camera_message.setText(self.tr("Notice code read."))
        fresh = []
        for text, verdict in found:
            last = self._seen.get(text)
            if last is None or now - last[0] >= REPEAT_SECONDS:
                self._seen[text] = (now, verdict)  # verified now; reused until REPEAT_SECONDS have passed
            if text == self._shown and now - self._shown_seen < REPEAT_SECONDS:
                self._shown_seen = now  # still in view: the verdict stays as it is
                continue
            fresh.append((text, verdict))
        if not fresh:
            return
        self._shown, self._shown_seen = fresh[0][0], now
        self._show([verdict for _text, verdict in fresh], self.tr("camera"), picture=True)
        for _text, verdict in fresh:
            self._add_history(verdict, self.tr("camera"))

    def _frame_failed(self, exc: Exception) -> None:
        self._frame_busy = False
        self.camera_message.setText(self._error_text(exc))

    def _grab_frame(self) -> None:
        frame = self.preview.videoSink().videoFrame()
        if frame.isValid():
            self.verify_frame(frame.toImage())

    # -- the camera -----------------------------------------------------------------------

    def _refresh_cameras(self) -> None:
        current = self.camera_combo.currentIndex()
        running = device_id(self._inputs[current]) if 0 <= current < len(self._inputs) else None
        saved = saved_camera(self._settings)
        self._inputs = [] if saved == "" else list(self._cameras())
        self.camera_combo.blockSignals(True)
        self.camera_combo.clear()
        for device in self._inputs:
            self.camera_combo.addItem(device.description())
        ids = [device_id(d) for d in self._inputs]
        wanted = running or saved or device_id(QMediaDevices.defaultVideoInput())
        self.camera_combo.setCurrentIndex(ids.index(wanted) if wanted in ids else (0 if ids else -1))
        self.camera_combo.blockSignals(False)
        self.camera_combo.setVisible(len(self._inputs) > 1)
        self.preview.setVisible(bool(self._inputs))
        if not self._inputs:
            self._stop_camera()
        elif self.isVisible() and (self._camera is None or device_id(self._camera.cameraDevice()) not in ids):
            self._start_camera()
        self._camera_hint()

    def has_camera(self) -> bool:
        return bool(self._inputs)

    def _camera_hint(self) -> None:
        self.camera_message.setStyleSheet("")
        if saved_camera(self._settings) == "":
            self.camera_message.setText(self.tr("This workstation is set to work without a camera (Workstation ▸ "
                                                "Settings). Use “Open file…” for a PDF, a photo or a scan of the "
                                                "notice."))
        elif not self._inputs:
            self.camera_message.setText(self.tr("No camera is connected to this computer. Use “Open file…” for a "
                                                "PDF, a photo or a scan of the notice."))
        else:
            self.camera_message.setText(self.tr("Hold the notice's QR code in front of the camera."))

    def _camera_chosen(self, _index: int) -> None:
        if self.isVisible():
            self._start_camera()

    def _remember_camera(self, index: int) -> None:
        if 0 <= index < len(self._inputs):  # only a person's choice is remembered
            self._settings.setValue(CAMERA_KEY, device_id(self._inputs[index]))
            self._settings.sync()

    def _start_camera(self) -> None:
        self._stop_camera()
        index = self.camera_combo.currentIndex()
        if not 0 <= index < len(self._inputs):
            return
        camera = QCamera(self._inputs[index], self)
        camera.errorOccurred.connect(lambda _error, text: self._camera_error(text))
        self._capture.setCamera(camera)
        self._camera = camera
        camera.start()
        self._timer.start()

    def _stop_camera(self) -> None:
        """Release the device: the light goes off and the photo desk's dialog can have it."""
        self._timer.stop()
        if self._camera is not None:
            self._camera.stop()
            self._capture.setCamera(None)  # type: ignore[arg-type]  # Qt accepts nullptr here
            self._camera.deleteLater()
            self._camera = None

    def _camera_error(self, detail: str) -> None:
        self._timer.stop()
        self.camera_message.setStyleSheet(f"color: {palette_colors.error(self)};")
        self.camera_message.setText(self.tr("The camera cannot be used (%1). Check that it is plugged in and not "
                                            "open in another program, or use “Open file…”.").replace("%1", detail))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._with_keys(lambda _keys: None)
        if self._inputs and self._camera is None:
            self._start_camera()

    def hideEvent(self, event: QHideEvent) -> None:
        self._stop_camera()
        super().hideEvent(event)

    # -- showing verdicts -----------------------------------------------------------------

    def _status_text(self, status: str) -> str:
        return {"valid": self.tr("VALID"), "forged": self.tr("FORGED"), "altered": self.tr("ALTERED"),
                "unreadable": self.tr("UNREADABLE")}.get(status, status)

    def _paint(self, status: str, text: str, source: str) -> None:
        self.verdict_label.setText(text)
        self.verdict_label.setStyleSheet(f"background: {COLOURS.get(status, COLOURS['unreadable'])}; color: white; "
                                         "border-radius: 6px; padding: 8px;")
        self.source_label.setText(source)

    def _show_waiting(self) -> None:
        self.verdicts = []
        self.verdict_label.setText(self.tr("Waiting for a notice"))
        self.verdict_label.setStyleSheet("border: 2px dashed #9e9e9e; color: #6b6b6b; border-radius: 6px; "
                                         "padding: 8px;")

    def _show(self, verdicts: Sequence[NoticeVerdict], source: str, *, picture: bool = False) -> None:
        """The first verdict that is not ``valid`` (or the first), large; several codes in one file
        are each listed in the history below. A picture (camera, photo, scan) has no text to
        compare the code with, so a valid one asks the invigilator to compare by eye."""
        self.verdicts = list(verdicts)
        verdict = next((v for v in verdicts if v.status != "valid"), verdicts[0])
        where = source if len(verdicts) == 1 else self.tr("%1 (%2 notice codes; see the list below)") \
            .replace("%1", source).replace("%2", str(len(verdicts)))
        self._paint(verdict.status, self._status_text(verdict.status), where)
        fields: Mapping[str, str] = verdict.fields
        for name in ("notice", "name", "session", "room", "seat"):
            self.field_labels[name].setText(fields.get(name, ""))
        self.field_labels["center"].setText(self._signer(verdict))
        compare = self.tr("The code is genuine. Check that the notice number, name, room and seat printed on the "
                          "notice are the ones above, and the photo is the candidate.")
        self.problem_label.setText(verdict.problem.text(self._ctx.lang) if verdict.problem is not None
                                   else compare if picture and verdict.status == "valid" else "")
        self.problem_label.setStyleSheet(f"color: {COLOURS.get(verdict.status, COLOURS['unreadable'])}; "
                                         "font-weight: bold;" if verdict.problem is not None else "")

    def _signer(self, verdict: NoticeVerdict) -> str:
        if verdict.key_id is None:
            return ""
        if verdict.center_name is None:
            return self.tr("unknown key %1").replace("%1", verdict.key_id)
        return self.tr("%1 (key %2)").replace("%1", verdict.center_name).replace("%2", verdict.key_id)

    def _add_history(self, verdict: NoticeVerdict, source: str) -> None:
        fields = verdict.fields
        place = " ".join(v for v in (fields.get("room", ""), fields.get("seat", "")) if v)
        values = (datetime.now().strftime("%H:%M:%S"), self._status_text(verdict.status), fields.get("notice", ""),
                  fields.get("name", ""), place, source)
        self.history.insertRow(0)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column == 1:
                item.setForeground(Qt.GlobalColor.white)
                item.setBackground(QColor(COLOURS.get(verdict.status, COLOURS["unreadable"])))
            self.history.setItem(0, column, item)
        if self.history.rowCount() > HISTORY_ROWS:
            self.history.setRowCount(HISTORY_ROWS)

    def _error_text(self, exc: Exception) -> str:
        if isinstance(exc, DomainError):
            return exc.text(self._ctx.lang)
        if isinstance(exc, OSError):
            return self.tr("The file cannot be used: %1").replace("%1", exc.strerror or str(exc))
        return self.tr("The check stopped unexpectedly (%1). Try again, and tell support if it happens "
                       "again.").replace("%1", type(exc).__name__)

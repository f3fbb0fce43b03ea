"""Taking a picture at the desk: the standard photo and both sides of the ID card.

A live preview from the workstation's camera, with a still captured on Space, and always a way
out to an image file, because many desks have no camera, or a scanner that writes files, and a
camera can be unplugged or taken by another program at any moment. The camera chosen here is
remembered per workstation (QSettings "devices/camera", by device id), since a desk with a
built-in webcam and a document camera wants the document camera every time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSettings, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtMultimedia import QCamera, QCameraDevice, QImageCapture, QMediaCaptureSession, QMediaDevices
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from learncenter.ui import file_dialogs, palette_colors, prompts

CAMERA_KEY = "devices/camera"  # a device id; "" means "no camera here, go straight to files"; absent: default
JPEG_QUALITY = 92

Got = Callable[[bytes], None]  # receives the picture, when there is one
CameraList = Callable[[], Sequence[QCameraDevice]]


def image_filters() -> list[str]:
    return [QCoreApplication.translate("CameraDialog", "Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp *.pdf)")]


def _unreadable(path: Path, exc: OSError) -> str:
    return QCoreApplication.translate("CameraDialog", "The file %1 cannot be read (%2). Choose another file.") \
        .replace("%1", path.name).replace("%2", exc.strerror or type(exc).__name__)


def device_id(device: QCameraDevice) -> str:
    """Device ids are bytes (a /dev path, a Windows device path); settings store text."""
    return bytes(device.id().data()).decode("utf-8", "replace")


def saved_camera(settings: QSettings) -> str | None:
    """The remembered camera's id, "" when the workstation is set to use files only, None if unset."""
    if not settings.contains(CAMERA_KEY):
        return None
    return str(settings.value(CAMERA_KEY, "") or "")


def jpeg_bytes(image: QImage, quality: int = JPEG_QUALITY) -> bytes:
    """The photo pipeline and the document store take JPEG, whatever the camera delivers."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs want bytes for the format, PySide6 6.12 accepts only str at run time.
    image.convertToFormat(QImage.Format.Format_RGB888).save(buffer, "JPG", quality)  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


class CameraDialog(QDialog):
    """Preview, Capture, or From file…; ``image`` holds the JPEG (or file) bytes once accepted."""

    def __init__(self, title: str, *, settings: QSettings | None = None,
                 cameras: CameraList = QMediaDevices.videoInputs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self._title, self._cameras = title, cameras
        self._settings = settings if settings is not None else QSettings()
        self._inputs: list[QCameraDevice] = []
        self._camera: QCamera | None = None
        self.image: bytes | None = None

        self.combo = QComboBox()
        self.preview = QVideoWidget()
        self.preview.setMinimumSize(480, 360)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.capture_button = QPushButton(self.tr("Capture (Space)"))
        self.capture_button.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.file_button = QPushButton(self.tr("From &file…"))
        cancel = QPushButton(self.tr("Cancel"))
        row = QHBoxLayout()
        row.addWidget(self.capture_button)
        row.addWidget(self.file_button)
        row.addStretch(1)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.combo)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)

        self._capture = QImageCapture(self)
        self._session = QMediaCaptureSession(self)
        self._session.setImageCapture(self._capture)
        self._session.setVideoOutput(self.preview)
        self._capture.readyForCaptureChanged.connect(self._ready_changed)
        self._capture.imageCaptured.connect(self._captured)
        self._capture.errorOccurred.connect(lambda _id, _error, text: self._show_error(text))
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self._refresh)  # plugged in or pulled out while open
        self.combo.currentIndexChanged.connect(self._start_camera)
        self.combo.activated.connect(self._remember)  # only a person's choice is remembered
        self.capture_button.clicked.connect(self.capture)
        self.file_button.clicked.connect(self.from_file)
        cancel.clicked.connect(self.reject)
        self._refresh()

    def _refresh(self) -> None:
        current = device_id(self._inputs[self.combo.currentIndex()]) if self.combo.currentIndex() >= 0 else None
        wanted = current or saved_camera(self._settings) or device_id(QMediaDevices.defaultVideoInput())
        self.combo.blockSignals(True)
        self.combo.clear()
        self._inputs = list(self._cameras())
        for device in self._inputs:
            self.combo.addItem(device.description())
        self.combo.blockSignals(False)
        ids = [device_id(d) for d in self._inputs]
        if not self._inputs:
            self._stop_camera()
            self.combo.setVisible(False)
            self.preview.setVisible(False)
            self.capture_button.setEnabled(False)
            self.message.setStyleSheet("")
            self.message.setText(self.tr("No camera is connected to this computer. Use “From file…” to take "
                                         "the picture from an image file or from the scanner's output."))
            self.file_button.setFocus()
            return
        self.combo.setVisible(len(self._inputs) > 1)
        self.preview.setVisible(True)
        self.message.clear()
        index = ids.index(wanted) if wanted in ids else 0
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        if self._camera is None or device_id(self._camera.cameraDevice()) != ids[index]:
            self._start_camera(index)  # another camera plugged in leaves the running one alone
        self.capture_button.setFocus()

    def _start_camera(self, index: int) -> None:
        self._stop_camera()
        if not 0 <= index < len(self._inputs):
            return
        self.message.clear()
        camera = QCamera(self._inputs[index], self)
        camera.errorOccurred.connect(lambda _error, text: self._show_error(text))
        self._session.setCamera(camera)
        self._camera = camera
        camera.start()

    def _stop_camera(self) -> None:
        """Release the device: the light goes off and another program (or the next dialog) can use it."""
        if self._camera is not None:
            self._camera.stop()
            self._session.setCamera(None)  # type: ignore[arg-type]  # Qt accepts nullptr here
            self._camera.deleteLater()
            self._camera = None
        self.capture_button.setEnabled(False)

    def _remember(self, index: int) -> None:
        ident = device_id(self._inputs[index]) if 0 <= index < len(self._inputs) else ""
        if ident:  # "" is the files-only setting, never a device
            self._settings.setValue(CAMERA_KEY, ident)
            self._settings.sync()

    def _ready_changed(self, ready: bool) -> None:
        self.capture_button.setEnabled(ready and self._camera is not None)

    def _show_error(self, detail: str) -> None:
        self.capture_button.setEnabled(False)
        self.message.setStyleSheet(f"color: {palette_colors.error(self)};")
        self.message.setText(self.tr("The camera cannot be used (%1). Check that it is plugged in and not open "
                                     "in another program, or use “From file…”.").replace("%1", detail))

    def capture(self) -> None:
        if self._camera is None or not self._capture.isReadyForCapture():
            return
        self.capture_button.setEnabled(False)
        self._capture.capture()

    def _captured(self, _request: int, image: QImage) -> None:
        data = b"" if image.isNull() else jpeg_bytes(image)
        if not data:
            self._show_error(self.tr("the picture was empty"))
            return
        self.image = data
        self.accept()

    def from_file(self) -> QFileDialog:
        """Qt's file dialog over this one; the file chosen is the picture, Cancel comes back here."""
        return file_dialogs.open_file(self, self._title, image_filters(), self._file_chosen)

    def _file_chosen(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.message.setStyleSheet(f"color: {palette_colors.error(self)};")
            self.message.setText(_unreadable(path, exc))
            return
        self.image = data
        self.accept()

    def done(self, result: int) -> None:
        self._stop_camera()
        super().done(result)


def capture_image(parent: QWidget, title: str, got: Got, *, settings: QSettings | None = None,
                  cameras: CameraList = QMediaDevices.videoInputs) -> QDialog:
    """``Prompts.image``: open the camera dialog over ``parent`` (window-modal, returns at once);
    ``got`` receives the picture if one is taken or chosen. A workstation set to "no camera" in
    Settings goes straight to the file dialog (a scanner desk should not click through an empty
    preview). Returns the dialog opened."""
    settings = settings if settings is not None else QSettings()
    if saved_camera(settings) == "":
        def chosen(path: Path) -> None:
            try:
                data = path.read_bytes()
            except OSError as exc:
                prompts.tell(parent, title, _unreadable(path, exc))
                return
            got(data)

        return file_dialogs.open_file(parent, title, image_filters(), chosen)
    dialog = CameraDialog(title, settings=settings, cameras=cameras, parent=parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)

    def closed(result: int) -> None:
        image = dialog.image
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and image is not None:
            got(image)

    dialog.finished.connect(closed)
    dialog.open()
    return dialog

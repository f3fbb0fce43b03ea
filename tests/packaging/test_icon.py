"""The program's icon: drawn by scripts/make_icon.py, committed, shipped with the resources."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def test_the_windows_icon_holds_every_size_explorer_and_the_task_bar_ask_for() -> None:
    with Image.open(ICONS / "learncenter.ico") as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_the_window_icon_is_a_square_picture_with_a_transparent_corner() -> None:
    with Image.open(ICONS / "learncenter.png") as png:
        assert png.size == (256, 256) and png.mode == "RGBA"
        assert png.getpixel((0, 0))[3] == 0  # the rounded corner shows the desktop through
        assert png.getpixel((128, 128))[3] == 255


def test_the_spec_the_installer_and_the_desktop_entry_use_it() -> None:
    root = ICONS.parents[1]
    spec = (root / "installer" / "learncenter.spec").read_text(encoding="utf-8")
    assert '"icons" / "learncenter.ico"' in spec and '"resources" / "icons"), "resources/icons"' in spec
    assert "SetupIconFile=..\\..\\resources\\icons\\learncenter.ico" in (
        root / "installer" / "windows" / "learncenter.iss").read_text(encoding="utf-8")
    assert "Icon=/opt/learncenter/_internal/resources/icons/learncenter.png" in (
        root / "installer" / "linux" / "learncenter.desktop").read_text(encoding="utf-8")

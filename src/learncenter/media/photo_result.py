"""What the photo pipeline finds and decides about one photo, as plain values.

They cross a process boundary: the photo is processed in the workstation's helper process
(:mod:`learncenter.services.helper_process`) and its result comes back pickled, so this module
needs none of OpenCV or numpy, and the desk that shows a result loads neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from learncenter.domain.messages import Problem


@dataclass(frozen=True)
class FaceBox:
    """A face as the cascade boxes it (about hairline to chin, cheek to cheek), plus the eye
    line; ``eyes_seen`` says whether the eye cascade measured it or it was estimated."""

    x: float
    y: float
    width: float
    height: float
    eyes_y: float
    eyes_seen: bool = False

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def mapped(self, scale: float, dx: float = 0.0, dy: float = 0.0) -> FaceBox:
        """The same face in another image: shift by (-dx, -dy), then scale."""
        return FaceBox(
            (self.x - dx) * scale, (self.y - dy) * scale, self.width * scale, self.height * scale,
            (self.eyes_y - dy) * scale, self.eyes_seen,
        )


@dataclass(frozen=True)
class PhotoCheck:
    """One requirement of the standard photo, measured; ``problem`` is set when it failed.

    ``value`` is in the check's own unit: a count, pixels of the standard photo, a fraction of
    its width, luminance levels, or bytes (documented with each check function).
    """

    name: str
    passed: bool
    problem: Problem | None
    value: float | None


@dataclass(frozen=True)
class PhotoResult:
    """Everything the confirmation page shows and the record stores about one attempt.

    ``jpeg`` is the framed standard photo whenever a face could be framed, even if a check
    failed, so a supervisor can accept it; ``face`` and ``crop_box`` are in the upright
    source at full resolution (for drawing on the preview).
    """

    jpeg: bytes | None
    checks: tuple[PhotoCheck, ...]
    passed: bool
    face: FaceBox | None
    source_size: tuple[int, int]
    crop_box: tuple[float, float, float, float] | None = None

    @property
    def failed(self) -> tuple[PhotoCheck, ...]:
        return tuple(check for check in self.checks if not check.passed)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What to tell the clerk, in the order of the checks."""
        return tuple(check.problem for check in self.checks if check.problem is not None)

    def check(self, name: str) -> PhotoCheck | None:
        return next((check for check in self.checks if check.name == name), None)

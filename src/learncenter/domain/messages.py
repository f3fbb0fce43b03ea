"""Translatable messages for code that cannot use Qt's ``tr()``.

The domain, the store and the command line report what went wrong as a :class:`Problem`: a
stable machine-readable ``code`` (for scripts, tests and the registry), the ``field`` it
concerns, and parameters. The sentence is rendered only when shown, in the language the user
chose; Chinese is the default, English ships too. Every code is defined once, with both
sentences, next to the rule that raises it.
"""

from __future__ import annotations

from collections.abc import Mapping
import dataclasses
from dataclasses import dataclass
from typing import Any
import unicodedata

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

_CATALOGUE: dict[str, dict[str, str]] = {}


def define(code: str, *, zh: str, en: str) -> str:
    """Register the sentences for ``code`` and return the code.

    Templates use ``str.format`` fields filled from the problem's params. Defining the same
    code twice with different text is a programming error.
    """
    entry = {"zh": zh, "en": en}
    existing = _CATALOGUE.get(code)
    if existing is not None and existing != entry:
        raise ValueError(f"message code {code!r} defined twice with different text")
    _CATALOGUE[code] = entry
    return code


def render(code: str, params: Mapping[str, Any] | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    entry = _CATALOGUE.get(code)
    if entry is None:
        return code
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    try:
        return template.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return template


def defined_codes() -> frozenset[str]:
    return frozenset(_CATALOGUE)


@dataclass(frozen=True)
class Problem:
    """Something the user must know or fix, named precisely enough to act on."""

    code: str
    field: str | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return render(self.code, self.params, lang)


class DomainError(ValueError):
    """Raised when a value cannot be accepted; carries the problems that explain why."""

    def __init__(self, *problems: Problem) -> None:
        if not problems:
            raise TypeError("DomainError needs at least one problem")
        self.problems: tuple[Problem, ...] = problems
        super().__init__(problems[0].text("en"))

    @property
    def problem(self) -> Problem:
        return self.problems[0]

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return "; ".join(p.text(lang) for p in self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its problems, whatever a subclass's constructor takes: an error raised in
        the helper process reaches the desk as the same error."""
        return _restored, (type(self), self.problems, self.__dict__)


def _restored(cls: type[DomainError], problems: tuple[Problem, ...], state: dict[str, Any]) -> DomainError:
    error = cls.__new__(cls)
    DomainError.__init__(error, *problems)
    error.__dict__.update(state)
    return error


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal or a spreadsheet: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)

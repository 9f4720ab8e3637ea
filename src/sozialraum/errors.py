"""One error type for bad input, carrying every problem with its place (file, row, column).

Messages exist in German (the UI's first language) and English, so the same problem can be
shown in the app, printed by the CLI, and asserted on in tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from sozialraum.i18n import language, text

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """A single finding about input data.

    ``row`` is the 1-based line number in a text file (the header is line 1) or the 1-based
    feature number in a geometry file; ``None`` when the problem concerns the whole file.
    """

    code: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str = "de") -> str:
        return text(self.code, lang, column=self.column, **self.params)

    def location(self, lang: str = "de") -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"{'Zeile' if lang == 'de' else 'row'} {self.row}")
        if self.column:
            parts.append(f"{'Spalte' if lang == 'de' else 'column'} {self.column}")
        return ", ".join(parts)

    def format(self, lang: str = "de") -> str:
        where = self.location(lang)
        label = {
            ("error", "de"): "Fehler",
            ("warning", "de"): "Warnung",
            ("error", "en"): "Error",
            ("warning", "en"): "Warning",
        }[(self.severity, language(lang))]
        return (
            f"{label}: {where}: {self.message(lang)}" if where else f"{label}: {self.message(lang)}"
        )


class DataError(ValueError):
    """Input data is not usable. Carries all problems found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self.report("en"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def report(self, lang: str = "de") -> str:
        return "\n".join(p.format(lang) for p in self.problems)


class ProblemCollector:
    """Collects problems while checking a file; raises once, with all of them, at the end."""

    def __init__(self, file: str | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        column: str | None = None,
        severity: Severity = "error",
        file: str | None = None,
        **params: object,
    ) -> None:
        self.add_with(code, params, row=row, column=column, severity=severity, file=file)

    def add_with(
        self,
        code: str,
        params: Mapping[str, object],
        *,
        row: int | None = None,
        column: str | None = None,
        severity: Severity = "error",
        file: str | None = None,
    ) -> None:
        """:meth:`add` for helpers that pass on the parameters they were given."""
        self.problems.append(Problem(code, file or self.file, row, column, severity, dict(params)))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise DataError(self.problems)

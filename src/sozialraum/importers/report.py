"""The validation report of an import: problems (errors block, warnings don't), notes, summary.

Notes say what the importer decided on its own (encoding, separator, table layout, which
column holds the district id) so that a planner can check the decision instead of trusting
a silent guess.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sozialraum.errors import DataError, Problem, ProblemCollector, Severity
from sozialraum.i18n import text

# Beyond this many problems of one kind in one column, only a count is reported.
MAX_PER_KIND = 20


@dataclass(frozen=True)
class Note:
    """Something the importer decided or detected; informational, never blocking."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str = "de") -> str:
        return text(self.code, lang, **self.params)


@dataclass(frozen=True)
class ImportSummary:
    """What an import contains, for the success message and the app's confirmation step."""

    town_id: str
    name: str
    districts: int
    indicators: tuple[str, ...]
    years: tuple[int, ...]
    values: int
    signs: int
    new_indicators: tuple[str, ...] = ()

    def format(self, lang: str = "de", warnings: int = 0) -> str:
        years = (
            (f"{self.years[0]}–{self.years[-1]}" if len(self.years) > 1 else str(self.years[0]))
            if self.years
            else "–"
        )
        return text(
            "import_summary",
            lang,
            name=self.name,
            town_id=self.town_id,
            districts=self.districts,
            n_indicators=len(self.indicators),
            indicators=", ".join(self.indicators),
            years=years,
            values=self.values,
            signs=self.signs,
            warnings=warnings,
        )


@dataclass
class ImportReport:
    """All findings of one import attempt."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def note(self, code: str, **params: object) -> None:
        self.notes.append(Note(code, params))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def counts(self) -> dict[str, int]:
        return {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "notes": len(self.notes),
        }

    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def format(self, lang: str = "de") -> str:
        """The report as plain text: notes, then errors and warnings, then counts."""
        lines = [f"– {n.message(lang)}" for n in self.notes]
        lines += [p.format(lang) for p in self.errors]
        lines += [p.format(lang) for p in self.warnings]
        c = self.counts()
        lines.append(text("import_counts", lang, errors=c["errors"], warnings=c["warnings"]))
        return "\n".join(lines)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataError(self.problems)


class CappedCollector(ProblemCollector):
    """A ProblemCollector that reports at most :data:`MAX_PER_KIND` problems per code and column.

    A file with 10,000 broken rows should produce a readable report, not 10,000 lines.
    """

    def __init__(self, file: str | None = None) -> None:
        super().__init__(file)
        self._seen: Counter[tuple[str, str | None, str | None]] = Counter()

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
        key = (code, column, file or self.file)
        self._seen[key] += 1
        if self._seen[key] <= MAX_PER_KIND:
            super().add(code, row=row, column=column, severity=severity, file=file, **params)

    def finish(self) -> list[Problem]:
        """The problems, with one "… and N more" line per truncated kind."""
        extra = [
            Problem("more_rows", file, None, column, "error", {"count": n - MAX_PER_KIND})
            for (code, column, file), n in self._seen.items()
            if n > MAX_PER_KIND and code != "more_rows"
        ]
        return [*self.problems, *extra]

"""What an import did (or, in a dry run, would do) with each row of a file: imported, skipped because it was imported
before («finnes fra før»), or rejected with every reason. Only line numbers and column names: no value from the file,
which may be personal data."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HOMES, DECISIONS = "homes", "decisions"
KIND_LABELS = {HOMES: gettext_lazy("Hjem (hjem.csv)"), DECISIONS: gettext_lazy("Vedtak og venteliste (vedtak.csv)")}


class RowOutcome(models.TextChoices):
    IMPORTED = "imported", gettext_lazy("importert")
    SKIPPED = "skipped", gettext_lazy("finnes fra før")
    REJECTED = "rejected", gettext_lazy("avvist")


@dataclass
class RowResult:
    line: int
    outcome: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)

    def stored(self, line: int) -> None:
        self.rows.append(RowResult(line, RowOutcome.IMPORTED))

    def skip(self, line: int) -> None:
        self.rows.append(RowResult(line, RowOutcome.SKIPPED))

    def reject(self, line: int, reasons: list[str]) -> None:
        self.rows.append(RowResult(line, RowOutcome.REJECTED, list(dict.fromkeys(reasons))))

    def _lines(self, outcome: str) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def imported(self) -> list[RowResult]:
        return self._lines(RowOutcome.IMPORTED)

    @property
    def skipped(self) -> list[RowResult]:
        return self._lines(RowOutcome.SKIPPED)

    @property
    def rejected(self) -> list[RowResult]:
        return self._lines(RowOutcome.REJECTED)

    @property
    def ok(self) -> bool:
        """Nothing rejected: every row was (or would be) imported or was there already."""
        return not self.file_errors and not self.rejected

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def summary(self) -> str:
        counts = {"imported": len(self.imported), "skipped": len(self.skipped), "rejected": len(self.rejected)}
        if self.dry_run:
            return _("Ville blitt importert: %(imported)s. Finnes fra før: %(skipped)s. Avvist: %(rejected)s.") % counts
        return _("Importert: %(imported)s. Finnes fra før: %(skipped)s. Avvist: %(rejected)s.") % counts

    def as_text(self) -> str:
        """The report as lines of text (the management command prints it)."""
        title = self.label + (" – " + _("prøvekjøring: ingenting er lagret") if self.dry_run else "")
        lines = [title]
        lines += [_("Filen kan ikke importeres: %(reason)s") % {"reason": reason} for reason in self.file_errors]
        for row in self.rows:
            if row.outcome == RowOutcome.REJECTED:
                lines.append(_("Linje %(line)s: avvist") % {"line": row.line})
                lines += [f"  - {reason}" for reason in row.reasons]
            elif row.outcome == RowOutcome.SKIPPED:
                lines.append(_("Linje %(line)s: finnes fra før") % {"line": row.line})
        if not self.file_errors:
            lines.append(self.summary)
        return "\n".join(lines)

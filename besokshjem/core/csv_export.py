"""CSV files the portal writes (waiting list figures, payroll). Every cell that a spreadsheet would read as a formula —
one beginning with `=`, `+`, `-` or `@` (and a tab or carriage return, which some spreadsheets skip before one) — gets a
leading apostrophe, so that opening the file never runs anything (OWASP «CSV injection»)."""

import csv
import io

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: list[str], rows) -> str:
    """The rows as CSV text (semicolon-separated, as Norwegian spreadsheets expect), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return out.getvalue()


def csv_response(header: list[str], rows, filename: str) -> HttpResponse:
    """A CSV download with a byte order mark, so that spreadsheets read æ, ø and å right; never cached."""
    response = HttpResponse("\ufeff" + csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

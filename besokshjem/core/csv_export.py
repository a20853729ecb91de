"""CSV files the portal writes (waiting list figures, payroll). Every cell that a spreadsheet would read as a formula —
one beginning with `=`, `+`, `-` or `@` (and a tab or carriage return, which some spreadsheets skip before one) — gets a
leading apostrophe, so that opening the file never runs anything (OWASP «CSV injection»)."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse

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


class _Echo:
    """A file that hands back what is written to it: csv.writer then returns each line instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable) -> Iterator[str]:
    """The header and the rows as CSV lines, one at a time (with the byte order mark first), every cell made safe."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        yield writer.writerow([safe_cell(c) for c in row])


def csv_streaming_response(header: list[str], rows: Iterable, filename: str) -> StreamingHttpResponse:
    """A CSV download written row by row as it is sent, for lists of tens of thousands of rows (pass an iterator, such
    as a queryset's `.iterator()`, so that no more than a chunk of rows is in memory); never cached."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

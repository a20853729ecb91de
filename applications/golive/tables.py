"""Reading a kommune's CSV file: UTF-8 with or without a byte order mark, `;` or `,` between cells (whichever the header
line uses), a header row of column names, then one row per record. And reading one cell at a time, collecting every
problem of a row in Norwegian, naming the column and never repeating the value (which may be personal data)."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

#: Larger files are refused: a kommune's homes and decisions are a few hundred rows, not hundreds of thousands.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
COLUMN_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
LIST_SEPARATOR = "|"


class FileRejected(Exception):
    """The file cannot be read as a table at all (encoding, header); no row is looked at."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def fold(value: str) -> str:
    """A name or value as compared: lower case, «æ», «ø», «å» as «ae», «o», «a», spaces and hyphens as «_».

    So «Søskenpar», «soskenpar» and «søskenpar» are the same column, and «Helse og omsorg» is «helse_og_omsorg»."""
    text = value.strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[\s\-]+", "_", text)


@dataclass
class Record:
    """One row of the file: the line it starts on (the header is line 1) and its cells by folded column name, with the
    problems of its shape (too few or too many cells)."""

    line: int
    cells: dict[str, str]
    problems: list[str] = field(default_factory=list)


def _decode(data) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_BYTES:
        raise FileRejected([_("Filen er større enn %(mb)s MB. Del den i flere filer.") % {"mb": MAX_BYTES // (1024 * 1024)}])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected([_("Filen er ikke UTF-8. Lagre den som «CSV UTF-8» i regnearket og prøv igjen.")]) from None


def _delimiter(header_line: str) -> str:
    """`;` (what Norwegian spreadsheets write) or `,`: whichever the header line uses more of."""
    return "," if header_line.count(",") > header_line.count(";") else ";"


def _shown(index: int, name: str) -> str:
    """A column of the header as the report names it: its name when it looks like one, else its position (a data row
    taken for the header must not put personal data in the report)."""
    return name if COLUMN_NAME.fullmatch(name) else _("kolonne %(n)s") % {"n": index + 1}


def read_table(file, *, columns: dict[str, bool]) -> list[Record]:
    """The records of a CSV file (an object with `read()`, giving bytes or text), with their line numbers.

    `columns` is the format: column name -> whether it is required. A header that lacks a required column, names
    a column twice or names one the format does not know rejects the whole file (a misspelt optional column would
    otherwise be ignored without a word). Rows with no text in any cell are skipped."""
    text = _decode(file.read())
    known = {fold(name): name for name in columns}
    if not text.strip():
        raise FileRejected([_("Filen er tom.")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.splitlines()[0]))
    try:
        header = [fold(name) for name in next(reader)]
        if not set(header) & set(known):
            raise FileRejected([_("Første linje må være overskriften med kolonnenavnene i formatet (se docs/going-live.md).")])
        problems = []
        doubled = sorted({name for name in header if name and header.count(name) > 1})
        if doubled:
            problems.append(_("Kolonnene står mer enn én gang i overskriften: %(names)s.")
                            % {"names": ", ".join(_shown(header.index(name), name) for name in doubled)})
        unknown = [_shown(i, name) for i, name in enumerate(header) if name and name not in known]
        if unknown:
            problems.append(_("Ukjente kolonner i overskriften: %(names)s. Se formatet i docs/going-live.md.") % {"names": ", ".join(unknown)})
        missing = [name for name, required in columns.items() if required and fold(name) not in header]
        if missing:
            problems.append(_("Overskriften mangler kolonnene: %(names)s.") % {"names": ", ".join(missing)})
        if problems:
            raise FileRejected(problems)
        records, last_line = [], reader.line_num
        for row in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(records) == MAX_ROWS:
                raise FileRejected([_("Filen har mer enn %(n)s rader. Del den i flere filer.") % {"n": MAX_ROWS}])
            record = Record(line=line, cells=dict(zip(header, row, strict=False)))
            extra = row[len(header):]
            if len(row) < len(header) or any(cell.strip() for cell in extra):
                record.problems.append(_("Raden har %(found)s celler, overskriften %(expected)s.") % {"found": len(row), "expected": len(header)})
            records.append(record)
    except csv.Error as exc:
        raise FileRejected([_("Filen kan ikke leses som CSV (linje %(line)s).") % {"line": reader.line_num}]) from exc
    return records


def _whole(text: str) -> bool:
    """Digits 0–9 only (str.isdigit alone would let «²» through)."""
    return text.isascii() and text.isdigit()


def _list(values) -> str:
    return ", ".join(values)


class Cells:
    """Read one record's cells by column; every problem is collected in `errors`, so a row reports all of them.

    The messages name the column (in «») and what it must be, never the value that was there."""

    def __init__(self, record: Record):
        self.line = record.line
        self._cells = record.cells
        self.errors: list[str] = list(record.problems)

    def raw(self, name: str) -> str:
        return self._cells.get(fold(name), "").strip()

    def given(self, *names: str) -> bool:
        return any(self.raw(name) for name in names)

    def error(self, message: str) -> None:
        self.errors.append(message)

    def _required(self, name: str, required: bool) -> str:
        value = self.raw(name)
        if not value and required:
            self.error(_("«%(column)s» mangler.") % {"column": name})
        return value

    def text(self, name: str, *, max_length: int, required: bool = False) -> str:
        value = " ".join(self._required(name, required).split())
        if len(value) > max_length:
            self.error(_("«%(column)s» er lengre enn %(n)s tegn.") % {"column": name, "n": max_length})
            return ""
        return value

    def choice(self, name: str, allowed: dict[str, str], shown: list[str], *, required: bool = False) -> str:
        """One of `allowed` (folded spelling -> value); `shown` are the spellings the message lists."""
        value = self._required(name, required)
        if not value:
            return ""
        if fold(value) not in allowed:
            self.error(_("«%(column)s» må være en av: %(values)s.") % {"column": name, "values": _list(shown)})
            return ""
        return allowed[fold(value)]

    def choices(self, name: str, allowed: dict[str, str], shown: list[str], *, required: bool = False) -> list[str]:
        """One or more of `allowed`, separated by «|», each once."""
        value = self._required(name, required)
        if not value:
            return []
        parts = [fold(part) for part in value.split(LIST_SEPARATOR)]
        if any(part not in allowed for part in parts) or len(set(parts)) != len(parts):
            self.error(_("«%(column)s» må være én eller flere av %(values)s, skilt med |, hver bare én gang.")
                       % {"column": name, "values": _list(shown)})
            return []
        return [allowed[part] for part in parts]

    def integer(self, name: str, low: int, high: int, *, required: bool = False) -> int | None:
        value = self._required(name, required)
        if not value:
            return None
        if not _whole(value) or not low <= int(value) <= high:
            self.error(_("«%(column)s» må være et helt tall fra %(low)s til %(high)s.") % {"column": name, "low": low, "high": high})
            return None
        return int(value)

    def numbers(self, name: str, low: int, high: int) -> list[int]:
        """Whole numbers from `low` to `high` separated by «|», each once («1|3»); none when the cell is empty."""
        value = self.raw(name)
        if not value:
            return []
        parts = [part.strip() for part in value.split(LIST_SEPARATOR)]
        if not (all(map(_whole, parts)) and all(low <= int(p) <= high for p in parts) and len({int(p) for p in parts}) == len(parts)):
            self.error(_("«%(column)s» må være tall fra %(low)s til %(high)s skilt med |, hvert bare én gang.")
                       % {"column": name, "low": low, "high": high})
            return []
        return sorted(int(p) for p in parts)

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self._required(name, required)
        if not value:
            return None
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        self.error(_("«%(column)s» er ikke en dato. Skriv ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ.") % {"column": name})
        return None

    def clock(self, name: str) -> time | None:
        value = self.raw(name)
        if not value:
            return None
        match = CLOCK.match(value)
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            self.error(_("«%(column)s» er ikke et klokkeslett. Skriv TT:MM, for eksempel 15:00.") % {"column": name})
            return None
        return time(int(match[1]), int(match[2]))

    def email(self, name: str, *, required: bool = False) -> str:
        value = self._required(name, required)
        if not value:
            return ""
        try:
            validate_email(value)
        except ValidationError:
            self.error(_("«%(column)s» er ikke en gyldig e-postadresse.") % {"column": name})
            return ""
        return value.lower()

    def phone(self, name: str) -> str:
        """A Norwegian (or international, with +) phone number, as E.164; empty when the cell is."""
        value = self.raw(name)
        if not value:
            return ""
        try:
            number = phonenumbers.parse(value, "NO")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            self.error(_("«%(column)s» er ikke et gyldig telefonnummer.") % {"column": name})
            return ""
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

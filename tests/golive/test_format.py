"""The file format: UTF-8 with or without BOM, `;` or `,`, both date forms, column names with or without æøå; a header
the format does not fit rejects the file; messages never repeat a value from the file; and the documented examples
import as they stand."""

import io
from pathlib import Path

from django.conf import settings

from applications.golive import formats
from applications.golive.report import DECISIONS, HOMES
from applications.golive.services import import_files, import_homes
from placements.models import ApprovedHome

from .conftest import HOME_HEADER, counts, home, homes_file

DOCS = Path(settings.BASE_DIR) / "docs"


def test_a_comma_separated_file_with_a_byte_order_mark_and_norwegian_dates_is_read(bergen, bergen_admin):
    header = HOME_HEADER.replace(";", ",").replace("søskenpar", "soskenpar").replace("område", "Område")
    row = home("H-1", approved="01.09.2025", area="Åsane").replace(";", ",")
    file = io.BytesIO(("\ufeff" + header + "\n" + row + "\n").encode())

    report = import_homes(municipality=bergen, file=file, by=bergen_admin, dry_run=False)

    assert report.ok, report.as_text()
    assert ApprovedHome.objects.get(municipality=bergen).area == "Åsane"


def test_a_header_without_a_required_column_or_with_an_unknown_one_rejects_the_file(bergen, bergen_admin):
    before = counts()
    header = HOME_HEADER.replace("kapasitet", "kapasiteten").replace(";godkjent_dato", "")
    file = io.BytesIO((header + "\n" + home() + "\n").encode())

    report = import_homes(municipality=bergen, file=file, by=bergen_admin, dry_run=False)

    assert report.rows == [] and not report.ok
    assert report.file_errors == [
        "Ukjente kolonner i overskriften: kapasiteten. Se formatet i docs/going-live.md.",
        "Overskriften mangler kolonnene: kapasitet, godkjent_dato.",
    ]
    assert counts() == before


def test_a_file_that_is_not_utf8_is_rejected(bergen, bergen_admin):
    file = io.BytesIO((HOME_HEADER + "\n" + home(area="Åsane") + "\n").encode("latin-1"))
    report = import_homes(municipality=bergen, file=file, by=bergen_admin, dry_run=True)
    assert report.file_errors == ["Filen er ikke UTF-8. Lagre den som «CSV UTF-8» i regnearket og prøv igjen."]


def test_a_row_with_too_few_cells_is_rejected_and_empty_rows_are_skipped(bergen, bergen_admin):
    report = import_homes(municipality=bergen, file=homes_file(home("H-1"), ";;;", "H-2;Per Fiktivsen"), by=bergen_admin, dry_run=True)
    assert [r.line for r in report.imported] == [2]
    assert report.rejected[0].line == 4 and report.rejected[0].reasons[0] == "Raden har 2 celler, overskriften 15."


def test_the_report_names_columns_never_the_values_from_the_file(bergen, bergen_admin):
    report = import_homes(municipality=bergen, file=homes_file(
        home("H-1", name="Kari Hemmeligsen", email="kari.hemmeligsen@", phone="123", approved="2099-01-01"),
        home("12345678901"),
    ), by=bergen_admin, dry_run=True)

    text = report.as_text()
    assert "«e_post» er ikke en gyldig e-postadresse." in text and "«telefon» er ikke et gyldig telefonnummer." in text
    assert "«godkjent_dato» kan ikke være etter i dag." in text
    assert "«ekstern_id» ser ut som et fødselsnummer" in text
    for value in ("Hemmeligsen", "hemmeligsen@", "123", "2099", "12345678901", "H-1"):
        assert value not in text


def test_the_documented_example_files_import_as_they_stand(bergen, bergen_admin):
    with open(DOCS / "examples" / "hjem.csv", "rb") as homes, open(DOCS / "examples" / "vedtak.csv", "rb") as decisions:
        reports = import_files(municipality=bergen, by=bergen_admin, files=[(HOMES, homes), (DECISIONS, decisions)], dry_run=False)
    assert [r.as_text().splitlines()[-1] for r in reports] == [
        "Importert: 3. Finnes fra før: 0. Avvist: 0.", "Importert: 5. Finnes fra før: 0. Avvist: 0."]


def test_the_documentation_describes_every_column_of_both_formats():
    text = (DOCS / "going-live.md").read_text(encoding="utf-8")
    for column in [*formats.HOME_COLUMNS, *formats.DECISION_COLUMNS]:
        assert f"| `{column}` |" in text, column


def test_a_file_without_a_header_is_rejected_without_repeating_its_first_row(bergen, bergen_admin):
    report = import_homes(municipality=bergen, file=io.BytesIO((home(name="Kari Hemmeligsen") + "\n").encode()), by=bergen_admin,
                          dry_run=True)
    assert report.file_errors == ["Første linje må være overskriften med kolonnenavnene i formatet (se docs/going-live.md)."]


def test_an_unknown_column_that_is_not_a_name_is_shown_by_its_position(bergen, bergen_admin):
    file = io.BytesIO((HOME_HEADER + ";kari@example.no\n" + home() + ";x\n").encode())
    report = import_homes(municipality=bergen, file=file, by=bergen_admin, dry_run=True)
    assert report.file_errors == ["Ukjente kolonner i overskriften: kolonne 16. Se formatet i docs/going-live.md."]

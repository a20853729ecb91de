"""CSV files never carry a formula a spreadsheet would run (OWASP «CSV injection»), whether written at once or streamed."""

import pytest

from besokshjem.core.csv_export import csv_lines, csv_streaming_response, csv_text, safe_cell


@pytest.mark.parametrize("cell", ["=1+1", "+47 41234567", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_read_as_a_formula_gets_an_apostrophe(cell):
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Åsane", "a=1", "Kari Nordmann", "", "12", " =1"])
def test_other_cells_are_left_as_they_are(cell):
    assert safe_cell(cell) == cell


def test_a_cell_with_the_separator_or_a_quote_is_quoted_and_stays_one_cell():
    assert csv_text(["a", "b"], [['=1;2', 'sa "hei"']]) == 'a;b\r\n"\'=1;2";"sa ""hei"""\r\n'


def test_the_streamed_file_is_the_same_as_the_whole_one_with_a_byte_order_mark():
    rows = [["=cmd|' /C calc'!A0", 1], ["Ærlig", None]]
    assert "".join(csv_lines(["x", "y"], iter(rows))) == "\ufeff" + csv_text(["x", "y"], rows)


def test_the_streamed_response_is_a_private_download():
    response = csv_streaming_response(["x"], iter([["-1"]]), "liste.csv")
    assert response.streaming and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    assert b"".join(response.streaming_content).decode() == "\ufeffx\r\n'-1\r\n"

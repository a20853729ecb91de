"""`manage.py import_going_live`: prints the report (line numbers and column names, no personal data) and exits with
status 1 when a row was rejected."""

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from applications.models import VolunteerApplication

from .conftest import counts, decision, decisions_file, home, homes_file


@pytest.fixture
def write(tmp_path):
    def write(name, file):
        path = tmp_path / name
        path.write_bytes(file.getvalue())
        return str(path)
    return write


def test_a_clean_import_exits_with_status_0_and_prints_the_counts(bergen, bergen_admin, write, capsys):
    homes = write("hjem.csv", homes_file(home("H-1")))
    decisions = write("vedtak.csv", decisions_file(decision("V-1", home_key="H-1", start="2026-01-01", schedule="first_weekend")))

    call_command("import_going_live", "--kommune", "bergen", "--user", bergen_admin.email, "--homes", homes, "--decisions", decisions)

    out = capsys.readouterr().out
    assert "Importert: 1. Finnes fra før: 0. Avvist: 0." in out
    assert VolunteerApplication.objects.filter(municipality=bergen, import_key="H-1").exists()


def test_a_rejected_row_gives_exit_status_1_and_a_dry_run_stores_nothing(bergen, bergen_admin, write, capsys, monkeypatch):
    monkeypatch.setattr(connections, "close_all", lambda: None)  # run_from_argv closes them; the test still needs its own
    homes = write("hjem.csv", homes_file(home("H-1", name="Kari Hemmeligsen"), home("H-2", name="Per Hemmeligsen", capacity="ti")))
    before = counts()

    with pytest.raises(SystemExit) as exit_status:
        execute_from_command_line(["manage.py", "import_going_live", "--kommune", "bergen", "--user", bergen_admin.email,
                                   "--homes", homes, "--dry-run"])

    assert exit_status.value.code == 1
    assert counts() == before
    captured = capsys.readouterr()
    assert "Linje 3: avvist\n  - «kapasitet» må være et helt tall fra 1 til 10." in captured.out
    assert "Ville blitt importert: 1. Finnes fra før: 0. Avvist: 1." in captured.out
    assert "Hemmeligsen" not in captured.out + captured.err


def test_a_user_who_is_not_the_kommunes_admin_is_refused(bergen, bergen_caseworker, write):
    homes = write("hjem.csv", homes_file(home()))
    with pytest.raises(CommandError, match="Bare kommunens administrator") as error:
        call_command("import_going_live", "--kommune", "bergen", "--user", bergen_caseworker.email, "--homes", homes)
    assert error.value.returncode == 1


def test_an_unknown_kommune_or_no_file_is_an_error(bergen, bergen_admin):
    with pytest.raises(CommandError, match="Ingen kommune"):
        call_command("import_going_live", "--kommune", "atlantis", "--user", bergen_admin.email, "--homes", "hjem.csv")
    with pytest.raises(CommandError, match="Oppgi --homes"):
        call_command("import_going_live", "--kommune", "bergen", "--user", bergen_admin.email)

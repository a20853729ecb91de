"""The import page in the workspace: the kommune's administrator uploads a file, tries it («Prøv (ingenting lagres)»)
and imports it, and reads the report; a caseworker cannot open it, and an admin cannot import for another kommune."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.golive.report import HOMES
from placements.models import ApprovedHome

from .conftest import counts, home, homes_file

URL = reverse("caseworker:going_live")


def _upload():
    return SimpleUploadedFile("hjem.csv", homes_file(home("H-1"), home("H-2", capacity="0")).getvalue(), content_type="text/csv")


def test_the_admin_tries_the_file_and_then_imports_it(client, bergen, bergen_admin):
    client.force_login(bergen_admin)
    page = client.get(URL).content.decode()
    assert "Prøv (ingenting lagres)" in page and "Importer" in page
    before = counts()

    tried = client.post(URL, {"municipality": bergen.pk, "kind": HOMES, "file": _upload(), "dry_run": "1"})

    text = tried.content.decode()
    assert tried.status_code == 200 and counts() == before
    assert "prøvekjøring: ingenting er lagret" in text and "Ville blitt importert: 1. Finnes fra før: 0. Avvist: 1." in text
    assert "<td>3</td>" in text and "«kapasitet» må være et helt tall fra 1 til 10." in text

    imported = client.post(URL, {"municipality": bergen.pk, "kind": HOMES, "file": _upload(), "import": "1"})

    assert "Importert: 1. Finnes fra før: 0. Avvist: 1." in imported.content.decode()
    assert ApprovedHome.objects.filter(municipality=bergen).count() == 1


def test_a_caseworker_cannot_open_the_page(client, bergen_caseworker):
    client.force_login(bergen_caseworker)
    assert client.get(URL).status_code == 403


def test_lillestroms_admin_cannot_import_for_bergen(client, bergen, lillestrom, lillestrom_admin):
    client.force_login(lillestrom_admin)
    response = client.post(URL, {"municipality": bergen.pk, "kind": HOMES, "file": _upload(), "import": "1"})
    assert response.status_code == 400
    assert not ApprovedHome.objects.exists()

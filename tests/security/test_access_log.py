"""The access log (Normen): every read of a case — its page, its admin change page, a letter, an attachment, a search —
is one append-only row saying who, what, which case, when and from where; it outlives the case, and only the case's
kommune admins see it on the case page."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from applications.intake import services as intake_services
from applications.models import RespiteApplication, VolunteerApplication
from besokshjem.accounts.models import User
from besokshjem.audit.models import AccessEntry, AccessKind
from besokshjem.audit.selectors import access_entries_about, access_entries_shown_to
from besokshjem.tenancy.models import Role

from ..caseworker.helpers import submitted_application
from ..child_welfare.test_registration import FATHER, MOTHER, register
from ..factories import DecisionFactory, RespiteApplicationFactory, make_caseworker
from ..respite_helpers import PDF, submit

pytestmark = pytest.mark.django_db

SECTION = "Hvem har sett saken"


@pytest.fixture
def received(bergen):
    return submit(RespiteApplicationFactory(municipality=bergen))


@pytest.fixture
def bergen_admin(bergen):
    return make_caseworker(bergen, email="kommuneadmin@bergen.example.no", role=Role.ADMIN)


@pytest.fixture
def lillestrom_admin(lillestrom):
    return make_caseworker(lillestrom, email="kommuneadmin@lillestrom.example.no", role=Role.ADMIN)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="superbruker@example.no", password="test-passord-123")


def only_entry() -> AccessEntry:
    entries = list(AccessEntry.objects.all())
    assert len(entries) == 1, entries
    return entries[0]


def assert_read_of(entry, *, case, user, what, path):
    assert (entry.user_id, entry.user_email, entry.what) == (user.pk, user.email, what)
    assert entry.content_type == ContentType.objects.get_for_model(case) and entry.object_id == case.pk
    assert entry.reference == case.reference and entry.municipality_id == case.municipality_id
    assert entry.path == path and entry.ip_address == "127.0.0.1"


# Each kind of read is one entry.


def test_opening_a_respite_case_page_records_one_read(client, received, bergen_caseworker):
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:respite_case", args=[received.pk])
    assert client.get(url).status_code == 200
    assert_read_of(only_entry(), case=received, user=bergen_caseworker, what=AccessKind.CASE_PAGE, path=url)


def test_opening_a_volunteer_case_page_records_one_read(client, bergen, bergen_caseworker):
    application = submitted_application(bergen)
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:case", args=[application.pk])
    assert client.get(url).status_code == 200
    assert_read_of(only_entry(), case=application, user=bergen_caseworker, what=AccessKind.CASE_PAGE, path=url)


def test_opening_a_barnevern_case_page_records_one_read(client, bergen, bergen_caseworker):
    case = register(bergen, bergen_caseworker, born=date(2011, 3, 14), guardians=[MOTHER, FATHER])
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:child_welfare_case", args=[case.pk])
    assert client.get(url).status_code == 200
    assert_read_of(only_entry(), case=case, user=bergen_caseworker, what=AccessKind.CASE_PAGE, path=url)


def test_a_post_that_re_renders_the_case_page_is_not_a_read(client, received, bergen_caseworker):
    client.force_login(bergen_caseworker)
    response = client.post(reverse("caseworker:respite_case", args=[received.pk]), {"action": "interim"})
    assert response.status_code == 400
    assert not AccessEntry.objects.exists()


def test_opening_the_admin_change_page_records_one_read(client, received, bergen_caseworker):
    client.force_login(bergen_caseworker)
    url = reverse("admin:applications_respiteapplication_change", args=[received.pk])
    assert client.get(url).status_code == 200
    assert_read_of(only_entry(), case=received, user=bergen_caseworker, what=AccessKind.CHANGE_PAGE, path=url)


def test_downloading_an_attachment_records_one_read(client, received, bergen_caseworker):
    intake_services.attachment_add(application=received, upload=SimpleUploadedFile("uttalelse.pdf", PDF))
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:respite_attachment", args=[received.pk, received.attachments.get().pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert_read_of(only_entry(), case=received, user=bergen_caseworker, what=AccessKind.ATTACHMENT, path=url)


def test_downloading_a_vedtak_pdf_records_one_read(client, received, bergen_caseworker):
    decision = DecisionFactory(application=received, decided_by=bergen_caseworker)
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:respite_letter_pdf", args=[received.pk, decision.pk])
    assert client.get(url).status_code == 200
    assert_read_of(only_entry(), case=received, user=bergen_caseworker, what=AccessKind.LETTER_PDF, path=url)


def test_a_search_of_the_case_list_records_the_caseworkers_search_terms(client, received, bergen, bergen_caseworker):
    client.force_login(bergen_caseworker)
    url = reverse("admin:applications_respiteapplication_changelist")
    assert client.get(url, {"q": "Testbarn"}).status_code == 200
    entry = only_entry()
    assert (entry.user_id, entry.what, entry.search_terms) == (bergen_caseworker.pk, AccessKind.SEARCH, "Testbarn")
    assert entry.content_type == ContentType.objects.get_for_model(RespiteApplication) and entry.object_id is None
    assert entry.municipality == bergen and entry.path == url  # the path only; the terms are in their own column
    client.get(url)  # the list without a search is not logged
    assert AccessEntry.objects.count() == 1


def test_the_waiting_list_export_is_logged_for_the_kommune(client, bergen, bergen_caseworker):
    client.force_login(bergen_caseworker)
    assert client.get(reverse("caseworker:waiting_list_csv")).status_code == 200
    entry = only_entry()
    assert (entry.what, entry.municipality, entry.object_id) == (AccessKind.EXPORT, bergen, None)


def test_another_kommunes_case_is_a_404_and_no_read(client, received, lillestrom_caseworker):
    client.force_login(lillestrom_caseworker)
    assert client.get(reverse("caseworker:respite_case", args=[received.pk])).status_code == 404
    assert not AccessEntry.objects.exists()


# Where the read came from.


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(client, settings, received, bergen_caseworker):
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:respite_case", args=[received.pk])
    client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 2  # two proxies: the outer one appended the client, the inner one the outer one
    client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 1  # a hop the client wrote itself (left of the proxy's) is not believed
    client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.8", REMOTE_ADDR="10.0.0.2")
    assert list(AccessEntry.objects.order_by("pk").values_list("ip_address", flat=True)) == [
        "10.0.0.2", "198.51.100.7", "198.51.100.8"]


# Append-only in the database itself.


@pytest.mark.parametrize("statement", ["UPDATE audit_accessentry SET user_email = 'x@example.no'", "DELETE FROM audit_accessentry"])
def test_the_database_refuses_to_change_or_delete_an_entry(client, received, bergen_caseworker, statement):
    client.force_login(bergen_caseworker)
    client.get(reverse("caseworker:respite_case", args=[received.pk]))
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    entry = only_entry()
    assert entry.user_email == bergen_caseworker.email


def test_the_orm_cannot_delete_an_entry_either(client, received, bergen_caseworker):
    client.force_login(bergen_caseworker)
    client.get(reverse("caseworker:respite_case", args=[received.pk]))
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        AccessEntry.objects.all().delete()
    assert AccessEntry.objects.count() == 1


# The entries outlive the case.


def test_the_entries_outlive_a_deleted_case(client, received, bergen_caseworker, superuser):
    client.force_login(bergen_caseworker)
    client.get(reverse("caseworker:respite_case", args=[received.pk]))
    reference, pk = received.reference, received.pk
    client.force_login(superuser)
    response = client.post(reverse("admin:applications_respiteapplication_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not RespiteApplication.objects.filter(pk=pk).exists()
    entries = list(access_entries_about(content_type=ContentType.objects.get_for_model(RespiteApplication), object_id=pk))
    assert [(e.user_email, e.what, e.reference) for e in entries] == [(bergen_caseworker.email, AccessKind.CASE_PAGE, reference)]


def test_the_entries_outlive_a_volunteer_case_deleted_by_retention(client, bergen, bergen_caseworker):
    application = submitted_application(bergen)
    client.force_login(bergen_caseworker)
    client.get(reverse("caseworker:case", args=[application.pk]))
    client.get(reverse("admin:applications_volunteerapplication_change", args=[application.pk]))
    reference, pk = application.reference, application.pk
    application.delete()  # as a retention job would
    entries = access_entries_about(content_type=ContentType.objects.get_for_model(VolunteerApplication), object_id=pk)
    assert [(e.what, e.reference) for e in entries] == [(AccessKind.CHANGE_PAGE, reference), (AccessKind.CASE_PAGE, reference)]


# Who sees «Hvem har sett saken».


def test_the_kommunes_admin_sees_who_has_read_the_case(client, received, bergen_caseworker, bergen_admin):
    client.force_login(bergen_caseworker)
    client.get(reverse("caseworker:respite_case", args=[received.pk]))
    client.force_login(bergen_admin)
    page = client.get(reverse("caseworker:respite_case", args=[received.pk])).content.decode()
    assert SECTION in page and bergen_caseworker.email in page and "127.0.0.1" in page


def test_a_caseworker_who_is_not_admin_does_not_see_the_section(client, received, bergen_caseworker, bergen_admin):
    client.force_login(bergen_admin)
    client.get(reverse("caseworker:respite_case", args=[received.pk]))
    client.force_login(bergen_caseworker)
    page = client.get(reverse("caseworker:respite_case", args=[received.pk])).content.decode()
    assert SECTION not in page and bergen_admin.email not in page


def test_another_kommunes_admin_sees_nothing(client, received, bergen_caseworker, lillestrom_admin):
    client.force_login(bergen_caseworker)
    client.get(reverse("caseworker:respite_case", args=[received.pk]))
    client.force_login(lillestrom_admin)
    assert client.get(reverse("caseworker:respite_case", args=[received.pk])).status_code == 404
    assert access_entries_shown_to(user=lillestrom_admin, target=received) is None
    log = client.get(reverse("admin:audit_accessentry_changelist"))
    assert log.status_code == 200 and bergen_caseworker.email not in log.content.decode()

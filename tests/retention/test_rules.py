"""Each retention rule at its boundary, with a frozen clock: the day before nothing happens, on the day it is done."""

from datetime import date

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from applications.models import (
    ChildWelfareCase,
    HouseholdMember,
    Meeting,
    PoliceCertificate,
    RespiteApplication,
    RetentionAction,
    VolunteerApplication,
)
from applications.retention.services import retention_run
from besokshjem.audit.models import AccessEntry, AuditEntry
from tests.factories import AppealFactory, RespiteApplicationFactory, UserFactory, VolunteerApplicationFactory

from .helpers import attach, closed_respite, closed_volunteer, oslo


def run(municipality, day, hour=12, dry_run=False):
    with time_machine.travel(oslo(day, hour), tick=False):
        return retention_run(municipality=municipality, dry_run=dry_run)


def test_a_draft_is_deleted_on_the_thirtieth_day_and_not_before(bergen):
    with time_machine.travel(oslo(date(2026, 3, 1)), tick=False):
        volunteer = VolunteerApplicationFactory(municipality=bergen)
        respite = RespiteApplicationFactory(municipality=bergen)
    run(bergen, date(2026, 3, 30))
    assert VolunteerApplication.objects.filter(pk=volunteer.pk).exists() and RespiteApplication.objects.filter(pk=respite.pk).exists()
    plan = run(bergen, date(2026, 3, 31))
    assert not VolunteerApplication.objects.filter(pk=volunteer.pk).exists()
    assert not RespiteApplication.objects.filter(pk=respite.pk).exists()
    assert plan.results[0].count == 2


def test_a_rejected_volunteer_application_is_anonymised_after_twelve_months(bergen):
    application = closed_volunteer(bergen, closed=oslo(date(2025, 1, 15)))
    run(bergen, date(2026, 1, 14))
    application.refresh_from_db()
    assert application.anonymised_at is None and application.first_name == "Kari"
    run(bergen, date(2026, 1, 15))
    application.refresh_from_db()
    assert application.anonymised_at is not None and application.first_name == ""
    assert application.status == "rejected" and application.reference and application.municipality_id == bergen.pk


def test_a_withdrawn_volunteer_application_is_anonymised_too(bergen):
    application = closed_volunteer(bergen, status="withdrawn", closed=oslo(date(2025, 1, 15)))
    run(bergen, date(2026, 1, 15))
    application.refresh_from_db()
    assert application.anonymised_at is not None


def test_an_archived_closed_respite_case_is_deleted_after_the_archive_plans_years(bergen, on_commit, settings):
    application = closed_respite(bergen, closed=oslo(date(2016, 5, 10)))
    attachment = attach(application)
    path = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
    assert path.exists()
    run(bergen, date(2026, 5, 9))
    assert RespiteApplication.objects.filter(pk=application.pk).exists()
    with on_commit():
        run(bergen, date(2026, 5, 10))
    assert not RespiteApplication.objects.filter(pk=application.pk).exists()
    assert not path.exists()


def test_a_closed_respite_case_not_handed_over_to_the_archive_is_kept(bergen):
    application = closed_respite(bergen, closed=oslo(date(2010, 5, 10)), archived=False)
    run(bergen, date(2026, 5, 10))
    assert RespiteApplication.objects.filter(pk=application.pk).exists()


def test_a_case_with_an_appeal_not_yet_handled_is_kept(bergen):
    application = closed_respite(bergen, closed=oslo(date(2010, 5, 10)))
    AppealFactory(decision=application.decisions.get())
    run(bergen, date(2026, 5, 10))
    assert RespiteApplication.objects.filter(pk=application.pk).exists()


def test_barnevern_cases_are_never_deleted(bergen):
    with time_machine.travel(oslo(date(2010, 1, 1)), tick=False):
        case = ChildWelfareCase.objects.create(municipality=bergen, reference="BV-1", child_first_name="Ola", child_last_name="Barn",
                                               child_birth_date=date(2008, 1, 1), status="closed", created_by=UserFactory())
    plan = run(bergen, date(2026, 5, 10))
    assert ChildWelfareCase.objects.filter(pk=case.pk).exists()
    assert plan.total == 0


def test_the_access_log_outlives_a_deleted_case(bergen):
    application = closed_respite(bergen, closed=oslo(date(2010, 5, 10)))
    AccessEntry.objects.create(user_id=1, user_email="saksbehandler@bergen.example.no", municipality=bergen,
                               content_type=ContentType.objects.get_for_model(application), object_id=application.pk,
                               reference=application.reference, what="case_page", path="/admin/")
    run(bergen, date(2026, 5, 10))
    assert not RespiteApplication.objects.filter(pk=application.pk).exists()
    assert AccessEntry.objects.filter(object_id=application.pk, reference=application.reference).count() == 1


def test_a_dry_run_changes_nothing(bergen):
    with time_machine.travel(oslo(date(2010, 3, 1)), tick=False):
        draft = VolunteerApplicationFactory(municipality=bergen)
    volunteer = closed_volunteer(bergen, closed=oslo(date(2010, 1, 15)))
    respite = closed_respite(bergen, closed=oslo(date(2010, 5, 10)))
    plan = run(bergen, date(2026, 5, 10), dry_run=True)
    assert [r.count for r in plan.results] == [1, 1, 1, 0]
    assert VolunteerApplication.objects.filter(pk=draft.pk).exists() and RespiteApplication.objects.filter(pk=respite.pk).exists()
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is None and volunteer.first_name == "Kari"
    assert not AuditEntry.objects.filter(action=RetentionAction.RUN).exists()


def test_a_run_is_audited_with_counts_and_no_names_and_a_second_run_finds_nothing(bergen):
    closed_volunteer(bergen, closed=oslo(date(2010, 1, 15)))
    first = run(bergen, date(2026, 5, 10))
    second = run(bergen, date(2026, 5, 11))
    assert first.results[1].count == 1 and second.total == 0
    notes = list(AuditEntry.objects.filter(action=RetentionAction.RUN).values_list("note", flat=True))
    assert len(notes) == 2 and "volunteer_closed=1" in notes[0] and "Kari" not in " ".join(notes)


def test_anonymisation_removes_every_personal_value(bergen):
    application = closed_volunteer(bergen, closed=oslo(date(2010, 1, 15)))
    run(bergen, date(2026, 5, 10))
    rows = [VolunteerApplication.objects.get(pk=application.pk), *Meeting.objects.filter(application_id=application.pk),
            *PoliceCertificate.objects.filter(application_id=application.pk),
            *AuditEntry.objects.filter(object_id=application.pk, content_type=ContentType.objects.get_for_model(VolunteerApplication))]
    values = " ".join(str(getattr(row, f.attname)) for row in rows for f in row._meta.concrete_fields)
    for personal in ["Kari", "Testesen", "Ola", "kari.testesen@example.no", "ola.testesen@example.no", "Eksempelveien", "1985-04-12",
                     "41234567", "astma", "Per "]:
        assert personal not in values, personal
    assert not HouseholdMember.objects.filter(application_id=application.pk).exists()


def test_a_kept_attest_copy_left_on_a_rejected_case_is_deleted_after_commit(bergen, on_commit, settings):
    application = closed_volunteer(bergen)
    certificate = application.police_certificates.get()
    certificate.copy.save("attest.pdf", ContentFile(b"%PDF-1.4 attest"), save=True)
    path = settings.PRIVATE_MEDIA_ROOT / certificate.copy.name
    assert path.exists()
    with on_commit():
        plan = retention_run(municipality=bergen, dry_run=False)
    certificate.refresh_from_db()
    assert plan.results[3].count == 1 and not certificate.copy and certificate.copy_deleted_at is not None
    assert not path.exists()

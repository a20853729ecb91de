"""The rules in the admin (edited by the kommune's admin, read by caseworkers), the dry-run report, the command, the
nightly task, and marking a closed case «overlevert til arkivet»."""

from datetime import date

import time_machine
from django.core.management import call_command
from django.urls import reverse

from applications.models import RespiteApplication, RetentionAction, RetentionRules, VolunteerApplication
from applications.retention import tasks
from applications.retention.selectors import retention_rules_for
from besokshjem.audit.models import AuditEntry
from besokshjem.tenancy.models import Role
from tests.factories import make_caseworker

from .helpers import closed_respite, closed_volunteer, oslo


def admin_of(municipality):
    return make_caseworker(municipality, email=f"admin@{municipality.slug}.example.no", role=Role.ADMIN)


def test_the_dry_run_report_lists_references_and_changes_nothing(client, bergen):
    volunteer = closed_volunteer(bergen, closed=oslo(date(2010, 1, 15)))
    rules = retention_rules_for(municipality=bergen)
    client.force_login(admin_of(bergen))
    response = client.get(reverse("admin:applications_retentionrules_report", args=[rules.pk]))
    assert response.status_code == 200 and volunteer.reference in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is None and not AuditEntry.objects.filter(action=RetentionAction.RUN).exists()


def test_the_report_is_404_for_another_kommunes_admin_and_for_a_caseworker(client, bergen, lillestrom, bergen_caseworker):
    rules = retention_rules_for(municipality=bergen)
    url = reverse("admin:applications_retentionrules_report", args=[rules.pk])
    client.force_login(admin_of(lillestrom))
    assert client.get(url).status_code == 404
    client.force_login(bergen_caseworker)
    assert client.get(url).status_code == 404


def test_the_kommunes_admin_edits_the_rules_and_a_caseworker_only_reads_them(client, bergen, bergen_caseworker):
    rules = retention_rules_for(municipality=bergen)
    url = reverse("admin:applications_retentionrules_change", args=[rules.pk])
    form = {"draft_days": 14, "volunteer_closed_months": 6, "respite_closed_years": 5}
    client.force_login(bergen_caseworker)
    assert client.get(url).status_code == 200
    client.post(url, form)
    rules.refresh_from_db()
    assert rules.draft_days == 30
    client.force_login(admin_of(bergen))
    assert client.post(url, form).status_code == 302
    rules.refresh_from_db()
    assert (rules.draft_days, rules.volunteer_closed_months, rules.respite_closed_years) == (14, 6, 5)


def test_the_list_makes_a_row_with_the_defaults_for_each_kommune(client, bergen):
    client.force_login(admin_of(bergen))
    assert client.get(reverse("admin:applications_retentionrules_changelist")).status_code == 200
    assert RetentionRules.objects.get(municipality=bergen).respite_closed_years == 10


def test_the_command_dry_run_and_apply(bergen, capsys):
    volunteer = closed_volunteer(bergen, closed=oslo(date(2010, 1, 15)))
    call_command("retention", "--dry-run", "--kommune", "bergen")
    assert volunteer.reference in capsys.readouterr().out
    assert VolunteerApplication.objects.get(pk=volunteer.pk).anonymised_at is None
    call_command("retention", "--apply")
    assert VolunteerApplication.objects.get(pk=volunteer.pk).anonymised_at is not None


def test_the_nightly_task_runs_every_kommune(bergen, lillestrom):
    respite = closed_respite(lillestrom, closed=oslo(date(2010, 1, 15)))
    with time_machine.travel(oslo(date(2026, 5, 10)), tick=False):
        tasks.run_all.delay()
    assert not RespiteApplication.objects.filter(pk=respite.pk).exists()
    assert AuditEntry.objects.filter(action=RetentionAction.RUN).count() == 2


def test_a_caseworker_marks_a_closed_case_handed_over_to_the_archive(client, bergen, bergen_caseworker):
    respite = closed_respite(bergen, archived=False)
    client.force_login(bergen_caseworker)
    response = client.post(reverse("caseworker:respite_case", args=[respite.pk]), {"action": "archive"})
    assert response.status_code == 302
    respite.refresh_from_db()
    assert respite.archived_at is not None
    assert AuditEntry.objects.filter(object_id=respite.pk, action=RetentionAction.ARCHIVED, actor=bergen_caseworker).exists()


def test_an_open_case_cannot_be_handed_over(client, bergen, bergen_caseworker, submitted):
    client.force_login(bergen_caseworker)
    client.post(reverse("caseworker:case", args=[submitted.pk]), {"action": "archive"})
    submitted.refresh_from_db()
    assert submitted.archived_at is None

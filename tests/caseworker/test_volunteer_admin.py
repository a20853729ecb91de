"""The volunteer applications in the admin: the Bergen caseworker's inbox (search, filters, read-only answers) and
the status changes and bulk actions, each through its service with an audit entry."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.volunteer import services as volunteer_services
from besokshjem.audit.models import AuditEntry

from .. import approval_helpers as h
from ..factories import make_caseworker
from .helpers import (
    application_url,
    application_url_changelist,
    post_action,
    readonly_contents,
    result_pks,
    submitted_application,
)


def test_bergen_caseworker_changelist_lists_only_bergens_sent_applications(client, bergen_caseworker, bergen_cases):
    client.force_login(bergen_caseworker)
    response = client.get(application_url_changelist())
    assert response.status_code == 200
    assert result_pks(response) == {bergen_cases[k].pk for k in ("kari", "ola", "per")}


def test_drafts_are_not_listed_in_the_changelist(client, bergen_caseworker, superuser, bergen_cases):
    draft = bergen_cases["draft"]
    for user in (bergen_caseworker, superuser):
        client.force_login(user)
        assert draft.pk not in result_pks(client.get(application_url_changelist()))
        assert client.get(application_url(draft)).status_code == 404


@pytest.mark.parametrize(
    ("term", "who"),
    [
        ("reference", "kari"),
        ("Nordvik", "ola"),
        ("per.bakkemo@example.no", "per"),
        ("bakkemo@EXAMPLE", "per"),
    ],
)
def test_bergen_caseworker_finds_an_application_by_reference_last_name_or_email(client, bergen_caseworker, bergen_cases, term, who):
    expected = bergen_cases[who]
    if term == "reference":
        term = expected.reference
    client.force_login(bergen_caseworker)
    response = client.get(application_url_changelist(), {"q": term})
    assert response.status_code == 200
    assert result_pks(response) == {expected.pk}


def test_bergen_caseworker_filters_by_status_type_kommune_and_date(client, bergen_caseworker, bergen, lillestrom, bergen_cases):
    client.force_login(bergen_caseworker)
    url = application_url_changelist()
    kari, ola, per = bergen_cases["kari"], bergen_cases["ola"], bergen_cases["per"]
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = midnight + timedelta(days=1)

    assert result_pks(client.get(url, {"status": "submitted"})) == {kari.pk, ola.pk}
    assert result_pks(client.get(url, {"status": "in_review"})) == {per.pk}
    assert result_pks(client.get(url, {"home_type": "visiting"})) == {kari.pk, per.pk}
    assert result_pks(client.get(url, {"home_type": "support_contact"})) == {ola.pk}
    assert result_pks(client.get(url, {"home_type": "respite"})) == set()
    assert result_pks(client.get(url, {"municipality__id__exact": bergen.pk})) == {kari.pk, ola.pk, per.pk}
    assert bergen_cases["lillestrom"].pk not in result_pks(client.get(url, {"municipality__id__exact": lillestrom.pk}))
    assert result_pks(client.get(url, {"assigned_to__id__exact": per.assigned_to_id})) == {per.pk}
    todays = client.get(url, {"submitted_at__gte": str(midnight), "submitted_at__lt": str(tomorrow)})
    assert result_pks(todays) == {kari.pk, ola.pk, per.pk}
    assert result_pks(client.get(url, {"submitted_at__gte": str(tomorrow)})) == set()
    assert result_pks(client.get(url, {"submitted_at__year": midnight.year})) == {kari.pk, ola.pk, per.pk}


def test_kommune_filter_offers_only_the_caseworkers_own_kommuner(client, bergen, sarpsborg, bergen_cases):
    """A caseworker in Bergen and Sarpsborg filters between those two; Lillestrøm is not on offer."""
    caseworker = make_caseworker(bergen, email="interkommunal@example.no")
    make_caseworker(sarpsborg, email="interkommunal@example.no")
    sarpsborg_case = submitted_application(sarpsborg, first_name="Sara", last_name="Myrvold", age_max=16)
    client.force_login(caseworker)
    url = application_url_changelist()

    cl = client.get(url).context["cl"]
    [municipality_filter] = [spec for spec in cl.filter_specs if getattr(spec, "field_path", "") == "municipality"]
    assert sorted(label for _pk, label in municipality_filter.lookup_choices) == ["Bergen", "Sarpsborg"]
    assert result_pks(client.get(url, {"municipality__id__exact": sarpsborg.pk})) == {sarpsborg_case.pk}
    assert result_pks(client.get(url, {"municipality__id__exact": bergen.pk})) == {bergen_cases[k].pk for k in ("kari", "ola", "per")}


def test_detail_page_shows_the_answers_in_sections_with_the_household(client, bergen_caseworker, bergen_cases):
    kari = bergen_cases["kari"]
    client.force_login(bergen_caseworker)
    response = client.get(application_url(kari))
    assert response.status_code == 200
    sections = [str(fieldset.name) for fieldset in response.context["adminform"]]
    for section in ("Sak", "Søker", "Bolig", "Helse", "Ønsker", "Samtykker", "Historikk"):
        assert section in sections
    content = response.content.decode()
    assert kari.reference in content
    assert "kari.fjellheim@example.no" in content
    assert "Emma Fjellheim" in content
    assert "2014" in content
    # Answers are read-only: nothing to save, nothing to delete.
    assert 'name="_save"' not in content
    assert response.context["adminform"].form.fields == {}


def test_status_change_moves_submitted_to_in_review_through_the_service_with_audit(
    client, bergen_caseworker, bergen_cases, monkeypatch
):
    kari = bergen_cases["kari"]
    calls = []
    real = volunteer_services.application_change_status

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(volunteer_services, "application_change_status", spy)
    client.force_login(bergen_caseworker)
    status_url = application_url(kari, "status")

    page = client.get(status_url)
    assert page.status_code == 200
    assert [value for value, _label in page.context["form"].fields["to_status"].choices] == ["in_review", "rejected"]

    before = timezone.now()
    response = client.post(status_url, {"to_status": "in_review", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == application_url(kari)

    kari.refresh_from_db()
    assert kari.status == ApplicationStatus.IN_REVIEW
    assert kari.assigned_to == bergen_caseworker
    assert [c["to_status"] for c in calls] == ["in_review"]
    entry = AuditEntry.objects.get(object_id=kari.pk, action="status_changed")
    assert entry.actor == bergen_caseworker
    assert entry.actor_label == bergen_caseworker.email
    assert (entry.from_status, entry.to_status) == ("submitted", "in_review")
    assert before <= entry.created_at <= timezone.now()
    assert entry.municipality == kari.municipality

    history = readonly_contents(client.get(application_url(kari)), "history")
    assert bergen_caseworker.email in history
    assert "submitted" in history or str(ApplicationStatus.SUBMITTED.label) in history
    assert "in_review" in history or str(ApplicationStatus.IN_REVIEW.label) in history


def test_rejecting_without_a_reason_shows_an_error_and_keeps_the_status(client, bergen_caseworker, bergen_cases):
    kari = bergen_cases["kari"]
    entries_before = AuditEntry.objects.count()
    client.force_login(bergen_caseworker)

    response = client.post(application_url(kari, "status"), {"to_status": "rejected", "note": "   "})

    assert response.status_code == 200
    assert "Et avslag må ha en begrunnelse." in response.context["form"].non_field_errors()
    kari.refresh_from_db()
    assert kari.status == ApplicationStatus.SUBMITTED
    assert AuditEntry.objects.count() == entries_before


def test_rejecting_with_a_reason_closes_the_case_and_shows_the_reason_in_history(client, bergen_caseworker, bergen_cases):
    kari = bergen_cases["kari"]
    client.force_login(bergen_caseworker)

    response = client.post(application_url(kari, "status"), {"to_status": "rejected", "note": "Bor for langt unna."})

    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.status == ApplicationStatus.REJECTED
    assert kari.closed_at is not None
    assert "Bor for langt unna." in readonly_contents(client.get(application_url(kari)), "history")


def test_a_closed_application_offers_no_status_change(client, bergen_caseworker, bergen_cases):
    kari = volunteer_services.application_change_status(
        application=bergen_cases["kari"], to_status=ApplicationStatus.REJECTED, by=bergen_caseworker, note="Nei."
    )
    client.force_login(bergen_caseworker)

    response = client.post(application_url(kari, "status"), {"to_status": "in_review"})

    assert response.status_code == 200
    kari.refresh_from_db()
    assert kari.status == ApplicationStatus.REJECTED


def test_take_into_review_action_moves_only_submitted_applications(client, bergen_caseworker, bergen_cases):
    kari, per = bergen_cases["kari"], bergen_cases["per"]
    client.force_login(bergen_caseworker)

    response = post_action(client, "take_into_review", kari, per)

    assert response.status_code == 302
    kari.refresh_from_db()
    per.refresh_from_db()
    assert kari.status == ApplicationStatus.IN_REVIEW
    assert kari.assigned_to == bergen_caseworker
    assert per.status == ApplicationStatus.IN_REVIEW
    assert per.assigned_to != bergen_caseworker


def test_assign_to_me_action_assigns_and_audits(client, bergen_caseworker, bergen_cases):
    per = bergen_cases["per"]
    client.force_login(bergen_caseworker)

    post_action(client, "assign_to_me", per)

    per.refresh_from_db()
    assert per.assigned_to == bergen_caseworker
    assert AuditEntry.objects.filter(object_id=per.pk, action="assigned", actor=bergen_caseworker).exists()


def test_admin_list_shows_the_checklist_at_a_glance(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    h.hold_meeting(application, bergen_caseworker)
    h.hold_meeting(application, bergen_caseworker)
    client.force_login(bergen_caseworker)
    html = client.get(reverse("admin:applications_volunteerapplication_changelist")).content.decode()
    assert "2/2 samtaler · 0/1 hjemmebesøk · 0/1 politiattest · taushetserklæring ✗ · avtale ✗" in html
    assert reverse("caseworker:case", args=[application.pk]) in html


def test_the_assignee_filter_offers_the_people_of_the_caseworkers_own_kommuner(client, bergen_caseworker, lillestrom_caseworker, bergen_cases):
    """The choices come from the memberships, not from a scan of every row for its assignee."""
    client.force_login(bergen_caseworker)
    response = client.get(application_url_changelist())
    spec = next(s for s in response.context["cl"].filter_specs if getattr(s, "field_path", "") == "assigned_to")
    offered = {pk for pk, _name in spec.lookup_choices}
    assert bergen_caseworker.pk in offered
    assert lillestrom_caseworker.pk not in offered

"""The volunteer case page puts the one next action on top with its form open and filled in; the forms default to what
the case already knows; a meeting recorded after the fact sends no invitation; every confirmation says what happened
and to whom."""

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import dateformat, timezone

from applications.models import MeetingKind, MeetingStatus
from applications.volunteer.selectors import next_free_slot
from besokshjem.outbox.models import Message

from .. import approval_helpers as h
from ..factories import MeetingFactory, make_caseworker

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
KARI = "Kari Testesen"


def case_url(application):
    return reverse("caseworker:case", args=[application.pk])


def page(client, application) -> str:
    response = client.get(case_url(application))
    assert response.status_code == 200
    return response.content.decode()


def next_step_section(html: str) -> str:
    return html[html.index('id="neste-steg"'):html.index('id="h-checklist"')]


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def selected(html: str, field_id: str) -> str:
    """The value of the selected option of a <select>, or "" when none is."""
    select = re.search(rf'<select[^>]*id="{field_id}".*?</select>', html, re.S).group(0)
    match = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return match.group(1) if match else ""


@pytest.fixture
def reviewing(client, submitted, bergen_caseworker):
    client.force_login(bergen_caseworker)
    return h.in_review(submitted, bergen_caseworker)


def test_the_next_action_is_on_top_with_its_form_filled_in(client, reviewing, bergen_caseworker):
    with time_machine.travel(datetime(2026, 3, 5, 15, tzinfo=OSLO), tick=False):  # a Thursday
        html = page(client, reviewing)
    top = next_step_section(html)
    assert "Neste steg: Avtal første samtale" in top
    assert 'name="action" value="schedule"' in top and 'value="Avtal første samtale"' in top
    assert selected(top, "id_schedule_caseworker") == str(bergen_caseworker.pk)
    assert selected(top, "id_schedule_kind") == MeetingKind.INTERVIEW
    assert 'value="2026-03-06T10:00"' in top  # Friday 10:00, the next working day
    # The form is on the page once: not again in the folded sections.
    assert html.count('name="action" value="schedule"') == 1
    assert "<details" in html and "<summary><h3>Historikk, e-post og søkerens lenke</h3></summary>" in html


def test_assign_defaults_to_the_assigned_caseworker_or_to_you(client, reviewing, bergen_caseworker):
    colleague = make_caseworker(reviewing.municipality, email="kollega@bergen.example.no")
    reviewing.assigned_to = colleague
    reviewing.save(update_fields=["assigned_to"])
    html = page(client, reviewing)
    assert selected(html, "id_assign_caseworker") == str(colleague.pk)
    assert selected(html, "id_schedule_caseworker") == str(colleague.pk)

    reviewing.assigned_to = None
    reviewing.save(update_fields=["assigned_to"])
    top = next_step_section(page(client, reviewing))
    assert "Neste steg: Tildel saken" in top
    assert selected(top, "id_assign_caseworker") == str(bergen_caseworker.pk)


def test_the_attest_form_defaults_to_the_type_the_role_requires(client, reviewing, bergen_caseworker):
    html = page(client, reviewing)
    assert selected(html, "id_attest_person_key") == "applicant"
    assert selected(html, "id_attest_attest_type") == "complete_extended"  # besøkshjem, barnevern: uttømmende og utvidet


def test_an_interview_asks_only_about_the_talk_and_a_home_visit_about_the_home(client, reviewing, bergen_caseworker):
    past = timezone.now() - timedelta(hours=3)
    interview = MeetingFactory(application=reviewing, caseworker=bergen_caseworker, starts_at=past)
    visit = MeetingFactory(application=reviewing, caseworker=bergen_caseworker, kind=MeetingKind.HOME_VISIT, starts_at=past + timedelta(hours=1))
    html = page(client, reviewing)
    assert f'id="id_m{interview.pk}_notes"' in html
    for field in ("bedroom_for_child", "safety_notes", "impression"):
        assert f'id="id_m{interview.pk}_{field}"' not in html
        assert f'id="id_m{visit.pk}_{field}"' in html
    # A post for the interview with home-visit fields only records the summary.
    response = client.post(case_url(reviewing), {"action": "held", "meeting": interview.pk, "notes": "God samtale", "safety_notes": "x"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.status, interview.safety_notes) == (MeetingStatus.HELD, "")


def test_a_meeting_recorded_after_the_fact_sends_no_invitation(client, reviewing, bergen_caseworker, on_commit):
    before = Message.objects.filter(kind="meeting_invitation").count()
    yesterday = timezone.localtime(timezone.now() - timedelta(days=1)).replace(hour=10, minute=0)
    with on_commit():
        response = client.post(case_url(reviewing), {
            "action": "schedule", "nonce": uuid.uuid4(), "kind": "interview", "starts_at": yesterday.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60, "place": "Rådhuset", "caseworker": bergen_caseworker.pk})
    assert response.status_code == 302
    assert Message.objects.filter(kind="meeting_invitation").count() == before
    [text] = said(response)
    assert f"Samtale {dateformat.format(yesterday, 'j. F Y')} kl. 10:00 er registrert uten invitasjon" in text
    meeting = reviewing.meetings.get()
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.invited_at is None
    assert "Neste steg: Registrer samtalen som gjennomført" in next_step_section(page(client, reviewing))


def test_a_meeting_ahead_is_invited_to_and_the_confirmation_names_the_address(client, reviewing, bergen_caseworker, on_commit):
    ahead = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=13, minute=0)
    with on_commit():
        response = client.post(case_url(reviewing), {
            "action": "schedule", "nonce": uuid.uuid4(), "kind": "interview", "starts_at": ahead.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60, "place": "Rådhuset", "caseworker": bergen_caseworker.pk})
    assert response.status_code == 302
    assert Message.objects.filter(kind="meeting_invitation", recipient=reviewing.email).count() == 1
    assert said(response) == [f"Samtale {dateformat.format(ahead, 'j. F Y')} kl. 13:00 er avtalt. Invitasjon sendt til {reviewing.email}."]


def test_confirmations_say_what_happened_and_to_whom(client, reviewing, bergen_caseworker):
    today = timezone.localdate().isoformat()
    response = client.post(case_url(reviewing), {"action": "purpose", "person_role": "applicant|visiting"})
    assert said(response)[-1] == (f"Formålsbekreftelse laget for {KARI} (besøkshjem). Melding sendt til {reviewing.email}; "
                                  "den lastes ned fra statussiden.")
    response = client.post(case_url(reviewing), {"action": "attest", "person_key": "applicant", "attest_type": "complete_extended",
                                                  "issue_date": today, "shown_date": today, "outcome": "no_remarks"})
    assert said(response)[-1] == f"Politiattest registrert for {KARI} (uttømmende og utvidet politiattest)."
    response = client.post(case_url(reviewing), {"action": "declaration_request"})
    assert said(response)[-1] == f"Søkerne er bedt om å signere taushetserklæringen. E-post sendt til {reviewing.email}."
    response = client.post(case_url(reviewing), {"action": "declaration_request"})  # again (a second click): nothing sent
    assert said(response)[-1] == "Søkerne var allerede bedt om å signere taushetserklæringen. Ingen ny e-post er sendt."
    response = client.post(case_url(reviewing), {"action": "assign", "caseworker": bergen_caseworker.pk})
    assert said(response)[-1] == f"Saken er tildelt {bergen_caseworker}."


def test_a_refused_post_of_another_action_opens_its_section(client, reviewing):
    response = client.post(case_url(reviewing), {"action": "reject", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'<details class="case-step" id="saksbehandler" open>', html)
    assert re.search(r'<details class="case-step" id="samtaler">', html)


def test_the_next_free_slot_skips_weekends_holidays_and_the_caseworkers_meetings(reviewing, bergen_caseworker):
    friday = datetime(2026, 5, 15, 12, tzinfo=OSLO)  # the next working day is Monday 18 May (17 May is a Sunday)
    assert next_free_slot(caseworker_id=bergen_caseworker.pk, now=friday) == datetime(2026, 5, 18, 10, tzinfo=OSLO)
    ascension_eve = datetime(2026, 5, 13, 12, tzinfo=OSLO)  # Kristi himmelfartsdag is Thursday 14 May 2026
    assert next_free_slot(caseworker_id=bergen_caseworker.pk, now=ascension_eve) == datetime(2026, 5, 15, 10, tzinfo=OSLO)
    with time_machine.travel(friday, tick=False):
        MeetingFactory(application=reviewing, caseworker=bergen_caseworker, starts_at=datetime(2026, 5, 18, 9, 30, tzinfo=OSLO))
        assert next_free_slot(caseworker_id=bergen_caseworker.pk, now=friday) == datetime(2026, 5, 18, 13, tzinfo=OSLO)
        MeetingFactory(application=reviewing, caseworker=bergen_caseworker, starts_at=datetime(2026, 5, 18, 13, tzinfo=OSLO))
        assert next_free_slot(caseworker_id=bergen_caseworker.pk, now=friday) == datetime(2026, 5, 19, 10, tzinfo=OSLO)
        # Another caseworker's meetings and cancelled ones do not count.
        MeetingFactory(application=reviewing, caseworker=bergen_caseworker, starts_at=datetime(2026, 5, 19, 10, tzinfo=OSLO),
                       status=MeetingStatus.CANCELLED)
        assert next_free_slot(caseworker_id=bergen_caseworker.pk, now=friday) == datetime(2026, 5, 19, 10, tzinfo=OSLO)

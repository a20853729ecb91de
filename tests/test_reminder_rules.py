"""One frozen-clock test per reminder rule: not before its time, at its time, not again, not when done meanwhile."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from applications import approval, respite_services
from applications import services as app_services
from applications.respite_steps import RESPITE
from besokshjem.reminders import services
from besokshjem.reminders.models import Reminder
from besokshjem.reminders.rules import RULES

from . import approval_helpers as h
from .factories import RespiteApplicationFactory, VolunteerApplicationFactory

TZ = timezone.get_fixed_timezone(60)  # Oslo in winter


def at(day: date, hour=9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False)


def sweep_on(day: date) -> list[str]:
    """Run the sweep on a day; return the kinds of the reminders e-mailed in that run."""
    mail.outbox.clear()
    with at(day):
        services.sweep(send_inline=True)
    return [_kind(m) for m in mail.outbox]


def _kind(message) -> str:
    return Reminder.objects.get(pk=int(message.extra_headers["Message-ID"].split("-")[1])).kind


START = date(2026, 2, 2)


def submit_respite(bergen, day=START):
    with at(day):
        application = RespiteApplicationFactory(municipality=bergen)
        return app_services.application_submit(application=application, incomplete_steps=[s.slug for s in RESPITE.incomplete_steps(application)])


def submit_volunteer(bergen, day=START, **fields):
    with at(day):
        return app_services.application_submit(application=VolunteerApplicationFactory(municipality=bergen, **fields), incomplete_steps=[])


def test_every_rule_has_a_template_and_a_test():
    from django.template.loader import get_template

    for kind in RULES:
        get_template(f"emails/reminders/{kind}.txt")
    tested = {name.removeprefix("test_").split("__")[0] for name in globals() if name.startswith("test_")}
    assert set(RULES) <= tested, set(RULES) - tested


def test_respite_deadline_near(bergen, bergen_caseworker):
    application = submit_respite(bergen)  # deadline 2 March, reminder 5 days before
    assert "respite_deadline_near" not in sweep_on(date(2026, 2, 24))
    assert sweep_on(date(2026, 2, 25)).count("respite_deadline_near") == 1
    assert "respite_deadline_near" not in sweep_on(date(2026, 2, 26))
    done = submit_respite(bergen)
    with at(date(2026, 2, 20)):
        respite_services.interim_reply_send(application=done, reason="Venter på skolen", expected_decision_date=date(2026, 3, 20),
                                            by=bergen_caseworker)
    sent = sweep_on(date(2026, 2, 27))
    assert "respite_deadline_near" not in sent and application.pk


def test_respite_past_deadline__escalates_to_admins(bergen, bergen_caseworker):
    from besokshjem.tenancy.models import Role

    from .factories import make_caseworker

    admin = make_caseworker(bergen, email="admin@bergen.example.no", role=Role.ADMIN)
    application = submit_respite(bergen)
    assert "respite_past_deadline" not in sweep_on(date(2026, 3, 2))
    sweep_on(date(2026, 3, 3))
    recipients = sorted(r.recipient for r in Reminder.objects.filter(kind="respite_past_deadline", status="sent"))
    assert recipients == sorted([admin.email, bergen_caseworker.email])
    assert "respite_past_deadline" not in sweep_on(date(2026, 3, 4))
    assert application.pk


def test_respite_past_deadline__not_when_an_interim_reply_was_sent(bergen, bergen_caseworker):
    application = submit_respite(bergen)
    with at(date(2026, 3, 1)):
        respite_services.interim_reply_send(application=application, reason="Venter", expected_decision_date=date(2026, 3, 20),
                                            by=bergen_caseworker)
    assert "respite_past_deadline" not in sweep_on(date(2026, 3, 3))


def test_meetings_unscheduled(bergen, bergen_caseworker):
    application = submit_volunteer(bergen)
    assert "meetings_unscheduled" not in sweep_on(START + timedelta(days=13))
    assert sweep_on(START + timedelta(days=14)).count("meetings_unscheduled") == 1
    assert "meetings_unscheduled" not in sweep_on(START + timedelta(days=15))
    other = submit_volunteer(bergen)
    with at(START + timedelta(days=3)):
        h.in_review(other, bergen_caseworker)
        approval.meeting_schedule(application=other, kind="interview", starts_at=timezone.now() + timedelta(days=30),
                                  caseworker=bergen_caseworker, by=bergen_caseworker, place="Rådhuset")
    sweep_on(START + timedelta(days=20))
    assert not Reminder.objects.filter(kind="meetings_unscheduled", object_id=other.pk, status="sent").exists()
    assert application.pk


def _confirmation(bergen, caseworker, day):
    application = submit_volunteer(bergen, day=day)
    with at(day):
        h.in_review(application, caseworker)
        return approval.purpose_confirmation_issue(application=application, person_key="applicant", by=caseworker)


def test_attest_missing_caseworker(bergen, bergen_caseworker):
    confirmation = _confirmation(bergen, bergen_caseworker, START)
    assert "attest_missing_caseworker" not in sweep_on(START + timedelta(days=20))
    assert sweep_on(START + timedelta(days=21)).count("attest_missing_caseworker") == 1
    assert "attest_missing_caseworker" not in sweep_on(START + timedelta(days=22))
    assert confirmation.pk


def test_attest_missing_applicant(bergen, bergen_caseworker):
    confirmation = _confirmation(bergen, bergen_caseworker, START)
    assert "attest_missing_applicant" not in sweep_on(START + timedelta(days=13))
    assert sweep_on(START + timedelta(days=14)).count("attest_missing_applicant") == 1
    assert "attest_missing_applicant" not in sweep_on(START + timedelta(days=15))
    done = _confirmation(bergen, bergen_caseworker, START)
    with at(START + timedelta(days=10)):
        approval.police_certificate_register(application=done.application, person_key="applicant", attest_type="complete_extended",
                                             issue_date=START, shown_date=START + timedelta(days=10), outcome="no_remarks", by=bergen_caseworker)
    sweep_on(START + timedelta(days=30))
    assert not Reminder.objects.filter(object_id=done.pk, kind__startswith="attest_missing", status="sent").exists()
    assert confirmation.pk


def test_appeal_waiting(bergen, bergen_caseworker):
    application = submit_respite(bergen)
    with at(START + timedelta(days=5)):
        decision = respite_services.decision_make(application=application, by=bergen_caseworker, outcome="rejected",
                                                  reasons="x", best_interests="y", child_views="z")
    with at(START + timedelta(days=8), hour=8):
        appeal = respite_services.appeal_lodge(decision=decision, text="Klage")
    assert "appeal_waiting" not in sweep_on(START + timedelta(days=7))
    assert sweep_on(START + timedelta(days=8)).count("appeal_waiting") == 1
    assert "appeal_waiting" not in sweep_on(START + timedelta(days=9))
    assert appeal.pk


def test_appeal_waiting__not_when_handled(bergen, bergen_caseworker):
    application = submit_respite(bergen)
    with at(START + timedelta(days=5)):
        decision = respite_services.decision_make(application=application, by=bergen_caseworker, outcome="rejected",
                                                  reasons="x", best_interests="y", child_views="z")
        appeal = respite_services.appeal_lodge(decision=decision, text="Klage")
        respite_services.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="Opprettholdes")
    assert "appeal_waiting" not in sweep_on(START + timedelta(days=6))


def test_volunteer_draft_unfinished(bergen):
    with at(START):
        draft = VolunteerApplicationFactory(municipality=bergen)
    assert "volunteer_draft_unfinished" not in sweep_on(START + timedelta(days=22))
    assert sweep_on(START + timedelta(days=23)).count("volunteer_draft_unfinished") == 1
    assert "volunteer_draft_unfinished" not in sweep_on(START + timedelta(days=24))
    with at(START):
        submitted = VolunteerApplicationFactory(municipality=bergen)
    with at(START + timedelta(days=2)):
        app_services.application_submit(application=submitted, incomplete_steps=[])
    sweep_on(START + timedelta(days=25))
    assert not Reminder.objects.filter(kind="volunteer_draft_unfinished", object_id=submitted.pk).exists()
    sweep_on(START + timedelta(days=31))
    assert not type(draft).objects.filter(pk=draft.pk).exists()  # deleted after the retention period


def test_respite_draft_unfinished(bergen):
    with at(START):
        draft = RespiteApplicationFactory(municipality=bergen)
    assert "respite_draft_unfinished" not in sweep_on(START + timedelta(days=22))
    assert sweep_on(START + timedelta(days=23)).count("respite_draft_unfinished") == 1
    assert "respite_draft_unfinished" not in sweep_on(START + timedelta(days=24))
    assert draft.pk


def test_declaration_unsigned(bergen, bergen_caseworker):
    application = submit_volunteer(bergen)
    with at(START):
        h.in_review(application, bergen_caseworker)
    assert "declaration_unsigned" not in sweep_on(START + timedelta(days=6))
    assert sweep_on(START + timedelta(days=7)).count("declaration_unsigned") == 1
    assert "declaration_unsigned" not in sweep_on(START + timedelta(days=8))
    signed = submit_volunteer(bergen)
    with at(START):
        h.in_review(signed, bergen_caseworker)
        h.sign_declarations(signed)
    sweep_on(START + timedelta(days=10))
    assert not Reminder.objects.filter(kind="declaration_unsigned", object_id=signed.pk).exists()


def test_agreement_unsigned(bergen, bergen_caseworker):
    from placements import services as ps

    application = submit_volunteer(bergen)
    with at(START):
        h.in_review(application, bergen_caseworker)
        h.add_rates(bergen, valid_from=date(2026, 1, 1))
        agreement = ps.agreement_generate(application=application, by=bergen_caseworker)
    assert "agreement_unsigned" not in sweep_on(START + timedelta(days=6))
    assert sweep_on(START + timedelta(days=7)).count("agreement_unsigned") == 1
    assert "agreement_unsigned" not in sweep_on(START + timedelta(days=8))
    other = submit_volunteer(bergen)
    with at(START):
        h.in_review(other, bergen_caseworker)
        signed = ps.agreement_generate(application=other, by=bergen_caseworker)
        ps.agreement_sign_applicant(agreement=signed, typed_name="Kari Testesen", confirmed=True)
    sweep_on(START + timedelta(days=9))
    assert not Reminder.objects.filter(kind="agreement_unsigned", object_id=signed.pk).exists()
    assert agreement.pk


def test_meeting_tomorrow(bergen, bergen_caseworker):
    application = submit_volunteer(bergen)
    meeting_day = START + timedelta(days=10)
    with at(START):
        h.in_review(application, bergen_caseworker)
        meeting = approval.meeting_schedule(application=application, kind="interview",
                                            starts_at=datetime(meeting_day.year, meeting_day.month, meeting_day.day, 10, tzinfo=TZ),
                                            caseworker=bergen_caseworker, by=bergen_caseworker, place="Rådhuset")
        cancelled = approval.meeting_schedule(application=application, kind="home_visit",
                                              starts_at=datetime(meeting_day.year, meeting_day.month, meeting_day.day, 14, tzinfo=TZ),
                                              caseworker=bergen_caseworker, by=bergen_caseworker)
        approval.meeting_cancel(meeting=cancelled, by=bergen_caseworker)
    assert "meeting_tomorrow" not in sweep_on(meeting_day - timedelta(days=2))
    assert sweep_on(meeting_day - timedelta(days=1)).count("meeting_tomorrow") == 1
    assert "meeting_tomorrow" not in sweep_on(meeting_day - timedelta(days=1))
    assert meeting.pk


def test_interim_reply_ready(bergen, bergen_caseworker, on_commit):
    application = submit_respite(bergen)
    mail.outbox.clear()
    with at(START + timedelta(days=3)), on_commit():
        respite_services.interim_reply_send(application=application, reason="Venter", expected_decision_date=date(2026, 3, 20),
                                            by=bergen_caseworker)
    assert [_kind(m) for m in mail.outbox] == ["interim_reply_ready"]
    assert "Venter" not in mail.outbox[0].body and application.reference in mail.outbox[0].subject
    assert "interim_reply_ready" not in sweep_on(START + timedelta(days=3))
    assert "interim_reply_ready" not in sweep_on(START + timedelta(days=4))


def test_interim_reply_ready__is_not_lost_when_the_immediate_send_did_not_happen(bergen, bergen_caseworker):
    application = submit_respite(bergen)
    with at(START + timedelta(days=3)):  # no on_commit: the immediate send never runs
        respite_services.interim_reply_send(application=application, reason="Venter", expected_decision_date=date(2026, 3, 20),
                                            by=bergen_caseworker)
    assert sweep_on(START + timedelta(days=3)).count("interim_reply_ready") == 1


def test_decision_ready__and_appeal_answered_on_the_same_day_each_get_a_notice(bergen, bergen_caseworker, on_commit):
    application = submit_respite(bergen)
    mail.outbox.clear()
    with at(START + timedelta(days=3)), on_commit():
        respite_services.interim_reply_send(application=application, reason="Venter", expected_decision_date=date(2026, 3, 20),
                                            by=bergen_caseworker)
        decision = respite_services.decision_make(application=application, by=bergen_caseworker, outcome="rejected",
                                                  reasons="x", best_interests="y", child_views="z")
        appeal = respite_services.appeal_lodge(decision=decision, text="Klage")
        respite_services.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="Opprettholdes")
    assert sorted(_kind(m) for m in mail.outbox) == ["appeal_answered", "decision_ready", "interim_reply_ready"]
    assert not [k for k in sweep_on(START + timedelta(days=4)) if k.endswith(("_ready", "_answered"))]


def test_lead_time_is_configurable_per_municipality(bergen, bergen_caseworker):
    bergen.reminder_days = {"meetings_unscheduled": 3}
    bergen.save()
    submit_volunteer(bergen)
    assert sweep_on(START + timedelta(days=3)).count("meetings_unscheduled") == 1


def test_reminders_are_in_the_recipients_language(bergen):
    with at(START):
        VolunteerApplicationFactory(municipality=bergen, language="en")
    sweep_on(START + timedelta(days=23))
    [message] = mail.outbox
    assert "not been sent" in message.subject or "not sent" in message.subject.lower()


@pytest.mark.parametrize("kind", sorted(RULES))
def test_no_reminder_contains_health_data(kind):
    from pathlib import Path

    text = Path(f"templates/emails/reminders/{kind}.txt").read_text()
    for word in ("child_needs", "health", "diagnos", "reasons", "care_hours", "night_care"):
        assert word not in text


def test_appeal_answered(bergen, bergen_caseworker, on_commit):
    application = submit_respite(bergen)
    with at(START + timedelta(days=3)):
        decision = respite_services.decision_make(application=application, by=bergen_caseworker, outcome="rejected",
                                                  reasons="x", best_interests="y", child_views="z")
        appeal = respite_services.appeal_lodge(decision=decision, text="Klage")
    mail.outbox.clear()
    with at(START + timedelta(days=5)), on_commit():
        respite_services.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=True, note="Omgjøres")
    assert [_kind(m) for m in mail.outbox] == ["appeal_answered"]
    assert "Omgjøres" not in mail.outbox[0].body
    assert "appeal_answered" not in sweep_on(START + timedelta(days=5))

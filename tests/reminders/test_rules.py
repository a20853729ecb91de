"""One frozen-clock test per reminder rule: not before its time, at its time, not again, not when done meanwhile.

A test named `test_<kind>` (or `test_<kind>__<case>`, or `test_<kind>__<kind>…` for rules tested together; here or in
an area's test_reminders.py) covers the rule of that kind; a rule without one fails
test_every_rule_has_a_template_and_a_test. Reminders are outbox rows planned by `sweep`; the e-mails it sends land in
django.core.mail.outbox, and each names its row in the Message-ID.
"""

import ast
from datetime import date, datetime, timedelta
from pathlib import Path

import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.template.loader import get_template
from django.utils import timezone

from applications.decisions import appeals
from applications.intake import services as app_services
from applications.models import MeetingKind, VolunteerApplication
from applications.respite import services as respite_services
from applications.volunteer import services as volunteer_services
from besokshjem.outbox.models import Message, MessageStatus
from besokshjem.outbox.registry import kind_for
from besokshjem.reminders import services as reminders
from besokshjem.reminders.registry import RULES
from besokshjem.tenancy.models import Role
from placements import services as placement_services

from .. import approval_helpers as h
from ..factories import (
    AppealFactory,
    DecisionFactory,
    MeetingFactory,
    RespiteApplicationFactory,
    VolunteerApplicationFactory,
    make_caseworker,
)
from ..mail_helpers import kinds_sent, message_of
from ..respite_helpers import submit

TZ = timezone.get_fixed_timezone(60)  # Oslo in winter
START = date(2026, 2, 2)


def at(day: date, hour=9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False)


def sweep_on(day: date) -> list[str]:
    """Run the sweep on a day; return the outbox kinds of the e-mails sent in that run."""
    mail.outbox.clear()
    with at(day):
        reminders.sweep(send_inline=True)
    return kinds_sent()


def reminders_of(kind: str, target):
    """The outbox rows of one rule about one target."""
    return Message.objects.filter(kind=kind, content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


def submit_respite(bergen, day=START):
    with at(day):
        return submit(RespiteApplicationFactory(municipality=bergen))


def submit_volunteer(bergen, day=START, **fields):
    with at(day):
        return app_services.application_submit(application=VolunteerApplicationFactory(municipality=bergen, **fields), incomplete_steps=[])


def test_every_rule_has_a_template_and_a_test():
    for kind, rule in RULES.items():
        for name in ("subject.txt", "body.txt", "body.html"):
            get_template(f"emails/reminders/{kind}/{name}")
        assert kind_for(kind).template == f"reminders/{kind}"
        assert kind_for(kind).still_due is rule.still_due
    tested = {part for name in rule_test_names() for part in name.removeprefix("test_").split("__")}
    assert set(RULES) <= tested, set(RULES) - tested


def rule_test_names():
    """Test functions named after a rule (`test_<kind>__…`), here and in each area's test_reminders.py."""
    yield from (name for name in globals() if name.startswith("test_"))
    for path in Path(__file__).resolve().parents[1].glob("*/test_reminders.py"):
        yield from (node.name for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.FunctionDef))


def test_letter_notices_are_outbox_kinds_not_reminder_rules():
    for kind, template in (("interim_reply_ready", "letter_ready"), ("decision_ready", "decision_made"),
                           ("appeal_answered", "letter_ready"), ("appeal_dismissed", "decision_made")):
        assert kind not in RULES
        assert kind_for(kind).template == template


# --- a parent's case ---------------------------------------------------------------------------------------------

def test_respite_deadline_near(bergen, bergen_caseworker):
    application = submit_respite(bergen)  # deadline 2 March, reminder 5 days before
    assert "respite_deadline_near" not in sweep_on(date(2026, 2, 24))
    assert sweep_on(date(2026, 2, 25)).count("respite_deadline_near") == 1
    assert "respite_deadline_near" not in sweep_on(date(2026, 2, 26))
    [reminder] = reminders_of("respite_deadline_near", application)
    assert (reminder.recipient, reminder.due_on, reminder.status) == (bergen_caseworker.email, date(2026, 3, 2), MessageStatus.SENT)

    done = submit_respite(bergen)
    with at(date(2026, 2, 20)):
        respite_services.interim_reply_send(application=done, reason="Venter på skolen", expected_decision_date=date(2026, 3, 20),
                                            by=bergen_caseworker)
    assert "respite_deadline_near" not in sweep_on(date(2026, 2, 27))
    assert not reminders_of("respite_deadline_near", done).exists()


def test_respite_past_deadline__escalates_to_admins(bergen, bergen_caseworker):
    admin = make_caseworker(bergen, email="admin@bergen.example.no", role=Role.ADMIN)
    application = submit_respite(bergen)
    assert "respite_past_deadline" not in sweep_on(date(2026, 3, 2))
    assert sweep_on(date(2026, 3, 3)).count("respite_past_deadline") == 2
    sent = reminders_of("respite_past_deadline", application).filter(status=MessageStatus.SENT)
    assert sorted(sent.values_list("recipient", flat=True)) == sorted([admin.email, bergen_caseworker.email])
    assert "respite_past_deadline" not in sweep_on(date(2026, 3, 4))
    assert reminders_of("respite_past_deadline", application).count() == 2


def test_respite_past_deadline__not_when_an_interim_reply_was_sent(bergen, bergen_caseworker):
    application = submit_respite(bergen)
    with at(date(2026, 3, 1)):
        respite_services.interim_reply_send(application=application, reason="Venter", expected_decision_date=date(2026, 3, 20),
                                            by=bergen_caseworker)
    assert "respite_past_deadline" not in sweep_on(date(2026, 3, 3))
    assert not reminders_of("respite_past_deadline", application).exists()


def test_respite_past_deadline__again_when_the_promised_date_passes(bergen, bergen_caseworker):
    application = submit_respite(bergen)  # deadline 2 March
    assert sweep_on(date(2026, 3, 3)).count("respite_past_deadline") == 1
    with at(date(2026, 3, 4)):
        respite_services.interim_reply_send(application=application, reason="Venter på skolen", expected_decision_date=date(2026, 3, 20),
                                            by=bergen_caseworker)
    assert "respite_past_deadline" not in sweep_on(date(2026, 3, 20))
    mail.outbox.clear()
    with at(date(2026, 3, 21)):
        reminders.sweep(send_inline=True)
    [email] = [e for e in mail.outbox if message_of(e).kind == "respite_past_deadline"]
    assert email.subject == f"Lovet dato for vedtak er passert: {application.reference}"
    assert "lovet vedtak i sak" in email.body and "20. mars 2026" in email.body
    assert "respite_past_deadline" not in sweep_on(date(2026, 3, 22))
    assert sorted(reminders_of("respite_past_deadline", application).values_list("due_on", flat=True)) == [date(2026, 3, 2), date(2026, 3, 20)]


def test_respite_past_deadline__not_when_a_new_interim_reply_was_sent_in_time(bergen, bergen_caseworker):
    application = submit_respite(bergen)
    for sent_on, promised in ((date(2026, 2, 20), date(2026, 3, 20)), (date(2026, 3, 19), date(2026, 4, 10))):
        with at(sent_on):
            respite_services.interim_reply_send(application=application, reason="Venter", expected_decision_date=promised,
                                                by=bergen_caseworker)
    assert "respite_past_deadline" not in sweep_on(date(2026, 3, 21))
    assert not reminders_of("respite_past_deadline", application).exists()


def test_appeal_waiting__a_late_appeal_asks_whether_to_consider_it(bergen, bergen_caseworker):
    application = submit_respite(bergen)
    with at(START):
        decision = DecisionFactory(application=application, decided_by=bergen_caseworker, rejected=True)  # deadline 2 March
    with at(date(2026, 3, 3)):
        appeal = respite_services.appeal_lodge(decision=decision, text="For sent")
    mail.outbox.clear()
    with at(date(2026, 3, 3), hour=15):
        reminders.sweep(send_inline=True)
    [email] = [e for e in mail.outbox if message_of(e).kind == "appeal_waiting"]
    assert message_of(email).target == appeal and "etter klagefristen" in email.body and "§ 31" in email.body


def test_appeal_waiting(bergen, bergen_caseworker):
    application = submit_respite(bergen)
    with at(START + timedelta(days=5)):
        decision = DecisionFactory(application=application, decided_by=bergen_caseworker, rejected=True)
    with at(START + timedelta(days=8), hour=8):
        appeal = AppealFactory(decision=decision)
    assert "appeal_waiting" not in sweep_on(START + timedelta(days=7))
    assert sweep_on(START + timedelta(days=8)).count("appeal_waiting") == 1
    assert "appeal_waiting" not in sweep_on(START + timedelta(days=9))
    [reminder] = reminders_of("appeal_waiting", appeal)
    assert (reminder.recipient, reminder.due_on) == (bergen_caseworker.email, START + timedelta(days=8))


def test_appeal_waiting__not_when_handled(bergen, bergen_caseworker):
    application = submit_respite(bergen)
    with at(START + timedelta(days=5)):
        appeal = AppealFactory(decision=DecisionFactory(application=application, decided_by=bergen_caseworker, rejected=True))
        appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="Opprettholdes")
    assert "appeal_waiting" not in sweep_on(START + timedelta(days=6))
    assert not reminders_of("appeal_waiting", appeal).exists()


# --- the public forms ---------------------------------------------------------------------------------------------

def test_volunteer_draft_unfinished(bergen):
    with at(START):
        draft = VolunteerApplicationFactory(municipality=bergen)
    assert "volunteer_draft_unfinished" not in sweep_on(START + timedelta(days=22))
    assert sweep_on(START + timedelta(days=23)).count("volunteer_draft_unfinished") == 1
    assert "volunteer_draft_unfinished" not in sweep_on(START + timedelta(days=24))
    [reminder] = reminders_of("volunteer_draft_unfinished", draft)
    assert (reminder.recipient, reminder.due_on) == (draft.email, START + timedelta(days=settings.DRAFT_RETENTION_DAYS))

    with at(START):
        submitted = VolunteerApplicationFactory(municipality=bergen)
    with at(START + timedelta(days=2)):
        app_services.application_submit(application=submitted, incomplete_steps=[])
    sweep_on(START + timedelta(days=25))
    assert not reminders_of("volunteer_draft_unfinished", submitted).exists()

    sweep_on(START + timedelta(days=31))
    assert not VolunteerApplication.objects.filter(pk=draft.pk).exists()  # deleted after the retention period
    assert VolunteerApplication.objects.filter(pk=submitted.pk).exists()


def test_respite_draft_unfinished(bergen):
    with at(START):
        draft = RespiteApplicationFactory(municipality=bergen)
        sent_in_time = RespiteApplicationFactory(municipality=bergen)
    with at(START + timedelta(days=3)):
        submit(sent_in_time)
    assert "respite_draft_unfinished" not in sweep_on(START + timedelta(days=22))
    assert sweep_on(START + timedelta(days=23)).count("respite_draft_unfinished") == 1
    assert "respite_draft_unfinished" not in sweep_on(START + timedelta(days=24))
    [reminder] = reminders_of("respite_draft_unfinished", draft)
    assert (reminder.recipient, reminder.due_on) == (draft.guardian_email, START + timedelta(days=settings.DRAFT_RETENTION_DAYS))
    assert not reminders_of("respite_draft_unfinished", sent_in_time).exists()


# --- a volunteer's case ---------------------------------------------------------------------------------------------

def test_meetings_unscheduled(bergen, bergen_caseworker):
    application = submit_volunteer(bergen)
    assert "meetings_unscheduled" not in sweep_on(START + timedelta(days=13))
    assert sweep_on(START + timedelta(days=14)).count("meetings_unscheduled") == 1
    assert "meetings_unscheduled" not in sweep_on(START + timedelta(days=15))
    [reminder] = reminders_of("meetings_unscheduled", application)
    assert (reminder.recipient, reminder.due_on) == (bergen_caseworker.email, START + timedelta(days=14))

    other = submit_volunteer(bergen)
    with at(START + timedelta(days=3)):
        h.in_review(other, bergen_caseworker)
        volunteer_services.meeting_schedule(application=other, kind="interview", starts_at=timezone.now() + timedelta(days=30),
                                            caseworker=bergen_caseworker, by=bergen_caseworker, place="Rådhuset")
    assert "meetings_unscheduled" not in sweep_on(START + timedelta(days=20))
    assert not reminders_of("meetings_unscheduled", other).exists()


def _confirmation(bergen, caseworker, day):
    application = submit_volunteer(bergen, day=day)
    with at(day):
        h.in_review(application, caseworker)
        return volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting", by=caseworker)


def _register_attest(confirmation, caseworker, day):
    with at(day):
        volunteer_services.police_certificate_register(
            application=confirmation.application, person_key=confirmation.person_key, attest_type="complete_extended",
            issue_date=START, shown_date=day, outcome="no_remarks", by=caseworker,
        )


def test_attest_missing_caseworker(bergen, bergen_caseworker):
    confirmation = _confirmation(bergen, bergen_caseworker, START)
    assert "attest_missing_caseworker" not in sweep_on(START + timedelta(days=20))
    assert sweep_on(START + timedelta(days=21)).count("attest_missing_caseworker") == 1
    assert "attest_missing_caseworker" not in sweep_on(START + timedelta(days=22))
    [reminder] = reminders_of("attest_missing_caseworker", confirmation)
    assert reminder.recipient == bergen_caseworker.email

    done = _confirmation(bergen, bergen_caseworker, START)
    _register_attest(done, bergen_caseworker, START + timedelta(days=10))
    assert "attest_missing_caseworker" not in sweep_on(START + timedelta(days=30))
    assert not reminders_of("attest_missing_caseworker", done).exists()


def test_attest_missing_applicant(bergen, bergen_caseworker):
    confirmation = _confirmation(bergen, bergen_caseworker, START)
    assert "attest_missing_applicant" not in sweep_on(START + timedelta(days=13))
    assert sweep_on(START + timedelta(days=14)).count("attest_missing_applicant") == 1
    assert "attest_missing_applicant" not in sweep_on(START + timedelta(days=15))
    [reminder] = reminders_of("attest_missing_applicant", confirmation)
    assert reminder.recipient == confirmation.application.email

    done = _confirmation(bergen, bergen_caseworker, START)
    _register_attest(done, bergen_caseworker, START + timedelta(days=10))
    assert "attest_missing_applicant" not in sweep_on(START + timedelta(days=30))
    assert not reminders_of("attest_missing_applicant", done).exists()


def test_declaration_unsigned(bergen, bergen_caseworker):
    application = submit_volunteer(bergen)
    with at(START - timedelta(days=20)):
        h.in_review(application, bergen_caseworker)
    assert "declaration_unsigned" not in sweep_on(START - timedelta(days=1))  # 19 days in review, not asked to sign yet
    with at(START):
        h.request_declaration(application)
    assert "declaration_unsigned" not in sweep_on(START + timedelta(days=6))
    assert sweep_on(START + timedelta(days=7)).count("declaration_unsigned") == 1
    assert "declaration_unsigned" not in sweep_on(START + timedelta(days=8))
    [reminder] = reminders_of("declaration_unsigned", application)
    assert (reminder.recipient, reminder.due_on) == (application.email, START + timedelta(days=7))

    signed = submit_volunteer(bergen)
    with at(START):
        h.in_review(signed, bergen_caseworker)
        h.sign_declarations(signed)
    assert "declaration_unsigned" not in sweep_on(START + timedelta(days=10))
    assert not reminders_of("declaration_unsigned", signed).exists()


def test_agreement_unsigned(bergen, bergen_caseworker):
    application = submit_volunteer(bergen)
    with at(START):
        h.in_review(application, bergen_caseworker)
        h.add_rates(bergen, valid_from=date(2026, 1, 1))
        [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    assert "agreement_unsigned" not in sweep_on(START + timedelta(days=6))
    assert sweep_on(START + timedelta(days=7)).count("agreement_unsigned") == 1
    assert "agreement_unsigned" not in sweep_on(START + timedelta(days=8))
    [reminder] = reminders_of("agreement_unsigned", agreement)
    assert (reminder.recipient, reminder.due_on) == (application.email, START + timedelta(days=7))

    other = submit_volunteer(bergen)
    with at(START):
        h.in_review(other, bergen_caseworker)
        [signed] = volunteer_services.agreements_generate(application=other, by=bergen_caseworker)
        placement_services.agreement_sign_party(agreement=signed, person_key="applicant", typed_name="Kari Testesen", confirmed=True)
    assert "agreement_unsigned" not in sweep_on(START + timedelta(days=9))
    assert not reminders_of("agreement_unsigned", signed).exists()


def _meeting_on(application, caseworker, day, hour, **fields):
    return MeetingFactory(application=application, caseworker=caseworker, starts_at=datetime(day.year, day.month, day.day, hour, tzinfo=TZ),
                          **fields)


def test_meeting_tomorrow(bergen, bergen_caseworker):
    application = submit_volunteer(bergen)
    meeting_day = START + timedelta(days=10)
    with at(START):
        h.in_review(application, bergen_caseworker)
        meeting = _meeting_on(application, bergen_caseworker, meeting_day, 10)
        cancelled = _meeting_on(application, bergen_caseworker, meeting_day, 14, kind=MeetingKind.HOME_VISIT)
        volunteer_services.meeting_cancel(meeting=cancelled, by=bergen_caseworker)
    assert "meeting_tomorrow" not in sweep_on(meeting_day - timedelta(days=2))
    assert sweep_on(meeting_day - timedelta(days=1)).count("meeting_tomorrow") == 1
    assert "meeting_tomorrow" not in sweep_on(meeting_day - timedelta(days=1))
    [reminder] = reminders_of("meeting_tomorrow", meeting)
    assert (reminder.recipient, reminder.due_on) == (application.email, meeting_day)
    assert not reminders_of("meeting_tomorrow", cancelled).exists()


def test_meeting_tomorrow__planned_then_cancelled_is_not_sent(bergen, bergen_caseworker):
    """A reminder planned before the thing was done is not sent: at send time the rule says it is no longer due."""
    application = submit_volunteer(bergen)
    meeting_day = START + timedelta(days=10)
    with at(START):
        h.in_review(application, bergen_caseworker)
        meeting = _meeting_on(application, bergen_caseworker, meeting_day, 10)
    with at(meeting_day - timedelta(days=1), hour=7):
        reminders.plan()
        [reminder] = reminders_of("meeting_tomorrow", meeting)
        assert reminder.status == MessageStatus.PENDING
        volunteer_services.meeting_cancel(meeting=meeting, by=bergen_caseworker)
    assert "meeting_tomorrow" not in sweep_on(meeting_day - timedelta(days=1))
    reminder.refresh_from_db()
    assert reminder.status == MessageStatus.OBSOLETE and reminder.sent_at is None


# --- every rule ---------------------------------------------------------------------------------------------------

def test_lead_time_is_configurable_per_municipality(bergen, bergen_caseworker):
    bergen.reminder_days = {"meetings_unscheduled": 3}
    bergen.save()
    application = submit_volunteer(bergen)
    assert "meetings_unscheduled" not in sweep_on(START + timedelta(days=2))
    assert sweep_on(START + timedelta(days=3)).count("meetings_unscheduled") == 1
    assert reminders_of("meetings_unscheduled", application).get().due_on == START + timedelta(days=3)


def test_reminders_are_in_the_recipients_language(bergen):
    with at(START):
        draft = VolunteerApplicationFactory(municipality=bergen, language="en")
    sweep_on(START + timedelta(days=23))
    [email] = mail.outbox
    assert message_of(email).language == "en" and message_of(email).target == draft
    assert email.subject == "Your application to Bergen has not been sent"

"""Applicant links end: a resume link with submission or the draft, a status link a set time after the case is closed
and nothing runs on it (never while the home is in force, a placement runs, an appeal waits or the appeal window with
its late-appeal grace is open); the caseworker of the case's kommune revokes them all and the applicant gets a new one
by e-mail. A link that opens nothing — bad, of another purpose, revoked or ended — is the same friendly 404."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from applications.intake import services as intake
from applications.intake import volunteer_steps as steps
from applications.links import link_is_open, link_revoke
from applications.models import AppealStatus, CaseAction, VolunteerApplication
from applications.respite.selectors import appeal_deadline_of
from applications.volunteer import services as volunteer_services
from besokshjem.audit.models import AuditEntry
from besokshjem.core.private_links import MASK, mask
from besokshjem.core.tokens import CO_PARTY, RESUME, STATUS, case_token, make_token, read_token
from besokshjem.tenancy.choices import HomeType
from placements import services as placements
from placements.feeds import feed_for_need
from placements.models import HomeStatus

from ..factories import (
    AppealFactory,
    DecisionFactory,
    InterimReplyFactory,
    RespiteApplicationFactory,
    VolunteerApplicationFactory,
)
from ..mail_helpers import kinds_sent
from ..placements.factories import ApprovedHomeFactory, make_need, place
from ..respite_helpers import submit

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2027, 3, 1, 12, tzinfo=OSLO)  # a Monday
ENDED = "Lenken virker ikke lenger"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def later(**delta) -> datetime:
    return START + timedelta(**delta)


def gone(response) -> bool:
    """The one page every link that opens nothing gets: 404, not cached, no kommune named."""
    html = response.content.decode()
    return (response.status_code == 404 and ENDED in html and "no-store" in response["Cache-Control"]
            and "Bergen" not in html)


def status_url(case) -> str:
    return reverse("applications:status", args=[case_token(case, purpose=STATUS)])


def respite_status_url(case) -> str:
    return reverse("applications:respite_status", args=[case_token(case, purpose=STATUS)])


def parent_case(bergen, *, two_guardians=False):
    application = submit(RespiteApplicationFactory(municipality=bergen))
    if two_guardians:  # the other guardian has parental responsibility: a party with a link of their own
        application.second_guardian, application.second_guardian_has_parental_responsibility = True, True
        application.second_guardian_name, application.second_guardian_email = "Per Testforelder", "per@example.no"
        application.save()
    return application


# --- Tokens ----------------------------------------------------------------------------------------------------------


def test_a_token_is_short_url_safe_and_carries_the_link_version(submitted):
    token = case_token(submitted, purpose=STATUS)
    assert len(token) < 90 and token.startswith(f"{submitted.access_key.hex}.1:")
    assert all(c.isalnum() or c in "-_.:" for c in token)
    assert read_token(token=token, purpose=STATUS) == (submitted.access_key, 1)
    assert mask(f"/status/{token}/") == f"/status/{MASK}/"  # the log filter knows the format


@pytest.mark.parametrize("bad", ["", "nonsense", "a" * 32 + ".1:xyz"])
def test_read_token_gives_none_for_anything_bad(submitted, bad):
    assert read_token(token=bad, purpose=STATUS) is None


def test_read_token_gives_none_for_a_tampered_version_or_another_purpose(submitted):
    token = case_token(submitted, purpose=STATUS)
    assert read_token(token=token.replace(".1:", ".2:", 1), purpose=STATUS) is None
    assert read_token(token=token, purpose=RESUME) is None and read_token(token=token, purpose=CO_PARTY) is None
    signer = signing.Signer(salt="besokshjem.link.status")
    for version in ("0", "-1", "x", "１"):  # signed, but no version a link can have
        assert read_token(token=signer.sign(f"{submitted.access_key.hex}.{version}"), purpose=STATUS) is None


def test_a_link_sent_before_link_versions_works_until_the_first_revocation(client, submitted, bergen_caseworker):
    old = signing.Signer(salt="besokshjem.link.status").sign(submitted.access_key.hex)  # `<32 hex>:<signature>`
    assert mask(f"/status/{old}/") == f"/status/{MASK}/"
    assert client.get(reverse("applications:status", args=[old])).status_code == 200
    link_revoke(case=submitted, by=bergen_caseworker)
    assert gone(client.get(reverse("applications:status", args=[old])))


# --- The resume link -------------------------------------------------------------------------------------------------


def test_the_resume_link_ends_with_submission_and_with_the_draft(client, bergen, draft, on_commit, clock):
    token = case_token(draft, purpose=RESUME)
    assert client.get(reverse("applications:resume", args=[token])).status_code == 302  # to the next step
    with on_commit():
        intake.application_submit(application=draft, incomplete_steps=[s.slug for s in steps.incomplete_steps(draft)])
    receipt = reverse("applications:receipt", args=[token])
    assert client.get(reverse("applications:resume", args=[token]))["Location"] == receipt  # the receipt, nothing more
    assert gone(client.get(reverse("applications:status", args=[token])))  # never the status page

    other = VolunteerApplicationFactory(municipality=bergen)
    deleted = case_token(other, purpose=RESUME)
    clock.move_to(later(days=31))
    assert intake.drafts_delete_expired() == 1
    assert gone(client.get(reverse("applications:resume", args=[deleted])))


# --- A volunteer's status link ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [90, 10])
def test_a_volunteers_status_link_ends_a_set_time_after_the_case_is_closed(client, submitted, clock, settings, days):
    if days != 90:
        settings.STATUS_LINK_DAYS_AFTER_CLOSE = days
    url = status_url(submitted)
    clock.move_to(later(days=400))
    assert client.get(url).status_code == 200  # open: no end
    volunteer_services.application_withdraw(application=submitted)  # closed now
    clock.move_to(later(days=400 + days - 1))
    assert client.get(url).status_code == 200
    clock.move_to(later(days=400 + days, seconds=1))
    assert gone(client.get(url))
    assert gone(client.get(reverse("applications:withdraw", args=[case_token(submitted, purpose=STATUS)])))


def test_a_homes_link_stays_open_while_the_home_is_in_force(client, bergen, clock):
    home = ApprovedHomeFactory(municipality=bergen)
    VolunteerApplication.objects.filter(pk=home.application_id).update(closed_at=START)  # approval closes the case
    url = status_url(home.application)
    clock.move_to(later(days=500))
    assert client.get(url).status_code == 200
    home.status, home.status_reason = HomeStatus.PAUSED, "Flytter i sommer"
    home.save(update_fields=["status", "status_reason"])
    assert client.get(url).status_code == 200
    home.status, home.status_reason = HomeStatus.ENDED, "Sluttet"
    home.save(update_fields=["status", "status_reason"])
    assert gone(client.get(url))


def test_a_homes_link_stays_open_while_a_placement_runs_and_a_set_time_after_it_ended(client, bergen, bergen_caseworker, clock):
    home = ApprovedHomeFactory(municipality=bergen)
    VolunteerApplication.objects.filter(pk=home.application_id).update(closed_at=START)
    placement = place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, start=date(2027, 4, 1))
    home.status, home.status_reason = HomeStatus.ENDED, "Slutter etter dette oppdraget"
    home.save(update_fields=["status", "status_reason"])
    url = status_url(home.application)
    clock.move_to(later(days=300))
    assert client.get(url).status_code == 200  # the placement still runs
    placements.placement_end(placement=placement, on=date(2027, 12, 31), reason="Barnet har flyttet", by=bergen_caseworker)
    clock.move_to(datetime(2028, 3, 30, 23, 59, tzinfo=OSLO))  # 90 days after the last day
    assert client.get(url).status_code == 200
    clock.move_to(datetime(2028, 3, 31, 0, 1, tzinfo=OSLO))
    assert gone(client.get(url))


def test_an_ended_homes_link_without_placements_lasts_a_set_time_after_the_day_it_ended(client, bergen, bergen_caseworker, clock):
    """Approved long ago, never placed, ended today: the link does not end at once (90 days after the approval has
    passed long since) but 90 days after the home ended."""
    home = ApprovedHomeFactory(municipality=bergen)
    VolunteerApplication.objects.filter(pk=home.application_id).update(closed_at=START - timedelta(days=400))
    url = status_url(home.application)
    clock.move_to(later(days=10))
    placements.approved_home_set_status(home=home, status=HomeStatus.ENDED, reason="Flytter fra kommunen", by=bergen_caseworker)
    home.refresh_from_db()
    assert home.ended_at == later(days=10)
    end = home.ended_at + timedelta(days=90)  # 90 times 24 hours (across the change to summer time)
    clock.move_to(end - timedelta(minutes=1))
    assert client.get(url).status_code == 200
    clock.move_to(end + timedelta(minutes=1))
    assert gone(client.get(url))


# --- A parent's status link ------------------------------------------------------------------------------------------


def test_a_parents_link_stays_open_through_the_appeal_window_and_the_late_appeal_grace(client, bergen, clock):
    application = parent_case(bergen)
    decision = DecisionFactory(application=application, rejected=True)  # made and delivered now; closes the case
    deadline = appeal_deadline_of(decision)
    end = datetime.combine(deadline + timedelta(days=1 + 90), datetime.min.time(), tzinfo=OSLO)
    url = respite_status_url(application)
    clock.move_to(later(days=91))  # past 90 days after closing, but a late appeal may still be considered
    assert client.get(url).status_code == 200
    clock.move_to(end - timedelta(minutes=1))
    assert client.get(url).status_code == 200
    clock.move_to(end + timedelta(minutes=1))
    assert gone(client.get(url))


def test_the_late_appeal_grace_is_a_setting(client, bergen, clock, settings):
    settings.LATE_APPEAL_GRACE_DAYS = 0
    application = parent_case(bergen)
    DecisionFactory(application=application, rejected=True)
    clock.move_to(later(days=91))
    assert gone(client.get(respite_status_url(application)))


def test_a_parents_link_stays_open_while_the_vedtak_has_not_arrived_or_an_appeal_waits(client, bergen, bergen_caseworker, clock):
    application = parent_case(bergen)
    decision = DecisionFactory(application=application, rejected=True, notified_at=None)  # a paper letter on its way
    url = respite_status_url(application)
    clock.move_to(later(days=400))
    assert client.get(url).status_code == 200
    decision.notified_at = START
    decision.save(update_fields=["notified_at"])
    assert gone(client.get(url))
    appeal = AppealFactory(decision=decision)  # a late appeal, waiting for the kommune
    assert client.get(url).status_code == 200
    appeal.status, appeal.handled_at, appeal.handled_by = AppealStatus.FORWARDED, later(days=400), bergen_caseworker
    appeal.save(update_fields=["status", "handled_at", "handled_by"])
    clock.move_to(later(days=489))
    assert client.get(url).status_code == 200  # the answer is readable for 90 days
    clock.move_to(later(days=491))
    assert gone(client.get(url))


def test_a_parents_link_stays_open_while_a_placement_runs_for_the_child(client, bergen, bergen_caseworker, clock):
    need = make_need(bergen, bergen_caseworker)
    placement = place(need, ApprovedHomeFactory(municipality=bergen), bergen_caseworker, start=date(2027, 4, 1))
    application = need.decision.application
    url = respite_status_url(application)
    clock.move_to(later(days=600))
    assert client.get(url).status_code == 200
    assert link_is_open(application, STATUS, now=later(days=6000))  # no end while it runs
    placements.placement_end(placement=placement, on=date(2028, 10, 1), reason="Vedtaket er ute", by=bergen_caseworker)
    assert client.get(url).status_code == 200
    clock.move_to(datetime(2029, 1, 1, 12, tzinfo=OSLO))  # 92 days after the last day
    assert gone(client.get(url))


# --- Revocation ------------------------------------------------------------------------------------------------------


@pytest.fixture
def staff(bergen_caseworker):
    browser = Client()
    browser.force_login(bergen_caseworker)
    return browser


def revoke(staff, case_url, version=1, follow=False):
    return staff.post(case_url, {"action": "revoke_link", "version": version, "confirm": "on"}, follow=follow)


def link_in(email) -> str:
    return next(word for word in email.body.split() if word.startswith("http://testserver/"))


def test_a_revoked_parents_link_opens_no_page_and_the_new_ones_are_emailed(client, staff, bergen, bergen_caseworker, on_commit):
    application = parent_case(bergen, two_guardians=True)
    reply = InterimReplyFactory(application=application, sent_by=bergen_caseworker)
    decision = DecisionFactory(application=application)
    place(decision.need, ApprovedHomeFactory(municipality=bergen, home_types=[HomeType.RESPITE]), bergen_caseworker, start=date(2027, 4, 1))
    appeal = AppealFactory(decision=decision, forwarded=True)
    token, co_party = case_token(application, purpose=STATUS), case_token(application, purpose=CO_PARTY)
    assert client.get(respite_status_url(application)).status_code == 200  # shows (and makes) the family's feed
    feed = feed_for_need(need=decision.need)
    assert client.get(reverse("applications:calendar_feed", args=[feed.key])).status_code == 200
    gets = [
        reverse("applications:respite_status", args=[token]),
        reverse("applications:respite_letter", args=[token, decision.pk]),
        reverse("applications:respite_letter_pdf", args=[token, decision.pk]),
        reverse("applications:respite_interim_reply_pdf", args=[token, reply.pk]),
        reverse("applications:respite_appeal_answer_pdf", args=[token, appeal.pk]),
        reverse("applications:respite_withdraw", args=[token]),
        reverse("applications:respite_co_party", args=[co_party]),
        reverse("applications:respite_co_party_letter_pdf", args=[co_party, decision.pk]),
    ]
    assert all(client.get(url).status_code in (200, 302) for url in gets[:4] + gets[5:])

    case_url = reverse("caseworker:respite_case", args=[application.pk])
    assert "Trekk tilbake lenken og send ny" in staff.get(case_url).content.decode()
    mail.outbox.clear()
    with on_commit():
        assert revoke(staff, case_url).status_code == 302
    application.refresh_from_db()
    assert application.link_version == 2

    for url in gets:
        assert gone(client.get(url)), url
    assert gone(client.post(reverse("applications:respite_appeal", args=[token]), {"text": "Jeg klager."}))
    assert gone(client.post(reverse("applications:respite_co_party", args=[co_party]), {"text": "Jeg klager."}))
    assert gone(client.post(reverse("applications:respite_feed_renew", args=[token]), {"feed": feed.pk}))
    assert client.get(reverse("applications:calendar_feed", args=[feed.key])).status_code == 404  # its URL was on the page
    assert decision.appeals.count() == 1  # nothing was lodged with an old link

    assert sorted(kinds_sent()) == ["link_renewed", "link_renewed_co_party"]
    to_parent = next(m for m in mail.outbox if m.to == [application.guardian_email])
    to_other = next(m for m in mail.outbox if m.to == ["per@example.no"])
    new_status, new_co_party = link_in(to_parent), link_in(to_other)
    assert new_status.endswith(respite_status_url(application)) and token not in to_parent.body
    assert "/avlastning/vedtak/" in new_co_party and co_party not in to_other.body
    assert client.get(new_status.removeprefix("http://testserver")).status_code == 200
    assert client.get(new_co_party.removeprefix("http://testserver")).status_code == 200
    assert AuditEntry.objects.filter(object_id=application.pk, action=CaseAction.LINK_REVOKED, actor=bergen_caseworker).count() == 1

    with on_commit():  # the same form again (a double click): nothing more happens
        assert revoke(staff, case_url).status_code == 302
    application.refresh_from_db()
    assert application.link_version == 2 and len(mail.outbox) == 2


def test_a_revoked_volunteers_link_opens_no_page_and_the_new_one_is_emailed(client, staff, submitted, on_commit):
    token = case_token(submitted, purpose=STATUS)
    resume = case_token(submitted, purpose=RESUME)
    case_url = reverse("caseworker:case", args=[submitted.pk])
    page = staff.get(case_url).content.decode()
    assert "Trekk tilbake lenken og send ny" in page and 'name="version" value="1"' in page
    mail.outbox.clear()
    with on_commit():
        response = revoke(staff, case_url, follow=True)
    assert "Lenkene er trukket tilbake" in response.content.decode()
    for url in (reverse("applications:status", args=[token]), reverse("applications:withdraw", args=[token]),
                reverse("applications:receipt", args=[resume])):
        assert gone(client.get(url)), url
    assert gone(client.post(reverse("applications:withdraw", args=[token])))
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.link_version == 2
    [email] = mail.outbox
    assert kinds_sent() == ["link_renewed"] and email.to == [submitted.email]
    assert client.get(link_in(email).removeprefix("http://testserver")).status_code == 200


def test_revoking_needs_the_confirmation(staff, submitted):
    response = staff.post(reverse("caseworker:case", args=[submitted.pk]), {"action": "revoke_link", "version": 1})
    assert response.status_code == 400 and "Kryss av for å bekrefte" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.link_version == 1


def test_a_caseworker_of_another_kommune_cannot_revoke(client, submitted, lillestrom_caseworker):
    client.force_login(lillestrom_caseworker)
    assert client.post(reverse("caseworker:case", args=[submitted.pk]),
                       {"action": "revoke_link", "version": 1, "confirm": "on"}).status_code == 404
    with pytest.raises(ValidationError):
        link_revoke(case=submitted, by=lillestrom_caseworker)
    submitted.refresh_from_db()
    assert submitted.link_version == 1 and not AuditEntry.objects.filter(action=CaseAction.LINK_REVOKED).exists()


def test_a_link_sent_after_the_old_one_ended_works_for_a_set_time(client, submitted, bergen_caseworker, clock):
    volunteer_services.application_withdraw(application=submitted)
    clock.move_to(later(days=200))
    assert gone(client.get(status_url(submitted)))
    link_revoke(case=submitted, by=bergen_caseworker)  # the applicant asked the kommune for a new link
    submitted.refresh_from_db()
    assert client.get(status_url(submitted)).status_code == 200
    clock.move_to(later(days=291))
    assert gone(client.get(status_url(submitted)))


# --- One purpose leads to no other -----------------------------------------------------------------------------------


def test_a_token_of_another_purpose_or_kind_of_case_opens_nothing(client, bergen, submitted):
    parent = parent_case(bergen, two_guardians=True)
    DecisionFactory(application=parent)
    for purpose in (RESUME, CO_PARTY):
        assert gone(client.get(reverse("applications:respite_status", args=[case_token(parent, purpose=purpose)])))
        assert gone(client.get(reverse("applications:status", args=[case_token(submitted, purpose=purpose)])))
    assert gone(client.get(reverse("applications:respite_co_party", args=[case_token(parent, purpose=STATUS)])))
    assert gone(client.get(reverse("applications:respite_status", args=[case_token(submitted, purpose=STATUS)])))
    assert gone(client.get(reverse("applications:status", args=[case_token(parent, purpose=STATUS)])))
    future = make_token(key=submitted.access_key, version=2, purpose=STATUS)  # a version the case has not reached
    assert gone(client.get(reverse("applications:status", args=[future])))

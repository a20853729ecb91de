"""Appeals on a barnevern vedtak: they come by post (the parties have no page on the portal), so the caseworker
registers them with the day they came in; late or not follows from the recorded arrival of the vedtak and three weeks
(forvaltningsloven § 29). The kommune decides on a late one (§ 31), drafts its answer, previews it and makes it; the
letters are printed, nothing is e-mailed."""

from datetime import date, datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.decisions import appeals
from applications.decisions import services as decisions
from applications.decisions.letters import appeal_answer_pdf, forwarding_letter_pdf
from applications.models import AppealStatus, ChildWelfareStatus, DecisionAction
from besokshjem.audit.models import AuditEntry
from besokshjem.outbox.models import Message

from ..pdf_checks import pdf_text, pdfa_problems
from .test_decisions import decide
from .test_registration import FATHER, MOTHER


def at(day: date):
    return time_machine.travel(timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12)), tick=False)


@pytest.fixture
def delivered(case, bergen_caseworker):
    """A rejection whose letters arrived on Friday 4 December 2026: three weeks on is 25 December, so the deadline is
    Monday 28 December."""
    decision = decide(case, bergen_caseworker, "rejected")
    with at(date(2026, 12, 7)):
        return decisions.decision_record_paper_delivery(decision=decision, delivered_on=date(2026, 12, 4), by=bergen_caseworker)


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_an_appeal_by_post_on_the_last_day_is_on_time_and_the_kommune_upholds_it(delivered, bergen_caseworker):
    with at(date(2026, 12, 29)):
        appeal = appeals.appeal_register(decision=delivered, text="Vi ønsker besøkshjem likevel.", received_on=date(2026, 12, 28),
                                         lodged_by=MOTHER["name"], by=bergen_caseworker)
        assert appeal.late is False and appeal.registered_by == bergen_caseworker
        appeals.appeal_answer_draft(appeal=appeal, by=bergen_caseworker, reverse=False, note="Barnet har et godt nettverk nå.")
        appeals.appeal_answer_confirm(appeal=appeal, by=bergen_caseworker)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FORWARDED
    assert not Message.objects.exists()  # barnevern: letters by post, no e-mail

    answer = flat(appeal_answer_pdf(appeal=appeal))
    assert MOTHER["name"] in answer and "Eksempelgata 2" in answer  # to the mother, who appealed
    assert f"Kopi til: {FATHER['name']}" in answer and "Skjultveien" not in answer  # the father's address stays confidential
    assert "Kommunen opprettholder vedtaket" in answer and "Statsforvalteren i Vestland" in answer
    forwarding = forwarding_letter_pdf(appeal=appeal)
    assert "Statsforvalteren i Vestland" in flat(forwarding) and "Barnet har et godt nettverk nå." in flat(forwarding)
    assert pdfa_problems(forwarding) == [] and pdfa_problems(appeal_answer_pdf(appeal=appeal)) == []


def test_a_late_appeal_by_post_is_received_marked_and_dismissed_with_its_own_appeal_information(delivered, bergen_caseworker):
    with at(date(2026, 12, 30)):
        appeal = appeals.appeal_register(decision=delivered, text="Vi klager.", received_on=date(2026, 12, 29),
                                         lodged_by=FATHER["name"], by=bergen_caseworker)
        assert appeal.late is True and appeal.awaits_late_decision
        with pytest.raises(ValidationError):
            appeals.appeal_answer_draft(appeal=appeal, by=bergen_caseworker, reverse=False, note="For tidlig.")
        appeals.appeal_consider_late(appeal=appeal, by=bergen_caseworker, consider=False, reasons="Ingen grunn til forsinkelsen er oppgitt.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISMISSED and not Message.objects.exists()
    letter = flat(appeal_answer_pdf(appeal=appeal))
    assert "Vedtak: klagen avvises" in letter and "Ingen grunn til forsinkelsen er oppgitt." in letter
    assert "3 uker fra du fikk dette brevet" in letter and "Skjultveien" not in letter
    assert AuditEntry.objects.filter(action=DecisionAction.APPEAL_LODGED_LATE).count() == 1


def test_reversing_reopens_the_barnevern_case_for_a_new_decision(delivered, case, bergen_caseworker):
    with at(date(2026, 12, 10)):
        appeal = appeals.appeal_register(decision=delivered, text="Nye opplysninger fra skolen.", received_on=date(2026, 12, 10),
                                         lodged_by=MOTHER["name"], by=bergen_caseworker)
        appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=True, note="Skolens opplysninger endrer vurderingen.")
    case.refresh_from_db()
    delivered.refresh_from_db()
    assert case.status == ChildWelfareStatus.OPEN and delivered.reversed_at is not None
    with pytest.raises(ValidationError):
        appeals.appeal_register(decision=delivered, text="Igjen", received_on=date(2026, 12, 10), lodged_by="X", by=bergen_caseworker)


def test_registering_checks_the_date_and_the_text(delivered, bergen_caseworker, lillestrom_caseworker):
    with at(date(2026, 12, 10)):
        with pytest.raises(ValidationError) as bad:
            appeals.appeal_register(decision=delivered, text=" ", received_on=date(2026, 12, 11), lodged_by="", by=bergen_caseworker)
        assert set(bad.value.message_dict) == {"text", "lodged_by", "received_on"}
        with pytest.raises(ValidationError):
            appeals.appeal_register(decision=delivered, text="Klage", received_on=date(2026, 11, 1), lodged_by="Mor", by=bergen_caseworker)
        with pytest.raises(ValidationError):  # another kommune's caseworker
            appeals.appeal_register(decision=delivered, text="Klage", received_on=date(2026, 12, 10), lodged_by="Mor", by=lillestrom_caseworker)


def test_the_case_page_registers_previews_and_makes_the_answer(client, delivered, case, bergen_caseworker, lillestrom_caseworker):
    url = reverse("caseworker:child_welfare_case", args=[case.pk])
    with at(date(2026, 12, 14)):
        client.force_login(bergen_caseworker)
        refused = client.post(url, {"action": "register_appeal", "decision": delivered.pk, "lodged_by": MOTHER["name"],
                                    "received_on": "", "text": "Vi klager på avslaget."})
        assert refused.status_code == 400 and "Vi klager på avslaget." in refused.content.decode()  # nothing typed is lost
        assert client.post(url, {"action": "register_appeal", "decision": delivered.pk, "lodged_by": MOTHER["name"],
                                 "received_on": "2026-12-14", "text": "Vi klager på avslaget."}).status_code == 302
        appeal = delivered.appeals.get()
        assert "Klager som venter" in client.get(reverse("caseworker:dashboard")).content.decode()
        assert case.reference in client.get(reverse("caseworker:dashboard")).content.decode()

        response = client.post(url, {"action": "appeal", "appeal": appeal.pk, "decision": "forward", "note": "Avslaget står."})
        preview_url = reverse("caseworker:child_welfare_appeal_preview", args=[case.pk, appeal.pk])
        assert response["Location"] == preview_url
        preview = client.get(preview_url).content.decode()
        assert "Avslaget står." in preview and MOTHER["name"] in preview
        client.force_login(lillestrom_caseworker)
        assert client.get(preview_url).status_code == 404
        client.force_login(bergen_caseworker)
        assert client.post(preview_url, {"action": "confirm"}).status_code == 302
        page = client.get(url).content.decode()
        answer = client.get(reverse("caseworker:child_welfare_appeal_answer_pdf", args=[case.pk, appeal.pk]))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FORWARDED
    assert reverse("caseworker:child_welfare_forwarding_pdf", args=[case.pk, appeal.pk]) in page
    assert answer["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(("received", "said"), [
    ("2026-12-28", "Klagen fra Mona Testmor, mottatt 28. desember 2026, er registrert. Den kom innen klagefristen 28. desember 2026."),
    ("2026-12-29", "Klagen fra Mona Testmor, mottatt 29. desember 2026, er registrert. Den kom etter klagefristen 28. desember 2026: "
                   "avgjør først om den skal behandles."),
])
def test_registering_an_appeal_says_whose_when_and_whether_it_came_in_time(client, delivered, case, bergen_caseworker, received, said):
    url = reverse("caseworker:child_welfare_case", args=[case.pk])
    with at(date(2026, 12, 30)):
        client.force_login(bergen_caseworker)  # in the travelled time: the session's idle timeout counts from here
        response = client.post(url, {"action": "register_appeal", "decision": delivered.pk, "lodged_by": MOTHER["name"],
                                     "received_on": received, "text": "Vi klager."})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [said]


def test_dismissing_a_late_appeal_by_post_says_to_send_the_letter(client, delivered, case, bergen_caseworker):
    url = reverse("caseworker:child_welfare_case", args=[case.pk])
    with at(date(2027, 1, 4)):
        client.force_login(bergen_caseworker)  # in the travelled time: the session's idle timeout counts from here
        appeal = appeals.appeal_register(decision=delivered, text="Klage", received_on=date(2027, 1, 4), lodged_by=MOTHER["name"],
                                         by=bergen_caseworker)
        response = client.post(url, {"action": "late_appeal", "appeal": appeal.pk, "consider": "no", "reasons": "Ingen grunn oppgitt."},
                               )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Klagen er avvist fordi den kom for sent. Skriv ut brevet om avvisningen og send det til partene; de kan klage på avvisningen "
        "innen 25. januar 2027."]

"""An appeal after the deadline is received and marked late; the kommune decides with reasons whether to consider it
(forvaltningsloven § 31). Considered, it goes on as one on time; not considered (avvist), that is itself a vedtak the
parent is told of, with its own appeal information: three weeks (fvl § 29), to Statsforvalteren."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from applications.decisions import appeals
from applications.models import Appeal, AppealStatus, DecisionAction
from applications.respite import services as respite_services
from applications.respite.selectors import dismissal_appeal_deadline_of
from besokshjem.audit.models import AuditEntry
from besokshjem.core.tokens import STATUS, case_token
from besokshjem.outbox.models import Message

from ..factories import AppealFactory, RespiteApplicationFactory
from ..mail_helpers import kinds_sent
from ..respite_helpers import DECISION_TEXT, at, submit

MADE_ON = date(2026, 11, 28)  # a Saturday; four weeks end on 2. juledag, so the deadline is Monday 28 December
DEADLINE = date(2026, 12, 28)
LATE = date(2026, 12, 29)


@pytest.fixture
def decision(bergen, bergen_caseworker):
    with at(date(2026, 11, 2)):
        application = submit(RespiteApplicationFactory(municipality=bergen))
    with at(MADE_ON):
        return respite_services.decision_make(**DECISION_TEXT,
            application=application, by=bergen_caseworker, outcome="rejected", reasons="Behovet dekkes av dagens tjenester.",
            best_interests="Barnet trives hjemme.", child_views="Barnet vil helst være hjemme.",
        )


@pytest.fixture
def late_appeal(decision):
    with at(LATE):
        return respite_services.appeal_lodge(decision=decision, text="Vi var bortreist i julen og fikk ikke klaget før nå.")


def status_page(client, decision) -> str:
    token = case_token(decision.application, purpose=STATUS)
    return client.get(reverse("applications:respite_status", args=[token])).content.decode()


def test_an_appeal_on_the_last_day_is_on_time_and_the_day_after_it_is_received_and_marked_late(client, decision):
    with at(DEADLINE):
        page = status_page(client, decision)
        on_time = respite_services.appeal_lodge(decision=decision, text="Vi klager i tide.")
    assert "Send klagen" in page and "Klagefristen gikk ut" not in page
    assert on_time.late is False
    on_time.delete()

    with at(LATE):
        page = status_page(client, decision)
        assert "Klagefristen gikk ut 28. desember 2026. Du kan likevel sende klagen." in page
        token = case_token(decision.application, purpose=STATUS)
        response = client.post(reverse("applications:respite_appeal", args=[token]), {"text": "Vi klager etter fristen."}, follow=True)
    appeal = decision.appeals.get()
    assert (appeal.late, appeal.late_considered, appeal.status) == (True, None, AppealStatus.LODGED)
    html = response.content.decode()
    assert "Den kom etter klagefristen, så kommunen avgjør først om den kan behandles." in html
    assert "Klagen kom etter klagefristen, som var 28. desember 2026. Kommunen avgjør om den likevel skal behandles" in html
    assert "Send klagen</button>" not in html
    assert AuditEntry.objects.filter(action=DecisionAction.APPEAL_LODGED_LATE).count() == 1


def test_a_late_appeal_cannot_be_answered_before_the_kommune_decides_to_consider_it(late_appeal, bergen_caseworker):
    with pytest.raises(ValidationError, match="Avgjør først om den skal behandles"):
        appeals.appeal_handle(appeal=late_appeal, by=bergen_caseworker, reverse=False, note="Opprettholdes.")


def test_deciding_on_a_late_appeal_needs_reasons_and_happens_once(late_appeal, decision, bergen_caseworker):
    with pytest.raises(ValidationError) as exc:
        appeals.appeal_consider_late(appeal=late_appeal, by=bergen_caseworker, consider=True, reasons=" ")
    assert "reasons" in exc.value.message_dict
    appeals.appeal_consider_late(appeal=late_appeal, by=bergen_caseworker, consider=True, reasons="Julen forklarer det.")
    with pytest.raises(ValidationError, match="allerede avgjort"):
        appeals.appeal_consider_late(appeal=late_appeal, by=bergen_caseworker, consider=False, reasons="Likevel ikke.")
    on_time = AppealFactory(decision=decision)
    with pytest.raises(ValidationError, match="innen fristen"):
        appeals.appeal_consider_late(appeal=on_time, by=bergen_caseworker, consider=True, reasons="Ikke for sent.")


def test_a_late_appeal_the_kommune_considers_goes_on_as_one_on_time(client, late_appeal, decision, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with at(date(2027, 1, 4)), on_commit():
        appeals.appeal_consider_late(appeal=late_appeal, by=bergen_caseworker, consider=True,
                                              reasons="Familien var bortreist i julen; klagen kom én dag for sent.")
    late_appeal.refresh_from_db()
    assert (late_appeal.late_considered, late_appeal.status) == (True, AppealStatus.LODGED)
    assert mail.outbox == []  # nothing is decided yet that the parent can appeal; the answer to the appeal will follow
    page = status_page(client, decision)
    assert "men kommunen har bestemt å behandle den likevel" in page and "bortreist i julen" in page

    with at(date(2027, 1, 11)), on_commit():
        appeals.appeal_handle(appeal=late_appeal, by=bergen_caseworker, reverse=False, note="Vedtaket opprettholdes.")
    late_appeal.refresh_from_db()
    assert late_appeal.status == AppealStatus.FORWARDED
    assert kinds_sent() == ["appeal_answered"]
    assert list(AuditEntry.objects.filter(action__startswith="appeal_").order_by("pk").values_list("action", flat=True)) == [
        DecisionAction.APPEAL_LODGED_LATE, DecisionAction.APPEAL_LATE_CONSIDERED, DecisionAction.APPEAL_ANSWER_DRAFTED,
        DecisionAction.APPEAL_FORWARDED,
    ]


def test_a_late_appeal_refused_is_a_vedtak_with_its_own_appeal_information(client, late_appeal, decision, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with at(date(2027, 1, 5)), on_commit():  # a Tuesday; three weeks on is Tuesday 26 January 2027
        appeals.appeal_consider_late(appeal=late_appeal, by=bergen_caseworker, consider=False,
                                              reasons="Klagen kom etter fristen uten at det er oppgitt noen grunn.")
    late_appeal.refresh_from_db()
    assert (late_appeal.late_considered, late_appeal.status, late_appeal.handled_by) == (False, AppealStatus.DISMISSED, bergen_caseworker)
    assert dismissal_appeal_deadline_of(late_appeal) == date(2027, 1, 26)

    [message] = Message.objects.filter(kind="appeal_dismissed")
    assert message.target == late_appeal and message.recipient == decision.application.guardian_email
    [notice] = mail.outbox
    assert notice.subject == f"Vedtak i saken din ({decision.application.reference})"
    assert "Bergen har fattet et vedtak om klagen din" in notice.body and "Fristen for å klage er 26. januar 2027." in notice.body
    assert "uten at det er oppgitt" not in notice.body  # the reasons are on the status page, not in the e-mail

    with at(date(2027, 1, 6)):
        page = status_page(client, decision)
    assert "Vedtak 5. januar 2027: klagen blir ikke behandlet" in page
    assert "uten at det er oppgitt noen grunn" in page
    assert "senest 26. januar 2027 (forvaltningsloven § 29)" in page and "Statsforvalteren" in page
    assert decision.application.municipality.contact_email in page
    assert "Send klagen</button>" not in page  # the refusal is appealed in writing, as the information says
    assert AuditEntry.objects.filter(action=DecisionAction.APPEAL_LATE_DISMISSED, actor=bergen_caseworker).count() == 1


def test_the_caseworker_decides_on_a_late_appeal_from_the_case_page(client, late_appeal, decision, bergen_caseworker, lillestrom_caseworker):
    url = reverse("caseworker:respite_case", args=[decision.application.pk])
    with at(date(2027, 1, 4)):
        client.force_login(bergen_caseworker)
        page = client.get(url).content.decode()
        assert "Klagefristen var 28. desember 2026. Avgjør med begrunnelse om klagen likevel skal behandles" in page
        assert 'value="late_appeal"' in page and 'value="appeal"' not in page
        refused = client.post(url, {"action": "late_appeal", "appeal": late_appeal.pk, "consider": "no", "reasons": ""})
        assert refused.status_code == 400 and "errorlist" in refused.content.decode()  # the form again, with its error
        late_appeal.refresh_from_db()
        assert late_appeal.late_considered is None

        client.force_login(lillestrom_caseworker)
        assert client.post(url, {"action": "late_appeal", "appeal": late_appeal.pk, "consider": "yes", "reasons": "Ja"}).status_code == 404

        client.force_login(bergen_caseworker)
        response = client.post(url, {"action": "late_appeal", "appeal": late_appeal.pk, "consider": "yes", "reasons": "Julen forklarer det."})
        assert response.status_code == 302
        late_appeal.refresh_from_db()
        assert late_appeal.late_considered is True
        page = client.get(url).content.decode()
    assert "Behandles selv om den kom for sent" in page and "Lagre utkast og forhåndsvis" in page


def test_the_database_keeps_a_decision_on_lateness_to_late_appeals(decision):
    with at(DEADLINE):
        on_time = respite_services.appeal_lodge(decision=decision, text="I tide")
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=on_time.pk).update(late_considered=False, late_reasons="x", late_decided_at=timezone.now())


@pytest.mark.parametrize(("consider", "said"), [
    ("yes", "Klagen skal behandles selv om den kom etter fristen. Begrunnelsen er lagret; skriv svaret på klagen."),
    ("no", "Klagen er avvist fordi den kom for sent. Søkeren har fått beskjed og kan klage på avvisningen innen 25. januar 2027."),
])
def test_the_decision_on_a_late_appeal_says_what_follows(client, late_appeal, decision, bergen_caseworker, consider, said):
    url = reverse("caseworker:respite_case", args=[decision.application.pk])
    with at(date(2027, 1, 4)):
        client.force_login(bergen_caseworker)  # in the travelled time: the session's idle timeout counts from here
        response = client.post(url, {"action": "late_appeal", "appeal": late_appeal.pk, "consider": consider, "reasons": "Begrunnelse."},
                               )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [said]

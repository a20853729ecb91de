"""The foreløpig svar (forvaltningsloven § 11 a): a reason and an expected date, a notice to the parent, the letter on
the status page. What it says is true the day it is sent (before the month: the case is expected to take longer than
usual; after it: it could not be decided within a month), and a promised date that passes flags the case again."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.respite import services as respite_services
from applications.respite.selectors import respite_case_flags
from besokshjem.core.tokens import STATUS, case_token

from ..factories import RespiteApplicationFactory
from ..pdf_checks import pdf_text, pdfa_problems
from ..respite_helpers import at, submit


def test_interim_reply_needs_reason_and_date_and_shows_on_the_status_page(client, received, bergen_caseworker, on_commit):
    with pytest.raises(ValidationError) as exc:
        respite_services.interim_reply_send(application=received, reason="", expected_decision_date=None, by=bergen_caseworker)
    assert {"reason", "expected_decision_date"} <= set(exc.value.message_dict)
    mail.outbox.clear()
    with on_commit():
        respite_services.interim_reply_send(application=received, reason="Vi venter på uttalelse fra skolen",
                                            expected_decision_date=timezone.localdate() + timedelta(days=20), by=bergen_caseworker)
    [notice] = mail.outbox
    assert "skolen" not in notice.body and "/avlastning/status/" in notice.body
    html = client.get(reverse("applications:respite_status", args=[case_token(received, purpose=STATUS)])).content.decode()
    assert "Foreløpig svar" in html and "Vi venter på uttalelse fra skolen" in html


def test_a_foreløpig_svar_sent_early_says_the_case_is_expected_to_take_longer_not_that_the_month_has_passed(client, bergen, bergen_caseworker):
    with at(date(2026, 1, 31)):  # day 0: the month ends 28 February
        application = submit(RespiteApplicationFactory(municipality=bergen))
        respite_services.interim_reply_send(application=application, reason="Vi må innhente uttalelse fra spesialisthelsetjenesten",
                                            expected_decision_date=date(2026, 3, 31), by=bergen_caseworker)
        html = client.get(reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)])).content.decode()
    assert "Vi regner med at saken vil ta lengre tid enn vanlig." in html
    assert "ikke kunnet avgjøre" not in html
    assert "Grunn: Vi må innhente uttalelse fra spesialisthelsetjenesten" in html
    assert "Du kan vente vedtak innen 31. mars 2026." in html
    assert "Vedtak ventes innen</dt><dd>31. mars 2026" in html


def test_a_foreløpig_svar_sent_after_the_month_says_the_case_could_not_be_decided_within_it(client, bergen, bergen_caseworker):
    with at(date(2026, 1, 31)):
        application = submit(RespiteApplicationFactory(municipality=bergen))
    with at(date(2026, 3, 2)):
        respite_services.interim_reply_send(application=application, reason="Vi venter på uttalelse fra skolen",
                                            expected_decision_date=date(2026, 3, 20), by=bergen_caseworker)
        html = client.get(reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)])).content.decode()
    assert "Kommunen har ikke kunnet avgjøre saken innen én måned etter at vi fikk søknaden (forvaltningsloven § 11 a)." in html
    assert "lengre tid enn vanlig" not in html
    assert "Grunn: Vi venter på uttalelse fra skolen" in html and "Du kan vente vedtak innen 20. mars 2026." in html


def test_a_case_whose_promised_date_passes_without_a_decision_is_flagged_again(client, bergen, bergen_caseworker):
    with at(date(2026, 1, 31)):
        application = submit(RespiteApplicationFactory(municipality=bergen))
        respite_services.interim_reply_send(application=application, reason="Vi venter på skolen",
                                            expected_decision_date=date(2026, 3, 20), by=bergen_caseworker)
    url = reverse("caseworker:respite_case", args=[application.pk])
    client.force_login(bergen_caseworker)
    with at(date(2026, 3, 20)):
        flags = respite_case_flags(application)
        assert not flags["needs_interim_reply"] and flags["days_left"] == 0
        assert "Søkeren ble lovet vedtak" not in client.get(url).content.decode()
    with at(date(2026, 3, 23)):
        flags = respite_case_flags(application)
        assert flags["promise_passed"] and (flags["interim_due"].since, flags["days_over"]) == (date(2026, 3, 20), 3)
        client.logout()  # three days idle: the session has timed out; log in afresh
        client.force_login(bergen_caseworker)
        page = client.get(url).content.decode()
        assert "Søkeren ble lovet vedtak innen 20. mars 2026, og saken er ikke avgjort" in page and "3 dager over fristen" in page
        respite_services.interim_reply_send(application=application, reason="Uttalelsen fra skolen er forsinket",
                                            expected_decision_date=date(2026, 4, 10), by=bergen_caseworker)
        flags = respite_case_flags(application)
        assert not flags["needs_interim_reply"] and (flags["promised"], flags["days_left"]) == (date(2026, 4, 10), 18)


def test_the_interim_reply_is_an_official_letter_the_parent_can_download(client, received, bergen_caseworker):
    reply = respite_services.interim_reply_send(application=received, reason="Vi venter på uttalelse fra skolen.",
                                                expected_decision_date=timezone.localdate() + timedelta(days=20), by=bergen_caseworker)
    token = case_token(received, purpose=STATUS)
    html = client.get(reverse("applications:respite_status", args=[token])).content.decode()
    pdf_url = reverse("applications:respite_interim_reply_pdf", args=[token, reply.pk])
    assert pdf_url in html
    data = client.get(pdf_url).content
    text = " ".join(pdf_text(data).split())
    assert "Foreløpig svar på søknaden om avlastning" in text and "Vi venter på uttalelse fra skolen." in text
    assert received.guardian_name in text and received.reference in text and bergen_caseworker.get_full_name() in text
    assert "lengre tid enn vanlig" in text  # sent the day it came in: the truthful text
    assert pdfa_problems(data) == []

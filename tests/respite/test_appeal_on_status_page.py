"""After appealing, the parent sees their appeal on the status page: the day it was received, what they wrote, their
attachment (downloadable through their own link only) and what is happening to it in plain words — never an internal
code. The other guardian's appeal shows on the applicant's page by date and state only, and the other way round."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.decisions import appeals
from applications.respite import services as respite_services
from besokshjem.core.tokens import CO_PARTY, STATUS, case_token

from ..factories import DecisionFactory, RespiteApplicationFactory
from ..respite_helpers import PDF, nb_date, submit

APPEAL_TEXT = "Vi trenger mer hjelp om natten.\nBarnet sover lite."


@pytest.fixture
def decision(received, bergen_caseworker):
    return DecisionFactory(application=received, decided_by=bergen_caseworker, rejected=True)


@pytest.fixture
def appeal(decision):
    return respite_services.appeal_lodge(decision=decision, text=APPEAL_TEXT, upload=SimpleUploadedFile("klage-vedlegg.pdf", PDF))


def _status_page(client, application) -> str:
    response = client.get(reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)]))
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str) -> str:
    return page[page.index('<section id="klage"'):page.index("</section>", page.index('<section id="klage"'))]


def test_the_parent_sees_their_appeal_its_text_attachment_and_state(client, received, appeal):
    section = _section(_status_page(client, received))
    assert f"Klage mottatt {nb_date(timezone.localdate())}" in section
    assert "<p>Vi trenger mer hjelp om natten.<br>Barnet sover lite.</p>" in section
    assert ("Klagen er mottatt og behandles av Forvaltningsenhet for helse og omsorg, Bergen kommune. Kommunen vurderer "
            "vedtaket på nytt. Endrer ikke kommunen vedtaket, sender den klagen til Statsforvalteren, som avgjør den.") in section
    url = reverse("applications:respite_appeal_attachment", args=[case_token(received, purpose=STATUS), appeal.pk])
    assert f'<a href="{url}">klage-vedlegg.pdf</a>' in section
    for code in ("lodged", ": Mottatt."):
        assert code not in section
    assert "Send klagen" not in section  # one appeal at a time

    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF


def test_the_appeal_attachment_is_reached_only_through_the_parents_own_link(client, received, appeal, bergen):
    other = submit(RespiteApplicationFactory(municipality=bergen))
    token = case_token(received, purpose=STATUS)
    assert client.get(reverse("applications:respite_appeal_attachment", args=[case_token(other, purpose=STATUS), appeal.pk])).status_code == 404
    assert client.get(reverse("applications:respite_appeal_attachment", args=[token[:-2] + "xx", appeal.pk])).status_code == 404
    assert client.get(reverse("applications:respite_appeal_attachment", args=[case_token(received, purpose=CO_PARTY), appeal.pk])).status_code == 404


def test_a_forwarded_appeal_says_it_went_to_the_statsforvalteren(client, received, appeal, bergen, bergen_caseworker):
    bergen.appeal_authority = "Statsforvalteren i Vestland"
    bergen.save(update_fields=["appeal_authority"])
    appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="Vedtaket opprettholdes.")
    section = _section(_status_page(client, received))
    assert ("Kommunen har vurdert klagen på nytt og ikke endret vedtaket. Klagen er sendt til Statsforvalteren i Vestland, "
            "som avgjør den og gir deg svar.") in section
    assert "Vi trenger mer hjelp om natten." in section and "Kommunens vurdering: Vedtaket opprettholdes." in section


def test_a_reversed_appeal_is_still_shown_after_its_vedtak_is_gone(client, received, appeal, bergen_caseworker):
    appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=True, note="Ny vurdering gir innvilgelse.")
    page = _status_page(client, received)
    assert 'id="vedtak"' not in page  # the vedtak appealed is reversed; a new one is coming
    section = _section(page)
    assert "Kommunen har vurdert klagen på nytt og endret vedtaket. Du får et nytt vedtak" in section
    assert "Vi trenger mer hjelp om natten." in section and "Send klagen" not in section


def test_a_late_appeal_waits_for_the_decision_whether_to_consider_it(client, received, decision):
    decision.notified_at = timezone.now() - timedelta(weeks=8)
    decision.save(update_fields=["notified_at"])
    late = respite_services.appeal_lodge(decision=decision, text="Vi fikk ikke med oss brevet.")
    assert late.late
    section = _section(_status_page(client, received))
    assert "Klagen kom etter klagefristen, som var" in section and "Kommunen avgjør om den likevel skal behandles" in section
    assert "Klagen er mottatt og behandles av" not in section


def test_each_guardian_sees_the_others_appeal_by_date_and_state_only(client, received, decision):
    received.second_guardian = True
    received.second_guardian_name = "Per Testforelder"
    received.second_guardian_email = "per@example.no"
    received.second_guardian_has_parental_responsibility = True
    received.save()
    theirs = respite_services.appeal_lodge(decision=decision, text="Per sin klage.", lodged_by="Per Testforelder",
                                           upload=SimpleUploadedFile("per.pdf", PDF))
    section = _section(_status_page(client, received))
    assert "Klage fra Per Testforelder, mottatt" in section and "Klagen er mottatt og behandles av" in section
    assert "Per sin klage." not in section and "per.pdf" not in section
    status_token = case_token(received, purpose=STATUS)
    assert client.get(reverse("applications:respite_appeal_attachment", args=[status_token, theirs.pk])).status_code == 404

    co_party_token = case_token(received, purpose=CO_PARTY)
    their_page = client.get(reverse("applications:respite_co_party", args=[co_party_token])).content.decode()
    assert "Per sin klage." in their_page
    url = reverse("applications:respite_co_party_appeal_attachment", args=[co_party_token, theirs.pk])
    assert url in their_page and client.get(url).status_code == 200


def test_the_contact_block_names_the_unit_for_the_case_and_the_kommune(client, received):
    """Not the kommune's general contact unit (in Lillestrøm: «Barneverntjenesten») on a parent's avlastning case."""
    unit = received.municipality.units.get(legal_track=received.legal_track)
    page = _status_page(client, received)
    contact = page[page.index("Kontakt</h2>"):]
    assert f"{unit.name}, {received.municipality.name} kommune" in contact[:400]


def test_the_other_guardians_page_names_the_same_unit_under_kontakt(client, received):
    received.second_guardian = True
    received.second_guardian_name = "Per Testforelder"
    received.second_guardian_email = "per@example.no"
    received.second_guardian_has_parental_responsibility = True
    received.save()
    unit = received.municipality.units.get(legal_track=received.legal_track)
    page = client.get(reverse("applications:respite_co_party", args=[case_token(received, purpose=CO_PARTY)])).content.decode()
    contact = page[page.index("Kontakt</h2>"):]
    assert f"{unit.name}, {received.municipality.name} kommune" in contact[:400]

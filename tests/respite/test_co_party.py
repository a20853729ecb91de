"""Every party gets the vedtak: the other guardian with parental responsibility gets a notice of their own, with a link
to the vedtak addressed to them and their own right to appeal — never the applicant's page or address."""

import re

import pytest
from django.core import mail

from applications.models import AppealStatus
from applications.respite import services as respite_services
from besokshjem.core.tokens import CO_PARTY, STATUS, case_token

from ..mail_helpers import kinds_sent
from ..pdf_checks import pdf_text
from ..respite_helpers import DECISION_TEXT


@pytest.fixture
def two_guardians(received):
    received.second_guardian = True
    received.second_guardian_name = "Per Testforelder"
    received.second_guardian_email = "per@example.no"
    received.second_guardian_has_parental_responsibility = True
    received.guardian_address = "Søkerveien 12"
    received.save()
    return received


def link_in(email) -> str:
    return re.search(r"https?://\S+", email.body).group(0)


def test_the_other_guardian_is_told_reads_their_own_letter_and_appeals(client, two_guardians, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with on_commit():
        decision = respite_services.decision_make(
            application=two_guardians, by=bergen_caseworker, outcome="rejected", reasons="Behovet er dekket.",
            best_interests="Faste rammer er til barnets beste.", child_views="Barnet vil bo hjemme.", **DECISION_TEXT)
    assert sorted(kinds_sent()) == ["decision_ready", "decision_ready_co_party"]
    to_other = next(m for m in mail.outbox if m.to == ["per@example.no"])
    to_applicant = next(m for m in mail.outbox if m.to == [two_guardians.guardian_email])
    url = link_in(to_other)
    assert case_token(two_guardians, purpose=STATUS) not in to_other.body  # not the applicant's page
    assert "/avlastning/vedtak/" in url and "/avlastning/status/" in link_in(to_applicant)

    page = client.get("/" + url.split("://", 1)[1].split("/", 1)[1])
    html = page.content.decode()
    assert page.status_code == 200 and "Per Testforelder" in html and "Klagefrist" in html
    assert "Søkerveien 12" not in html  # the applicant's address is in the applicant's letter only
    token = case_token(two_guardians, purpose=CO_PARTY)
    pdf = client.get(f"/avlastning/vedtak/{token}/{decision.pk}.pdf")
    text = " ".join(pdf_text(pdf.content).split())
    assert "Per Testforelder" in text and "Søkerveien 12" not in text and f"Kopi til: {two_guardians.guardian_name}" in text

    refused = client.post(f"/avlastning/vedtak/{token}/", {"text": ""})
    assert refused.status_code == 400
    assert client.post(f"/avlastning/vedtak/{token}/", {"text": "Jeg er uenig i avslaget."}).status_code == 302
    appeal = decision.appeals.get()
    assert appeal.lodged_by == "Per Testforelder" and appeal.status == AppealStatus.LODGED


def test_the_co_party_link_opens_nothing_else(client, two_guardians, received):
    token = case_token(two_guardians, purpose=CO_PARTY)
    assert client.get(f"/avlastning/status/{token}/").status_code == 404  # not the applicant's status page
    status_token = case_token(two_guardians, purpose=STATUS)
    assert client.get(f"/avlastning/vedtak/{status_token}/").status_code == 404
    two_guardians.second_guardian_has_parental_responsibility = False
    two_guardians.save(update_fields=["second_guardian_has_parental_responsibility"])
    assert client.get(f"/avlastning/vedtak/{token}/").status_code == 404  # no parental responsibility: not a party

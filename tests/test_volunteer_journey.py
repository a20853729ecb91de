"""The volunteer's journey through the views: steps, back without loss, idempotent submit, receipt, status, withdraw."""

import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from applications.models import ApplicationStatus, VolunteerApplication
from besokshjem.audit.selectors import audit_entries_for
from besokshjem.core.tokens import RESUME, STATUS, make_token

from .factories import VolunteerApplicationFactory, make_municipality

STEP_DATA = {
    "soker": {
        "first_name": "Kari", "last_name": "Testesen", "birth_date": "1985-04-12", "email": "kari@example.no",
        "phone": "412 34 567", "address": "Eksempelveien 1", "postcode": "5015", "post_town": "Bergen",
        "home_municipality": "Bergen",
    },
    "husstand": {
        "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "15",
        "members-0-name": "Lille Testesen", "members-0-birth_year": "2016", "members-0-relation": "child",
    },
    "bolig": {"housing_type": "detached", "housing_tenure": "own", "rooms": "5", "child_bedroom": "True", "pets": "False", "smoking": "False"},
    "helse": {"physical_health": "good", "mental_health": "good", "substance_use": "False", "major_crises": "False"},
    "andre-oppdrag": {},
    "om-dere": {"interests": "Tur", "personal_qualities": "Rolig", "disability_thoughts": "Positiv", "motivation": "Gode helger"},
    "onsker": {"age_min": "4", "age_max": "12", "sibling_pair": "yes", "frequency_per_month": "1", "availability": "Helger", "holidays": "True"},
    "praktisk": {"has_driving_licence": "True", "has_car": "True", "norwegian_written": "on", "norwegian_oral": "on", "commitment_one_year": "on"},
    "samtykke": {"consent_health": "on", "confirm_true": "on", "privacy_read": "on", "politiattest_acknowledged": "on"},
}


def start(client, municipality_slug="bergen", nonce="6f1c0b7e-4a51-4c39-9d0a-2f8f7d1f2a10", **data):
    payload = {"nonce": nonce, "home_types": ["visiting"], "applying_together": "False", **data}
    return client.post(reverse("applications:start", args=[municipality_slug]), payload)


def walk_to_review(client):
    response = start(client)
    assert response.status_code == 302
    url = response["Location"]
    for slug, data in STEP_DATA.items():
        assert url.endswith(f"/{slug}/"), url
        response = client.post(url, {**data, "nav": "next"})
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        url = response["Location"]
    assert url.endswith("/oppsummering/")
    return url


def test_volunteer_completes_every_step_and_submits(client, bergen):
    review_url = walk_to_review(client)
    page = client.get(review_url)
    assert page.status_code == 200
    assert "Lille Testesen" in page.content.decode()
    response = client.post(review_url, {"nav": "submit"})
    assert response.status_code == 302 and response["Location"].endswith("/kvittering/")
    application = VolunteerApplication.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert re.fullmatch(r"BGO-\d{4}-00001", application.reference)
    assert application.household_members.get().name == "Lille Testesen"
    receipt = client.get(response["Location"])
    assert application.reference in receipt.content.decode()


def test_first_step_first_page_has_progress_and_privacy_link(client, bergen):
    page = client.get(reverse("applications:start", args=["bergen"]) + "?type=besokshjem").content.decode()
    assert 'aria-current="step"' in page
    assert reverse("municipality_privacy", args=["bergen"]) in page
    import re

    checked = re.search(r'<input[^>]*value="visiting"[^>]*>', page).group(0)
    assert "checked" in checked  # ?type=besokshjem pre-selects besøkshjem
    assert "checked" not in re.search(r'<input[^>]*value="respite"[^>]*>', page).group(0)


def test_double_click_on_first_step_creates_one_draft(client, bergen):
    first = start(client)
    second = start(client)
    assert VolunteerApplication.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_bad_submit_rerenders_with_every_answer_kept(client, bergen):
    url = start(client)["Location"]
    bad = {**STEP_DATA["soker"], "postcode": "50A", "phone": "123", "nav": "next"}
    response = client.post(url, bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Postnummeret må være fire sifre" in html
    assert "gyldig norsk telefonnummer" in html
    for value in ("Kari", "Testesen", "Eksempelveien 1", "kari@example.no", "50A"):
        assert f'value="{value}"' in html
    assert 'class="error-summary"' in html


def test_going_back_from_an_invalid_step_loses_nothing(client, bergen):
    url = start(client)["Location"]
    response = client.post(url, {**STEP_DATA["soker"], "postcode": "50A", "nav": "back"})
    assert response.status_code == 302 and "/oppdrag/" in response["Location"]
    again = client.get(url).content.decode()
    assert 'value="Eksempelveien 1"' in again and 'value="50A"' in again


def test_going_back_from_a_valid_step_saves_it(client, bergen):
    url = start(client)["Location"]
    response = client.post(url, {**STEP_DATA["soker"], "nav": "back"})
    assert "/oppdrag/" in response["Location"]
    application = VolunteerApplication.objects.get()
    assert application.first_name == "Kari"
    assert 'value="Kari"' in client.get(url).content.decode()


def test_submit_is_idempotent_across_double_click_reload_and_two_tabs(client, bergen, on_commit):
    review_url = walk_to_review(client)
    with on_commit():
        client.post(review_url, {"nav": "submit"})
    with on_commit():
        client.post(review_url, {"nav": "submit"})  # double click / second tab
    reload = client.get(review_url)  # reload after submit
    assert reload.status_code == 302 and reload["Location"].endswith("/kvittering/")
    assert VolunteerApplication.objects.count() == 1
    receipts = [m for m in mail.outbox if "Kvittering" in m.subject]
    assert len(receipts) == 1


def test_an_incomplete_application_cannot_be_submitted(client, bergen):
    application = VolunteerApplicationFactory(municipality=bergen, motivation="")
    token = make_token(key=application.access_key, purpose=RESUME)
    response = client.post(reverse("applications:review", args=[token]), {"nav": "submit"})
    assert response.status_code == 400
    assert "Interesser og motivasjon" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.reference == ""


def test_resume_link_is_emailed_once_the_address_is_known_and_leads_back(client, bergen, on_commit):
    url = start(client)["Location"]
    with on_commit():
        client.post(url, {**STEP_DATA["soker"], "nav": "next"})
    [message] = mail.outbox
    assert message.to == ["kari@example.no"]
    assert "Fortsett søknaden" in message.subject
    link = re.search(r"http://testserver(/soknad/\S+/fortsett/)", message.body).group(1)
    response = client.get(link)
    # The household may be empty, so the first step that still lacks answers is the housing step.
    assert response.status_code == 302 and response["Location"].endswith("/bolig/")


def test_save_for_later_sends_the_link_again(client, bergen, on_commit):
    url = start(client)["Location"]
    step2 = client.post(url, {**STEP_DATA["soker"], "nav": "next"})["Location"]
    mail.outbox.clear()
    with on_commit():
        response = client.post(step2, {**STEP_DATA["husstand"], "nav": "save"})
    assert response.status_code == 200
    assert "Søknaden er lagret" in response.content.decode()
    assert len(mail.outbox) == 1


def test_receipt_email_has_reference_status_link_and_no_health_data(client, submitted):
    [message] = mail.outbox
    assert submitted.reference in message.subject
    assert message.to == [submitted.email]
    assert message.reply_to == ["post@bergen.example.no"]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and submitted.reference in html
    for text in (message.body, html):
        assert "god" not in text.lower().split() and submitted.motivation not in text
    path = re.search(r"http://testserver(/status/\S+/)", message.body).group(1)
    page = client.get(path)
    assert page.status_code == 200
    assert submitted.reference in page.content.decode()


def test_receipt_email_is_in_english_for_an_english_applicant(bergen, on_commit):
    from applications import services, steps

    application = VolunteerApplicationFactory(municipality=bergen, language="en")
    with on_commit():
        services.application_submit(application=application, incomplete_steps=[s.slug for s in steps.incomplete_steps(application)])
    [message] = mail.outbox
    assert message.subject.startswith("Receipt")
    assert "Hei" not in message.body


def test_references_count_per_municipality_and_year(bergen):
    from applications import services

    lillestrom = make_municipality(name="Lillestrøm", slug="lillestrom", number="3205", prefix="LIL")
    with time_machine.travel(date(2026, 12, 31)):
        a = services.application_submit(application=VolunteerApplicationFactory(municipality=bergen), incomplete_steps=[])
        b = services.application_submit(application=VolunteerApplicationFactory(municipality=bergen), incomplete_steps=[])
        c = services.application_submit(application=VolunteerApplicationFactory(municipality=lillestrom), incomplete_steps=[])
    with time_machine.travel(date(2027, 1, 2)):
        d = services.application_submit(application=VolunteerApplicationFactory(municipality=bergen), incomplete_steps=[])
    assert [a.reference, b.reference, c.reference, d.reference] == [
        "BGO-2026-00001", "BGO-2026-00002", "LIL-2026-00001", "BGO-2027-00001",
    ]


def test_status_page_shows_stage_next_step_and_contact(client, submitted):
    token = make_token(key=submitted.access_key, purpose=STATUS)
    html = client.get(reverse("applications:status", args=[token])).content.decode()
    assert "Mottatt" in html and "Hva skjer nå?" in html and "post@bergen.example.no" in html


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "0" * 32 + t[32:], lambda t: "nonsense"])
def test_tampered_status_token_is_404(client, submitted, mangle):
    token = make_token(key=submitted.access_key, purpose=STATUS)
    assert client.get(reverse("applications:status", args=[mangle(token)])).status_code == 404


def test_resume_token_does_not_open_the_status_page(client, submitted):
    token = make_token(key=submitted.access_key, purpose=RESUME)
    assert client.get(reverse("applications:status", args=[token])).status_code == 404


def test_status_link_carries_no_personal_data(submitted):
    token = make_token(key=submitted.access_key, purpose=STATUS)
    for value in (submitted.email, submitted.first_name, submitted.last_name, submitted.reference):
        assert value.lower() not in token.lower()


def test_applicant_can_withdraw_and_it_is_audited(client, submitted):
    token = make_token(key=submitted.access_key, purpose=STATUS)
    confirm = client.get(reverse("applications:withdraw", args=[token]))
    assert "Ja, trekk søknaden" in confirm.content.decode()
    client.post(reverse("applications:withdraw", args=[token]))
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.WITHDRAWN
    entry = list(audit_entries_for(target=submitted))[-1]
    assert (entry.action, entry.actor_label, entry.from_status, entry.to_status) == ("withdrawn", "søker", "submitted", "withdrawn")
    html = client.get(reverse("applications:status", args=[token])).content.decode()
    assert "Trukket" in html and "Trekk søknaden" not in html


def test_a_rejected_application_cannot_be_withdrawn(client, submitted, bergen_caseworker):
    from applications import services

    services.application_change_status(application=submitted, to_status="rejected", by=bergen_caseworker, note="Ikke egnet nå")
    token = make_token(key=submitted.access_key, purpose=STATUS)
    client.post(reverse("applications:withdraw", args=[token]))
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.REJECTED


def test_withdraw_with_wrong_token_is_404(client, submitted):
    assert client.post(reverse("applications:withdraw", args=["abc:def"])).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_a_submitted_application_cannot_be_edited_through_its_step_urls(client, submitted):
    token = make_token(key=submitted.access_key, purpose=RESUME)
    response = client.post(reverse("applications:step", args=[token, "soker"]), {**STEP_DATA["soker"], "first_name": "Endret"})
    assert response.status_code == 302 and "/status/" in response["Location"]
    submitted.refresh_from_db()
    assert submitted.first_name == "Kari"


def test_returning_to_a_half_filled_step_shows_the_answers_without_errors(client, bergen):
    url = start(client)["Location"]
    client.post(url, {**STEP_DATA["soker"], "postcode": "50A", "nav": "back"})
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="50A"' in html and "error-summary" not in html and "Postnummeret må være fire sifre" not in html


def test_receipt_follows_the_language_the_applicant_submits_in(client, bergen, on_commit):
    application = VolunteerApplicationFactory(municipality=bergen, language="nb")
    token = make_token(key=application.access_key, purpose=RESUME)
    client.cookies["django_language"] = "en"
    with on_commit():
        client.post(reverse("applications:review", args=[token]), {"nav": "submit"})
    application.refresh_from_db()
    assert application.language == "en"
    assert mail.outbox[0].subject.startswith("Receipt")


def test_a_second_submit_of_the_same_draft_does_not_allocate_a_reference(bergen):
    from applications import services
    from applications.models import ReferenceSequence

    application = VolunteerApplicationFactory(municipality=bergen)
    stale = VolunteerApplication.objects.get(pk=application.pk)  # a second tab holding the draft
    first = services.application_submit(application=application, incomplete_steps=[])
    second = services.application_submit(application=stale, incomplete_steps=[])
    assert first.reference == second.reference
    assert ReferenceSequence.objects.get(municipality=bergen).last_number == 1

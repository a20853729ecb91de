"""The draft behind the wizard: one per form, however often the first step is posted; nothing lost going back; closed
to edits once it is sent."""

from django.urls import reverse

from applications.models import VolunteerApplication
from besokshjem.core.tokens import RESUME, case_token

from .wizard_walk import STEP_DATA, start


def test_double_click_on_first_step_creates_one_draft(client, bergen):
    first = start(client)
    second = start(client)
    assert VolunteerApplication.objects.count() == 1
    assert first["Location"] == second["Location"]


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


def test_returning_to_a_half_filled_step_shows_the_answers_without_errors(client, bergen):
    url = start(client)["Location"]
    client.post(url, {**STEP_DATA["soker"], "postcode": "50A", "nav": "back"})
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="50A"' in html and "error-summary" not in html and "Postnummeret må være fire sifre" not in html


def test_a_submitted_application_cannot_be_edited_through_its_step_urls(client, submitted):
    token = case_token(submitted, purpose=RESUME)
    response = client.post(reverse("applications:step", args=[token, "soker"]), {**STEP_DATA["soker"], "first_name": "Endret"})
    assert response.status_code == 302 and response["Location"] == reverse("applications:receipt", args=[token])  # never the status page
    submitted.refresh_from_db()
    assert submitted.first_name == "Kari"


def test_a_stashed_step_keeps_no_more_than_a_step_can_ask(client, bergen):
    """«Forrige steg» on an invalid step stores what was typed, bounded as the fields are: a long answer is kept to the
    longest a field takes, and a post with hundreds of made-up fields is not stored as it came."""
    from applications.intake.forms import LONG_TEXT
    from applications.intake.services import STASH_MAX_KEYS

    url = start(client)["Location"]
    junk = {f"x{n}": "y" for n in range(900)}  # (Django refuses a post of more than 1,000 fields outright)
    response = client.post(url, {**STEP_DATA["soker"], "postcode": "50A", "address": "Å" * 50_000, **junk, "nav": "back"})
    assert response.status_code == 302
    stashed = VolunteerApplication.objects.get().draft_answers["soker"]
    assert stashed["postcode"] == "50A" and stashed["first_name"] == "Kari"  # what was typed is kept
    assert stashed["address"] == "Å" * LONG_TEXT
    assert len(stashed) == STASH_MAX_KEYS

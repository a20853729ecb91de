"""The volunteer's journey through the wizard's views: every step to a receipt, the first page, a bad step re-rendered
with every answer kept."""

import re

from django.urls import reverse

from applications.models import ApplicationStatus, VolunteerApplication

from .wizard_walk import STEP_DATA, start, walk_to_review


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
    checked = re.search(r'<input[^>]*value="visiting"[^>]*>', page).group(0)
    assert "checked" in checked  # ?type=besokshjem pre-selects besøkshjem
    assert "checked" not in re.search(r'<input[^>]*value="respite"[^>]*>', page).group(0)


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

"""Submitting a volunteer application: idempotent across double clicks, reloads and tabs, refused while a step is
incomplete, and numbered per kommune and year."""

from datetime import date

import time_machine
from django.core import mail
from django.urls import reverse

from applications.intake import services
from applications.models import ApplicationStatus, ReferenceSequence, VolunteerApplication
from besokshjem.core.tokens import RESUME, case_token

from ..factories import VolunteerApplicationFactory, make_municipality
from .wizard_walk import walk_to_review


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


def test_a_second_submit_of_the_same_draft_does_not_allocate_a_reference(bergen):
    application = VolunteerApplicationFactory(municipality=bergen)
    stale = VolunteerApplication.objects.get(pk=application.pk)  # a second tab holding the draft
    first = services.application_submit(application=application, incomplete_steps=[])
    second = services.application_submit(application=stale, incomplete_steps=[])
    assert first.reference == second.reference
    assert ReferenceSequence.objects.get(municipality=bergen).last_number == 1


def test_an_incomplete_application_cannot_be_submitted(client, bergen):
    application = VolunteerApplicationFactory(municipality=bergen, motivation="")
    token = case_token(application, purpose=RESUME)
    response = client.post(reverse("applications:review", args=[token]), {"nav": "submit"})
    assert response.status_code == 400
    assert "Interesser og motivasjon" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.reference == ""


def test_references_count_per_municipality_and_year(bergen):
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

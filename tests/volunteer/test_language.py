"""An English applicant sees English everywhere on the status page: texts defined at module level are lazy."""

from django.utils import translation

from applications.intake.volunteer_steps import VOLUNTEER
from applications.volunteer import services as volunteer_services
from applications.volunteer.selectors import purpose_confirmation_pdf
from applications.volunteer.services import TASKS
from applications.volunteer.views import NEXT_STEPS
from besokshjem.tenancy.choices import HomeType

from .. import approval_helpers as h


def english_status_page(client, application):
    client.cookies["django_language"] = "en"
    return client.get(VOLUNTEER.status_url(application), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_status_page_says_what_happens_next_in_english(client, submitted):
    html = english_status_page(client, submitted)
    assert "Your application has been received. A caseworker will review it" in html
    assert "Søknaden er mottatt. En saksbehandler" not in html
    assert 'lang="en"' in html


def test_status_page_under_review_is_in_english(client, submitted, bergen_caseworker):
    application = h.in_review(submitted, bergen_caseworker)
    html = english_status_page(client, application)
    assert "En saksbehandler har saken" not in html
    with translation.override("en"):
        assert str(NEXT_STEPS[application.status]) in html


def test_module_level_texts_follow_the_language_asked_for():
    """NEXT_STEPS and TASKS are built at import (in whatever language was active then); they must follow the reader."""
    with translation.override("en"):
        assert str(TASKS[HomeType.VISITING]).startswith("take in a child")
        assert str(NEXT_STEPS["submitted"]).startswith("Your application has been received")
    with translation.override("nb"):
        assert str(TASKS[HomeType.VISITING]).startswith("ta imot et barn")


def test_purpose_confirmation_is_in_norwegian_whatever_the_caseworkers_language(submitted, bergen_caseworker):
    """The tasks are written into the letter when it is issued; the letter is the kommune's, in Norwegian."""
    application = h.in_review(submitted, bergen_caseworker)
    with translation.override("nb"):
        confirmation = volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                                     by=bergen_caseworker)
    assert confirmation.tasks.startswith("ta imot et barn")
    with translation.override("en"):
        in_english = volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                                   by=bergen_caseworker)
    assert in_english.tasks.startswith("ta imot et barn") and in_english.role == "besøkshjem"
    assert purpose_confirmation_pdf(confirmation=confirmation)[:4] == b"%PDF"

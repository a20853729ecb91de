"""Free-text answers have a limit the server holds, shown next to the field with a counter the app serves itself."""

import re

import pytest
from django.contrib.staticfiles import finders

from applications.intake import volunteer_forms as forms
from applications.intake.forms import LONG_TEXT, SHORT_TEXT
from applications.models import VolunteerApplication
from besokshjem.tenancy.choices import HomeType

from .wizard_walk import STEP_DATA, start

LIMITS = [
    (forms.AboutForm, "interests", LONG_TEXT),
    (forms.AboutForm, "personal_qualities", LONG_TEXT),
    (forms.AboutForm, "disability_thoughts", LONG_TEXT),
    (forms.AboutForm, "motivation", LONG_TEXT),
    (forms.HealthForm, "health_details", LONG_TEXT),
    (forms.HousingForm, "distance_notes", SHORT_TEXT),
    (forms.OtherAssignmentsForm, "other_assignments_details", SHORT_TEXT),
    (forms.PreferencesForm, "availability", SHORT_TEXT),
]


@pytest.fixture
def application(bergen):
    return VolunteerApplication(municipality=bergen, home_types=[HomeType.VISITING, HomeType.SUPPORT_CONTACT])


@pytest.mark.parametrize(("form_class", "name", "limit"), LIMITS)
def test_free_text_is_refused_over_its_limit_with_a_norwegian_message(application, form_class, name, limit):
    form = form_class(data={name: "x" * (limit + 23)}, application=application)
    assert not form.is_valid()
    assert form.errors[name] == [f"Svaret kan være på høyst {limit} tegn. Nå er det {limit + 23} tegn."]
    at_limit = form_class(data={name: "x" * limit}, application=application)
    at_limit.is_valid()
    assert name not in at_limit.errors


@pytest.mark.parametrize(("form_class", "name", "limit"), LIMITS)
def test_free_text_field_shows_its_limit_and_a_counter(application, form_class, name, limit):
    html = str(form_class(application=application)[name])
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert "maxlength" not in textarea  # a browser would cut a pasted answer without a word
    assert f'aria-describedby="id_{name}_helptext id_{name}_count"' in textarea or f'aria-describedby="id_{name}_count"' in textarea
    assert f'<p class="form-text char-count mb-0" id="id_{name}_count" data-limit="{limit}"' in html
    assert f"Du kan skrive opptil {limit} tegn." in html  # what a page without JavaScript says
    assert f'data-count="{{count}} av {limit} tegn"' in html
    assert '<p class="visually-hidden char-count-status" aria-live="polite"></p>' in html


def test_a_line_break_counts_as_one_character(application):
    """Browsers send a line break as CR LF; the counter on the page counts it as one, and so does the server."""
    answer = "ab\r\n" * (LONG_TEXT // 3)  # LONG_TEXT // 3 * 3 characters as typed, LONG_TEXT // 3 * 4 as sent
    form = forms.AboutForm(data={"interests": answer}, application=application)
    form.is_valid()
    assert "interests" not in form.errors


def test_an_over_long_answer_is_kept_on_the_page_to_be_shortened(client, bergen):
    url = start(client)["Location"].replace("/soker/", "/om-dere/")
    long_answer = "Tur i skogen. " * 200
    response = client.post(url, {**STEP_DATA["om-dere"], "motivation": long_answer, "nav": "next"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Svaret kan være på høyst 2000 tegn. Nå er det {len(long_answer.strip())} tegn." in html
    assert long_answer.strip() in html
    assert VolunteerApplication.objects.get().motivation == ""


def test_the_counter_comes_from_the_apps_own_script(client, bergen):
    url = start(client)["Location"].replace("/soker/", "/om-dere/")
    html = client.get(url).content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources == ["/static/js/portal.js"]
    with open(finders.find("js/portal.js"), encoding="utf-8") as script:
        assert ".char-count[data-limit]" in script.read()

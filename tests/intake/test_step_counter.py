"""The step counter counts the pages the applicant will see, from the first page on, and never changes on the way."""

import json
import re

import pytest
from django.urls import reverse

from .wizard_walk import STEP_DATA, start

COUNTER = re.compile(r'<p class="mb-1 step-counter">\s*([^<]*?)\s*</p>')


def counter(response) -> str:
    return COUNTER.search(response.content.decode()).group(1)


def first_page(client, query=""):
    return client.get(reverse("applications:start", args=["bergen"]) + query)


@pytest.mark.parametrize(("query", "expected"), [("?type=besokshjem", "Steg 1 av 11"), ("?type=avlastningshjem", "Steg 1 av 11"),
                                                 ("?type=stottekontakt", "Steg 1 av 9")])
def test_first_page_counts_the_steps_of_the_role_in_the_link(client, bergen, query, expected):
    assert counter(first_page(client, query)) == expected


def test_first_page_without_a_role_says_the_count_depends_on_the_choice(client, bergen):
    response = first_page(client)
    assert counter(response) == "Steg 1"
    html = response.content.decode()
    assert "Hvor mange steg søknaden får, kommer an på hva du velger på dette steget." in html
    steps = re.search(r'<ol class="step-progress">(.*?)</ol>', html, re.S).group(1)
    assert "1. Oppdrag" in steps and "Oppsummering" not in steps  # no list of steps that may not come


def test_first_page_carries_the_count_for_every_choice_for_the_script(client, bergen):
    html = first_page(client, "?type=besokshjem").content.decode()
    options = json.loads(re.search(r'<script id="path-options" type="application/json">(.*?)</script>', html).group(1))
    assert set(options) == {"", "respite", "support_contact", "visiting", "respite,support_contact", "respite,visiting",
                            "support_contact,visiting", "respite,support_contact,visiting"}
    assert options["support_contact"]["counter"] == "Steg 1 av 9"
    assert options["support_contact"]["later"][0] == "2. Om deg"
    assert options["support_contact"]["later"][-1] == "9. Oppsummering"
    assert options["support_contact,visiting"]["counter"] == "Steg 1 av 11"
    assert options[""] == {"counter": "Steg 1", "known": False, "later": []}


def test_first_page_with_errors_counts_the_roles_ticked(client, bergen):
    response = start(client, home_types=["respite", "support_contact"])  # no answer to «Hvilken avlastning …»
    assert response.status_code == 400
    assert counter(response) == "Steg 1 av 11"
    response = start(client, home_types=[], applying_together="")
    assert counter(response) == "Steg 1"


ROLE_ANSWERS = {
    "visiting": {},
    "respite": {"respite_home_mode": "both"},
    "support_contact": {},
}


@pytest.mark.parametrize("roles", [["visiting", "support_contact"], ["respite", "visiting"], ["support_contact"]])
def test_every_page_shows_the_count_of_the_first_page(client, bergen, roles):
    first = first_page(client, "?type=" + {"visiting": "besokshjem", "respite": "avlastningshjem", "support_contact": "stottekontakt"}[roles[0]])
    total = int(counter(first).rsplit(" ", 1)[1])
    extra = {k: v for role in roles for k, v in ROLE_ANSWERS[role].items()}
    response = start(client, home_types=roles, **extra)
    assert response.status_code == 302
    seen = [counter(first)]
    url = response["Location"]
    while not url.endswith("/oppsummering/"):
        page = client.get(url)
        seen.append(counter(page))
        slug = url.rstrip("/").rsplit("/", 1)[1]
        data = {**STEP_DATA[slug], "nav": "next"}
        if slug == "onsker" and "support_contact" in roles:
            data["hours_per_week"] = "4"
        response = client.post(url, data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
        url = response["Location"]
    seen.append(counter(client.get(url)))
    assert seen == [f"Steg {n} av {total}" for n in range(1, total + 1)]


def test_the_parents_first_page_counts_every_step_as_every_parent_gets_them(client, bergen):
    response = client.get(reverse("applications:respite_start", args=["bergen"]))
    assert counter(response) == "Steg 1 av 7"
    assert 'id="path-options"' not in response.content.decode()

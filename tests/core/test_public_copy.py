"""What the public pages say, in plain Norwegian: headings name the roles, never «hjem» alone."""

import re

from django.urls import reverse

from besokshjem.core.tokens import STATUS, case_token
from besokshjem.tenancy.choices import HomeType
from besokshjem.tenancy.models import HomeTypeSetting


def h1(response) -> str:
    return re.sub(r"\s+", " ", re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1)).strip()


def test_kommune_page_names_the_three_roles(client, lillestrom):
    response = client.get(reverse("municipality", args=[lillestrom.slug]))
    assert h1(response) == "Bli besøkshjem, avlastningshjem eller støttekontakt i Lillestrøm"
    assert "Bli hjem" not in response.content.decode()


def test_front_page_says_what_each_kommune_is_looking_for(client, bergen):
    html = client.get(reverse("home")).content.decode()
    assert "Bli besøkshjem, avlastningshjem eller støttekontakt" in html
    assert "Søker nå etter: besøkshjem, avlastningshjem, støttekontakt" in html
    assert "Velg kommunen din for å lese mer og søke." in html


def test_kommune_that_is_not_looking_says_so_in_words(client, bergen):
    HomeTypeSetting.objects.filter(municipality=bergen).update(recruits=False)
    html = client.get(reverse("municipality", args=["bergen"])).content.decode()
    assert "Kommunen søker ikke etter besøkshjem, avlastningshjem eller støttekontakter akkurat nå." in html
    assert "rekrutterer" not in html
    assert "Søker ikke etter noen akkurat nå." in client.get(reverse("home")).content.decode()


def test_role_page_asks_what_the_kommune_expects(client, bergen):
    html = client.get(reverse("home_type", args=["bergen", "besokshjem"])).content.decode()
    assert "Hva forventer kommunen?" in html and "Hva forventes?" not in html
    assert h1(client.get(reverse("home_type", args=["bergen", "stottekontakt"]))) == f"{HomeType.SUPPORT_CONTACT.label} i Bergen"


def test_form_pages_say_which_questions_must_be_answered_in_the_active_voice(client, bergen):
    html = client.get(reverse("applications:start", args=["bergen"]) + "?type=besokshjem").content.decode()
    assert "Du må svare på spørsmålene som er merket med *." in html
    assert "må besvares" not in html
    assert "Hva vil du bli?" in html


def test_volunteers_status_page_names_the_contact_unit_and_the_kommune_under_kontakt(client, bergen, submitted):
    bergen.contact_unit = "Etat for barn og familie"
    bergen.save(update_fields=["contact_unit"])
    page = client.get(reverse("applications:status", args=[case_token(submitted, purpose=STATUS)])).content.decode()
    contact = page[page.index("Kontakt</h2>"):]
    assert "Etat for barn og familie, Bergen kommune" in contact[:400]

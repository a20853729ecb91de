"""The public pages: each answers for a kommune that recruits, an unknown kommune or home type is a 404, and every page
is served with a strict Content-Security-Policy and assets from the app itself."""

import pytest
from django.urls import reverse

PUBLIC_PAGES = [
    "/",
    "/kommune/bergen/",
    "/kommune/bergen/besokshjem/",
    "/kommune/bergen/avlastningshjem/",
    "/kommune/bergen/stottekontakt/",
    "/kommune/bergen/avlastning/",
    "/kommune/bergen/personvern/",
    "/personvern/",
    "/tilgjengelighet/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_answers_with_its_heading(client, bergen, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


@pytest.mark.parametrize("path", ["/kommune/finnes-ikke/", "/kommune/finnes-ikke/besokshjem/", "/kommune/bergen/finnes-ikke/"])
def test_unknown_kommune_or_home_type_is_404(client, bergen, path):
    assert client.get(path).status_code == 404


def test_pages_send_a_strict_content_security_policy(client, bergen):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_static_assets_come_from_the_app_not_a_cdn(client, bergen):
    html = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "cdn" not in html.lower() and "googleapis" not in html


def test_ping_answers_ok_without_touching_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/ping/")
    assert response.status_code == 200 and response.content == b"ok"
    assert "Content-Security-Policy" in response


def test_public_information_pages_are_cached_whole_per_language(db, client, bergen, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    url = reverse("municipality", args=["bergen"])
    first = client.get(url)
    assert first.status_code == 200 and not first.cookies  # nothing personal: no session, no CSRF cookie
    from django.test import Client

    with django_assert_num_queries(0):
        again = Client().get(url)  # another visitor
    assert again.content == first.content
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.content != first.content


def test_the_language_can_be_chosen_without_a_csrf_token(db, bergen):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"

"""The public pages: each answers for a kommune that recruits, an unknown kommune or home type is a 404, and every page
is served with a strict Content-Security-Policy and assets from the app itself."""

import pytest

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

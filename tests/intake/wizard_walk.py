"""Walking the volunteer's wizard through the test client: the answers of every step, the first step, the way to the
summary."""

from django.urls import reverse

STEP_DATA = {
    "soker": {
        "first_name": "Kari", "last_name": "Testesen", "birth_date": "1985-04-12", "email": "kari@example.no",
        "phone": "412 34 567", "address": "Eksempelveien 1", "postcode": "5015", "post_town": "Bergen",
        "home_municipality": "Bergen",
    },
    "husstand": {
        "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "15",
        "members-0-name": "Lille Testesen", "members-0-birth_date": "2016-05-17", "members-0-relation": "child",
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

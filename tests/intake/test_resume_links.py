"""The link to continue a draft: e-mailed once the address is known and again on «save for later»; it leads back to
the first step that still lacks answers."""

import re

from django.core import mail

from .wizard_walk import STEP_DATA, start


def test_resume_link_is_emailed_once_the_address_is_known_and_leads_back(client, bergen, on_commit):
    url = start(client)["Location"]
    with on_commit():
        client.post(url, {**STEP_DATA["soker"], "nav": "next"})
    [message] = mail.outbox
    assert message.to == ["kari@example.no"]
    assert "Fortsett søknaden" in message.subject
    link = re.search(r"http://testserver(/soknad/\S+/fortsett/)", message.body).group(1)
    response = client.get(link)
    # The household may be empty, so the first step that still lacks answers is the housing step.
    assert response.status_code == 302 and response["Location"].endswith("/bolig/")


def test_save_for_later_sends_the_link_again(client, bergen, on_commit):
    url = start(client)["Location"]
    step2 = client.post(url, {**STEP_DATA["soker"], "nav": "next"})["Location"]
    mail.outbox.clear()
    with on_commit():
        response = client.post(step2, {**STEP_DATA["husstand"], "nav": "save"})
    assert response.status_code == 200
    assert "Søknaden er lagret" in response.content.decode()
    assert len(mail.outbox) == 1

"""Innsyn: a kommune's admin downloads everything stored about a person, as JSON (every concrete field of every row)
and as PDF; the export is in the access log; another kommune's admin gets 404."""

import io
import json

from django.apps import apps
from django.urls import reverse
from pypdf import PdfReader

from applications.models import InterimReply
from besokshjem.audit.models import AccessEntry, AccessKind
from besokshjem.tenancy.models import Role
from tests.factories import AppealFactory, MeetingFactory, make_caseworker, synthetic_national_id

from .helpers import attach, closed_respite, closed_volunteer

URL = reverse("caseworker:innsyn")


def admin_of(municipality):
    return make_caseworker(municipality, email=f"admin@{municipality.slug}.example.no", role=Role.ADMIN)


def export(client, municipality, query, fmt):
    return client.post(URL, {"municipality": municipality.pk, "query": query, "format": fmt})


def concrete(label: str) -> set[str]:
    return {f.name for f in apps.get_model(label)._meta.concrete_fields}


def test_the_json_export_has_every_concrete_field_of_every_row(client, bergen):
    parent = closed_respite(bergen, child_national_id=synthetic_national_id())
    attach(parent)
    AppealFactory(decision=parent.decisions.get(), status="forwarded")
    InterimReply.objects.create(application=parent, reason="Venter på skolen.", expected_decision_date="2026-05-01",
                                sent_by=parent.decisions.get().decided_by)
    volunteer = closed_volunteer(bergen, email="mona.testforelder@example.no")
    MeetingFactory(application=volunteer)
    client.force_login(admin_of(bergen))
    response = export(client, bergen, "mona.testforelder@example.no", "json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert {case["type"] for case in data["saker"]} == {"applications.respiteapplication", "applications.volunteerapplication"}
    seen = set()
    for case in data["saker"]:
        assert set(case["felter"]) == concrete(case["type"])
        for rows in case["deler"].values():
            for row in rows:
                assert set(row["felter"]) == concrete(row["type"]), row["type"]
                seen.add(row["type"])
        for key, label in [("historikk", "audit.AuditEntry"), ("e_post", "outbox.Message"), ("tilgangslogg", "audit.AccessEntry")]:
            for row in case[key]:
                assert set(row) == concrete(label)
        assert case["tilgangslogg"], "the export itself is in the access log about the case"
    assert {"applications.attachment", "applications.decision", "applications.appeal", "applications.interimreply",
            "applications.householdmember", "applications.meeting", "applications.policecertificate"} <= seen
    assert "[skjult]" in json.dumps(data) and str(volunteer.access_key) not in response.content.decode()


def test_a_person_is_found_by_the_childs_national_id(client, bergen):
    national_id = synthetic_national_id()
    parent = closed_respite(bergen, child_national_id=national_id)
    client.force_login(admin_of(bergen))
    data = json.loads(export(client, bergen, national_id, "json").content)
    assert [case["felter"]["reference"] for case in data["saker"]] == [parent.reference]


def test_the_pdf_opens_and_names_the_person(client, bergen):
    parent = closed_respite(bergen)
    client.force_login(admin_of(bergen))
    response = export(client, bergen, parent.reference, "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mona Testforelder" in text and parent.reference in text


def test_the_export_is_recorded_in_the_access_log(client, bergen):
    parent = closed_respite(bergen)
    admin = admin_of(bergen)
    client.force_login(admin)
    export(client, bergen, parent.reference, "json")
    assert AccessEntry.objects.filter(user_id=admin.pk, what=AccessKind.EXPORT, object_id=parent.pk, reference=parent.reference).exists()


def test_another_kommunes_admin_gets_404(client, bergen, lillestrom):
    parent = closed_respite(bergen)
    client.force_login(admin_of(lillestrom))
    assert export(client, bergen, parent.reference, "json").status_code == 404
    client.force_login(admin_of(lillestrom))
    response = export(client, lillestrom, parent.reference, "json")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")  # not found there: the search page


def test_a_caseworker_who_is_no_admin_gets_404(client, bergen, bergen_caseworker):
    client.force_login(bergen_caseworker)
    assert client.get(URL).status_code == 404

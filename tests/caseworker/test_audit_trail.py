"""The audit trail in the admin is append-only, outlives the case it is about, and is scoped to the kommune."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from besokshjem.audit.models import AuditEntry
from besokshjem.audit.services import audit_record

from .helpers import admin_url, application_url


@pytest.mark.parametrize("persona", ["superuser", "bergen_caseworker"])
def test_nobody_can_change_or_delete_an_audit_entry(client, request, submitted, persona):
    entry = AuditEntry.objects.get(object_id=submitted.pk)
    client.force_login(request.getfixturevalue(persona))
    change_url = admin_url(AuditEntry, "change", entry.pk)

    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert page.context["adminform"].form.fields == {}

    assert client.post(change_url, {"action": "forged", "actor_label": "noen"}).status_code == 403
    assert client.get(admin_url(AuditEntry, "delete", entry.pk)).status_code == 403
    assert client.post(admin_url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    assert client.get(admin_url(AuditEntry, "add")).status_code == 403
    client.post(
        admin_url(AuditEntry, "changelist"), {"action": "delete_selected", "index": 0, ACTION_CHECKBOX_NAME: [entry.pk], "post": "yes"}
    )

    entry.refresh_from_db()
    assert (entry.action, entry.actor_label) == ("submitted", "søker")


def test_deleting_an_application_as_superuser_keeps_its_audit_entries(client, superuser, submitted):
    client.force_login(superuser)
    response = client.post(application_url(submitted, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(object_id=submitted.pk).exists()


def test_bergen_caseworker_audit_list_shows_only_bergens_entries(client, bergen_caseworker, bergen_cases, lillestrom):
    lillestrom_case = bergen_cases["lillestrom"]
    audit_record(target=lillestrom_case, municipality=lillestrom, action="note", actor_label="system")
    client.force_login(bergen_caseworker)
    response = client.get(admin_url(AuditEntry, "changelist"))
    municipalities = {entry.municipality_id for entry in response.context["cl"].result_list}
    assert municipalities == {bergen_cases["kari"].municipality_id}

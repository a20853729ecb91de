"""Need to know in the logs that point at any object (besokshjem/tenancy/tracks.py): the audit trail's and the outbox's
lists in the admin show an entry about a parent's case only to the forvaltningsenhet, one about a barnevern case only
to the barneverntjeneste; entries about a volunteer's application to every member; a kommune's administrator all of
the kommune's."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from besokshjem.audit.models import AuditEntry
from besokshjem.outbox.models import Message
from besokshjem.outbox.services import message_write
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.models import Role

from ..child_welfare.test_registration import MOTHER, register
from ..factories import RespiteApplicationFactory, VolunteerApplicationFactory, make_caseworker
from ..placements.factories import make_need
from ..respite_helpers import submit

pytestmark = pytest.mark.django_db

AUDIT = reverse("admin:audit_auditentry_changelist")
OUTBOX = reverse("admin:outbox_message_changelist")


@pytest.fixture
def logged(bergen, bergen_caseworker):
    """A parent's application (its receipt e-mail, its audit entries), a barnevern case, a need on the health track with
    its vedtak, and a volunteer's application with a reminder."""
    respite = submit(RespiteApplicationFactory(municipality=bergen, reference="BGO-2026-00101"))
    barnevern = register(bergen, bergen_caseworker, born=date(2016, 8, 15), guardians=[MOTHER])
    need = make_need(bergen, bergen_caseworker)
    volunteer = VolunteerApplicationFactory(municipality=bergen, status="submitted", submitted_at=timezone.now(), reference="BGO-2026-00103")
    message_write(kind="volunteer_decision", target=volunteer, recipient="frivillig@example.no", language="nb", municipality=bergen,
                  dedupe_key="test:volunteer")
    return {"respite": respite, "barnevern": barnevern, "need": need, "volunteer": volunteer}


def shown(client, user, url, model) -> set[str]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return {row.content_type.model for row in response.context["cl"].result_list}


def test_each_unit_sees_the_log_of_its_own_cases_and_every_member_the_volunteers(client, bergen, logged):
    health = make_caseworker(bergen, email="helse@bergen.example.no", tracks=[LegalTrack.HEALTH_CARE])
    barnevern = make_caseworker(bergen, email="barnevern@bergen.example.no", tracks=[LegalTrack.CHILD_WELFARE])
    everything = {e.content_type.model for e in AuditEntry.objects.all()} | {m.content_type.model for m in Message.objects.all()}
    assert {"respiteapplication", "childwelfarecase", "volunteerapplication"} <= everything

    audit_health, outbox_health = shown(client, health, AUDIT, AuditEntry), shown(client, health, OUTBOX, Message)
    audit_barnevern, outbox_barnevern = shown(client, barnevern, AUDIT, AuditEntry), shown(client, barnevern, OUTBOX, Message)
    assert "respiteapplication" in audit_health and "respiteapplication" in outbox_health
    assert "childwelfarecase" not in audit_health
    assert "childwelfarecase" in audit_barnevern
    assert "respiteapplication" not in audit_barnevern | outbox_barnevern
    assert "decision" not in audit_barnevern  # the need's vedtak is on the health track
    assert "volunteerapplication" in outbox_health and "volunteerapplication" in outbox_barnevern


def test_a_kommune_administrator_sees_the_whole_log_of_the_kommune(client, bergen, logged):
    admin = make_caseworker(bergen, email="admin@bergen.example.no", role=Role.ADMIN, tracks=())
    assert {"respiteapplication", "childwelfarecase"} <= shown(client, admin, AUDIT, AuditEntry)
    assert "respiteapplication" in shown(client, admin, OUTBOX, Message)

"""Homes ended before ApprovedHome.ended_at existed get the time the audit trail recorded the change (migration
placements 0010), so their status links last the set time after that day rather than ending at once."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from besokshjem.audit.models import AuditEntry
from besokshjem.audit.services import audit_record
from placements.models import ApprovedHome, HomeStatus, PlacementAction

from .factories import ApprovedHomeFactory

backfill = importlib.import_module("placements.migrations.0010_approved_home_ended_at").ended_from_the_audit_trail


def test_an_ended_home_gets_the_time_its_end_was_recorded(db, bergen, bergen_caseworker):
    ended = ApprovedHomeFactory(municipality=bergen, status=HomeStatus.ENDED, status_reason="Flyttet")
    active = ApprovedHomeFactory(municipality=bergen)
    entry = audit_record(target=ended, municipality=bergen, action=PlacementAction.HOME_STATUS_CHANGED, actor=bergen_caseworker,
                         from_status="active", to_status="ended", note="Flyttet")
    when = timezone.now() - timedelta(days=30)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)
    backfill(apps, None)
    assert ApprovedHome.objects.get(pk=ended.pk).ended_at == when
    assert ApprovedHome.objects.get(pk=active.pk).ended_at is None

"""The parents' applications in the admin: the changelist flags cases past one month without a decision or a
foreløpig svar."""

from datetime import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from ..factories import DecisionFactory, InterimReplyFactory, RespiteApplicationFactory
from ..respite_helpers import submit


def test_admin_list_flags_cases_past_one_month(client, bergen, bergen_caseworker):
    with time_machine.travel(datetime(2026, 1, 31, 12, tzinfo=timezone.get_current_timezone())):
        old = submit(RespiteApplicationFactory(municipality=bergen))
        replied = submit(RespiteApplicationFactory(municipality=bergen))
        decided = submit(RespiteApplicationFactory(municipality=bergen))
    with time_machine.travel(datetime(2026, 2, 20, 12, tzinfo=timezone.get_current_timezone())):
        InterimReplyFactory(application=replied, sent_by=bergen_caseworker)
        DecisionFactory(application=decided, decided_by=bergen_caseworker)
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=timezone.get_current_timezone())):
        client.force_login(bergen_caseworker)
        html = client.get(reverse("admin:applications_respiteapplication_changelist") + "?deadline=overdue").content.decode()
    assert old.reference in html and "send foreløpig svar" in html
    assert replied.reference not in html and decided.reference not in html

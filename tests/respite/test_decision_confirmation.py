"""A vedtak is drafted, previewed exactly as the parent gets it, and confirmed only by someone with authority, after a
second check where the kommune requires one; a confirmed vedtak is never edited. Nothing reaches the parent before."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from applications.decisions import appeals
from applications.decisions import services as decisions
from applications.decisions.letters import decision_letter_pdf
from applications.models import Decision, DecisionStatus
from applications.respite import services as respite_services
from applications.respite.views import _context as status_context
from besokshjem.outbox.models import Message

from ..factories import make_caseworker
from ..pdf_checks import pdf_text
from ..respite_helpers import DECISION_TEXT

CONTENT = {"outcome": "granted", "service_type": "respite_home", "scope_amount": 2, "scope_unit": "weekend",
           "reasons": "Omsorgsarbeidet er særlig tyngende.", "best_interests": "Faste rammer er til barnets beste.",
           "child_views": "Barnet vil gjerne.", **DECISION_TEXT}


@pytest.fixture
def draft(received, bergen_caseworker):
    mail.outbox.clear()  # the receipt
    return respite_services.decision_draft(application=received, by=bergen_caseworker, period_from=timezone.localdate(), **CONTENT)


def test_a_draft_is_seen_by_nobody_outside_the_kommune_and_sends_nothing(received, draft):
    assert Decision.all_objects.get(pk=draft.pk).status == DecisionStatus.DRAFT
    assert list(received.decisions.all()) == []  # the parent's page and every list of vedtak see confirmed ones only
    assert status_context(received, "token")["decision"] is None
    assert not Message.objects.filter(kind="decision_ready").exists() and mail.outbox == []


def test_only_a_user_with_authority_confirms(bergen, draft):
    trainee = make_caseworker(bergen, email="ny@bergen.example.no", may_decide=False)
    with pytest.raises(ValidationError) as refused:
        decisions.decision_confirm(decision=draft, by=trainee)
    assert refused.value.code == "no_authority"
    assert Decision.all_objects.get(pk=draft.pk).status == DecisionStatus.DRAFT


def test_a_required_second_check_blocks_until_someone_else_gives_it(bergen, bergen_caseworker, draft, on_commit):
    bergen.decisions_need_second_check = True
    bergen.save(update_fields=["decisions_need_second_check"])
    colleague = make_caseworker(bergen, email="kollega@bergen.example.no")
    with pytest.raises(ValidationError) as refused:
        decisions.decision_confirm(decision=draft, by=bergen_caseworker)
    assert refused.value.code == "second_check"
    with pytest.raises(ValidationError):  # the drafter cannot check their own draft
        decisions.decision_second_check(decision=draft, by=bergen_caseworker)

    decisions.decision_second_check(decision=draft, by=colleague)
    with on_commit():
        confirmed = decisions.decision_confirm(decision=draft, by=bergen_caseworker)
    assert confirmed.status == DecisionStatus.CONFIRMED and confirmed.second_checked_by == colleague
    assert confirmed.notified_at == confirmed.decided_at and len(mail.outbox) == 1


def test_a_confirmed_vedtak_is_never_edited(received, bergen_caseworker, draft):
    confirmed = decisions.decision_confirm(decision=draft, by=bergen_caseworker)
    with pytest.raises(ValidationError):
        respite_services.decision_draft(application=received, by=bergen_caseworker, decision=confirmed, **CONTENT)


def test_the_caseworker_drafts_previews_and_confirms_on_the_case_page(client, received, bergen_caseworker, on_commit):
    mail.outbox.clear()  # the receipt
    client.force_login(bergen_caseworker)
    case_url = reverse("caseworker:respite_case", args=[received.pk])
    form = {"action": "decide", "scope_period": "month", "period_from": "2027-01-01", **CONTENT}
    incomplete = client.post(case_url, {**form, "facts": ""})
    assert incomplete.status_code == 400 and "faktiske forhold" in incomplete.content.decode()
    assert "Omsorgsarbeidet er særlig tyngende." in incomplete.content.decode()  # nothing typed is lost

    drafted = client.post(case_url, form)
    draft = Decision.all_objects.get(application=received)
    preview_url = reverse("caseworker:respite_decision_preview", args=[received.pk, draft.pk])
    assert drafted.status_code == 302 and drafted["Location"] == preview_url
    preview = client.get(preview_url).content.decode()
    assert "UTKAST" in preview and "2 helger per måned" in preview and "Fatt vedtaket" in preview
    assert client.get(reverse("caseworker:respite_draft_pdf", args=[received.pk, draft.pk]))["Content-Type"] == "application/pdf"

    with on_commit():
        confirmed = client.post(preview_url, {"action": "confirm", "delivery": "digital"})
    assert confirmed.status_code == 302
    assert Decision.objects.get(application=received).decided_by == bergen_caseworker
    assert [m.to for m in mail.outbox] == [[received.guardian_email]]
    assert client.get(preview_url).status_code == 404  # no longer a draft


def test_lillestrom_cannot_preview_bergens_draft(client, received, draft, lillestrom_caseworker):
    client.force_login(lillestrom_caseworker)
    assert client.get(reverse("caseworker:respite_decision_preview", args=[received.pk, draft.pk])).status_code == 404


def test_a_reversed_vedtak_is_replaced_by_a_new_one_and_both_stay_in_the_history(received, bergen_caseworker):
    first = respite_services.decision_make(application=received, by=bergen_caseworker, period_from=timezone.localdate(),
                                           **{**CONTENT, "outcome": "rejected", "service_type": "", "scope_amount": None, "scope_unit": ""})
    appeal = respite_services.appeal_lodge(decision=first, text="Vi trenger avlastning.")
    appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=True, note="Ny vurdering gir innvilgelse.")

    second = respite_services.decision_make(application=received, by=bergen_caseworker, period_from=timezone.localdate(), **CONTENT)

    first.refresh_from_db()
    assert second.replaces == first and first.reversed_at is not None
    assert list(received.decisions.order_by("decided_at", "pk")) == [first, second]
    assert first.outcome == "rejected" and second.outcome == "granted"  # the first is kept as it was
    text = " ".join(pdf_text(decision_letter_pdf(decision=second)).split())
    assert f"erstatter vedtaket fra {date_format(timezone.localtime(first.decided_at), 'j. F Y')}" in text

"""The kommune's answer to an appeal goes the way a vedtak goes: drafted, read on the case page exactly as the party
will get it (with the forwarding letter when it upholds), second-checked where the kommune requires it, and made only
by someone with authority to decide. Nothing reaches the parent before it is made."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.decisions import appeals
from applications.models import AppealStatus, DecisionAction
from besokshjem.audit.models import AuditEntry
from besokshjem.core.tokens import STATUS, case_token
from besokshjem.outbox.models import Message

from ..factories import AppealFactory, DecisionFactory, make_caseworker
from ..pdf_checks import pdf_text, pdfa_problems


@pytest.fixture
def appeal(received, bergen_caseworker):
    decision = DecisionFactory(application=received, decided_by=bergen_caseworker, rejected=True)
    return AppealFactory(decision=decision, text="Vi trenger avlastning om natten.")


def notices():
    return list(Message.objects.filter(kind="appeal_answered").values_list("recipient", flat=True))


def test_the_caseworker_drafts_previews_and_sends_the_answer_from_the_case_page(client, appeal, bergen_caseworker):
    application = appeal.decision.application
    url = reverse("caseworker:respite_case", args=[application.pk])
    client.force_login(bergen_caseworker)
    page = client.get(url).content.decode()
    assert "Lagre utkast og forhåndsvis" in page

    refused = client.post(url, {"action": "appeal", "appeal": appeal.pk, "decision": "forward", "note": ""})
    assert refused.status_code == 400 and "errorlist" in refused.content.decode()  # shown again, nothing lost

    response = client.post(url, {"action": "appeal", "appeal": appeal.pk, "decision": "forward",
                                 "note": "Behovet er dekket av dagens tjenester."})
    preview_url = reverse("caseworker:respite_appeal_preview", args=[application.pk, appeal.pk])
    assert response.status_code == 302 and response["Location"] == preview_url
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.LODGED and appeal.answer_reverse is False and notices() == []

    preview = client.get(preview_url).content.decode()
    assert "Slik får klageren svaret. Ingenting er sendt ennå." in preview
    assert "Behovet er dekket av dagens tjenester." in preview and "Kommunen opprettholder vedtaket" in preview
    assert application.guardian_name in preview  # addressed to the parent who appealed
    draft_pdf = client.get(reverse("caseworker:respite_appeal_answer_pdf", args=[application.pk, appeal.pk]))
    assert 'filename="utkast-svar-pa-klage-' in draft_pdf["Content-Disposition"]
    forwarding = client.get(reverse("caseworker:respite_forwarding_pdf", args=[application.pk, appeal.pk]))
    assert "Oversendelse av klage" in pdf_text(forwarding.content) and pdfa_problems(forwarding.content) == []

    assert client.post(preview_url, {"action": "confirm"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FORWARDED and appeal.handled_by == bergen_caseworker
    assert notices() == [application.guardian_email]
    # made: the preview is gone, the letters are on the case page and the status page
    assert client.get(preview_url).status_code == 404
    answer = client.get(reverse("caseworker:respite_appeal_answer_pdf", args=[application.pk, appeal.pk]))
    assert 'filename="svar-pa-klage-' in answer["Content-Disposition"]


def test_a_required_second_check_blocks_until_someone_else_has_read_the_answer(appeal, bergen, bergen_caseworker):
    bergen.decisions_need_second_check = True
    bergen.save(update_fields=["decisions_need_second_check"])
    colleague = make_caseworker(bergen, email="kollega@bergen.example.no")
    appeals.appeal_answer_draft(appeal=appeal, by=bergen_caseworker, reverse=True, note="Nye opplysninger om nettene.")
    with pytest.raises(ValidationError) as unchecked:
        appeals.appeal_answer_confirm(appeal=appeal, by=bergen_caseworker)
    assert unchecked.value.code == "second_check"
    with pytest.raises(ValidationError) as own:
        appeals.appeal_answer_second_check(appeal=appeal, by=bergen_caseworker)
    assert own.value.code == "same_person"
    appeals.appeal_answer_second_check(appeal=appeal, by=colleague)
    # a changed draft must be checked again
    appeals.appeal_answer_draft(appeal=appeal, by=bergen_caseworker, reverse=True, note="Nye opplysninger om nettene og helgene.")
    appeal.refresh_from_db()
    assert appeal.answer_checked_by is None
    appeals.appeal_answer_second_check(appeal=appeal, by=colleague)
    appeals.appeal_answer_confirm(appeal=appeal, by=bergen_caseworker)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REVERSED and appeal.decision.reversed_at is not None
    assert list(AuditEntry.objects.filter(action__startswith="appeal_answer").values_list("action", flat=True).order_by("pk")) == [
        DecisionAction.APPEAL_ANSWER_DRAFTED, DecisionAction.APPEAL_ANSWER_CHECKED,
        DecisionAction.APPEAL_ANSWER_DRAFTED, DecisionAction.APPEAL_ANSWER_CHECKED,
    ]


def test_only_a_user_with_authority_makes_the_answer(client, appeal, bergen):
    trainee = make_caseworker(bergen, email="trainee@bergen.example.no", may_decide=False)
    appeals.appeal_answer_draft(appeal=appeal, by=trainee, reverse=False, note="Opprettholdes.")
    preview_url = reverse("caseworker:respite_appeal_preview", args=[appeal.decision.application.pk, appeal.pk])
    client.force_login(trainee)
    assert "Du har ikke vedtaksfullmakt" in client.get(preview_url).content.decode()
    client.post(preview_url, {"action": "confirm"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.LODGED and notices() == []


def test_another_kommune_sees_neither_the_preview_nor_the_draft_letters(client, appeal, bergen_caseworker, lillestrom_caseworker):
    appeals.appeal_answer_draft(appeal=appeal, by=bergen_caseworker, reverse=False, note="Opprettholdes.")
    application = appeal.decision.application
    client.force_login(lillestrom_caseworker)
    for name in ("respite_appeal_preview", "respite_appeal_answer_pdf", "respite_forwarding_pdf"):
        assert client.get(reverse(f"caseworker:{name}", args=[application.pk, appeal.pk])).status_code == 404
    assert client.post(reverse("caseworker:respite_appeal_preview", args=[application.pk, appeal.pk]),
                       {"action": "confirm"}).status_code == 404


def test_the_parent_does_not_see_a_drafted_answer(client, appeal, bergen_caseworker):
    appeals.appeal_answer_draft(appeal=appeal, by=bergen_caseworker, reverse=False, note="Intern vurdering i utkast.")
    application = appeal.decision.application
    page = client.get(reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)]))
    assert "Intern vurdering i utkast." not in page.content.decode()

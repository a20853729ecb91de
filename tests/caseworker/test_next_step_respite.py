"""The next step on a parent's case, stage by stage (table-driven), from the same rules and deadlines the services
enforce; and the case page that shows it at the top with its form open and says what happened and to whom."""

import itertools
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.caseworker.respite_next_step import respite_next_step
from applications.models import Decision, DecisionDelivery, DecisionStatus, RespiteStatus
from placements.models import Proposal, ProposalStatus

from ..factories import AppealFactory, DecisionFactory, InterimReplyFactory, RespiteApplicationFactory, make_caseworker
from ..placements.factories import ApprovedHomeFactory, place
from ..respite_helpers import at

TODAY = date(2026, 3, 2)  # a Monday
_numbers = itertools.count(1)


def case(bergen, worker, *, days_ago=2, status=RespiteStatus.IN_REVIEW, assigned=True):
    return RespiteApplicationFactory(
        municipality=bergen, status=status, reference=f"BGO-2026-{next(_numbers):05d}", assigned_to=worker if assigned else None,
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )


def draft(application, by, **fields):
    return DecisionFactory(application=application, status=DecisionStatus.DRAFT, decided_at=None, decided_by=None, notified_at=None,
                           drafted_by=by, close_case=False, need=False, **fields)


def appealed(bergen, worker, **appeal):
    decision = DecisionFactory(application=case(bergen, worker), rejected=True)
    AppealFactory(decision=decision, **appeal)
    return decision.application


def granted(bergen, worker):
    """One weekend a month in a besøkshjem (the kind of home ApprovedHomeFactory makes)."""
    return DecisionFactory(application=case(bergen, worker), service_type="visiting", scope_amount=1)


def proposed(bergen, worker, status):
    decision = granted(bergen, worker)
    Proposal.objects.create(need=decision.need, home=ApprovedHomeFactory(municipality=bergen), status=status, proposed_at=timezone.now(),
                            proposed_by=worker, answered_at=timezone.now() if status == ProposalStatus.ACCEPTED else None)
    return decision.application


def placed(bergen, worker):
    decision = granted(bergen, worker)
    place(decision.need, ApprovedHomeFactory(municipality=bergen, capacity=3), worker)  # first date in January 2027
    return decision.application


def withdrawn(bergen, worker):
    application = case(bergen, worker)
    application.status, application.closed_at = RespiteStatus.WITHDRAWN, timezone.now()
    application.save(update_fields=["status", "closed_at"])
    return application


def second_check_needed(bergen, worker, drafted_by_me):
    bergen.decisions_need_second_check = True
    bergen.save(update_fields=["decisions_need_second_check"])
    application = case(bergen, worker)
    draft(application, worker if drafted_by_me else make_caseworker(bergen, email="kollega@bergen.example.no"))
    return application


def checked_by_me(bergen, worker):
    """A colleague drafted it and I checked it: the one who checked does not also decide (decision_confirm refuses)."""
    application = second_check_needed(bergen, worker, drafted_by_me=False)
    Decision.all_objects.filter(application=application).update(second_checked_by=worker, second_checked_at=timezone.now())
    return application


def with_draft(bergen, worker):
    application = case(bergen, worker)
    draft(application, worker)
    return application


def promise_passed(bergen, worker):
    application = case(bergen, worker, days_ago=50)
    InterimReplyFactory(application=application, expected_decision_date=TODAY - timedelta(days=1))
    return application


def promise_kept(bergen, worker):
    application = case(bergen, worker, days_ago=50)
    InterimReplyFactory(application=application, expected_decision_date=TODAY + timedelta(days=20))
    return application


# (stage, builder(bergen, worker) -> application, key, label, words the reason must contain)
STAGES = [
    ("received", lambda b, w: case(b, w, status=RespiteStatus.SUBMITTED, assigned=False), "take", "Ta saken til behandling", "mottatt"),
    ("in review, nobody assigned", lambda b, w: case(b, w, assigned=False), "assign", "Tildel saken", "Ingen saksbehandler"),
    ("a month without vedtak or foreløpig svar", lambda b, w: case(b, w, days_ago=40), "interim", "Send foreløpig svar",
     "fristen var 21. februar 2026"),
    ("the promised date has passed", promise_passed, "interim", "Send foreløpig svar", "lovet vedtak innen 1. mars 2026"),
    ("the month ends within the reminder's days", lambda b, w: case(b, w, days_ago=25), "interim", "Send foreløpig svar",
     "Fristen for vedtak er 5. mars 2026"),
    ("a fresh case", lambda b, w: case(b, w), "decide", "Skriv utkast til vedtak", "innen 28. mars 2026"),
    ("a foreløpig svar promised a later date", promise_kept, "decide", "Skriv utkast til vedtak", "innen 22. mars 2026"),
    ("a draft to be checked by someone else", lambda b, w: second_check_needed(b, w, drafted_by_me=False), "second_check",
     "Kontroller utkastet til vedtak", "kontrollerer"),
    ("my draft to be checked", lambda b, w: second_check_needed(b, w, drafted_by_me=True), "second_check", "Få utkastet kontrollert",
     "Be en kollega"),
    ("a draft I checked", checked_by_me, "confirm", "Fatt vedtaket", "en kollega med vedtaksfullmakt må fatte det"),
    ("a draft ready", with_draft, "confirm", "Fatt vedtaket", "fatt vedtaket"),
    ("a vedtak sent on paper, arrival not recorded",
     lambda b, w: DecisionFactory(application=case(b, w), delivery=DecisionDelivery.PAPER, notified_at=None).application,
     "paper_delivery", "Send vedtaket på papir", "klagefristen regnes fra den"),
    ("a late appeal", lambda b, w: appealed(b, w, late=True), "late_appeal", "Avgjør om klagen skal behandles", "§ 31"),
    ("an appeal", lambda b, w: appealed(b, w), "appeal", "Behandle klagen", "Vurder klagen"),
    ("an answer that upholds", lambda b, w: appealed(b, w, answer_reverse=False, handling_note="Opprettholdes", answer_drafted_by=w),
     "appeal_send", "Send klagen til statsforvalteren", "Statsforvalteren"),
    ("an answer that reverses", lambda b, w: appealed(b, w, answer_reverse=True, handling_note="Omgjøres", answer_drafted_by=w),
     "appeal_send", "Send svaret på klagen", "omgjør"),
    ("granted, no home yet", lambda b, w: granted(b, w).application, "find_home", "Finn et hjem", "venter på et hjem"),
    ("a home proposed", lambda b, w: proposed(b, w, ProposalStatus.PROPOSED), "proposal", "Følg opp forslaget til hjem", "ikke svart"),
    ("the home said yes", lambda b, w: proposed(b, w, ProposalStatus.ACCEPTED), "start_placement", "Avtal første møte og start tiltaket",
     "takket ja"),
    ("a placement that has not started", placed, "placement_starts", "Følg opp at tiltaket starter", "Tiltaket starter 1. januar 2027"),
    ("rejected, no appeal", lambda b, w: DecisionFactory(application=case(b, w), rejected=True).application, "none", "Ingen steg venter.",
     ""),
    ("withdrawn", withdrawn, "none", "Ingen steg venter.", "trukket"),
]


@pytest.mark.parametrize(("stage", "build", "key", "label", "why"), STAGES, ids=[s[0] for s in STAGES])
def test_the_next_step_of_each_stage(stage, build, key, label, why, bergen, bergen_caseworker):
    with at(TODAY):
        application = build(bergen, bergen_caseworker)
        pending = Decision.all_objects.filter(application=application, status=DecisionStatus.DRAFT).first()
        step = respite_next_step(application, user=bergen_caseworker, draft=pending)
    assert (step.key, step.label) == (key, label)
    assert why in step.why


def test_the_assign_step_suggests_the_caseworker_who_opens_it(bergen, bergen_caseworker):
    with at(TODAY):
        step = respite_next_step(case(bergen, bergen_caseworker, assigned=False), user=bergen_caseworker)
    assert (step.action, step.slot, step.initial) == ("assign", "assign", {"caseworker": bergen_caseworker.pk})


def test_a_foreløpig_svar_suggests_a_date_three_weeks_on(bergen, bergen_caseworker):
    with at(TODAY):
        step = respite_next_step(case(bergen, bergen_caseworker, days_ago=40), user=bergen_caseworker)
    assert step.initial == {"expected_decision_date": date(2026, 3, 23)}


def test_without_authority_to_decide_the_draft_waits_for_someone_with_it(bergen):
    worker = make_caseworker(bergen, email="uten.fullmakt@bergen.example.no", may_decide=False)
    with at(TODAY):
        application = with_draft(bergen, worker)
        step = respite_next_step(application, user=worker, draft=Decision.all_objects.get(application=application))
    assert step.key == "confirm" and "ikke vedtaksfullmakt" in step.why
    assert step.url == reverse("caseworker:respite_decision_preview", args=[application.pk, step.decision.pk])


def test_a_granted_vedtak_sends_the_caseworker_to_the_suggestions_until_it_is_delivered(bergen, bergen_caseworker):
    with at(TODAY):
        decision = granted(bergen, bergen_caseworker)
        step = respite_next_step(decision.application, user=bergen_caseworker)
        assert step.url == reverse("caseworker:need", args=[decision.need.pk])
        place(decision.need, ApprovedHomeFactory(municipality=bergen, capacity=3), bergen_caseworker, start=TODAY)
    with at(TODAY + timedelta(days=40)):  # the first weekend has been
        step = respite_next_step(decision.application, user=bergen_caseworker)
    assert (step.key, step.why) == ("none", "Vedtaket er levert: tiltaket er i gang.")


# The case page


def test_the_case_page_shows_the_next_step_first_with_its_form_open_and_the_rest_folded(client, bergen, bergen_caseworker):
    with at(TODAY):
        application = case(bergen, bergen_caseworker, assigned=False)
        client.force_login(bergen_caseworker)
        page = client.get(reverse("caseworker:respite_case", args=[application.pk])).content.decode()
    top = page.index('id="neste-steg"')
    assert top < page.index("<h2>Søknaden</h2>")
    next_step = page[top:page.index("</section>", top)]
    assert "Neste steg: Tildel saken" in next_step and 'value="assign"' in next_step
    assert f'<option value="{bergen_caseworker.pk}" selected>' in next_step  # pre-filled with the caseworker who opened it
    assert page.count('name="caseworker"') == 1  # the form is at the top only
    assert '<details class="case-step"><summary><h3>Foreløpig svar</h3></summary>' in page
    assert '<details class="case-step"><summary><h3>Vedtak</h3></summary>' in page


def test_a_form_at_the_top_comes_back_with_its_errors_and_answers(client, bergen, bergen_caseworker):
    with at(TODAY):
        application = case(bergen, bergen_caseworker, days_ago=40)
        client.force_login(bergen_caseworker)
        url = reverse("caseworker:respite_case", args=[application.pk])
        response = client.post(url, {"action": "interim", "nonce": str(uuid.uuid4()), "reason": "Venter på skolen",
                                    "expected_decision_date": ""})
    assert response.status_code == 400
    page = response.content.decode()
    top = page[page.index('id="neste-steg"'):page.index("</section>", page.index('id="neste-steg"'))]
    assert "errorlist" in top
    assert "Venter på skolen" in top
    assert page.count('name="expected_decision_date"') == 1


def test_confirmations_say_what_happened_and_to_whom(client, bergen, bergen_caseworker):
    colleague = make_caseworker(bergen, email="kollega@bergen.example.no")
    colleague.full_name = "Kari Kollega"
    colleague.save(update_fields=["full_name"])
    with at(TODAY):
        application = case(bergen, bergen_caseworker, days_ago=40)
        client.force_login(bergen_caseworker)
        url = reverse("caseworker:respite_case", args=[application.pk])
        client.post(url, {"action": "assign", "caseworker": colleague.pk})
        client.post(url, {"action": "interim", "nonce": str(uuid.uuid4()), "reason": "Venter på skolen",
                          "expected_decision_date": "2026-03-23"})
        page = client.get(url).content.decode()
    assert "Saken er tildelt Kari Kollega." in page
    assert "Foreløpig svar er sendt til Mona Testforelder, med forventet dato for vedtak 23. mars 2026." in page


def test_recording_a_paper_letters_arrival_says_to_whom_and_the_appeal_deadline(client, bergen, bergen_caseworker):
    with at(TODAY):
        decision = DecisionFactory(application=case(bergen, bergen_caseworker), delivery=DecisionDelivery.PAPER, notified_at=None)
        client.force_login(bergen_caseworker)
        url = reverse("caseworker:respite_case", args=[decision.application.pk])
        page = client.get(url).content.decode()
        top = page[page.index('id="neste-steg"'):page.index("</section>", page.index('id="neste-steg"'))]
        assert "Send vedtaket på papir" in top and 'value="paper_delivery"' in top
        assert page.count('name="delivered_on"') == 1
        client.post(url, {"action": "paper_delivery", "decision": decision.pk, "delivered_on": "2026-03-02"})
        page = client.get(url).content.decode()
    assert "Datoen vedtaksbrevet kom fram til Mona Testforelder, 2. mars 2026, er registrert. Klagefristen er 30. mars 2026." in page

"""The one next step on a parent's (avlastning) case, from the rules the services enforce.

The case page shows it at the top with its form open; everything else is folded below. The order is the order of the
law and of the flow (house style: one rule, one place):

open case (submitted, in review)
  1. received, not taken          → «Ta saken til behandling»     (respite_take_into_review)
  2. nobody assigned              → «Tildel saken»                (respite_assign)
  3. a foreløpig svar is overdue  → «Send foreløpig svar»         (forvaltningsloven § 11 a: the month, or the promised
                                                                    date, has passed without a vedtak; deadlines.py)
  4. a draft vedtak exists        → «Kontroller utkastet» where the kommune requires a second check and it has none,
                                    else «Fatt vedtaket» (only with vedtaksfullmakt and not by the one who checked:
                                    decision_confirm refuses others, second_check_missing)
  5. the month ends soon          → «Send foreløpig svar»         (no reply sent, deadline within the reminder's days)
  6. otherwise                    → «Skriv utkast til vedtak»
decided case (the vedtak that stands: confirmed, not reversed)
  7. sent on paper, arrival not recorded → «Send vedtaket på papir» (the appeal deadline runs from the day it arrived)
  8. a late appeal not yet weighed      → «Avgjør om klagen skal behandles» (forvaltningsloven § 31)
  9. an appeal with no answer drafted   → «Behandle klagen»
 10. an answer drafted                  → «Send klagen til statsforvalteren» (upholds) / «Send svaret på klagen» (reverses)
 11. granted, not yet delivered         → «Finn et hjem», «Følg opp forslaget», «Start tiltaket», or wait for the first date
otherwise nothing is due («Ingen steg venter»).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.decisions.services import second_check_missing
from applications.models import AppealStatus, Decision, DecisionDelivery, RespiteStatus
from applications.respite.reminders import deadline_near_days
from applications.respite.selectors import OPEN, appeal_deadline_of, respite_case_flags
from besokshjem.core.letters import written_date
from besokshjem.tenancy.selectors import may_decide
from placements.models import PlacementStatus, ProposalStatus
from placements.selectors import need_delivered_at

#: The date a foreløpig svar suggests for the vedtak: three weeks on (the caseworker changes it as the case needs).
INTERIM_EXPECTED_WEEKS = 3


@dataclass(frozen=True)
class NextStep:
    #: Which step (stable, for tests and the template): "take", "assign", "interim", "second_check", "confirm", "decide",
    #: "paper_delivery", "late_appeal", "appeal", "appeal_send", "find_home", "proposal", "start_placement",
    #: "placement_starts", "none".
    key: str
    #: What to do, in plain Norwegian.
    label: str
    #: Why this is next (the rule or the deadline, as a date), in plain Norwegian.
    why: str = ""
    #: The case page's action (ACTIONS key) the step's form posts; "" when the step is done on another page.
    action: str = ""
    #: The form the page shows open for it (a key of the page's forms); "" for a button without fields.
    slot: str = ""
    #: Values the form starts with.
    initial: dict = field(default_factory=dict)
    #: The page the step is done on (the preview of a draft, the need page), or the letter to print.
    url: str = ""
    #: The text of the form's button (default: the label) and of the link to `url`.
    button: str = ""
    link_text: str = ""
    #: The vedtak or the appeal the step concerns.
    decision: Decision | None = None
    appeal_pk: int | None = None


def _standing(decisions) -> Decision | None:
    """The vedtak that stands: the latest confirmed one not reversed."""
    standing = [d for d in decisions if d.reversed_at is None and d.decided_at is not None]
    return max(standing, key=lambda d: (d.decided_at, d.pk), default=None)


def respite_next_step(application, *, user, draft: Decision | None = None, today: date | None = None) -> NextStep:
    """The next step on the case for `user` (reads the decisions and appeals the page prefetched; asks the database only
    for the authority to decide when a draft waits, and for the placements when a granted vedtak waits)."""
    today = today or timezone.localdate()
    if application.status in OPEN:
        return _open_step(application, user=user, draft=draft, today=today)
    if application.status == RespiteStatus.DECIDED:
        return _decided_step(application, today=today)
    return NextStep("none", _("Ingen steg venter."), _("Søknaden er trukket.") if application.status == RespiteStatus.WITHDRAWN else "")


def _open_step(application, *, user, draft, today) -> NextStep:
    flags = respite_case_flags(application, today, near_days=deadline_near_days(application.municipality))
    if application.status == RespiteStatus.SUBMITTED:
        return NextStep("take", _("Ta saken til behandling"), _("Søknaden er mottatt og ikke tatt til behandling. "
                        "Tar du saken, blir den tildelt deg hvis ingen har den."), action="take")
    if application.assigned_to_id is None:
        return NextStep("assign", _("Tildel saken"), _("Ingen saksbehandler har saken."), action="assign", slot="assign",
                        initial={"caseworker": user.pk})
    interim = {"expected_decision_date": today + timedelta(weeks=INTERIM_EXPECTED_WEEKS)}
    if flags["month_passed"]:
        return NextStep("interim", _("Send foreløpig svar"), _(
            "Det har gått over én måned (fristen var %(date)s) uten vedtak eller foreløpig svar (forvaltningsloven § 11 a).")
            % {"date": written_date(flags["deadline"])}, action="interim", slot="interim", initial=interim)
    if flags["promise_passed"]:
        return NextStep("interim", _("Send foreløpig svar"), _(
            "Søkeren ble lovet vedtak innen %(date)s. Fatt vedtak, eller send et nytt foreløpig svar med grunnen og en ny dato.")
            % {"date": written_date(flags["promised"])}, action="interim", slot="interim", initial=interim)
    if draft is not None:
        preview = reverse("caseworker:respite_decision_preview", args=[application.pk, draft.pk])
        if second_check_missing(decision=draft, municipality=application.municipality, by=user):
            if draft.second_checked_by_id == user.pk:
                return NextStep("confirm", _("Fatt vedtaket"), _(
                    "Du har kontrollert utkastet. Kommunen krever at en annen enn den som kontrollerte, fatter vedtaket: "
                    "en kollega med vedtaksfullmakt må fatte det."), url=preview, link_text=_("Forhåndsvis utkastet"), decision=draft)
            if draft.drafted_by_id == user.pk:
                return NextStep("second_check", _("Få utkastet kontrollert"), _(
                    "Kommunen krever at en annen saksbehandler kontrollerer vedtaket før det fattes. Be en kollega lese utkastet."),
                    url=preview, link_text=_("Forhåndsvis utkastet"), decision=draft)
            return NextStep("second_check", _("Kontroller utkastet til vedtak"), _(
                "Kommunen krever at en annen enn den som skrev utkastet, kontrollerer det før vedtaket fattes."), url=preview,
                link_text=_("Les og kontroller utkastet"), decision=draft)
        if may_decide(user=user, municipality=application.municipality):
            why = _("Utkastet er klart. Les det slik søkeren vil få det, og fatt vedtaket.")
        else:
            why = _("Utkastet er klart, men du har ikke vedtaksfullmakt: en kollega med vedtaksfullmakt må fatte vedtaket.")
        return NextStep("confirm", _("Fatt vedtaket"), why, url=preview, link_text=_("Forhåndsvis og fatt vedtaket"), decision=draft)
    if flags["near"]:
        return NextStep("interim", _("Send foreløpig svar"), _(
            "Fristen for vedtak er %(date)s. Kan saken ikke avgjøres innen da, send foreløpig svar nå.")
            % {"date": written_date(flags["deadline"])}, action="interim", slot="interim", initial=interim)
    return NextStep("decide", _("Skriv utkast til vedtak"), _(
        "Søkeren venter vedtak innen %(date)s.") % {"date": written_date(flags["due_date"])}, action="decide", slot="decision",
        button=_("Lagre utkast og forhåndsvis"))


def _decided_step(application, *, today) -> NextStep:
    decisions = list(application.decisions.all())
    decision = _standing(decisions)
    if decision is None:
        return NextStep("none", _("Ingen steg venter."))
    if decision.delivery == DecisionDelivery.PAPER and decision.notified_at is None:
        return NextStep("paper_delivery", _("Send vedtaket på papir"), _(
            "Vedtaket skal sendes som brev. Skriv ut vedtaksbrevet og send det, og registrer datoen det kom fram: "
            "klagefristen regnes fra den."), action="paper_delivery", slot="paper",
            initial={"decision": decision.pk}, url=reverse("caseworker:respite_letter_pdf", args=[application.pk, decision.pk]),
            button=_("Registrer datoen brevet kom fram"), link_text=_("Vedtaksbrevet (PDF) til utskrift"), decision=decision)
    for appealed in decisions:
        for appeal in appealed.appeals.all():
            if appeal.status != AppealStatus.LODGED:
                continue
            if appeal.awaits_late_decision:
                return NextStep("late_appeal", _("Avgjør om klagen skal behandles"), _(
                    "Klagefristen var %(date)s. Avgjør med begrunnelse om klagen likevel skal behandles (forvaltningsloven § 31). "
                    "Avviser du den, er det et vedtak klageren kan klage på.") % {"date": written_date(appeal_deadline_of(appealed))},
                    action="late_appeal", slot="late", button=_("Lagre avgjørelsen"), decision=appealed, appeal_pk=appeal.pk)
            if not appeal.answer_drafted:
                return NextStep("appeal", _("Behandle klagen"), _(
                    "Vurder klagen: omgjør vedtaket, eller oppretthold det og send klagen til klageinstansen."),
                    action="appeal", slot="appeal", button=_("Lagre utkast og forhåndsvis"), decision=appealed, appeal_pk=appeal.pk)
            preview = reverse("caseworker:respite_appeal_preview", args=[application.pk, appeal.pk])
            if appeal.answer_reverse:
                return NextStep("appeal_send", _("Send svaret på klagen"), _(
                    "Kommunen omgjør vedtaket. Les svaret slik klageren vil få det, og send det."), url=preview,
                    link_text=_("Forhåndsvis og send svaret"),
                    decision=appealed, appeal_pk=appeal.pk)
            return NextStep("appeal_send", _("Send klagen til statsforvalteren"), _(
                "Kommunen opprettholder vedtaket. Les svaret og oversendelsesbrevet, og send klagen til %(body)s.")
                % {"body": appealed.appeal_body or _("klageinstansen")}, url=preview, link_text=_("Forhåndsvis og send svaret"),
                decision=appealed, appeal_pk=appeal.pk)
    need = getattr(decision, "need", None) if decision.is_granted else None
    if need is None:
        return NextStep("none", _("Ingen steg venter."))
    return _placement_step(need, decision, today=today)


def _placement_step(need, decision, *, today) -> NextStep:
    """A granted vedtak is delivered when the first date of a placement has passed; until then it waits for a home."""
    url = reverse("caseworker:need", args=[need.pk])
    if need_delivered_at(need=need) is not None:
        return NextStep("none", _("Ingen steg venter."), _("Vedtaket er levert: tiltaket er i gang."), url=url, link_text=_("Åpne behovet"), decision=decision)
    placement = need.placements.exclude(status=PlacementStatus.ENDED).order_by("start_date").first()
    if placement is not None:
        return NextStep("placement_starts", _("Følg opp at tiltaket starter"), _(
            "Tiltaket starter %(date)s. Vedtaket regnes som levert når første dato har vært.")
            % {"date": written_date(placement.start_date)}, url=url, link_text=_("Åpne behovet"), decision=decision)
    statuses = set(need.proposals.values_list("status", flat=True))
    if ProposalStatus.ACCEPTED in statuses:
        return NextStep("start_placement", _("Avtal første møte og start tiltaket"), _(
            "Hjemmet har takket ja. Avtal første møte mellom familien og hjemmet, og registrer tiltaket."), url=url, link_text=_("Åpne behovet"), decision=decision)
    if ProposalStatus.PROPOSED in statuses:
        return NextStep("proposal", _("Følg opp forslaget til hjem"), _(
            "Et hjem er foreslått og har ikke svart ennå."), url=url, link_text=_("Åpne behovet"), decision=decision)
    return NextStep("find_home", _("Finn et hjem"), _(
        "Vedtaket er innvilget og ikke levert: barnet venter på et hjem. Se forslagene til hjem som passer."), url=url,
        link_text=_("Se forslag til hjem"), decision=decision)

"""The vedtak as a letter to each party, on the official layout: the same text in the PDF, on the parent's status page
and in the caseworker's preview."""

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import DecisionStatus, RespiteApplication
from applications.respite.deadlines import DISMISSAL_APPEAL_WEEKS, interim_reply_after_the_month
from applications.respite.selectors import appeal_deadline_of
from besokshjem.core.letters import Addressee, Letter, letter_pdf, signer_of
from besokshjem.tenancy.selectors import unit_name

from .law import citations
from .parties import child_welfare_parties, respite_parties


def parties_of(decision, on) -> list:
    case = decision.case
    return respite_parties(case) if isinstance(case, RespiteApplication) else child_welfare_parties(case, on)


def decision_letter_context(decision, party_key: str | None = None) -> dict:
    """What the vedtak's letter says to one party (the first by default)."""
    case = decision.case
    on = timezone.localdate(decision.decided_at) if decision.decided_at else timezone.localdate()
    parties = parties_of(decision, on)
    party = next((p for p in parties if p.key == party_key), parties[0] if parties else None)
    signer = decision.decided_by or decision.drafted_by
    letter = Letter(
        municipality=case.municipality, reference=case.reference, date=on,
        title=str(_("Vedtak om %(service)s") % {"service": decision.get_service_type_display().lower() or _("avlastning")}),
        addressee=party.addressee if party else None, signer=signer_of(signer) if signer else None,
        copies=tuple(p.name for p in parties if party is None or p.key != party.key),
        unit=unit_name(municipality=case.municipality, legal_track=decision.track),
    )
    return {"decision": decision, "application": case, "case": case, "municipality": case.municipality, "letter": letter,
            "party": party, "parties": parties, "cited": citations(decision.track, decision.service_type, on),
            "appeal_deadline": appeal_deadline_of(decision), "on_portal": isinstance(case, RespiteApplication)}


def decision_letter_pdf(*, decision, party_key: str | None = None) -> bytes:
    """The vedtak as a letter to one party. A made vedtak's letter, which the parties open again and again, is kept
    rendered for a day (besokshjem/core/pdf.py); a draft is rendered each time."""
    context = decision_letter_context(decision, party_key)
    return letter_pdf(template="pdf/decision_letter.html", letter=context["letter"], context=context,
                      language=getattr(decision.case, "language", "nb"), keep=decision.status == DecisionStatus.CONFIRMED)


def interim_reply_pdf(*, reply) -> bytes:
    """The foreløpig svar (forvaltningsloven § 11 a) as an official letter to the applicant, the others in copy."""
    application = reply.application
    parties = respite_parties(application)
    letter = Letter(
        municipality=application.municipality, reference=application.reference, date=timezone.localdate(reply.sent_at),
        title=str(_("Foreløpig svar")), addressee=parties[0].addressee, signer=signer_of(reply.sent_by),
        copies=tuple(p.name for p in parties[1:]), unit=unit_name(municipality=application.municipality, legal_track=application.legal_track),
    )
    return letter_pdf(template="pdf/interim_reply.html", letter=letter, language=application.language, context={
        "application": application, "reply": reply,
        "after_the_month": interim_reply_after_the_month(received=application.submitted_at, sent=reply.sent_at),
    })


def _appellant(parties, appeal):
    """The party who appealed (by name, when a caseworker registered it), else the first party."""
    named = [p for p in parties if appeal.lodged_by and p.name.strip().lower() == appeal.lodged_by.strip().lower()]
    return (named or parties or [None])[0]


def appeal_answer_context(appeal) -> dict:
    """The kommune's answer to an appeal as a letter to the party who appealed, the other parties in copy: it reversed
    the vedtak (a new one follows), it upholds it and has sent the appeal to the appeal body (forvaltningsloven § 33),
    or it dismissed a late appeal (§ 31; itself a vedtak, with its own appeal information). A draft answer reads as
    the party will get it."""
    decision = appeal.decision
    case = decision.case
    on = timezone.localdate(appeal.handled_at) if appeal.handled_at else timezone.localdate()
    parties = parties_of(decision, on)
    party = _appellant(parties, appeal)
    signer = appeal.handled_by or appeal.answer_drafted_by
    letter = Letter(municipality=case.municipality, reference=case.reference, date=on, title=str(_("Svar på klage")),
                    addressee=party.addressee if party else None, signer=signer_of(signer) if signer else None,
                    copies=tuple(p.name for p in parties if party is None or p.key != party.key),
                    unit=unit_name(municipality=case.municipality, legal_track=decision.track))
    return {"appeal": appeal, "decision": decision, "application": case, "case": case, "municipality": case.municipality,
            "letter": letter, "cited": citations(decision.track, decision.service_type, on), "letter_body": "applications/_appeal_answer.html",
            "dismissal_weeks": DISMISSAL_APPEAL_WEEKS}


def appeal_answer_pdf(*, appeal) -> bytes:
    context = appeal_answer_context(appeal)
    return letter_pdf(template="pdf/appeal_answer.html", letter=context["letter"], context=context,
                      language=getattr(appeal.decision.case, "language", "nb"))


def forwarding_letter_pdf(*, appeal) -> bytes:
    """The letter sending an upheld appeal to the appeal body (oversendelsesbrev), with the kommune's assessment."""
    decision = appeal.decision
    case = decision.case
    on = timezone.localdate(appeal.handled_at) if appeal.handled_at else timezone.localdate()
    signer = appeal.handled_by or appeal.answer_drafted_by
    letter = Letter(municipality=case.municipality, reference=case.reference, date=on, title=str(_("Oversendelse av klage")),
                    addressee=Addressee(decision.appeal_body), signer=signer_of(signer) if signer else None,
                    copies=tuple(p.name for p in parties_of(decision, on)),
                    unit=unit_name(municipality=case.municipality, legal_track=decision.track))
    return letter_pdf(template="pdf/appeal_forwarding.html", letter=letter, context={
        "appeal": appeal, "decision": decision, "application": case, "cited": citations(decision.track, decision.service_type, on),
    })

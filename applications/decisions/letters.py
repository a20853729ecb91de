"""The vedtak as a letter to each party, on the official layout: the same text in the PDF, on the parent's status page
and in the caseworker's preview."""

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import RespiteApplication
from applications.respite.selectors import appeal_deadline_of
from besokshjem.core.letters import Letter, letter_pdf, signer_of

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
    )
    return {"decision": decision, "application": case, "case": case, "municipality": case.municipality, "letter": letter,
            "party": party, "parties": parties, "cited": citations(decision.track, decision.service_type, on),
            "appeal_deadline": appeal_deadline_of(decision), "on_portal": isinstance(case, RespiteApplication)}


def decision_letter_pdf(*, decision, party_key: str | None = None) -> bytes:
    context = decision_letter_context(decision, party_key)
    return letter_pdf(template="pdf/decision_letter.html", letter=context["letter"], context=context,
                      language=getattr(decision.case, "language", "nb"))

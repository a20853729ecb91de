"""E-mails on a parent's case: a notice that a letter (foreløpig svar, vedtak, answer to an appeal) is on the status
page. The letter itself is never in the e-mail. Each notice is one outbox row written in the letter's transaction.

A vedtak (and a refusal to consider a late appeal, itself a vedtak) gets a notice that says a vedtak has been made and
gives the appeal deadline as a date: the deadline runs from when that notice was written (Decision.notified_at)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.decisions.parties import respite_parties
from applications.intake.emails import municipality_reply_to, status_url
from besokshjem.core.tokens import CO_PARTY, case_token
from besokshjem.outbox.registry import Kind
from besokshjem.outbox.services import message_write
from besokshjem.reminders.registry import caseworkers

from .deadlines import dismissal_appeal_deadline
from .selectors import appeal_deadline_of


def case_of(letter):
    """The parent's application a letter belongs to (an appeal's answer belongs to the appealed decision's case)."""
    return letter.decision.application if hasattr(letter, "decision") else letter.application


def _letter_context(letter) -> dict:
    application = case_of(letter)
    return {"letter": letter, "application": application, "municipality": application.municipality,
            "status_url": status_url(application)}


def _decision_context(decision) -> dict:
    return {**_letter_context(decision), "appeal_deadline": appeal_deadline_of(decision)}


def co_party_url(application) -> str:
    """The other guardian's own page: the vedtak addressed to them, and their right to appeal (not the applicant's page)."""
    return settings.SITE_URL + reverse("applications:respite_co_party", args=[case_token(application, purpose=CO_PARTY)])


def _co_party_context(decision) -> dict:
    return {**_decision_context(decision), "status_url": co_party_url(decision.application)}


def _co_party_link_context(application) -> dict:
    return {"application": application, "municipality": application.municipality, "status_url": co_party_url(application),
            "co_party": True}


def _dismissal_context(appeal) -> dict:
    return {**_letter_context(appeal), "about_appeal": True, "appeal_deadline": dismissal_appeal_deadline(appeal.late_decided_at)}


def _document_context(attachment) -> dict:
    application = attachment.application
    return {"application": application, "municipality": application.municipality,
            "link": settings.SITE_URL + reverse("caseworker:respite_case", args=[application.pk])}


def _letter_reply_to(letter) -> list[str]:
    return municipality_reply_to(case_of(letter))


LETTER_KINDS = ("interim_reply_ready", "decision_ready", "appeal_answered", "appeal_dismissed")
KINDS = [
    Kind(name="interim_reply_ready", label=_("Melding om foreløpig svar"), template="letter_ready", context=_letter_context, reply_to=_letter_reply_to,
         select_related=("application__municipality",)),
    Kind(name="decision_ready", label=_("Melding om vedtak"), template="decision_made", context=_decision_context, reply_to=_letter_reply_to,
         select_related=("application__municipality",)),
    Kind(name="decision_ready_co_party", label=_("Melding om vedtak til den andre forelderen med foreldreansvar"),
         template="decision_made", context=_co_party_context, reply_to=_letter_reply_to, select_related=("application__municipality",)),
    Kind(name="link_renewed_co_party", label=_("Ny lenke til vedtaket for den andre forelderen med foreldreansvar"),
         template="link_renewed", context=_co_party_link_context, reply_to=municipality_reply_to, select_related=("municipality",)),
    Kind(name="appeal_answered", label=_("Melding om svar på klage"), template="letter_ready", context=_letter_context, reply_to=_letter_reply_to,
         select_related=("decision__application__municipality",)),
    Kind(name="appeal_dismissed", label=_("Melding om vedtak: klagen avvist fordi den kom for sent"), template="decision_made",
         context=_dismissal_context, reply_to=_letter_reply_to, select_related=("decision__application__municipality",)),
    Kind(name="document_received", label=_("Melding til saksbehandler: søkeren har sendt et dokument"), template="document_received",
         context=_document_context, select_related=("application__municipality",)),
]


def letter_notice_write(*, letter, kind: str) -> None:
    """Tell the parent a letter is on the status page: one notice per letter, sent once and never lost.

    A vedtak goes to every party: the other guardian with parental responsibility gets a notice of their own, with a
    link to the vedtak addressed to them (never to the applicant's page)."""
    application = case_of(letter)
    message_write(kind=kind, target=letter, recipient=application.guardian_email, language=application.language,
                  municipality=application.municipality, dedupe_key=f"{kind}:{letter.pk}:{application.guardian_email.lower()}")
    if kind == "decision_ready":
        for party in respite_parties(application)[1:]:
            if party.email:
                message_write(kind="decision_ready_co_party", target=letter, recipient=party.email, language=party.language,
                              municipality=application.municipality, dedupe_key=f"decision_ready_co_party:{letter.pk}:{party.email.lower()}")


def co_party_link_renewed_write(*, application) -> None:
    """After the caseworker revoked the case's links: the other guardian with parental responsibility gets a new link
    to their own page (never the applicant's), one per revocation."""
    for party in respite_parties(application)[1:]:
        if party.email:
            message_write(kind="link_renewed_co_party", target=application, recipient=party.email, language=party.language,
                          municipality=application.municipality,
                          dedupe_key=f"link_renewed_co_party:{application.pk}:{application.link_version}:{party.email.lower()}")


def document_received_write(*, attachment) -> None:
    """Tell the caseworker on the case (the unit's caseworkers while nobody is) that the parent sent a document after
    submitting: one e-mail per document and person. It names the case, not the document or the child."""
    application = attachment.application
    for email, language in caseworkers(application):
        message_write(kind="document_received", target=attachment, recipient=email, language=language,
                      municipality=application.municipality, dedupe_key=f"document_received:{attachment.pk}:{email.lower()}")

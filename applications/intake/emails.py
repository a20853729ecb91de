"""The public form's e-mails: the receipt and the link to continue a draft. No health data in any of them: only the
reference, the kommune and a link. Each is one outbox row written in the transaction that caused it; the body (with its
signed link) is rendered when the outbox sends it, so no link is ever stored."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from besokshjem.outbox.registry import Kind
from besokshjem.outbox.services import message_write

from .wizard import wizard_for


def status_url(application) -> str:
    return settings.SITE_URL + wizard_for(application).status_url(application)


def resume_url(application) -> str:
    return settings.SITE_URL + wizard_for(application).resume_url(application)


def municipality_reply_to(case) -> list[str]:
    return [case.municipality.contact_email] if case.municipality.contact_email else []


def _receipt_context(application) -> dict:
    return {"application": application, "municipality": application.municipality, "status_url": status_url(application)}


def _resume_context(application) -> dict:
    return {
        "application": application,
        "municipality": application.municipality,
        "resume_url": resume_url(application),
        "delete_after": timezone.localdate(application.created_at) + timedelta(days=settings.DRAFT_RETENTION_DAYS),
    }


def _still_draft(applications) -> set:
    return {a.pk for a in applications if a.is_draft}


def _stamp_resume_link_sent(application) -> None:
    type(application).objects.filter(pk=application.pk).update(resume_link_sent_at=timezone.now())


KINDS = [
    Kind(name="volunteer_receipt", label=_("Kvittering for søknaden"), template="volunteer_receipt", context=_receipt_context, reply_to=municipality_reply_to,
         select_related=("municipality",)),
    Kind(name="respite_receipt", label=_("Kvittering for søknaden om avlastning"), template="respite_receipt", context=_receipt_context, reply_to=municipality_reply_to,
         select_related=("municipality",)),
    Kind(name="resume", label=_("Lenke for å fortsette søknaden"), template="resume", context=_resume_context, still_due=_still_draft, sent=_stamp_resume_link_sent,
         select_related=("municipality",)),
    Kind(name="link_renewed", label=_("Ny lenke til saken (den gamle er trukket tilbake)"), template="link_renewed",
         context=_receipt_context, reply_to=municipality_reply_to, select_related=("municipality",)),
]


def receipt_write(*, application) -> None:
    """The receipt with the applicant's private status link: one per application, however often submit is pressed."""
    kind = f"{wizard_for(application).kind}_receipt"
    message_write(kind=kind, target=application, recipient=application.email, language=application.language,
                  municipality=application.municipality, dedupe_key=f"{kind}:{application.pk}")


def resume_link_write(*, application) -> None:
    """The link to continue a draft; sent again each time the applicant asks for it."""
    message_write(kind="resume", target=application, recipient=application.email, language=application.language,
                  municipality=application.municipality)


def link_renewed_write(*, case) -> None:
    """The new status link after the caseworker revoked the old ones: one per revocation (the link is made when the
    e-mail is sent, so it is always the one in force)."""
    message_write(kind="link_renewed", target=case, recipient=case.email, language=case.language, municipality=case.municipality,
                  dedupe_key=f"link_renewed:{case._meta.model_name}:{case.pk}:{case.link_version}")

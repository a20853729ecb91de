"""E-mails on a parent's case: a notice that a letter (foreløpig svar, vedtak, answer to an appeal) is on the status
page. The letter itself is never in the e-mail. Each notice is one outbox row written in the letter's transaction."""

from django.utils.translation import gettext_lazy as _

from applications.intake.emails import municipality_reply_to, status_url
from besokshjem.outbox.registry import Kind
from besokshjem.outbox.services import message_write


def case_of(letter):
    """The parent's application a letter belongs to (an appeal's answer belongs to the appealed decision's case)."""
    return letter.decision.application if hasattr(letter, "decision") else letter.application


def _letter_context(letter) -> dict:
    application = case_of(letter)
    return {"letter": letter, "application": application, "municipality": application.municipality,
            "status_url": status_url(application)}


def _letter_reply_to(letter) -> list[str]:
    return municipality_reply_to(case_of(letter))


LETTER_KINDS = ("interim_reply_ready", "decision_ready", "appeal_answered")
KINDS = [
    Kind(name="interim_reply_ready", label=_("Melding om foreløpig svar"), template="letter_ready", context=_letter_context, reply_to=_letter_reply_to,
         select_related=("application__municipality",)),
    Kind(name="decision_ready", label=_("Melding om vedtak"), template="letter_ready", context=_letter_context, reply_to=_letter_reply_to,
         select_related=("application__municipality",)),
    Kind(name="appeal_answered", label=_("Melding om svar på klage"), template="letter_ready", context=_letter_context, reply_to=_letter_reply_to,
         select_related=("decision__application__municipality",)),
]


def letter_notice_write(*, letter, kind: str) -> None:
    """Tell the parent a letter is on the status page: one notice per letter, sent once and never lost."""
    application = case_of(letter)
    message_write(kind=kind, target=letter, recipient=application.guardian_email, language=application.language,
                  municipality=application.municipality, dedupe_key=f"{kind}:{letter.pk}:{application.guardian_email.lower()}")

"""Rendering and sending of templated e-mails (subject.txt, body.txt, body.html per e-mail)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from besokshjem.tenancy.selectors import sender_name


def _legal_track(context: dict) -> str | None:
    """The legal track of the case an e-mail is about: given as `legal_track`, or read from the case in the context
    (`application`, or a reminder's `target`). Duck-typed, so this module knows no domain."""
    if context.get("legal_track"):
        return context["legal_track"]
    for key in ("application", "target"):
        track = getattr(context.get(key), "legal_track", None)
        if track:
            return track
    return None


def email_signature(context: dict) -> str:
    """The one signature under every e-mail to the public (templates/emails/_signature.txt): the unit that handles the
    case and the kommune, e.g. «Forvaltningsenhet for helse og omsorg, Lillestrøm kommune». Empty without a kommune."""
    municipality = context.get("municipality")
    if municipality is None:
        return ""
    return sender_name(municipality=municipality, legal_track=_legal_track(context))


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        ctx = {**context, "SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": language}
        ctx.setdefault("signature", email_signature(ctx))
        subject = " ".join(render_to_string(f"emails/{template}/subject.txt", ctx).split())
        text = render_to_string(f"emails/{template}/body.txt", ctx)
        html = render_to_string(f"emails/{template}/body.html", ctx)
    return subject, text, html


def send_templated_email(
    *, template: str, to: list[str], context: dict, language: str, reply_to: list[str] | None = None, headers=None
) -> None:
    subject, text, html = render_email(template=template, context=context, language=language)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=to, reply_to=reply_to, headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)

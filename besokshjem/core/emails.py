"""Rendering and sending of templated e-mails (subject.txt, body.txt, body.html per e-mail)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        ctx = {**context, "SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": language}
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

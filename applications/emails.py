"""One function per e-mail. No health data in any of them: only the reference, the kommune and a link."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from besokshjem.core.emails import send_templated_email
from besokshjem.core.tokens import RESUME, STATUS, make_token

from .models import VolunteerApplication


def status_url(application: VolunteerApplication) -> str:
    token = make_token(key=application.access_key, purpose=STATUS)
    return settings.SITE_URL + reverse("applications:status", kwargs={"token": token})


def resume_url(application: VolunteerApplication) -> str:
    token = make_token(key=application.access_key, purpose=RESUME)
    return settings.SITE_URL + reverse("applications:resume", kwargs={"token": token})


def send_receipt(*, application: VolunteerApplication) -> None:
    send_templated_email(
        template="volunteer_receipt",
        to=[application.email],
        reply_to=[application.municipality.contact_email],
        language=application.language,
        context={
            "application": application,
            "municipality": application.municipality,
            "status_url": status_url(application),
        },
    )


def send_resume_link(*, application: VolunteerApplication) -> None:
    send_templated_email(
        template="volunteer_resume",
        to=[application.email],
        language=application.language,
        context={
            "application": application,
            "municipality": application.municipality,
            "resume_url": resume_url(application),
            "delete_after": timezone.localdate(application.created_at) + timedelta(days=settings.DRAFT_RETENTION_DAYS),
        },
    )
    VolunteerApplication.objects.filter(pk=application.pk).update(resume_link_sent_at=timezone.now())

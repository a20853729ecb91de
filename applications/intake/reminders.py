"""Reminders of the public forms: a draft with an e-mail address is reminded a week before it is deleted."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from applications.models import ApplicationStatus, RespiteApplication, VolunteerApplication
from besokshjem.reminders.registry import Audience, Due, Rule, applicant, local

from .wizard import wizard_for


def resume_link(application) -> str:
    return wizard_for(application).resume_url(application)


def drafts(model, municipality, today, days) -> Iterable[Due]:
    """Drafts with an e-mail address that will be deleted in `days` days (DRAFT_RETENTION_DAYS after they were started)."""
    cutoff = today + timedelta(days=days) - timedelta(days=settings.DRAFT_RETENTION_DAYS)
    for draft in model.objects.filter(municipality=municipality, status=ApplicationStatus.DRAFT).select_related("municipality"):
        if draft.email and local(draft.created_at) <= cutoff:
            yield Due(draft, local(draft.created_at) + timedelta(days=settings.DRAFT_RETENTION_DAYS), applicant(draft))


def still_draft(targets) -> set:
    return {t.pk for t in targets if t.is_draft}


RULES = [
    Rule("volunteer_draft_unfinished", Audience.APPLICANT, 7,
         lambda municipality, today, days: drafts(VolunteerApplication, municipality, today, days), still_draft,
         "applications.VolunteerApplication", resume_link, ("municipality",), label=_("Påminnelse: utkast ikke sendt")),
    Rule("respite_draft_unfinished", Audience.PARENT, 7,
         lambda municipality, today, days: drafts(RespiteApplication, municipality, today, days), still_draft,
         "applications.RespiteApplication", resume_link, ("municipality",), label=_("Påminnelse: utkast ikke sendt")),
]

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {
    "submitted": _("Søknaden ble sendt inn"),
    "withdrawn": _("Søkeren trakk søknaden"),
    "status_changed": _("Status endret"),
    "assigned": _("Tildelt saksbehandler"),
    "interview_scheduled": _("Samtale avtalt"),
    "interview_held": _("Samtale gjennomført"),
    "interview_cancelled": _("Samtale avlyst"),
    "home_visit_scheduled": _("Hjemmebesøk avtalt"),
    "home_visit_held": _("Hjemmebesøk gjennomført"),
    "home_visit_cancelled": _("Hjemmebesøk avlyst"),
    "purpose_confirmation_issued": _("Formålsbekreftelse laget"),
    "police_certificate_registered": _("Politiattest registrert"),
    "declaration_signed": _("Taushetserklæring signert"),
    "agreement_generated": _("Avtale laget"),
    "agreement_signed_by_applicant": _("Avtale signert av søker"),
    "agreement_signed_by_municipality": _("Avtale signert av kommunen"),
    "approved": _("Godkjent"),
    "rejected": _("Avslått"),
    "interim_reply_sent": _("Foreløpig svar sendt"),
    "decided": _("Vedtak fattet"),
    "decision_delivered": _("Vedtaket levert"),
    "appeal_lodged": _("Klage mottatt"),
    "appeal_reversed": _("Klage: vedtaket omgjort"),
    "appeal_forwarded": _("Klage: sendt til Statsforvalteren"),
    "home_status_changed": _("Hjemmets status endret"),
}


def _status_labels():
    from applications.models import ApplicationStatus, RespiteStatus
    from placements.models import HomeStatus

    labels = {}
    for choices in (HomeStatus, RespiteStatus, ApplicationStatus):
        labels.update(dict(choices.choices))
    return labels


@register.filter
def action_label(code: str) -> str:
    return ACTIONS.get(code, code)


@register.filter
def status_label(code: str) -> str:
    return _status_labels().get(code, code) if code else ""

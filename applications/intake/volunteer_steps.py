"""The volunteer application's steps and which of them apply to a draft."""

from django.utils.translation import gettext_lazy as _

from applications.models import VolunteerApplication
from besokshjem.tenancy.choices import HomeType
from besokshjem.tenancy.selectors import recruited_home_types

from . import volunteer_forms as forms
from .wizard import REVIEW, Step, Wizard, register

__all__ = ["REVIEW", "STEPS", "VOLUNTEER", "Step"]


STEPS = [
    Step("oppdrag", _("Oppdrag"), forms.HomeTypeForm),
    Step("soker", _("Om deg"), forms.ApplicantForm, intro=_("Oppgi kontaktopplysninger for deg, og for partneren din hvis dere søker sammen.")),
    Step(
        "husstand",
        _("Familie og husstand"),
        forms.HouseholdForm,
        applies=lambda a: a.hosts_children,
        has_formset=True,
        intro=_("Skriv inn alle andre som bor hos deg, også barn. Ikke skriv inn deg selv eller partneren du søker sammen med."),
    ),
    Step("bolig", _("Bolig"), forms.HousingForm, applies=lambda a: a.hosts_children),
    Step(
        "helse",
        _("Helse"),
        forms.HealthForm,
        intro=_(
            "Kommunen må vite at barnet får en trygg og stabil voksen. Opplysningene om helse behandles bare med "
            "samtykket ditt, som du gir på det siste steget."
        ),
    ),
    Step("andre-oppdrag", _("Andre oppdrag"), forms.OtherAssignmentsForm),
    Step("om-dere", _("Interesser og motivasjon"), forms.AboutForm),
    Step("onsker", _("Ønsker"), forms.PreferencesForm),
    Step("praktisk", _("Praktisk"), forms.PracticalForm),
    Step("samtykke", _("Samtykke"), forms.ConsentForm),
]


def _start_initial(request) -> dict:
    wanted = HomeType.from_slug(request.GET.get("type", ""))
    return {"home_types": [wanted] if wanted else []}


VOLUNTEER = register(
    Wizard(
        kind="volunteer",
        model=VolunteerApplication,
        steps=tuple(STEPS),
        url_prefix="",
        title=_("Søknad"),
        receipt_next=_("En saksbehandler går gjennom søknaden og kontakter deg for å avtale en samtale."),
        formset_factory=lambda application, data=None: forms.HouseholdFormSet(data=data, instance=application, prefix="members"),
        start_initial=_start_initial,
        available=lambda municipality: bool(recruited_home_types(municipality=municipality)),
        path_decided_by="home_types",
    )
)

# Shorthands used by tests, the demo data and the views.
steps_for = VOLUNTEER.steps_for
incomplete_steps = VOLUNTEER.incomplete_steps
next_step = VOLUNTEER.next_step
previous_step = VOLUNTEER.previous_step

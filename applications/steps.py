"""The order of the volunteer application's steps and which of them apply to a draft."""

from collections.abc import Callable
from dataclasses import dataclass

from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from . import forms
from .models import VolunteerApplication


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type
    applies: Callable[[VolunteerApplication], bool] = lambda application: True
    has_household: bool = False
    intro: str = ""


STEPS = [
    Step("oppdrag", _("Oppdrag"), forms.HomeTypeForm),
    Step("soker", _("Om deg"), forms.ApplicantForm, intro=_("Oppgi kontaktopplysninger for deg, og for partneren din hvis dere søker sammen.")),
    Step(
        "husstand",
        _("Familie og husstand"),
        forms.HouseholdForm,
        applies=lambda a: a.hosts_children,
        has_household=True,
        intro=_("Skriv opp alle andre som bor i hjemmet, også barn. Du som søker (og partneren din) skal ikke stå her."),
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
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
REVIEW = "oppsummering"


def steps_for(application: VolunteerApplication) -> list[Step]:
    return [step for step in STEPS if step.applies(application)]


def next_step(application: VolunteerApplication, current: str) -> str:
    slugs = [s.slug for s in steps_for(application)]
    if current not in slugs:
        return slugs[0]
    index = slugs.index(current)
    return slugs[index + 1] if index + 1 < len(slugs) else REVIEW


def previous_step(application: VolunteerApplication, current: str) -> str | None:
    slugs = [s.slug for s in steps_for(application)]
    if current == REVIEW:
        return slugs[-1]
    if current not in slugs or slugs.index(current) == 0:
        return None
    return slugs[slugs.index(current) - 1]


def household_formset(application: VolunteerApplication, data=None):
    return forms.HouseholdFormSet(data=data, instance=application, prefix="members")


def _saved_data(step: Step, application: VolunteerApplication) -> dict:
    """The step's saved answers in the shape a bound form expects."""
    form = step.form_class(application=application)
    data = {}
    for name, value in model_to_dict(application, fields=list(form.fields)).items():
        if value is None:
            continue
        data[name] = str(value) if isinstance(value, bool) else value
    return data


def incomplete_steps(application: VolunteerApplication) -> list[Step]:
    """Steps whose saved answers do not (or no longer) validate. Submission needs none."""
    missing = []
    for step in steps_for(application):
        form = step.form_class(data=_saved_data(step, application), application=application)
        if not form.is_valid() or step.slug in application.draft_answers:
            missing.append(step)
    return missing

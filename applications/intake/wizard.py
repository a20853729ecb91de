"""A multi-step application kept as a database draft: the steps, their order, and which apply.

One Wizard per kind of application (volunteer, respite); the views in wizard_views.py serve any of them.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from django.forms.models import model_to_dict
from django.urls import reverse

from besokshjem.core.tokens import RESUME, STATUS, case_token

REVIEW = "oppsummering"


def _always(application) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type
    applies: Callable = _always
    has_formset: bool = False
    has_files: bool = False
    intro: str = ""


@dataclass(frozen=True)
class Wizard:
    kind: str  # "volunteer" or "respite": used in URL names, e-mail templates and tasks
    model: type
    steps: tuple
    url_prefix: str  # URL name prefix inside the "applications" namespace
    title: str
    receipt_next: str  # what happens after the receipt, in words
    formset_factory: Callable | None = None  # (application, data) -> formset, for the step with has_formset
    start_initial: Callable = field(default=lambda request: {})
    available: Callable = field(default=lambda municipality: True)
    # The field (of the first step) whose answer decides which steps follow; "" when every applicant gets the same steps.
    # Until it is answered the number of steps is not known, and the step counter says so rather than guess.
    path_decided_by: str = ""

    # Steps -------------------------------------------------------------------------------------
    def by_slug(self, slug: str) -> Step | None:
        return next((s for s in self.steps if s.slug == slug), None)

    def steps_for(self, application) -> list[Step]:
        return [step for step in self.steps if step.applies(application)]

    def path_known(self, application) -> bool:
        return not self.path_decided_by or bool(getattr(application, self.path_decided_by))

    def path_choices(self, form) -> list[str]:
        """The values the deciding field offers on this form ([] where the form does not ask it)."""
        field = form.fields.get(self.path_decided_by) if self.path_decided_by else None
        return [value for value, _label in field.choices] if field is not None else []

    def with_path(self, application, values) -> object:
        """A copy of the draft (never saved) with `values` as the answer that decides the path: the steps it would get."""
        probe = copy.copy(application)
        setattr(probe, self.path_decided_by, list(values))
        return probe

    def next_step(self, application, current: str) -> str:
        slugs = [s.slug for s in self.steps_for(application)]
        if current not in slugs:
            return slugs[0]
        index = slugs.index(current)
        return slugs[index + 1] if index + 1 < len(slugs) else REVIEW

    def previous_step(self, application, current: str) -> str | None:
        slugs = [s.slug for s in self.steps_for(application)]
        if current == REVIEW:
            return slugs[-1]
        if current not in slugs or slugs.index(current) == 0:
            return None
        return slugs[slugs.index(current) - 1]

    def formset(self, application, data=None):
        return self.formset_factory(application, data) if self.formset_factory else None

    def incomplete_steps(self, application, only: set[str] | None = None) -> list[Step]:
        """Steps whose saved answers do not (or no longer) validate. Submission needs none. `only`: just those steps
        (validating a step's form costs; the progress bar asks only about the steps before the current one)."""
        missing = []
        for step in self.steps_for(application):
            if only is not None and step.slug not in only:
                continue
            form = step.form_class(data=saved_data(step, application), application=application)
            if not form.is_valid() or step.slug in application.draft_answers:
                missing.append(step)
        return missing

    # URLs --------------------------------------------------------------------------------------
    def url_name(self, name: str) -> str:
        return f"applications:{self.url_prefix}{name}"

    def step_url(self, application, slug: str) -> str:
        token = case_token(application, purpose=RESUME)
        if slug == REVIEW:
            return reverse(self.url_name("review"), kwargs={"token": token})
        return reverse(self.url_name("step"), kwargs={"token": token, "step": slug})

    def status_url(self, application) -> str:
        return reverse(self.url_name("status"), kwargs={"token": case_token(application, purpose=STATUS)})

    def resume_url(self, application) -> str:
        return reverse(self.url_name("resume"), kwargs={"token": case_token(application, purpose=RESUME)})


def saved_data(step: Step, application) -> dict:
    """A step's saved answers in the shape a bound form expects."""
    form = step.form_class(application=application)
    data = {}
    for name, value in model_to_dict(application, fields=list(form.fields)).items():
        if value is None:
            continue
        data[name] = str(value) if isinstance(value, bool) else value
    return data


_REGISTRY: dict[str, Wizard] = {}


def register(wizard: Wizard) -> Wizard:
    _REGISTRY[wizard.kind] = wizard
    return wizard


def wizard_for(application_or_kind) -> Wizard:
    if isinstance(application_or_kind, str):
        return _REGISTRY[application_or_kind]
    for wizard in _REGISTRY.values():
        if isinstance(application_or_kind, wizard.model):
            return wizard
    raise LookupError(type(application_or_kind))

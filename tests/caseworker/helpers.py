"""Helpers of the admin tests: URLs, the rows of a changelist, re-posting a change form, bulk actions."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.forms import CheckboxInput
from django.urls import reverse

from applications.intake import services
from applications.intake import volunteer_steps as steps
from applications.models import VolunteerApplication

from ..factories import VolunteerApplicationFactory


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def application_url(application, view="change"):
    return admin_url(VolunteerApplication, view, application.pk)


def application_url_changelist():
    return admin_url(VolunteerApplication, "changelist")


def submit(application):
    """Send an application in the way the wizard does."""
    incomplete = [s.slug for s in steps.incomplete_steps(application)]
    return services.application_submit(application=application, incomplete_steps=incomplete)


def submitted_application(municipality, **fields):
    return submit(VolunteerApplicationFactory(municipality=municipality, **fields))


def result_pks(response):
    return {obj.pk for obj in response.context["cl"].result_list}


def readonly_contents(response, field_name):
    """The rendered value of one read-only field on an admin change page."""
    for fieldset in response.context["adminform"]:
        for line in fieldset:
            for field in line:
                if field.field["field"] == field_name:
                    return str(field.contents())
    raise AssertionError(f"{field_name} is not on the page")


def change_form_data(response):
    """POST data that re-submits an admin change form (and its inlines) as it was rendered."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def post_action(client, action, *applications):
    return client.post(
        admin_url(VolunteerApplication, "changelist"),
        {"action": action, "index": 0, ACTION_CHECKBOX_NAME: [a.pk for a in applications]},
    )

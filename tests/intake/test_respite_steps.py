"""The parent's form for avlastning, step by step: the child's fødselsnummer, the care burden, the services asked for,
and the whole journey to a receipt that carries no health data."""

from datetime import date

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.intake.respite_forms import CareBurdenForm, ChildForm, ServicesForm
from applications.models import RespiteApplication
from besokshjem.core.tokens import STATUS, case_token

from ..factories import synthetic_national_id
from ..respite_helpers import PDF

CHILD = {"child_first_name": "Lille", "child_last_name": "Testbarn", "child_needs": "Trenger mye hjelp"}


def test_synthetic_national_id_is_accepted_and_gives_the_birth_date(parent_draft):
    number = synthetic_national_id(day=15, month=8, year2=16)
    form = ChildForm(data={**CHILD, "child_national_id": number}, application=parent_draft)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["child_birth_date"] == date(2016, 8, 15)


def test_national_id_with_a_wrong_check_digit_is_refused(parent_draft):
    number = synthetic_national_id()
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    form = ChildForm(data={**CHILD, "child_national_id": wrong}, application=parent_draft)
    assert not form.is_valid()
    assert "Fødselsnummeret er ikke gyldig" in form.errors["child_national_id"][0]


def test_synthetic_national_ids_are_refused_where_the_setting_is_off(parent_draft, settings):
    settings.ALLOW_SYNTHETIC_NATIONAL_IDS = False
    form = ChildForm(data={**CHILD, "child_national_id": synthetic_national_id()}, application=parent_draft)
    assert not form.is_valid()


def test_birth_date_must_match_the_national_id(parent_draft):
    form = ChildForm(data={**CHILD, "child_national_id": synthetic_national_id(), "child_birth_date": "2016-08-16"}, application=parent_draft)
    assert not form.is_valid()
    assert "stemmer ikke" in form.errors["child_birth_date"][0]


def test_birth_date_or_national_id_is_required(parent_draft):
    form = ChildForm(data=CHILD, application=parent_draft)
    assert not form.is_valid()
    assert "fødselsdato eller fødselsnummer" in form.errors["child_birth_date"][0]


def test_demanding_care_needs_an_explanation(parent_draft):
    form = CareBurdenForm(data={"care_hours_per_month": "80", "physically_demanding": "True", "psychologically_demanding": "False",
                                "night_care": "False"}, application=parent_draft)
    assert not form.is_valid()
    assert "physically_demanding_details" in form.errors


def test_care_hours_cannot_exceed_a_month(parent_draft):
    form = CareBurdenForm(data={"care_hours_per_month": "800", "physically_demanding": "False", "psychologically_demanding": "False",
                                "night_care": "False"}, application=parent_draft)
    assert not form.is_valid() and "744" in form.errors["care_hours_per_month"][0]


def test_services_ask_how_much(parent_draft):
    form = ServicesForm(data={"services_received": "Ingen", "services_wanted": ["respite_home", "hourly"]}, application=parent_draft)
    assert not form.is_valid()
    assert {"weekends_per_month", "hours_per_month"} <= set(form.errors)


def test_parent_applies_through_every_step_with_a_statement(client, bergen, on_commit):
    start = client.post(reverse("applications:respite_start", args=["bergen"]),
                        {"nonce": "3f1c0b7e-4a51-4c39-9d0a-2f8f7d1f2a11", **CHILD, "child_national_id": synthetic_national_id()})
    assert start.status_code == 302, start.content.decode()[:2000]
    url = start["Location"]
    data = {
        "foresatte": {"guardian_name": "Mona Testforelder", "guardian_relation": "Mor", "guardian_email": "mona@example.no",
                      "guardian_phone": "412 34 500", "guardian_address": "Eksempelgata 2", "guardian_postcode": "5015",
                      "guardian_post_town": "Bergen", "guardian_has_parental_responsibility": "True", "second_guardian": "False"},
        "omsorg": {"care_hours_per_month": "100", "physically_demanding": "False", "psychologically_demanding": "True",
                   "psychologically_demanding_details": "Utagering", "night_care": "False"},
        "tjenester": {"services_received": "Ingen", "services_wanted": ["respite_home"], "weekends_per_month": "2"},
        "vedlegg": {"files": SimpleUploadedFile("uttalelse.pdf", PDF)},
        "plan-og-samtykke": {"individual_plan_wanted": "True", "coordinator_wanted": "False", "consent_obtain_info": "True",
                             "consent_sources": ["school"], "confirm_true": "on"},
    }
    for slug, fields in data.items():
        assert url.endswith(f"/{slug}/"), url
        response = client.post(url, {**fields, "nav": "next"})
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        url = response["Location"]
    assert url.endswith("/oppsummering/")
    assert "uttalelse.pdf" in client.get(url).content.decode()
    with on_commit():
        client.post(url, {"nav": "submit"})
    application = RespiteApplication.objects.get()
    assert application.status == "submitted" and application.reference.startswith("BGO-")
    receipt = next(m for m in mail.outbox if "Kvittering" in m.subject)
    assert "Lille" not in receipt.body and "Utagering" not in receipt.body
    status = client.get(reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)]))
    assert status.status_code == 200 and application.reference in status.content.decode()

"""Parents' applications for avlastning: validation, fødselsnummer, attachments, deadlines, vedtak, appeal, access."""

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications import deadlines, respite_services
from applications.models import Attachment, RespiteApplication
from applications.respite_forms import AttachmentsForm, CareBurdenForm, ChildForm, ServicesForm
from applications.respite_steps import RESPITE
from besokshjem.core.tokens import RESUME, STATUS, make_token

from .factories import RespiteApplicationFactory, synthetic_national_id

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def submit(application, on_commit=None):
    from applications import services

    return services.application_submit(application=application, incomplete_steps=[s.slug for s in RESPITE.incomplete_steps(application)])


@pytest.fixture
def parent_draft(bergen):
    return RespiteApplicationFactory(municipality=bergen)


@pytest.fixture
def received(parent_draft, on_commit):
    with on_commit():
        return submit(parent_draft)


# --- Validation -------------------------------------------------------------------------------------------------

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


# --- Attachments ------------------------------------------------------------------------------------------------

def attach(application, *uploads):
    form = AttachmentsForm(data={}, files={"files": list(uploads)}, application=application)
    return form


def test_a_renamed_executable_is_refused_and_nothing_is_stored(parent_draft, settings):
    exe = SimpleUploadedFile("legeerklaering.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    form = attach(parent_draft, exe)
    assert not form.is_valid()
    assert "ikke en PDF, JPEG eller PNG" in form.errors["files"][0]
    assert Attachment.objects.count() == 0
    assert not (settings.PRIVATE_MEDIA_ROOT / "respite").exists()


def test_an_11_mb_file_is_refused(parent_draft):
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * (11 * 1024 * 1024), content_type="application/pdf")
    form = attach(parent_draft, big)
    assert not form.is_valid() and "10 MB" in form.errors["files"][0]
    assert Attachment.objects.count() == 0


def test_at_most_five_files(parent_draft):
    uploads = [SimpleUploadedFile(f"f{i}.pdf", PDF) for i in range(6)]
    form = attach(parent_draft, *uploads)
    assert not form.is_valid() and "høyst 5" in form.errors["files"][0]


def test_a_pdf_and_a_png_are_stored_privately_with_the_type_from_their_content(parent_draft, settings):
    from applications import services

    form = attach(parent_draft, SimpleUploadedFile("uttalelse.pdf", PDF), SimpleUploadedFile("bilde.jpg", png_bytes()))
    assert form.is_valid(), form.errors
    services.draft_save_step(application=parent_draft, step="vedlegg", form=form)
    types = sorted(a.content_type for a in parent_draft.attachments.all())
    assert types == ["application/pdf", "image/png"]
    for a in parent_draft.attachments.all():
        assert str(settings.PRIVATE_MEDIA_ROOT) in a.file.path
        with pytest.raises(ValueError):
            a.file.url  # noqa: B018 - private files have no URL


# --- Deadlines --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),
    ],
)
def test_one_month_decision_deadline_across_month_ends(received, deadline):
    assert deadlines.decision_deadline(received) == deadline


def test_deadline_uses_the_oslo_date_of_receipt():
    # 23:30 UTC on 31 January is already 1 February in Oslo.
    moment = timezone.make_aware(datetime(2026, 1, 31, 23, 30), timezone=timezone.get_fixed_timezone(0))
    assert deadlines.decision_deadline(moment) == date(2026, 3, 1)


def test_interim_reply_flag_rises_only_after_the_month_without_decision_or_reply():
    received = date(2026, 1, 31)
    assert not deadlines.needs_interim_reply(received=received, decided=False, interim_sent=False, today=date(2026, 2, 28))
    assert deadlines.needs_interim_reply(received=received, decided=False, interim_sent=False, today=date(2026, 3, 1))
    assert not deadlines.needs_interim_reply(received=received, decided=False, interim_sent=True, today=date(2026, 3, 1))
    assert not deadlines.needs_interim_reply(received=received, decided=True, interim_sent=False, today=date(2026, 3, 1))


def test_four_week_appeal_deadline():
    assert deadlines.appeal_deadline(date(2026, 11, 25), 4) == date(2026, 12, 23)


def test_admin_list_flags_cases_past_one_month(client, bergen, bergen_caseworker, on_commit):
    with time_machine.travel(datetime(2026, 1, 31, 12, tzinfo=timezone.get_current_timezone())):
        old = submit(RespiteApplicationFactory(municipality=bergen))
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=timezone.get_current_timezone())):
        client.force_login(bergen_caseworker)
        html = client.get(reverse("admin:applications_respiteapplication_changelist") + "?deadline=overdue").content.decode()
        assert old.reference in html and "send foreløpig svar" in html


# --- The parent's journey ---------------------------------------------------------------------------------------

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
    status = client.get(reverse("applications:respite_status", args=[make_token(key=application.access_key, purpose=STATUS)]))
    assert status.status_code == 200 and application.reference in status.content.decode()


# --- Interim reply, vedtak, appeal ------------------------------------------------------------------------------

def test_interim_reply_needs_reason_and_date_and_shows_on_the_status_page(client, received, bergen_caseworker, on_commit):
    with pytest.raises(ValidationError) as exc:
        respite_services.interim_reply_send(application=received, reason="", expected_decision_date=None, by=bergen_caseworker)
    assert {"reason", "expected_decision_date"} <= set(exc.value.message_dict)
    mail.outbox.clear()
    with on_commit():
        respite_services.interim_reply_send(application=received, reason="Vi venter på uttalelse fra skolen",
                                            expected_decision_date=timezone.localdate() + timedelta(days=20), by=bergen_caseworker)
    [notice] = mail.outbox
    assert "skolen" not in notice.body and "/avlastning/status/" in notice.body
    html = client.get(reverse("applications:respite_status", args=[make_token(key=received.access_key, purpose=STATUS)])).content.decode()
    assert "Foreløpig svar" in html and "Vi venter på uttalelse fra skolen" in html


DECISION = {
    "outcome": "granted", "service_type": "respite_home", "scope": "2 helger per måned",
    "reasons": "Omsorgsarbeidet er særlig tyngende, særlig om natten.",
    "best_interests": "Barnet trives med faste rammer; avlastningshjem gir forutsigbarhet.",
    "child_views": "Barnet har sagt at det gleder seg til å bli kjent med en ny familie.",
}


def decide(application, caseworker, **changes):
    return respite_services.decision_make(application=application, by=caseworker,
                                          period_from=timezone.localdate(), **{**DECISION, **changes})


@pytest.mark.parametrize("missing", ["reasons", "best_interests", "child_views"])
def test_decision_requires_reasons_and_the_childs_best_interests_and_views(received, bergen_caseworker, missing):
    with pytest.raises(ValidationError) as exc:
        decide(received, bergen_caseworker, **{missing: ""})
    assert missing in exc.value.message_dict


def test_a_grant_needs_service_scope_and_period(received, bergen_caseworker):
    with pytest.raises(ValidationError) as exc:
        respite_services.decision_make(application=received, by=bergen_caseworker, **{**DECISION, "service_type": "", "scope": ""})
    assert {"service_type", "scope", "period_from"} <= set(exc.value.message_dict)


def test_decision_pdf_is_a_real_pdf_with_outcome_reasons_and_appeal_information(client, received, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with on_commit():
        decision = decide(received, bergen_caseworker)
    [notice] = mail.outbox
    assert "Innvilget" not in notice.body and "tyngende" not in notice.body
    token = make_token(key=received.access_key, purpose=STATUS)
    response = client.get(reverse("applications:respite_letter_pdf", args=[token, decision.pk]))
    assert response.content.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Innvilget", "2 helger per måned", "særlig tyngende", "Barnets beste", "Du kan klage", "4 uker",
                     "Statsforvalteren", "helse- og omsorgstjenesteloven § 3-6", "7-2", "dokumentene", "Bergen"):
        assert expected in text, expected
    html = client.get(reverse("applications:respite_letter", args=[token, decision.pk])).content.decode()
    assert "Barnets egne synspunkter" in html


def test_granted_decision_is_awaiting_delivery_until_the_service_starts(received, bergen_caseworker):
    from applications.selectors import awaiting_delivery

    decision = decide(received, bergen_caseworker)
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        [(waiting, days)] = awaiting_delivery(user=bergen_caseworker)
        assert waiting == decision and days == 10
    respite_services.decision_mark_delivered(decision=decision, by=bergen_caseworker)
    assert awaiting_delivery(user=bergen_caseworker) == []


def test_parent_appeals_within_the_deadline_and_the_kommune_forwards_it(client, received, bergen_caseworker):
    decision = decide(received, bergen_caseworker, outcome="rejected", service_type="", scope="")
    token = make_token(key=received.access_key, purpose=STATUS)
    response = client.post(reverse("applications:respite_appeal", args=[token]), {"text": "Vi trenger mer hjelp om natten."})
    assert response.status_code == 302
    appeal = decision.appeals.get()
    assert appeal.status == "lodged"
    with pytest.raises(ValidationError):
        respite_services.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="")
    respite_services.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="Vedtaket opprettholdes.")
    appeal.refresh_from_db()
    assert appeal.status == "forwarded"


def test_reversing_an_appeal_reopens_the_case(received, bergen_caseworker):
    decision = decide(received, bergen_caseworker, outcome="rejected", service_type="", scope="")
    appeal = respite_services.appeal_lodge(decision=decision, text="Klage")
    respite_services.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=True, note="Ny vurdering gir innvilgelse.")
    received.refresh_from_db()
    decision.refresh_from_db()
    assert received.status == "in_review" and decision.reversed_at is not None


def test_appeal_after_four_weeks_is_refused(received, bergen_caseworker):
    decision = decide(received, bergen_caseworker, outcome="rejected", service_type="", scope="")
    deadline = respite_services.appeal_deadline_for(decision)
    with time_machine.travel(datetime.combine(deadline, datetime.min.time()).replace(hour=12, tzinfo=timezone.get_current_timezone())):
        assert respite_services.appeal_lodge(decision=decision, text="Siste dag").pk
    decision.appeals.all().delete()
    with time_machine.travel(datetime.combine(deadline + timedelta(days=1), datetime.min.time()).replace(hour=12, tzinfo=timezone.get_current_timezone())):
        with pytest.raises(ValidationError, match="Klagefristen gikk ut"):
            respite_services.appeal_lodge(decision=decision, text="For sent")


# --- Access -----------------------------------------------------------------------------------------------------

@pytest.fixture
def decided_with_attachment(received, bergen_caseworker):
    respite_services.attachment_add(application=received, upload=SimpleUploadedFile("uttalelse.pdf", PDF))
    decision = decide(received, bergen_caseworker)
    return received, received.attachments.get(), decision


def test_attachments_are_only_for_the_kommunes_caseworkers(client, decided_with_attachment, bergen_caseworker, lillestrom_caseworker):
    application, attachment, _decision = decided_with_attachment
    url = reverse("caseworker_respite_attachment", args=[application.pk, attachment.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(lillestrom_caseworker)
    assert client.get(url).status_code == 404
    client.force_login(bergen_caseworker)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")


def test_letters_are_404_for_a_wrong_token_and_another_kommunes_caseworker(client, decided_with_attachment, lillestrom_caseworker):
    application, _attachment, decision = decided_with_attachment
    token = make_token(key=application.access_key, purpose=STATUS)
    for bad in (token[:-2] + "xx", make_token(key=application.access_key, purpose=RESUME), "nonsense"):
        assert client.get(reverse("applications:respite_letter_pdf", args=[bad, decision.pk])).status_code == 404
        assert client.get(reverse("applications:respite_letter", args=[bad, decision.pk])).status_code == 404
    client.force_login(lillestrom_caseworker)
    assert client.get(reverse("caseworker_respite_letter_pdf", args=[application.pk, decision.pk])).status_code == 404
    assert client.get(reverse("caseworker_respite_case", args=[application.pk])).status_code == 404

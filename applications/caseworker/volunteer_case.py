"""The case page of a volunteer application: the approval checklist and every action on it, one Action each.

Thin: an Action parses its form and calls one service. Every lookup is scoped to the caseworker's kommuner
(another kommune's case is a 404).
"""

from django.contrib import admin
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.models import ApplicationStatus, MeetingKind, MeetingStatus
from applications.volunteer import checklist as rules
from applications.volunteer import services
from applications.volunteer.selectors import CHECKLIST_PREFETCH, applications_visible_to, purpose_confirmation_pdf
from besokshjem.audit.models import AccessKind
from besokshjem.audit.selectors import access_entries_shown_to, audit_entries_for
from besokshjem.audit.services import access_record
from besokshjem.core.http import pdf_response
from besokshjem.outbox.selectors import messages_for
from placements import selectors as placement_selectors
from placements import services as placement_services
from placements.selectors import agreement_pdf, current_agreement, current_agreements

from .actions import (
    Action,
    archive_action,
    dispatch,
    disqualification_context,
    disqualify_action,
    link_context,
    link_revoke_action,
)
from .forms import (
    AgreementsForm,
    AgreementSignForm,
    AssignForm,
    AttestAssessForm,
    AttestForm,
    MeetingHeldForm,
    MeetingScheduleForm,
    MemberBirthDateForm,
    PurposeConfirmationForm,
    RejectForm,
)


def _case(request, pk):
    return get_object_or_404(applications_visible_to(user=request.user).prefetch_related(*CHECKLIST_PREFETCH), pk=pk)


def _url(application) -> str:
    return reverse("caseworker:case", args=[application.pk])


def _forms(application, people) -> dict:
    municipality = application.municipality
    return {
        "schedule": MeetingScheduleForm(municipality=municipality, initial={"kind": MeetingKind.INTERVIEW}, auto_id="id_schedule_%s"),
        "purpose": PurposeConfirmationForm(people=people, auto_id="id_purpose_%s"),
        "attest": AttestForm(people=people, keeps_copies=municipality.keeps_attest_copies, auto_id="id_attest_%s"),
        "agreements": AgreementsForm(initial={"start_date": timezone.localdate()}, auto_id="id_agreements_%s"),
        "reject": RejectForm(auto_id="id_reject_%s"),
        "assign": AssignForm(municipality=municipality, initial={"caseworker": application.assigned_to_id}, auto_id="id_assign_%s"),
    }


def _held_forms(meetings, bound=None):
    bound_pk = bound.data.get("meeting") if bound is not None else None
    return [
        (m, bound if bound_pk == str(m.pk) else MeetingHeldForm(initial={"meeting": m.pk}, auto_id=f"id_m{m.pk}_%s"))
        for m in meetings
        if m.status == MeetingStatus.SCHEDULED
    ]


def _row_forms(rows, form_class, key: str, bound=None, prefix: str = ""):
    """A form per row (an attest to assess, a birth date to record); the bound one where a post was refused."""
    bound_pk = bound.data.get(key) if bound is not None else None
    return [
        (row, bound if bound_pk == str(row.pk) else form_class(initial={key: row.pk}, auto_id=f"id_{prefix}{row.pk}_%s"))
        for row in rows
    ]


def render_case(request, application, bound=None, status=200):
    bound = bound or {}
    people = rules.attest_people(application)
    meetings = list(application.meetings.all())
    confirmations = list(application.purpose_confirmations.select_related("issued_by"))
    agreements = list(application.agreements.all())
    certificates = list(application.police_certificates.all())
    estimated = [m for m in application.household_members.all() if m.birth_date_estimated]
    context = {
        **admin.site.each_context(request),
        "title": _("Saksbehandling: %(ref)s") % {"ref": application.reference},
        "application": application,
        "checklist": rules.checklist(application),
        "people": people,
        "certificates": certificates,
        "assess_forms": _row_forms([c for c in certificates if c.outcome == "remarks"], AttestAssessForm, "certificate",
                                   bound.get("assess"), prefix="assess"),
        "birth_date_forms": _row_forms(estimated, MemberBirthDateForm, "member", bound.get("birth_date"), prefix="member"),
        "confirmations": confirmations,
        "meetings": meetings,
        "held_forms": _held_forms(meetings, bound.get("held")),
        "signatures": list(application.declaration_signatures.select_related("text")),
        "declaration_text": rules.current_declaration_text(),
        "agreements": current_agreements(application=application),
        "planned_agreements": [
            rules.agreement_label(p.kind, p.home_type, dict(p.parties).get(p.person_key, ""))
            for p in placement_selectors.agreement_plan(application)
        ],
        "entries": audit_entries_for(target=application),
        "accesses": access_entries_shown_to(user=request.user, target=application),
        "reminders": messages_for(targets=[application, *meetings, *confirmations, *agreements]),
        "forms": {**_forms(application, people), **{k: v for k, v in bound.items() if k not in ("held", "assess", "birth_date", "link")}},
        "is_open": application.status in services.OPEN,
        "in_review": application.status == ApplicationStatus.IN_REVIEW,
        **disqualification_context(application, bound),
        **link_context(application, bound),
        "change_url": reverse("admin:applications_volunteerapplication_change", args=[application.pk]),
    }
    return render(request, "admin/applications/case.html", context, status=status)


def _meeting(application, pk):
    return get_object_or_404(application.meetings.all(), pk=pk)


def _agreement(application, pk):
    agreement = current_agreement(application=application, pk=pk)
    if agreement is None:
        raise Http404
    return agreement


def _certificate(application, pk):
    return get_object_or_404(application.police_certificates.all(), pk=pk)


def _member(application, pk):
    return get_object_or_404(application.household_members.all(), pk=pk)


ACTIONS = {
    "disqualify": disqualify_action(),
    "revoke_link": link_revoke_action(),
    "archive": archive_action(),
    "schedule": Action(
        form=lambda r, a: MeetingScheduleForm(r.POST, municipality=a.municipality, auto_id="id_schedule_%s"), slot="schedule",
        run=lambda r, a, data: services.meeting_schedule(application=a, by=r.user, **data),
        done=gettext_lazy("Avtalen er lagt inn, og søkeren har fått invitasjon på e-post."),
    ),
    "held": Action(
        form=lambda r, a: MeetingHeldForm(r.POST, auto_id=f"id_m{r.POST.get('meeting', '')}_%s"), slot="held",
        run=lambda r, a, data: services.meeting_mark_held(
            meeting=_meeting(a, data["meeting"]), by=r.user, **{k: v for k, v in data.items() if k != "meeting"}),
        done=gettext_lazy("Markert som gjennomført."),
    ),
    "cancel": Action(
        run=lambda r, a, data: services.meeting_cancel(meeting=_meeting(a, r.POST.get("meeting")), by=r.user),
        done=gettext_lazy("Avtalen er avlyst."),
    ),
    "purpose": Action(
        form=lambda r, a: PurposeConfirmationForm(r.POST, people=rules.attest_people(a), auto_id="id_purpose_%s"), slot="purpose",
        run=lambda r, a, data: services.purpose_confirmation_issue(
            application=a, person_key=data["person_key"], home_type=data["home_type"], by=r.user),
        done=gettext_lazy("Formålsbekreftelsen er laget. Søkeren kan laste den ned fra statussiden."),
    ),
    "attest": Action(
        form=lambda r, a: AttestForm(r.POST, r.FILES, people=rules.attest_people(a),
                                     keeps_copies=a.municipality.keeps_attest_copies, auto_id="id_attest_%s"),
        slot="attest",
        run=lambda r, a, data: services.police_certificate_register(application=a, by=r.user, **data),
        done=gettext_lazy("Politiattesten er registrert."),
    ),
    "assess": Action(
        form=lambda r, a: AttestAssessForm(r.POST, auto_id=f"id_assess{r.POST.get('certificate', '')}_%s"), slot="assess",
        run=lambda r, a, data: services.police_certificate_assess(
            certificate=_certificate(a, data["certificate"]), acceptable=data["acceptable"], assessment=data["assessment"], by=r.user),
        done=gettext_lazy("Vurderingen av merknadene er registrert."),
    ),
    "birth_date": Action(
        form=lambda r, a: MemberBirthDateForm(r.POST, auto_id=f"id_member{r.POST.get('member', '')}_%s"), slot="birth_date",
        run=lambda r, a, data: services.household_member_birth_date_record(
            member=_member(a, data["member"]), birth_date=data["birth_date"], by=r.user),
        done=gettext_lazy("Fødselsdatoen er registrert."),
    ),
    "agreement_generate": Action(
        form=lambda r, a: AgreementsForm(r.POST, auto_id="id_agreements_%s"), slot="agreements",
        run=lambda r, a, data: services.agreements_generate(application=a, by=r.user, **data),
        done=gettext_lazy("Avtale laget for hvert oppdrag. Søkerne leser og signerer på statussiden."),
    ),
    "agreement_sign": Action(
        form=lambda r, a: AgreementSignForm(r.POST),
        run=lambda r, a, data: placement_services.agreement_sign_caseworker(agreement=_agreement(a, data["agreement"]), by=r.user),
        done=gettext_lazy("Du har signert avtalen for kommunen."),
    ),
    "take": Action(
        run=lambda r, a, data: services.application_change_status(application=a, to_status=ApplicationStatus.IN_REVIEW, by=r.user),
        done=gettext_lazy("Saken er tatt til behandling."),
    ),
    "assign": Action(
        form=lambda r, a: AssignForm(r.POST, municipality=a.municipality, auto_id="id_assign_%s"), slot="assign",
        run=lambda r, a, data: services.application_assign(application=a, caseworker=data["caseworker"], by=r.user),
        done=gettext_lazy("Saken er tildelt."),
    ),
    "approve": Action(
        run=lambda r, a, data: services.application_approve(application=a, by=r.user),
        done=gettext_lazy("Hjemmet er godkjent og ligger nå blant godkjente hjem."),
        refused=gettext_lazy("Kan ikke godkjenne ennå: %(errors)s"),
    ),
    "reject": Action(
        form=lambda r, a: RejectForm(r.POST, auto_id="id_reject_%s"), slot="reject",
        run=lambda r, a, data: services.application_reject(application=a, by=r.user, reason=data["reason"]),
        done=gettext_lazy("Søknaden er avslått. Søkeren har fått beskjed."),
    ),
}


@require_http_methods(["GET", "POST"])
def case(request, pk):
    application = _case(request, pk)
    if request.method == "GET":
        access_record(request, target=application, what=AccessKind.CASE_PAGE)
        return render_case(request, application)
    return dispatch(request, application, actions=ACTIONS, render_page=render_case, url=_url(application))


def agreement_download(request, pk, agreement_pk):
    application = _case(request, pk)
    agreement = _agreement(application, agreement_pk)
    access_record(request, target=application, what=AccessKind.DOWNLOAD)
    return pdf_response(agreement_pdf(agreement=agreement), f"avtale-{application.reference}-{agreement.pk}.pdf")


def purpose_confirmation_download(request, pk, confirmation_pk):
    application = _case(request, pk)
    confirmation = get_object_or_404(application.purpose_confirmations.select_related("issued_by"), pk=confirmation_pk)
    access_record(request, target=application, what=AccessKind.DOWNLOAD)
    return pdf_response(purpose_confirmation_pdf(confirmation=confirmation), f"formalsbekreftelse-{confirmation.pk}.pdf")

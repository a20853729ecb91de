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
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from applications.models import ApplicationStatus, MeetingKind, MeetingStatus
from applications.volunteer import checklist as rules
from applications.volunteer import services
from applications.volunteer.emails import declaration_recipients
from applications.volunteer.selectors import (
    CHECKLIST_PREFETCH,
    applications_visible_to,
    next_free_slot,
    purpose_confirmation_pdf,
)
from besokshjem.audit.models import AccessKind
from besokshjem.audit.selectors import access_entries_shown_to, audit_entries_for
from besokshjem.audit.services import access_record
from besokshjem.core.http import pdf_response
from besokshjem.outbox.selectors import messages_for
from placements import services as placement_services
from placements.selectors import agreement_pdf, current_agreement, current_agreements

from .actions import (
    Action,
    archive_action,
    assigned,
    dispatch,
    disqualification_context,
    disqualify_action,
    link_context,
    link_revoke_action,
    taken,
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


def _forms(request, application, people, action) -> dict:
    """The case page's forms, pre-filled: the assigned caseworker (or you, where no one is), the next free time for a
    meeting, the attest type the person's role requires, and whatever the next action fills in."""
    municipality = application.municipality
    next_initial = action.initial if action else {}
    caseworker = application.assigned_to_id or request.user.pk  # not a member: not among the choices, so nothing is picked
    schedule = {"kind": MeetingKind.INTERVIEW, "caseworker": caseworker}
    if application.status == ApplicationStatus.IN_REVIEW:
        slot = next_free_slot(caseworker_id=caseworker)
        schedule["starts_at"] = timezone.localtime(slot).strftime("%Y-%m-%dT%H:%M") if slot else None
    attest = {}
    if people:
        attest = {"person_key": people[0].key, "attest_type": people[0].required[0] if people[0].required else None}
    initial = {"schedule": schedule, "attest": attest, "purpose": {}, "agreement_generate": {"start_date": timezone.localdate()}}
    if action and action.key in initial:
        initial[action.key] = {**initial[action.key], **next_initial}
    return {
        "schedule": MeetingScheduleForm(municipality=municipality, initial=initial["schedule"], auto_id="id_schedule_%s"),
        "purpose": PurposeConfirmationForm(people=people, initial=initial["purpose"], auto_id="id_purpose_%s"),
        "attest": AttestForm(people=people, keeps_copies=municipality.keeps_attest_copies, initial=initial["attest"], auto_id="id_attest_%s"),
        "agreements": AgreementsForm(initial=initial["agreement_generate"], auto_id="id_agreements_%s"),
        "reject": RejectForm(auto_id="id_reject_%s"),
        "assign": AssignForm(municipality=municipality, initial={"caseworker": caseworker}, auto_id="id_assign_%s"),
    }


def _held_forms(meetings, bound=None):
    bound_pk = bound.data.get("meeting") if bound is not None else None
    return [
        (m, bound if bound_pk == str(m.pk) else MeetingHeldForm(initial={"meeting": m.pk}, kind=m.kind, auto_id=f"id_m{m.pk}_%s"))
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


#: Where the form of each next action is on the page: (the forms' key, the row forms' list and the field naming the row).
NEXT_FORM = {
    "assign": ("assign", None, None), "schedule": ("schedule", None, None), "purpose": ("purpose", None, None),
    "attest": ("attest", None, None), "agreement_generate": ("agreements", None, None), "reject": ("reject", None, None),
    "held": (None, "held_forms", "meeting"), "assess": (None, "assess_forms", "certificate"),
    "birth_date": (None, "birth_date_forms", "member"),
}
#: Which folded section of the page holds each action's form (opened when a post of it was refused).
SECTION_OF = {
    "assign": "assign", "reject": "assign", "disqualify": "assign", "link": "history",
    "schedule": "meetings", "held": "meetings",
    "purpose": "attests", "attest": "attests", "assess": "attests", "birth_date": "attests",
    "agreements": "agreements",
}


def _open_section(bound, next_form) -> str:
    """A refused post opens the folded section its form is in, so that its errors are in sight (none when the form is
    the next action's, on top)."""
    return next((SECTION_OF.get(key, "") for key, form in bound.items() if form is not next_form), "")


def _next_form(action, context):
    """The form of the next action (already pre-filled among the page's forms), and the row it is about (a meeting to
    mark held, an attest to assess, a member's birth date): that row's form is shown on top, not again below."""
    if action is None or action.key not in NEXT_FORM:
        return None, None
    slot, rows, field = NEXT_FORM[action.key]
    if slot:
        return context["forms"][slot], None
    target = action.initial.get(field)
    return next((form for row, form in context[rows] if row.pk == target), None), target


def render_case(request, application, bound=None, status=200):
    bound = bound or {}
    result = rules.checklist(application)
    people = result.people
    action = rules.next_action(application, result)
    meetings = list(application.meetings.all())
    confirmations = list(application.purpose_confirmations.select_related("issued_by"))
    agreements = list(application.agreements.all())
    certificates = list(application.police_certificates.all())
    estimated = [m for m in application.household_members.all() if m.birth_date_estimated]
    context = {
        **admin.site.each_context(request),
        "title": _("Saksbehandling: %(ref)s") % {"ref": application.reference},
        "application": application,
        "checklist": result,
        "next": action,
        "people": people,
        "certificates": certificates,
        "assess_forms": _row_forms([c for c in certificates if c.outcome == "remarks"], AttestAssessForm, "certificate",
                                   bound.get("assess"), prefix="assess"),
        "birth_date_forms": _row_forms(estimated, MemberBirthDateForm, "member", bound.get("birth_date"), prefix="member"),
        "confirmations": confirmations,
        "meetings": meetings,
        "held_forms": _held_forms(meetings, bound.get("held")),
        "signatures": list(application.declaration_signatures.select_related("text")),
        "declaration_text": result.declaration_text,
        "agreements": current_agreements(application=application),
        "planned_agreements": [
            rules.agreement_label(p.kind, p.home_type, dict(p.parties).get(p.person_key, "")) for p in result.plan
        ],
        "entries": audit_entries_for(target=application),
        "accesses": access_entries_shown_to(user=request.user, target=application),
        "reminders": messages_for(targets=[application, *meetings, *confirmations, *agreements]),
        "forms": {**_forms(request, application, people, action),
                  **{k: v for k, v in bound.items() if k not in ("held", "assess", "birth_date", "link")}},
        "is_open": application.status in services.OPEN,
        "in_review": application.status == ApplicationStatus.IN_REVIEW,
        **disqualification_context(application, bound),
        **link_context(application, bound),
        "change_url": reverse("admin:applications_volunteerapplication_change", args=[application.pk]),
    }
    context["next_form"], context["next_target"] = _next_form(action, context)
    context["open_section"] = _open_section(bound, context["next_form"])
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


def _meeting_kind(request, application) -> str:
    """The kind of the meeting a post is about, from the case's meetings (an unknown one is a 404 when the service runs)."""
    return next((m.kind for m in application.meetings.all() if str(m.pk) == request.POST.get("meeting")), MeetingKind.INTERVIEW)


def _scheduled(application, meeting) -> str:
    words = rules.meeting_words(meeting)
    if services.meeting_is_ahead(meeting):
        return _("%(meeting)s er avtalt. Invitasjon sendt til %(email)s.") % {"meeting": words, "email": application.email}
    return _("%(meeting)s er registrert uten invitasjon, fordi tidspunktet har passert. Registrer den som gjennomført.") % {
        "meeting": words}


def _cancelled(application, meeting) -> str:
    if services.meeting_is_ahead(meeting):
        return _("%(meeting)s er avlyst. Melding sendt til %(email)s.") % {"meeting": rules.meeting_words(meeting), "email": application.email}
    return _("%(meeting)s er avlyst.") % {"meeting": rules.meeting_words(meeting)}


def _agreements_made(application, agreements) -> str:
    labels = ", ".join(rules.agreement_label(a.kind, a.home_type, ", ".join(p.name for p in a.parties.all()) if a.person_key else "")
                       for a in agreements)
    return ngettext("Laget: %(labels)s. Søkerne leser og signerer på statussiden.",
                    "Laget %(n)s avtaler: %(labels)s. Søkerne leser og signerer på statussiden.", len(agreements)) % {
        "n": len(agreements), "labels": labels}


ACTIONS = {
    "disqualify": disqualify_action(),
    "revoke_link": link_revoke_action(),
    "archive": archive_action(),
    "schedule": Action(
        form=lambda r, a: MeetingScheduleForm(r.POST, municipality=a.municipality, auto_id="id_schedule_%s"), slot="schedule",
        run=lambda r, a, data: services.meeting_schedule(application=a, by=r.user, **data),
        done=_scheduled,
    ),
    "held": Action(
        form=lambda r, a: MeetingHeldForm(r.POST, kind=_meeting_kind(r, a), auto_id=f"id_m{r.POST.get('meeting', '')}_%s"), slot="held",
        run=lambda r, a, data: services.meeting_mark_held(
            meeting=_meeting(a, data["meeting"]), by=r.user, **{k: v for k, v in data.items() if k != "meeting"}),
        done=lambda a, meeting: _("%(meeting)s er registrert som gjennomført.") % {"meeting": rules.meeting_words(meeting)},
    ),
    "cancel": Action(
        run=lambda r, a, data: services.meeting_cancel(meeting=_meeting(a, r.POST.get("meeting")), by=r.user),
        done=_cancelled,
    ),
    "purpose": Action(
        form=lambda r, a: PurposeConfirmationForm(r.POST, people=rules.attest_people(a), auto_id="id_purpose_%s"), slot="purpose",
        run=lambda r, a, data: services.purpose_confirmation_issue(
            application=a, person_key=data["person_key"], home_type=data["home_type"], by=r.user),
        done=lambda a, c: _("Formålsbekreftelse laget for %(name)s (%(role)s). Melding sendt til %(email)s; den lastes ned fra statussiden.") % {
            "name": c.person_name, "role": c.get_home_type_display().lower(), "email": a.email},
    ),
    "attest": Action(
        form=lambda r, a: AttestForm(r.POST, r.FILES, people=rules.attest_people(a),
                                     keeps_copies=a.municipality.keeps_attest_copies, auto_id="id_attest_%s"),
        slot="attest",
        run=lambda r, a, data: services.police_certificate_register(application=a, by=r.user, **data),
        done=lambda a, c: _("Politiattest registrert for %(name)s (%(type)s).") % {"name": c.person_name, "type": c.get_attest_type_display().lower()},
    ),
    "assess": Action(
        form=lambda r, a: AttestAssessForm(r.POST, auto_id=f"id_assess{r.POST.get('certificate', '')}_%s"), slot="assess",
        run=lambda r, a, data: services.police_certificate_assess(
            certificate=_certificate(a, data["certificate"]), acceptable=data["acceptable"], assessment=data["assessment"], by=r.user),
        done=lambda a, c: _("Vurderingen av merknadene på politiattesten til %(name)s er registrert.") % {"name": c.person_name},
    ),
    "birth_date": Action(
        form=lambda r, a: MemberBirthDateForm(r.POST, auto_id=f"id_member{r.POST.get('member', '')}_%s"), slot="birth_date",
        run=lambda r, a, data: services.household_member_birth_date_record(
            member=_member(a, data["member"]), birth_date=data["birth_date"], by=r.user),
        done=lambda a, m: _("Fødselsdatoen til %(name)s er registrert.") % {"name": m.name},
    ),
    "declaration_request": Action(
        run=lambda r, a, data: services.declaration_request(application=a, by=r.user),
        done=lambda a, asked: _("Søkerne er bedt om å signere taushetserklæringen. E-post sendt til %(email)s.") % {
            "email": ", ".join(declaration_recipients(a))} if asked else
        _("Søkerne var allerede bedt om å signere taushetserklæringen. Ingen ny e-post er sendt."),
    ),
    "agreement_generate": Action(
        form=lambda r, a: AgreementsForm(r.POST, auto_id="id_agreements_%s"), slot="agreements",
        run=lambda r, a, data: services.agreements_generate(application=a, by=r.user, **data),
        done=_agreements_made,
    ),
    "agreement_sign": Action(
        form=lambda r, a: AgreementSignForm(r.POST),
        run=lambda r, a, data: placement_services.agreement_sign_caseworker(agreement=_agreement(a, data["agreement"]), by=r.user),
        done=lambda a, ag: _("Du har signert %(agreement)s for kommunen.") % {"agreement": rules.agreement_label(ag.kind, ag.home_type).lower()},
    ),
    "take": Action(
        run=lambda r, a, data: services.application_change_status(application=a, to_status=ApplicationStatus.IN_REVIEW, by=r.user),
        done=taken,
    ),
    "assign": Action(
        form=lambda r, a: AssignForm(r.POST, municipality=a.municipality, auto_id="id_assign_%s"), slot="assign",
        run=lambda r, a, data: services.application_assign(application=a, caseworker=data["caseworker"], by=r.user),
        done=assigned,
    ),
    "approve": Action(
        run=lambda r, a, data: services.application_approve(application=a, by=r.user),
        done=lambda a, home: _("Hjemmet er godkjent og ligger nå blant godkjente hjem. Melding sendt til %(email)s.") % {"email": a.email},
        refused=gettext_lazy("Kan ikke godkjenne ennå: %(errors)s"),
    ),
    "reject": Action(
        form=lambda r, a: RejectForm(r.POST, auto_id="id_reject_%s"), slot="reject",
        run=lambda r, a, data: services.application_reject(application=a, by=r.user, reason=data["reason"]),
        done=lambda a, result: _("Søknaden er avslått. Melding sendt til %(email)s; begrunnelsen står på statussiden.") % {"email": a.email},
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

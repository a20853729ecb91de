"""A child's need in the caseworker workspace: from a granted vedtak to a child in an approved home.

The page shows what the vedtak grants, the homes that could take the child (best first, each with why it fits and
what does not), the proposals and their answers, the first meeting, and the placement with its coming dates. Every
action is one Action (form + service), as on the case pages.
"""

from datetime import timedelta

from django.contrib import admin
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.placing import services as placing
from besokshjem.audit.models import AccessKind
from besokshjem.audit.selectors import audit_entries_for
from besokshjem.audit.services import access_record
from besokshjem.core.http import pdf_response
from placements import services as placements
from placements.assignment import assignment_agreement_pdf
from placements.followups import follow_up_record
from placements.homes import placement_reference
from placements.matching import age_on, suggestions_for
from placements.models import ApprovedHome, FollowUp, Need
from placements.selectors import need_delivered_at, needs_visible_to, placement_dates, sibling_needs

from .actions import Action, dispatch
from .forms import (
    CancelDateForm,
    EndPlacementForm,
    ExtraDateForm,
    FirstMeetingForm,
    FollowUpForm,
    NeedSummaryForm,
    PlacementForm,
    ProposalWithdrawForm,
    ProposeForm,
    SiblingsForm,
)

#: How far ahead the page lists a placement's dates.
DATES_AHEAD = timedelta(days=92)


def _need(request, pk):
    return get_object_or_404(needs_visible_to(user=request.user).select_related("decision"), pk=pk)


def needs_visible_to_municipality(need):
    return Need.objects.filter(municipality=need.municipality, decision__reversed_at__isnull=True)


def _url(need) -> str:
    return reverse("caseworker:need", args=[need.pk])


def case_url(decision) -> str:
    if decision.application_id:
        return reverse("caseworker:respite_case", args=[decision.application_id])
    return reverse("caseworker:child_welfare_case", args=[decision.child_welfare_case_id])


def _posted(bound, slot, key, pk):
    form = (bound or {}).get(slot)
    return form if form is not None and form.data.get(key) == str(pk) else None


def _sibling_candidates(need):
    """Needs that could be grouped with this one: the same kommune and service, none grouped, proposed or placed."""
    if need.sibling_group or need.proposals.exists() or need.placements.exists():
        return Need.objects.none()
    return (needs_visible_to_municipality(need).filter(service_type=need.service_type, sibling_group__isnull=True,
                                                      proposals__isnull=True, placements__isnull=True)
            .exclude(pk=need.pk).select_related("decision__application", "decision__child_welfare_case"))


def render_need(request, need, bound=None, status=200):
    bound = bound or {}
    today = timezone.localdate()
    case = need.decision.case
    proposals = list(need.proposals.select_related("home").order_by("-proposed_at"))
    placements_ = list(need.placements.select_related("home").prefetch_related("exceptions", "follow_ups").order_by("-start_date"))
    placed = any(p.status != "ended" for p in placements_)
    candidates = _sibling_candidates(need)
    context = {
        **admin.site.each_context(request),
        "title": _("Behov: %(ref)s") % {"ref": case.reference},
        "need": need, "case": case, "case_url": case_url(need.decision),
        "age": age_on(need.child_birth_date, max(today, need.period_from)),
        "siblings": [n for n in sibling_needs(need) if n.pk != need.pk],
        "delivered_at": need_delivered_at(need=need),
        "suggestions": [] if placed else suggestions_for(need=need, today=today),
        "proposals": [{
            "proposal": p,
            "withdraw_form": _posted(bound, "withdraw", "proposal", p.pk) or ProposalWithdrawForm(
                initial={"proposal": p.pk}, auto_id=f"id_withdraw_{p.pk}_%s"),
            "meeting_form": _posted(bound, "meeting", "proposal", p.pk) or FirstMeetingForm(
                initial={"proposal": p.pk, "first_meeting_place": p.first_meeting_place}, auto_id=f"id_meeting_{p.pk}_%s"),
            "placement_form": _posted(bound, "placement", "proposal", p.pk) or PlacementForm(
                initial={"proposal": p.pk, "start_date": max(today, need.period_from)}, auto_id=f"id_placement_{p.pk}_%s"),
        } for p in proposals],
        "placements": [{
            "placement": p,
            "dates": placement_dates(p, today, today + DATES_AHEAD)[:8],
            "cancel_form": _posted(bound, "cancel", "placement", p.pk) or CancelDateForm(
                initial={"placement": p.pk}, auto_id=f"id_cancel_{p.pk}_%s"),
            "extra_form": _posted(bound, "extra", "placement", p.pk) or ExtraDateForm(
                initial={"placement": p.pk}, auto_id=f"id_extra_{p.pk}_%s"),
            "end_form": _posted(bound, "end", "placement", p.pk) or EndPlacementForm(
                initial={"placement": p.pk}, auto_id=f"id_end_{p.pk}_%s"),
            "follow_ups": [{
                "follow_up": f,
                "form": None if f.held_on else (_posted(bound, "follow_up", "follow_up", f.pk) or FollowUpForm(
                    initial={"follow_up": f.pk, "held_on": today}, auto_id=f"id_follow_up_{f.pk}_%s")),
            } for f in p.follow_ups.all()],
        } for p in placements_],
        "placed": placed,
        "summary_form": bound.get("summary") or NeedSummaryForm(initial={"needs_summary": need.needs_summary}),
        "siblings_form": bound.get("siblings") or (SiblingsForm(candidates=candidates) if candidates.exists() else None),
        "entries": audit_entries_for(target=need),
    }
    return render(request, "admin/placements/need.html", context, status=status)


def _proposal(need, pk):
    return get_object_or_404(need.proposals.all(), pk=pk)


def _placement(need, pk):
    return get_object_or_404(need.placements.all(), pk=pk)


def _home(need, pk):
    return get_object_or_404(ApprovedHome.objects.filter(municipality=need.municipality), pk=pk)


def _create_placement(request, need, data):
    return placing.place(
        need=need, proposal=_proposal(need, data["proposal"]), start_date=data["start_date"],
        planned_end=data["planned_end"], schedule_kind=data["schedule_kind"], weekday=data["weekday"],
        starts_at_time=data["starts_at_time"], ends_at_time=data["ends_at_time"],
        skip_public_holidays=data["skip_public_holidays"], shared_with_family=data["shared_with_family"], by=request.user,
    )


ACTIONS = {
    "summary": Action(
        form=lambda r, n: NeedSummaryForm(r.POST), slot="summary",
        run=lambda r, n, data: placements.need_set_summary(need=n, summary=data["needs_summary"], by=r.user),
        done=gettext_lazy("Beskrivelsen av behovet er lagret."),
    ),
    "siblings": Action(
        form=lambda r, n: SiblingsForm(r.POST, candidates=_sibling_candidates(n)), slot="siblings",
        run=lambda r, n, data: placements.needs_group_siblings(needs=[n, *data["siblings"]], by=r.user),
        done=gettext_lazy("Søsknene plasseres sammen. Forslagene gjelder nå hjem som kan ta imot dem alle."),
    ),
    "propose": Action(
        form=lambda r, n: ProposeForm(r.POST),
        run=lambda r, n, data: placing.propose(need=n, home=_home(n, data["home"]), by=r.user),
        done=gettext_lazy("Hjemmet er foreslått. Det svarer på statussiden sin."),
    ),
    "withdraw": Action(
        form=lambda r, n: ProposalWithdrawForm(r.POST, auto_id=f"id_withdraw_{r.POST.get('proposal')}_%s"), slot="withdraw",
        run=lambda r, n, data: placements.proposal_withdraw(proposal=_proposal(n, data["proposal"]), reason=data["withdraw_reason"],
                                                            by=r.user),
        done=gettext_lazy("Forslaget er trukket tilbake."),
    ),
    "meeting": Action(
        form=lambda r, n: FirstMeetingForm(r.POST, auto_id=f"id_meeting_{r.POST.get('proposal')}_%s"), slot="meeting",
        run=lambda r, n, data: placing.schedule_first_meeting(
            proposal=_proposal(n, data["proposal"]), starts_at=data["starts_at"], place=data["first_meeting_place"], by=r.user),
        done=gettext_lazy("Første møte er avtalt. Hjemmet og foreldrene har fått invitasjon med kalenderfil."),
    ),
    "placement": Action(
        form=lambda r, n: PlacementForm(r.POST, auto_id=f"id_placement_{r.POST.get('proposal')}_%s"), slot="placement",
        run=lambda r, n, data: _create_placement(r, n, data),
        done=gettext_lazy("Tiltaket er registrert med sine datoer. Foreldrene har fått beskjed."),
    ),
    "cancel": Action(
        form=lambda r, n: CancelDateForm(r.POST, auto_id=f"id_cancel_{r.POST.get('placement')}_%s"), slot="cancel",
        run=lambda r, n, data: placements.placement_cancel_date(placement=_placement(n, data["placement"]), on=data["on"],
                                                                reason=data["reason"], by=r.user),
        done=gettext_lazy("Datoen er avlyst."),
    ),
    "extra": Action(
        form=lambda r, n: ExtraDateForm(r.POST, auto_id=f"id_extra_{r.POST.get('placement')}_%s"), slot="extra",
        run=lambda r, n, data: placements.placement_add_date(placement=_placement(n, data["placement"]), starts_at=data["starts_at"],
                                                             ends_at=data["ends_at"], reason=data["reason"], by=r.user),
        done=gettext_lazy("Datoen er lagt til."),
    ),
    "follow_up": Action(
        form=lambda r, n: FollowUpForm(r.POST, auto_id=f"id_follow_up_{r.POST.get('follow_up')}_%s"), slot="follow_up",
        run=lambda r, n, data: follow_up_record(
            follow_up=get_object_or_404(FollowUp.objects.filter(placement__need=n), pk=data["follow_up"]), held_on=data["held_on"],
            notes=data["notes"], child_views=data["child_views"], by=r.user),
        done=gettext_lazy("Oppfølgingen er registrert. Neste oppfølging er satt opp."),
    ),
    "end": Action(
        form=lambda r, n: EndPlacementForm(r.POST, auto_id=f"id_end_{r.POST.get('placement')}_%s"), slot="end",
        run=lambda r, n, data: placements.placement_end(placement=_placement(n, data["placement"]), on=data["on"],
                                                        reason=data["end_reason"], by=r.user),
        done=gettext_lazy("Tiltaket er avsluttet."),
    ),
}


@require_http_methods(["GET", "POST"])
def need(request, pk):
    need = _need(request, pk)
    if request.method == "GET":
        access_record(request, target=need, what=AccessKind.NEED_PAGE)
        return render_need(request, need)
    return dispatch(request, need, actions=ACTIONS, render_page=render_need, url=_url(need))


def assignment_pdf(request, pk, placement_pk):
    """The placement's assignment agreement (the child, the times, the rates), for the caseworker to print or send."""
    need = _need(request, pk)
    placement = get_object_or_404(need.placements.select_related("home__application"), pk=placement_pk)
    access_record(request, target=need, what=AccessKind.DOWNLOAD)
    return pdf_response(assignment_agreement_pdf(placement=placement), f"oppdragsavtale-{placement_reference(placement)}.pdf")

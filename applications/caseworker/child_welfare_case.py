"""Barnevern cases in the caseworker workspace: the list, registration of a child, and the case page."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.child_welfare import services
from applications.child_welfare.forms import ChildWelfareCaseForm, GuardianFormSet
from applications.child_welfare.selectors import child_welfare_cases_visible_to
from applications.decisions import services as decisions
from applications.decisions.letters import decision_letter_pdf, parties_of
from applications.decisions.parties import child_welfare_parties
from applications.models import ChildWelfareCase, ChildWelfareStatus, Decision, DecisionStatus
from besokshjem.audit.models import AccessKind
from besokshjem.audit.selectors import access_entries_shown_to, audit_entries_for
from besokshjem.audit.services import access_record, access_record_across
from besokshjem.core.forms import add_service_errors
from besokshjem.core.http import pdf_response
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.selectors import municipalities_for

from .actions import Action, dispatch, disqualification_context, disqualify_action
from .appeals import AppealPages
from .decision_preview import DecisionPreview
from .forms import DecisionForm, MunicipalityChoiceForm, PaperDeliveryForm


def case_list(request):
    cases = list(child_welfare_cases_visible_to(user=request.user).order_by("-created_at")[:200])
    access_record_across(request, municipalities=municipalities_for(user=request.user, track=LegalTrack.CHILD_WELFARE),
                         what=AccessKind.LIST, model=ChildWelfareCase)
    return render(request, "admin/applications/child_welfare_list.html",
                  {**admin.site.each_context(request), "title": _("Barnevernssaker"), "cases": cases})


@require_http_methods(["GET", "POST"])
def register(request):
    municipalities = municipalities_for(user=request.user, track=LegalTrack.CHILD_WELFARE)
    where = MunicipalityChoiceForm(request.POST or None, municipalities=municipalities, prefix="where")
    form = ChildWelfareCaseForm(request.POST or None)
    guardians = GuardianFormSet(request.POST or None, prefix="guardian")
    if request.method == "POST" and where.is_valid() and form.is_valid() and guardians.is_valid():
        try:
            case = services.child_welfare_case_register(
                municipality=where.cleaned_data["municipality"], by=request.user, **form.cleaned_data,
                guardians=[g.cleaned_data for g in guardians if g.cleaned_data],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saken %(ref)s er registrert.") % {"ref": case.reference})
            return redirect(reverse("caseworker:child_welfare_case", args=[case.pk]))
    return render(request, "admin/applications/child_welfare_register.html", {
        **admin.site.each_context(request), "title": _("Registrer barnevernssak"), "where": where, "form": form, "guardians": guardians,
    }, status=400 if request.method == "POST" else 200)


def _case(request, pk):
    return get_object_or_404(child_welfare_cases_visible_to(user=request.user), pk=pk)


def _url(case) -> str:
    return reverse("caseworker:child_welfare_case", args=[case.pk])


def _draft_of(case):
    return Decision.all_objects.filter(child_welfare_case=case, status=DecisionStatus.DRAFT).order_by("-pk").first()


def render_case(request, case, bound=None, status=200):
    draft = _draft_of(case)
    initial = {name: getattr(draft, name) for name in decisions.DECISION_FIELDS} if draft else {}
    decided = [{"decision": d, "parties": parties_of(d, timezone.localdate(d.decided_at)), **APPEALS.rows(case, d, bound)}
               for d in case.decisions.select_related("need").prefetch_related("appeals")]
    return render(request, "admin/applications/child_welfare_case.html", {
        **admin.site.each_context(request), "title": _("Barnevernssak: %(ref)s") % {"ref": case.reference}, "case": case,
        "parties": child_welfare_parties(case, timezone.localdate()), "entries": audit_entries_for(target=case),
        "accesses": access_entries_shown_to(user=request.user, target=case),
        "draft": draft, "decisions": decided, "is_open": case.status == ChildWelfareStatus.OPEN,
        **disqualification_context(case, bound),
        "forms": {"decision": DecisionForm(initial=initial, auto_id="id_decision_%s"), **(bound or {})},
    }, status=status)


APPEALS = AppealPages(field="child_welfare_case", case_url=_url, url_prefix="caseworker:child_welfare",
                      made=gettext_lazy("Svaret på klagen er laget. Skriv ut brevene og send dem til partene."))


ACTIONS = {
    "disqualify": disqualify_action(),
    **APPEALS.actions(),
    "decide": Action(
        form=lambda r, c: DecisionForm(r.POST, auto_id="id_decision_%s"), slot="decision",
        run=lambda r, c, data: decisions.decision_draft(case=c, by=r.user, decision=_draft_of(c), **data),
        done=gettext_lazy("Utkastet er lagret. Les det slik partene vil få det, og fatt vedtaket når det er riktig."),
        then=lambda c, draft: reverse("caseworker:child_welfare_decision_preview", args=[c.pk, draft.pk]),
    ),
    "paper_delivery": Action(
        form=lambda r, c: PaperDeliveryForm(r.POST),
        run=lambda r, c, data: decisions.decision_record_paper_delivery(
            decision=get_object_or_404(c.decisions.all(), pk=data["decision"]), delivered_on=data["delivered_on"], by=r.user),
        done=gettext_lazy("Datoen brevet kom fram er registrert. Klagefristen regnes fra den."),
    ),
}


@require_http_methods(["GET", "POST"])
def case(request, pk):
    case = _case(request, pk)
    if request.method == "GET":
        access_record(request, target=case, what=AccessKind.CASE_PAGE)
        return render_case(request, case)
    return dispatch(request, case, actions=ACTIONS, render_page=render_case, url=_url(case))


PREVIEW = DecisionPreview(
    field="child_welfare_case", case_url=_url, preview_url_name="caseworker:child_welfare_decision_preview",
    pdf_url_name="caseworker:child_welfare_letter_pdf", chooses_delivery=False,
    confirmed=gettext_lazy("Vedtaket er fattet. Skriv ut brevene til partene og registrer datoen de kom fram."),
)


@require_http_methods(["GET", "POST"])
def decision_preview(request, pk, decision_pk):
    return PREVIEW.view(request, _case(request, pk))


def letter_pdf(request, pk, decision_pk, party_key=None):
    """The letter to one party (a draft too, for the caseworker's preview)."""
    case = _case(request, pk)
    decision = get_object_or_404(Decision.all_objects.filter(child_welfare_case=case), pk=decision_pk)
    access_record(request, target=case, what=AccessKind.LETTER_PDF)
    return pdf_response(decision_letter_pdf(decision=decision, party_key=party_key), f"vedtak-{case.reference}.pdf")


@require_http_methods(["GET", "POST"])
def appeal_preview(request, pk, appeal_pk):
    return APPEALS.preview(request, _case(request, pk))


def appeal_answer_download(request, pk, appeal_pk):
    return APPEALS.answer_pdf(request, _case(request, pk), appeal_pk)


def forwarding_download(request, pk, appeal_pk):
    return APPEALS.forwarding_pdf(request, _case(request, pk), appeal_pk)


def appeal_attachment_download(request, pk, appeal_pk):
    return APPEALS.attachment(request, _case(request, pk), appeal_pk)

"""The caseworker's handling of parents' avlastning cases: list with deadlines, and the case page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from besokshjem.audit.selectors import audit_entries_for
from besokshjem.core.forms import add_service_errors
from besokshjem.core.http import pdf_response
from besokshjem.reminders.selectors import reminders_for
from besokshjem.tenancy.admin_scoping import MunicipalityScopedAdmin

from . import respite_services as services
from .admin_forms import AssignForm
from .models import Outcome, RespiteApplication, WantedService
from .selectors import appeal_deadline_of, decision_letter_pdf, respite_applications_visible_to, respite_case_flags


class NeedsInterimReplyFilter(admin.SimpleListFilter):
    title = gettext_lazy("frist")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", gettext_lazy("Over én måned uten vedtak eller foreløpig svar"))]

    def queryset(self, request, queryset):
        if self.value() != "overdue":
            return queryset
        # The one deadline function decides; open cases without an interim reply are few enough to check here.
        candidates = queryset.filter(status__in=services.OPEN, interim_replies__isnull=True)
        overdue = [a.pk for a in candidates if respite_case_flags(a)["needs_interim_reply"]]
        return queryset.filter(pk__in=overdue)


@admin.register(RespiteApplication)
class RespiteApplicationAdmin(MunicipalityScopedAdmin):
    list_display = ["reference", "child", "municipality", "status", "submitted_at", "deadline", "flag", "assigned_to", "case_link"]
    list_filter = ["status", NeedsInterimReplyFilter, ("municipality", admin.RelatedOnlyFieldListFilter), ("submitted_at", admin.DateFieldListFilter)]
    search_fields = ["reference", "child_first_name", "child_last_name", "guardian_name", "guardian_email"]
    list_select_related = ["municipality", "assigned_to"]
    date_hierarchy = "submitted_at"

    def get_queryset(self, request):
        return respite_applications_visible_to(user=request.user).annotate(interim_count=Count("interim_replies"))

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.editable] + ["case_link"]

    def get_fields(self, request, obj=None):
        return ["case_link", *[f.name for f in self.model._meta.fields if f.editable and f.name != "id"]]

    @admin.display(description=gettext_lazy("barn"), ordering="child_last_name")
    def child(self, obj):
        return obj.child_name

    @admin.display(description=gettext_lazy("frist for vedtak"))
    def deadline(self, obj):
        flags = respite_case_flags(obj)
        if obj.status not in services.OPEN:
            return flags["deadline"].strftime("%d.%m.%Y")
        return _("%(date)s (%(days)s dager igjen)") % {"date": flags["deadline"].strftime("%d.%m.%Y"), "days": flags["days_left"]}

    @admin.display(description=gettext_lazy("varsel"))
    def flag(self, obj):
        if respite_case_flags(obj)["needs_interim_reply"]:
            return format_html('<strong style="color:#a00018">{}</strong>', _("Over én måned: send foreløpig svar"))
        return ""

    @admin.display(description=gettext_lazy("saksbehandling"))
    def case_link(self, obj):
        return format_html('<a class="button" href="{}">{}</a>', reverse("caseworker_respite_case", args=[obj.pk]), _("Åpne saken"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False,
                         "show_save_and_add_another": False, "show_delete": False}
        return super().changeform_view(request, object_id, form_url, extra_context)


class InterimReplyForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Grunn til at saken tar tid"), widget=forms.Textarea(attrs={"rows": 3}))
    expected_decision_date = forms.DateField(label=gettext_lazy("Forventet dato for vedtak"), widget=forms.DateInput(attrs={"type": "date"}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Utfall"), choices=Outcome.choices)
    service_type = forms.ChoiceField(label=gettext_lazy("Tjeneste"), choices=[("", "–"), *WantedService.choices], required=False)
    scope = forms.CharField(label=gettext_lazy("Omfang"), required=False, help_text=gettext_lazy("For eksempel «2 helger per måned»."))
    period_from = forms.DateField(label=gettext_lazy("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_to = forms.DateField(label=gettext_lazy("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reasons = forms.CharField(label=gettext_lazy("Begrunnelse"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    best_interests = forms.CharField(label=gettext_lazy("Vurdering av barnets beste (Grunnloven § 104)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    child_views = forms.CharField(label=gettext_lazy("Barnets egne synspunkter"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=gettext_lazy("Hjemmel"), required=False,
                                  help_text=gettext_lazy("Tomt: kommunens standardhjemmel for tjenesten."))


class AppealHandleForm(forms.Form):
    appeal = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=gettext_lazy("Kommunens vurdering"), choices=[
        ("reverse", gettext_lazy("Omgjør vedtaket")), ("forward", gettext_lazy("Opprettholder – send til Statsforvalteren")),
    ])
    note = forms.CharField(label=gettext_lazy("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}))


def _case(request, pk):
    return get_object_or_404(
        respite_applications_visible_to(user=request.user).prefetch_related("attachments", "interim_replies", "decisions__appeals"), pk=pk
    )


def _render(request, application, bound=None, status=200):
    forms_ = {
        "interim": InterimReplyForm(),
        "decision": DecisionForm(),
        "assign": AssignForm(municipality=application.municipality, initial={"caseworker": application.assigned_to_id}),
    }
    if bound:
        forms_[bound[0]] = bound[1]
    decisions = list(application.decisions.all())
    context = {
        **admin.site.each_context(request),
        "title": _("Avlastning: %(ref)s") % {"ref": application.reference},
        "application": application,
        "flags": respite_case_flags(application),
        "decisions": [(d, appeal_deadline_of(d), [(a, AppealHandleForm(initial={"appeal": a.pk})) for a in d.appeals.all()]) for d in decisions],
        "forms": forms_,
        "is_open": application.status in services.OPEN,
        "entries": audit_entries_for(target=application),
        "reminders": reminders_for(targets=[application, *[a for d in decisions for a in d.appeals.all()]]),
        "change_url": reverse("admin:applications_respiteapplication_change", args=[application.pk]),
    }
    return render(request, "admin/applications/respite_case.html", context, status=status)


def case(request, pk):
    application = _case(request, pk)
    if request.method != "POST":
        return _render(request, application)
    action = request.POST.get("action")
    try:
        if action == "take":
            services.respite_take_into_review(application=application, by=request.user)
        elif action == "assign":
            form = AssignForm(request.POST, municipality=application.municipality)
            if not form.is_valid():
                return _render(request, application, ("assign", form), 400)
            services.respite_assign(application=application, caseworker=form.cleaned_data["caseworker"], by=request.user)
        elif action == "interim":
            form = InterimReplyForm(request.POST)
            if not form.is_valid():
                return _render(request, application, ("interim", form), 400)
            try:
                services.interim_reply_send(application=application, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                return _render(request, application, ("interim", form), 400)
        elif action == "decide":
            form = DecisionForm(request.POST)
            if not form.is_valid():
                return _render(request, application, ("decision", form), 400)
            try:
                services.decision_make(application=application, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                return _render(request, application, ("decision", form), 400)
        elif action == "delivered":
            decision = get_object_or_404(application.decisions.all(), pk=request.POST.get("decision"))
            services.decision_mark_delivered(decision=decision, by=request.user)
        elif action == "appeal":
            form = AppealHandleForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Skriv kommunens vurdering av klagen."))
                return redirect(reverse("caseworker_respite_case", args=[application.pk]))
            from .models import Appeal

            appeal = get_object_or_404(Appeal.objects.filter(decision__application=application), pk=form.cleaned_data["appeal"])
            services.appeal_handle(appeal=appeal, by=request.user, reverse=form.cleaned_data["decision"] == "reverse",
                                   note=form.cleaned_data["note"])
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Lagret."))
    return redirect(reverse("caseworker_respite_case", args=[application.pk]))


def attachment_download(request, pk, attachment_pk):
    """Attachments are served only here, to the case's own kommune (404 for anyone else)."""
    application = _case(request, pk)
    attachment = get_object_or_404(application.attachments.all(), pk=attachment_pk)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def appeal_attachment_download(request, pk, appeal_pk):
    application = _case(request, pk)
    from .models import Appeal

    appeal = get_object_or_404(Appeal.objects.filter(decision__application=application).exclude(attachment=""), pk=appeal_pk)
    response = FileResponse(appeal.attachment.open("rb"), as_attachment=True, filename=appeal.attachment_name or "vedlegg")
    response["Cache-Control"] = "private, no-store"
    return response


def letter_pdf(request, pk, decision_pk):
    application = _case(request, pk)
    decision = get_object_or_404(application.decisions.all(), pk=decision_pk)
    return pdf_response(decision_letter_pdf(decision=decision), f"vedtak-{application.reference}.pdf")


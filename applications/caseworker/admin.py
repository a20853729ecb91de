"""The admin of both kinds of application: own kommuner only, read-only answers, moves via services, a link to the case page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.caseworker.list_export import RespiteCsvAdmin, VolunteerCsvAdmin
from applications.caseworker.list_filters import AssignedFilter
from applications.models import ApplicationStatus, HouseholdMember, RespiteApplication, VolunteerApplication
from applications.respite.selectors import OPEN as RESPITE_OPEN
from applications.respite.selectors import (
    respite_applications_visible_to,
    respite_case_flags,
    respite_deadline_passed,
    respite_deadline_within,
    respite_overdue,
    respite_promise_passed,
)
from applications.volunteer import checklist as rules
from applications.volunteer import services
from applications.volunteer.selectors import CHECKLIST_PREFETCH_LISTED, applications_visible_to
from besokshjem.audit.admin_access import AccessLoggedAdmin
from besokshjem.audit.selectors import audit_entries_for
from besokshjem.tenancy.admin_scoping import ColleagueFilter, KommuneFilter, MunicipalityScopedAdmin
from besokshjem.tenancy.choices import HomeType, LegalTrack


class HomeTypeFilter(admin.SimpleListFilter):
    title = _("type oppdrag")
    parameter_name = "home_type"

    def lookups(self, request, model_admin):
        return HomeType.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value not in HomeType.values:
            return queryset
        # JSON list of at most three types; key lookups work on both SQLite and PostgreSQL.
        return queryset.filter(Q(home_types__0=value) | Q(home_types__1=value) | Q(home_types__2=value))


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0
    can_delete = False
    fields = ["name", "birth_date", "birth_date_estimated", "relation"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Ny status"))
    note = forms.CharField(
        label=_("Merknad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Påkrevd ved avslag: begrunnelsen søkeren skal få."),
    )

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, ApplicationStatus(s).label) for s in allowed]


@admin.register(VolunteerApplication)
class VolunteerApplicationAdmin(VolunteerCsvAdmin, AccessLoggedAdmin, MunicipalityScopedAdmin):
    list_display = ["reference", "applicant", "home_types_display", "municipality", "status", "checklist", "submitted_at", "assigned_to", "case_link"]
    list_display_links = ["reference", "applicant"]
    list_filter = [
        "status",
        HomeTypeFilter,
        ("municipality", KommuneFilter),
        ("submitted_at", admin.DateFieldListFilter),
        AssignedFilter,
        ("assigned_to", ColleagueFilter),
    ]
    search_fields = ["reference", "first_name", "last_name", "email", "partner_first_name", "partner_last_name", "partner_email"]
    list_select_related = ["municipality", "assigned_to"]
    list_per_page = 50
    inlines = [HouseholdMemberInline]
    actions = ["take_into_review", "assign_to_me"]
    fieldsets = [
        (_("Sak"), {"fields": ["reference", "case_link", "municipality", "status", "status_actions", "assigned_to", "submitted_at", "closed_at", "language"]}),
        (_("Oppdrag"), {"fields": ["home_types_display", "respite_home_mode", "applying_together"]}),
        (_("Søker"), {"fields": ["first_name", "last_name", "birth_date", "email", "phone", "address", "postcode", "post_town", "home_municipality"]}),
        (_("Partner"), {"fields": ["partner_first_name", "partner_last_name", "partner_birth_date", "partner_email", "partner_phone"], "classes": ["collapse"]}),
        (_("Bolig"), {"fields": ["housing_type", "housing_tenure", "rooms", "child_bedroom", "pets", "pets_details", "smoking", "distance_notes"]}),
        (_("Helse"), {"fields": ["physical_health", "mental_health", "substance_use", "major_crises", "health_details"]}),
        (_("Andre oppdrag"), {"fields": ["other_assignments_display", "other_assignments_details"]}),
        (_("Interesser og motivasjon"), {"fields": ["interests", "personal_qualities", "disability_thoughts", "motivation"]}),
        (_("Ønsker"), {"fields": ["age_min", "age_max", "sibling_pair", "frequency_per_month", "hours_per_week", "availability", "holidays"]}),
        (_("Praktisk"), {"fields": ["has_driving_licence", "has_car", "norwegian_written", "norwegian_oral", "commitment_one_year"]}),
        (_("Samtykker"), {"fields": ["consent_health", "confirm_true", "privacy_read", "politiattest_acknowledged"]}),
        (_("Historikk"), {"fields": ["history"]}),
    ]

    def get_queryset(self, request):
        return applications_visible_to(user=request.user).prefetch_related(*CHECKLIST_PREFETCH_LISTED)

    def get_changelist_instance(self, request):
        """The page's checklists, computed once per row from the prefetched parts (and one look-up of the declaration)."""
        changelist = super().get_changelist_instance(request)
        text = rules.current_declaration_text()
        for application in changelist.result_list:
            application.checklist_summary = (
                rules.checklist(application, text=text).summary() if application.status in services.OPEN else "–"
            )
        return changelist

    @admin.display(description=_("sjekkliste"))
    def checklist(self, obj):
        return getattr(obj, "checklist_summary", "–")

    @admin.display(description=_("saksbehandling"))
    def case_link(self, obj):
        return format_html('<a class="button" href="{}">{}</a>', reverse("caseworker:case", args=[obj.pk]), _("Åpne saken"))

    def get_readonly_fields(self, request, obj=None):
        fields = [name for _title, opts in self.fieldsets for name in opts["fields"]]
        return fields

    @admin.display(description=_("søker"), ordering="last_name")
    def applicant(self, obj):
        return obj.applicant_name

    @admin.display(description=_("søker om"))
    def home_types_display(self, obj):
        return obj.get_home_types_display()

    @admin.display(description=_("andre oppdrag for kommunen"))
    def other_assignments_display(self, obj):
        return obj.get_other_assignments_display() or "–"

    @admin.display(description=_("endre status"))
    def status_actions(self, obj):
        if not services.CASEWORKER_TRANSITIONS.get(obj.status):
            return "–"
        url = reverse("admin:applications_volunteerapplication_status", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Endre status"))

    @admin.display(description=_("historikk"))
    def history(self, obj):
        return render_to_string("admin/applications/audit_table.html", {"entries": audit_entries_for(target=obj)})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False,
                         "show_save_and_add_another": False, "show_delete": False}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<path:object_id>/status/", self.admin_site.admin_view(self.status_view), name="applications_volunteerapplication_status"),
            *super().get_urls(),
        ]

    def status_view(self, request, object_id):
        application = self.get_object(request, object_id)  # 404 outside the caseworker's kommuner
        allowed = services.CASEWORKER_TRANSITIONS.get(application.status, [])
        form = StatusChangeForm(request.POST or None, allowed=allowed)
        if request.method == "POST" and form.is_valid():
            try:
                services.application_change_status(
                    application=application, to_status=form.cleaned_data["to_status"], by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                # The services may key their errors by their own argument names (e.g. "reason"); show them all.
                form.add_error(None, exc.messages)
            else:
                self.message_user(request, _("Statusen er endret."), messages.SUCCESS)
                return redirect(reverse("admin:applications_volunteerapplication_change", args=[application.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": application,
            "form": form,
            "title": _("Endre status for %(ref)s") % {"ref": application.reference},
        }
        return render(request, "admin/applications/status_change.html", context)

    @admin.action(description=_("Ta valgte søknader til behandling"))
    def take_into_review(self, request, queryset):
        changed = 0
        for application in queryset.filter(status=ApplicationStatus.SUBMITTED):
            services.application_change_status(application=application, to_status=ApplicationStatus.IN_REVIEW, by=request.user)
            changed += 1
        self.message_user(request, _("%(n)s søknader er tatt til behandling.") % {"n": changed}, messages.SUCCESS)

    @admin.action(description=_("Tildel valgte søknader til meg"))
    def assign_to_me(self, request, queryset):
        done = 0
        for application in queryset:
            try:
                services.application_assign(application=application, caseworker=request.user, by=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{application.reference}: {exc.messages[0]}", messages.ERROR)
        self.message_user(request, _("%(n)s søknader er tildelt deg.") % {"n": done}, messages.SUCCESS)


class NeedsInterimReplyFilter(admin.SimpleListFilter):
    title = _("frist")
    parameter_name = "deadline"

    #: «Frist innen 7 dager»: the days ahead the list looks.
    WITHIN_DAYS = 7

    def lookups(self, request, model_admin):
        return [("passed", _("Frist passert")),
                ("within_7", _("Frist innen 7 dager")),
                ("overdue", _("Over én måned uten vedtak eller foreløpig svar")),
                ("promise_passed", _("Lovet dato for vedtak er passert"))]

    def queryset(self, request, queryset):
        if self.value() == "passed":
            return respite_deadline_passed(queryset)
        if self.value() == "within_7":
            return respite_deadline_within(queryset, days=self.WITHIN_DAYS)
        if self.value() == "overdue":
            return respite_overdue(queryset)
        if self.value() == "promise_passed":
            return respite_promise_passed(queryset)
        return queryset


@admin.register(RespiteApplication)
class RespiteApplicationAdmin(RespiteCsvAdmin, AccessLoggedAdmin, MunicipalityScopedAdmin):
    legal_track = LegalTrack.HEALTH_CARE  # only the unit for the health and care act sees parents' applications
    list_display = ["reference", "child", "municipality", "status", "submitted_at", "deadline", "flag", "assigned_to", "case_link"]
    list_filter = ["status", NeedsInterimReplyFilter, AssignedFilter, ("municipality", KommuneFilter), ("submitted_at", admin.DateFieldListFilter)]
    search_fields = ["reference", "child_first_name", "child_last_name", "guardian_name", "guardian_email", "second_guardian_name",
                     "second_guardian_email"]
    list_select_related = ["municipality", "assigned_to"]

    class Media:
        css = {"all": ["css/caseworker.css"]}  # .flag-warning: no inline styles under the Content-Security-Policy

    def get_queryset(self, request):
        return respite_applications_visible_to(user=request.user)

    # The lists of codes are shown by their labels («Avlastningshjem», not ["respite_home"]).
    LABELLED = {"services_wanted": "services_wanted_display", "consent_sources": "consent_sources_display"}

    def get_readonly_fields(self, request, obj=None):
        return [self.LABELLED.get(f.name, f.name) for f in self.model._meta.fields if f.editable] + ["case_link"]

    def get_fields(self, request, obj=None):
        return ["case_link", *[self.LABELLED.get(f.name, f.name) for f in self.model._meta.fields if f.editable and f.name != "id"]]

    @admin.display(description=_("tjenester dere søker"))
    def services_wanted_display(self, obj):
        return obj.get_services_wanted_display()

    @admin.display(description=_("fra hvem"))
    def consent_sources_display(self, obj):
        return obj.get_consent_sources_display()

    @admin.display(description=_("barn"), ordering="child_last_name")
    def child(self, obj):
        return obj.child_name

    @admin.display(description=_("frist for vedtak"))
    def deadline(self, obj):
        """The date a decision is due (the one-month deadline, or the date a foreløpig svar promised) and the days left
        or over; never a negative number of days left."""
        flags = respite_case_flags(obj)
        if obj.status not in RESPITE_OPEN:
            return date_format(flags["deadline"], "DATE_FORMAT")
        date = date_format(flags["due_date"], "DATE_FORMAT")
        if flags["days_over"]:
            days = ngettext("%(n)s dag over fristen", "%(n)s dager over fristen", flags["days_over"]) % {"n": flags["days_over"]}
        else:
            days = ngettext("%(n)s dag igjen", "%(n)s dager igjen", flags["days_left"]) % {"n": flags["days_left"]}
        return f"{date} ({days})"

    @admin.display(description=_("varsel"))
    def flag(self, obj):
        flags = respite_case_flags(obj)
        if flags["month_passed"]:
            return format_html('<strong class="flag-warning">{}</strong>', _("Over én måned: send foreløpig svar"))
        if flags["promise_passed"]:
            return format_html('<strong class="flag-warning">{}</strong>', _("Lovet dato passert: send nytt foreløpig svar"))
        return ""

    @admin.display(description=_("saksbehandling"))
    def case_link(self, obj):
        return format_html('<a class="button" href="{}">{}</a>', reverse("caseworker:respite_case", args=[obj.pk]), _("Åpne saken"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False,
                         "show_save_and_add_another": False, "show_delete": False}
        return super().changeform_view(request, object_id, form_url, extra_context)

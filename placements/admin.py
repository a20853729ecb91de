from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from besokshjem.audit.admin_access import AccessLoggedAdmin
from besokshjem.audit.registry import note_label
from besokshjem.tenancy.admin_scoping import KommuneFilter, MunicipalityScopedAdmin, NationalDataAdmin
from besokshjem.tenancy.selectors import municipalities_administered_by, user_is_municipality_admin

from .models import (
    WEEKDAYS,
    Agreement,
    AgreementParty,
    ApprovedHome,
    EmploymentTerms,
    Need,
    Placement,
    PlacementException,
    PlacementSettings,
    Proposal,
    RateTable,
    TariffMinimum,
)
from .selectors import format_ore
from .services import approved_home_save_details


@admin.register(ApprovedHome)
class ApprovedHomeAdmin(AccessLoggedAdmin, MunicipalityScopedAdmin):
    list_display = ["name", "municipality", "home_types_display", "age_band", "capacity", "area", "status", "approved_at", "workspace"]
    list_filter = ["status", ("municipality", KommuneFilter)]
    search_fields = ["name", "area", "application__reference"]
    list_select_related = ["municipality", "application"]
    # When the home can take a child is changed on its workspace page (a service that checks and logs it), and shown
    # here in words: not as the stored lists of numbers.
    readonly_fields = ["municipality", "application", "name", "home_types_display", "approved_at", "approved_by", "status", "status_reason", "ended_at",
                       "weekends_display", "weekdays_display", "hours_from", "hours_to", "holidays_available", "availability_link"]
    fields = ["name", "municipality", "application", "home_types_display", "capacity", "age_min", "age_max", "sibling_pair",
              "frequency", "area", "weekends_display", "weekdays_display", "hours_from", "hours_to", "holidays_available",
              "availability_link", "has_car", "has_pets", "own_bedroom", "status", "status_reason", "ended_at", "approved_at", "approved_by"]

    def save_model(self, request, obj, form, change):
        """A change made here (capacity, age band, area, …) goes through the service, which writes the home's history."""
        with translation.override("nb"):  # the history names the fields as the form does, in Norwegian
            changed = [str(capfirst(form.fields[name].label)) for name in form.changed_data]
        approved_home_save_details(home=obj, changed=changed, by=request.user)

    @admin.display(description=_("helger i måneden"))
    def weekends_display(self, obj):
        return ", ".join(_("%(n)s. helg") % {"n": n} for n in obj.weekends_of_month) or "–"

    @admin.display(description=_("ukedager"))
    def weekdays_display(self, obj):
        names = dict(WEEKDAYS)
        return ", ".join(str(names[day]) for day in obj.weekdays if day in names) or "–"

    @admin.display(description=_("endre tilgjengelighet"))
    def availability_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("caseworker:home", args=[obj.pk]), _("Endres på hjemmets side i arbeidsflaten"))

    @admin.display(description=_("typer oppdrag"))
    def home_types_display(self, obj):
        return obj.get_home_types_display()

    @admin.display(description=_("alder"))
    def age_band(self, obj):
        return f"{obj.age_min}–{obj.age_max}"

    @admin.display(description=_("arbeidsflate"))
    def workspace(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("caseworker:home", args=[obj.pk]), _("Åpne"))


class ReadOnlyScopedAdmin(MunicipalityScopedAdmin):
    """Read-only: these rows are written by the services behind the caseworker's pages."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False


class MunicipalityAdminEditable(MunicipalityScopedAdmin):
    """Kommune administrators maintain their own kommune's rows; caseworkers read them."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = municipalities_administered_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return user_is_municipality_admin(user=request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return user_is_municipality_admin(user=request.user)
        return municipalities_administered_by(user=request.user).filter(pk=obj.municipality_id).exists()


def ore_column(field: str, label):
    """A changelist column showing an amount in øre as kroner («kr 1 234,50»)."""

    @admin.display(description=label)
    def column(self, obj):
        return format_ore(getattr(obj, field))

    return column


@admin.register(RateTable)
class RateTableAdmin(MunicipalityAdminEditable):
    """Rates per kommune, agreement kind and legal track, in øre, each from a date. An arbeidsavtale's rates are at
    least SGS 1030's minimums for the track (checked when saved)."""

    list_display = ["municipality", "agreement_kind", "legal_track", "valid_from", "hourly", "fee", "expenses_young", "expenses_older", "km", "source"]
    list_filter = ["agreement_kind", "legal_track", ("municipality", KommuneFilter)]
    search_fields = ["source"]
    date_hierarchy = "valid_from"

    hourly = ore_column("hourly_pay_ore", _("timelønn eller timesats"))
    fee = ore_column("fee_per_day_ore", _("godtgjøring per døgn"))
    expenses_young = ore_column("expenses_0_10_ore", _("utgifter 0–10 år"))
    expenses_older = ore_column("expenses_over_10_ore", _("utgifter over 10 år"))
    km = ore_column("km_rate_ore", _("km"))


@admin.register(EmploymentTerms)
class EmploymentTermsAdmin(MunicipalityAdminEditable):
    """What the kommune's arbeidsavtaler say besides the rates: pension, pay day, holiday pay, notice, trial period."""

    list_display = ["municipality", "pension_scheme", "pay_day", "holiday_pay_percent", "notice_months", "trial_months"]
    list_filter = ["pension_scheme", ("municipality", KommuneFilter)]
    search_fields = ["municipality__name", "pension_scheme_name"]


@admin.register(PlacementSettings)
class PlacementSettingsAdmin(MunicipalityAdminEditable):
    """The kommune's rhythm for placements: the first follow-up after the start, the interval after that, and how long
    a granted vedtak may wait before caseworkers and admins are reminded."""

    list_display = ["municipality", "first_follow_up_days", "follow_up_months", "waiting_limit_days"]
    list_filter = [("municipality", KommuneFilter)]
    search_fields = ["municipality__name"]


@admin.register(TariffMinimum)
class TariffMinimumAdmin(NationalDataAdmin):
    """National data: SGS 1030's minimums per legal track from a date. Every caseworker may read them; only superusers
    enter a new agreement's figures."""

    list_display = ["legal_track", "valid_from", "hourly", "expenses_young", "expenses_older", "source"]
    list_filter = ["legal_track"]
    search_fields = ["source"]
    date_hierarchy = "valid_from"

    hourly = ore_column("hourly_pay_ore", _("minste timelønn"))
    expenses_young = ore_column("expenses_0_10_ore", _("utgifter 0–10 år"))
    expenses_older = ore_column("expenses_over_10_ore", _("utgifter over 10 år"))


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgreementPartyInline(ReadOnlyInline):
    model = AgreementParty
    fields = ["name", "person", "signed_name", "signed_at"]
    readonly_fields = fields

    @admin.display(description=_("person"))
    def person(self, party):
        """The person key by its label («Søker», «Partner», «Husstandsmedlem 12»)."""
        return capfirst(note_label(party.person_key))


@admin.register(Agreement)
class AgreementAdmin(AccessLoggedAdmin, ReadOnlyScopedAdmin):
    """Read-only: agreements are made and signed on the case page."""

    list_display = ["application", "municipality", "kind", "home_type", "legal_track", "start_date", "created_at", "applicant_signed_at",
                    "caseworker_signed_at", "superseded_at"]
    list_filter = ["kind", "legal_track", ("municipality", KommuneFilter)]
    search_fields = ["application__reference", "parties__name"]
    list_select_related = ["application", "municipality"]
    inlines = [AgreementPartyInline]
    # Shown by name, not as stored: the employee (not the person key «applicant»), the rates and terms (not JSON).
    SHOWN_AS = {"person_key": "employee", "rates": "rates_display", "terms": "terms_display"}
    exclude = list(SHOWN_AS)

    def get_readonly_fields(self, request, obj=None):
        return [self.SHOWN_AS.get(name, name) for name in super().get_readonly_fields(request, obj)]

    @admin.display(description=_("satser"))
    def rates_display(self, obj):
        """Each rate by the rate table's name for it, in kroner."""
        names = {f.name: capfirst(str(f.verbose_name).removesuffix(" (øre)").replace("(øre ", "(")) for f in RateTable._meta.fields}
        return format_html_join(mark_safe("<br>"), "{}: {}", ((names.get(k, k), format_ore(v)) for k, v in obj.rates.items())) or "–"

    @admin.display(description=_("vilkår"))
    def terms_display(self, obj):
        """Each term by the name the kommune's terms give it (services._terms_snapshot)."""
        names = {f.name: f.verbose_name for f in EmploymentTerms._meta.fields}
        names |= {"pension": names["pension_scheme"], "tariff": _("tariff")}
        return format_html_join(mark_safe("<br>"), "{}: {}", ((capfirst(names.get(k, k)), v) for k, v in obj.terms.items())) or "–"

    @admin.display(description=_("arbeidstaker"))
    def employee(self, obj):
        party = next((p for p in obj.parties.all() if p.person_key == obj.person_key), None) if obj.person_key else None
        return party.name if party else "–"


@admin.register(Need)
class NeedAdmin(AccessLoggedAdmin, ReadOnlyScopedAdmin):
    """What granted vedtak give children, on both tracks; made when a vedtak is confirmed."""

    track_lookup = "track"
    list_display = ["__str__", "decision", "municipality", "track", "period_from", "period_to", "area", "sibling_group", "created_at"]
    list_filter = ["service_type", "track", ("municipality", KommuneFilter)]
    search_fields = ["decision__application__reference", "decision__child_welfare_case__reference", "area"]
    list_select_related = ["municipality", "decision__application", "decision__child_welfare_case"]


@admin.register(Proposal)
class ProposalAdmin(AccessLoggedAdmin, ReadOnlyScopedAdmin):
    municipality_lookup = "need__municipality"
    track_lookup = "need__track"
    list_display = ["home", "need", "status", "proposed_at", "answered_at", "first_meeting_at"]
    list_filter = ["status", ("need__municipality", KommuneFilter)]
    search_fields = ["home__name", "need__decision__application__reference", "need__decision__child_welfare_case__reference"]
    list_select_related = ["home", "need"]


class PlacementExceptionInline(ReadOnlyInline):
    model = PlacementException
    fields = ["kind", "date", "starts_at", "ends_at", "reason", "created_at", "created_by"]
    readonly_fields = fields


@admin.register(Placement)
class PlacementAdmin(AccessLoggedAdmin, ReadOnlyScopedAdmin):
    """Placements with their cancelled and extra dates. `first_date_at` is when the need was (or will be) delivered."""

    municipality_lookup = "need__municipality"
    track_lookup = "need__track"
    list_display = ["home", "need", "children", "status", "schedule_kind", "start_date", "planned_end", "first_date_at"]
    list_filter = ["status", "schedule_kind", ("need__municipality", KommuneFilter)]
    search_fields = ["home__name", "need__decision__application__reference", "need__decision__child_welfare_case__reference"]
    list_select_related = ["home", "need"]
    date_hierarchy = "start_date"
    inlines = [PlacementExceptionInline]

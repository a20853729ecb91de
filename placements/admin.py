from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.admin_scoping import MunicipalityScopedAdmin
from besokshjem.tenancy.selectors import municipalities_administered_by, user_is_municipality_admin

from .models import Agreement, ApprovedHome, RateTable
from .selectors import format_ore


@admin.register(ApprovedHome)
class ApprovedHomeAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality", "home_types_display", "age_band", "capacity", "area", "status", "approved_at"]
    list_filter = ["status", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "area", "application__reference"]
    list_select_related = ["municipality", "application"]
    readonly_fields = ["municipality", "application", "name", "home_types", "approved_at", "approved_by", "status", "status_reason"]
    fields = ["name", "municipality", "application", "home_types", "capacity", "age_min", "age_max", "sibling_pair",
              "frequency", "area", "status", "status_reason", "approved_at", "approved_by"]

    @admin.display(description=_("typer oppdrag"))
    def home_types_display(self, obj):
        return obj.get_home_types_display()

    @admin.display(description=_("alder"))
    def age_band(self, obj):
        return f"{obj.age_min}–{obj.age_max}"


@admin.register(RateTable)
class RateTableAdmin(MunicipalityScopedAdmin):
    """Rates per kommune and agreement kind, in øre. Kommune administrators maintain them."""

    list_display = ["municipality", "agreement_kind", "valid_from", "hourly", "fee", "km", "source"]
    list_filter = ["agreement_kind", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["source"]
    date_hierarchy = "valid_from"

    @admin.display(description=_("timelønn"))
    def hourly(self, obj):
        return format_ore(obj.hourly_pay_ore)

    @admin.display(description=_("godtgjøring per døgn"))
    def fee(self, obj):
        return format_ore(obj.fee_per_day_ore)

    @admin.display(description=_("km"))
    def km(self, obj):
        return format_ore(obj.km_rate_ore)

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


@admin.register(Agreement)
class AgreementAdmin(MunicipalityScopedAdmin):
    """Read-only: agreements are made and signed on the case page."""

    list_display = ["application", "municipality", "kind", "created_at", "applicant_signed_at", "caseworker_signed_at", "superseded_at"]
    list_filter = ["kind", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["application__reference", "applicant_signed_name"]
    list_select_related = ["application", "municipality"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False
